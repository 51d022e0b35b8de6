// Planning: which notices are due now, for whom, through which transport, in which words.
#include "epb/notify/notice_store.hpp"
#include "epb/notify/outbox.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace epb {
namespace {

struct Recipient {
  std::string transport; // empty: no usable contact
  std::string name;
  std::string address; // e-mail, phone or postal address, as the transport needs
  std::string lang = "zh-TW";
};

// The contact a transport of this kind needs from a person.
std::string contact_for(NotifyTransport::Kind kind, std::string_view email, std::string_view phone,
                        std::string_view postal) {
  switch (kind) {
  case NotifyTransport::Kind::sendmail:
  case NotifyTransport::Kind::smtp: return std::string(email);
  case NotifyTransport::Kind::jsonl: return std::string(phone);
  case NotifyTransport::Kind::letter: return std::string(postal);
  }
  return {};
}

// Cases are assigned by a staff code (clerk01) or by the person's name.
const StaffMember* find_staff(const Config& config, std::string_view assignee) {
  if (const StaffMember* staff = config.notify.staff_member(assignee)) return staff;
  for (const auto& staff : config.notify.staff)
    if (staff.name == assignee) return &staff;
  return nullptr;
}

Recipient find_recipient(const Config& config, const Case& c, const NotifyLevel& level) {
  std::string name, email, phone, postal;
  Recipient recipient;
  switch (level.audience) {
  case NotifyAudience::applicant:
    name = c.applicant.name;
    email = c.applicant.email;
    phone = c.applicant.phone;
    postal = c.applicant.address;
    recipient.lang = c.applicant.lang;
    break;
  case NotifyAudience::assignee:
    if (const StaffMember* staff = find_staff(config, c.assignee)) {
      name = staff->name;
      email = staff->email;
      phone = staff->phone;
    }
    break;
  case NotifyAudience::unit_head:
    if (const Unit* unit = config.unit(c.unit)) {
      name = unit->head.name;
      email = unit->head.email;
      phone = unit->head.phone;
    }
    break;
  }
  recipient.name = name;
  for (const auto& code : level.transports) {
    const NotifyTransport* transport = config.notify.transport(code);
    if (!transport) continue;
    std::string address = contact_for(transport->kind, email, phone, postal);
    if (address.empty()) continue;
    recipient.transport = code;
    recipient.address = std::move(address);
    break;
  }
  return recipient;
}

// The part every source shares: for each level, its source's candidates become notices.
class Planner {
public:
  Planner(Ledger& ledger, const Config& config, const OfficeCalendar& calendar, const Stamp& stamp,
          const NoticeSources& sources)
      : m_notices(ledger), m_config(config), m_calendar(calendar), m_stamp(stamp), m_today(stamp.at.taipei_date()),
        m_sources(sources), m_scope{ledger, config, calendar, stamp} {}

  void run(PlanReport& report) {
    for (const auto& ladder : m_config.notify.ladders) {
      const auto services = services_of(ladder);
      if (services.empty()) continue;
      for (const auto& level : ladder.levels) {
        const NoticeSource* source = m_sources.for_trigger(level.trigger);
        // Config accepts only triggers some source plans: a missing one is a build defect.
        if (!source)
          throw Error(fmt::format("notify: no notice source plans trigger '{}'", trigger_name(level.trigger)));
        source->candidates(m_scope, ladder, services, level,
                           [&](const NoticeCandidate& candidate) { return plan(*source, level, candidate, report); });
      }
    }
    for (const NoticeSource* source : m_sources.all())
      source->finish(m_scope);
  }

private:
  // The services a ladder covers: its own, or for "default" every service without a ladder.
  std::vector<std::string> services_of(const NotifyLadder& ladder) const {
    std::vector<std::string> out;
    for (const auto& service : m_config.services)
      if (m_config.notify.ladder_for(service.code) == &ladder) out.push_back(service.code);
    return out;
  }

  // One candidate: planned once under its key, cancelled at once when there is no contact.
  bool plan(const NoticeSource& source, const NotifyLevel& level, const NoticeCandidate& candidate,
            PlanReport& report) {
    const Case& c = candidate.c;
    if (m_notices.exists(c.id, source.code(), candidate.item, level.code, candidate.deadline_version, candidate.cycle))
      return false;
    const Recipient recipient = find_recipient(m_config, c, level);
    Notice notice;
    notice.case_id = c.id;
    notice.ref = c.ref;
    notice.source = std::string(source.code());
    notice.item = candidate.item;
    notice.level = level.code;
    notice.trigger = std::string(trigger_name(level.trigger));
    notice.deadline_version = candidate.deadline_version;
    notice.cycle = candidate.cycle;
    notice.audience = std::string(audience_name(level.audience));
    notice.transport = recipient.transport;
    notice.recipient_name = recipient.name;
    notice.recipient = recipient.address;
    notice.lang = recipient.lang;
    notice.message_id =
        notice_message_id(c.ref, notice.source, notice.item, level.code, notice.deadline_version, notice.cycle);
    notice.planned_at = m_stamp.at;
    notice.next_attempt_at = m_stamp.at;
    fill_text(notice, c, level, candidate.values);
    if (recipient.transport.empty()) {
      // Recorded, so the level is not planned again on every run, and visible in `notify list`.
      notice.state = NoticeState::cancelled;
      notice.last_error =
          fmt::format("no contact for the {} via {}", notice.audience, fmt::join(level.transports, ", "));
    } else {
      notice.state = NoticeState::planned;
    }
    notice.id = m_notices.insert(notice);
    report.planned.push_back(std::move(notice));
    return true;
  }

  void fill_text(Notice& notice, const Case& c, const NotifyLevel& level,
                 const std::vector<TemplateValue>& source_values) const {
    const NotifyTemplate* text = m_config.notify.template_for(level.template_code);
    if (!text) return;
    const bool en = notice.lang == "en";
    const Service* service = m_config.service(c.service);
    const Unit* unit = m_config.unit(c.unit);
    const State* state = service ? service->state(c.status) : nullptr;
    const int late = c.due_at < m_stamp.at ? value_or_throw(working_days_between(m_calendar, c.due_date, m_today)) : 0;
    // A due date in a year not yet published is a prediction: the notice says so.
    const std::string mark = !c.due_provisional ? "" : en ? " (provisional)" : "（暫定）";
    // The source's values first: render_template takes the first of a name.
    std::vector<std::pair<std::string, std::string>> values;
    for (const auto& value : source_values)
      values.emplace_back(value.name, en ? value.en : value.zh);
    values.insert(values.end(), {
                                    {"ref", c.ref},
                                    {"service", service ? (en ? service->name_en : service->name_zh) : c.service},
                                    {"unit", unit ? (en ? unit->name_en : unit->name_zh) : c.unit},
                                    {"due", c.due_date.iso() + mark},
                                    {"due_roc", c.due_date.roc()}, // beside {due}, which carries the mark
                                    {"new_due", c.due_date.iso() + mark},
                                    {"days_late", std::to_string(late)},
                                    {"reason", en ? "the case is still being handled" : "案件仍在處理中"},
                                    {"contact", m_config.notify.contact},
                                    {"name", notice.recipient_name},
                                    {"status", state ? (en ? state->name_en : state->name_zh) : c.status},
                                });
    notice.subject = render_template(en ? text->subject_en : text->subject_zh, values);
    notice.body = render_template(en ? text->body_en : text->body_zh, values);
  }

  NoticeStore m_notices;
  const Config& m_config;
  const OfficeCalendar& m_calendar;
  const Stamp& m_stamp;
  Date m_today;
  const NoticeSources& m_sources;
  NoticeScope m_scope;
};

} // namespace

const NoticeSource* NoticeSources::for_trigger(NotifyTrigger trigger) const {
  for (const NoticeSource* source : m_sources)
    if (source->plans(trigger)) return source;
  return nullptr;
}

const NoticeSource* NoticeSources::find(std::string_view code) const {
  for (const NoticeSource* source : m_sources)
    if (source->code() == code) return source;
  return nullptr;
}

std::string render_template(std::string_view text, const std::vector<std::pair<std::string, std::string>>& values) {
  return fill_template(text, [&values](std::string_view name) {
    for (const auto& [key, value] : values)
      if (key == name) return value;
    return fmt::format("{{{}}}", name); // unknown names are refused by `config check`; keep them visible
  });
}

PlanReport Outbox::plan(const Stamp& stamp, bool dry_run) {
  PlanReport report;
  sql::Transaction transaction(m_ledger.db());
  Planner(m_ledger, m_config, m_calendar, stamp, m_sources).run(report);
  if (!dry_run) transaction.commit(); // the cursors move even when nothing was planned
  return report;
}

} // namespace epb
