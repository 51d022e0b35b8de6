// Planning: which notices are due now, for whom, through which transport, in which words.
#include "epb/cases/case_store.hpp"
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

class Planner {
public:
  Planner(Ledger& ledger, const Config& config, const OfficeCalendar& calendar, const Stamp& stamp)
      : m_cases(ledger), m_notices(ledger), m_config(config), m_calendar(calendar), m_stamp(stamp),
        m_today(stamp.at.taipei_date()) {}

  void run(PlanReport& report) {
    for (const auto& ladder : m_config.notify.ladders) {
      const auto services = services_of(ladder);
      if (services.empty()) continue;
      for (const auto& level : ladder.levels)
        plan_level(ladder.service, services, level, report);
    }
  }

private:
  // The services a ladder covers: its own, or for "default" every service without a ladder.
  std::vector<std::string> services_of(const NotifyLadder& ladder) const {
    std::vector<std::string> out;
    for (const auto& service : m_config.services)
      if (m_config.notify.ladder_for(service.code) == &ladder) out.push_back(service.code);
    return out;
  }

  void consider_all(const std::vector<std::int64_t>& ids, const NotifyLevel& level, PlanReport& report) {
    for (std::int64_t id : ids)
      if (auto c = m_cases.find_by_id(id)) consider(*c, level, 0, {}, report);
  }

  void plan_level(const std::string& ladder, const std::vector<std::string>& services, const NotifyLevel& level,
                  PlanReport& report) {
    CaseFilter filter;
    filter.services = services;
    filter.open_only = true;
    switch (level.trigger) {
    case NotifyTrigger::before_due: {
      // From N working days before the due date until it passes.
      auto limit = add_working_days(m_calendar, m_today, level.workdays);
      if (!limit) return;
      consider_all(m_notices.unnotified(services, level.code, m_stamp.at, Instant::taipei_midnight(*limit + 1)), level,
                   report);
      return;
    }
    case NotifyTrigger::overdue: {
      // N working days late: the due date lies before the N-th working day back from today.
      const auto threshold_day = nth_working_day_back(level.workdays);
      if (!threshold_day) return;
      const Instant threshold = Instant::taipei_midnight(*threshold_day);
      // The day's first run looks at every open case; later runs only at those that crossed
      // the threshold since and at cases added since (an existing case whose due date moved
      // into the past during the day is looked at by the next morning's run).
      Instant from;
      const auto cursor = m_notices.cursor(ladder, level.code);
      const bool full = !cursor || cursor->scanned_on != m_today || cursor->threshold > threshold;
      if (!full)
        from = cursor->threshold;
      else
        from = Instant::taipei_midnight(*Date::from_ymd(1900, 1, 1)); // before any case
      consider_all(m_notices.unnotified(services, level.code, from, threshold), level, report);
      if (!full)
        consider_all(m_notices.new_unnotified(services, level.code, cursor->last_case_id, from), level, report);
      m_notices.set_cursor(ladder, level.code,
                           {threshold, full ? m_today : cursor->scanned_on, m_notices.max_case_id()});
      return;
    }
    case NotifyTrigger::paused_every: {
      filter.paused_only = true;
      m_cases.for_each(filter, [&](const Case& c) {
        const int paused = value_or_throw(working_days_between(m_calendar, c.paused_at->taipei_date(), m_today));
        if (paused >= level.workdays) consider(c, level, paused / level.workdays, m_notices.pause_note(c.id), report);
        return true;
      });
      return;
    }
    case NotifyTrigger::extension:
      for (const auto& extension : m_notices.untold_extensions()) {
        auto c = m_cases.find_by_id(extension.case_id);
        if (!c || std::find(services.begin(), services.end(), c->service) == services.end()) continue;
        consider(*c, level, extension.id, extension.reason, report);
        m_notices.mark_extension_told(extension.id, m_stamp.at);
      }
      return;
    }
  }

  std::optional<Date> nth_working_day_back(int n) const {
    Date day = m_today;
    for (int found = 0;; day = day - 1) {
      auto working = m_calendar.is_working(day);
      if (!working) return std::nullopt;
      if (*working && ++found == n) return day;
    }
  }

  void consider(const Case& c, const NotifyLevel& level, std::int64_t cycle, const std::string& reason,
                PlanReport& report) {
    if (m_notices.exists(c.id, k_deadline_source, "", level.code, c.deadline_version, cycle)) return;
    const Recipient recipient = find_recipient(m_config, c, level);
    Notice notice;
    notice.case_id = c.id;
    notice.ref = c.ref;
    notice.level = level.code;
    notice.trigger = std::string(trigger_name(level.trigger));
    notice.deadline_version = c.deadline_version;
    notice.cycle = cycle;
    notice.audience = std::string(audience_name(level.audience));
    notice.transport = recipient.transport;
    notice.recipient_name = recipient.name;
    notice.recipient = recipient.address;
    notice.lang = recipient.lang;
    notice.message_id = notice_message_id(c.ref, notice.source, notice.item, level.code, c.deadline_version, cycle);
    notice.planned_at = m_stamp.at;
    notice.next_attempt_at = m_stamp.at;
    fill_text(notice, c, level, reason);
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
  }

  void fill_text(Notice& notice, const Case& c, const NotifyLevel& level, const std::string& reason) const {
    const NotifyTemplate* text = m_config.notify.template_for(level.template_code);
    if (!text) return;
    const bool en = notice.lang == "en";
    const Service* service = m_config.service(c.service);
    const Unit* unit = m_config.unit(c.unit);
    const State* state = service ? service->state(c.status) : nullptr;
    const int late = c.due_at < m_stamp.at ? value_or_throw(working_days_between(m_calendar, c.due_date, m_today)) : 0;
    // A due date in a year not yet published is a prediction: the notice says so.
    const std::string mark = !c.due_provisional ? "" : en ? " (provisional)" : "（暫定）";
    const std::vector<std::pair<std::string, std::string>> values = {
        {"ref", c.ref},
        {"service", service ? (en ? service->name_en : service->name_zh) : c.service},
        {"unit", unit ? (en ? unit->name_en : unit->name_zh) : c.unit},
        {"due", c.due_date.iso() + mark},
        {"due_roc", c.due_date.roc()}, // beside {due}, which carries the mark
        {"new_due", c.due_date.iso() + mark},
        {"days_late", std::to_string(late)},
        {"reason", reason.empty() ? (en ? "the case is still being handled" : "案件仍在處理中") : reason},
        {"contact", m_config.notify.contact},
        {"name", notice.recipient_name},
        {"status", state ? (en ? state->name_en : state->name_zh) : c.status},
    };
    notice.subject = render_template(en ? text->subject_en : text->subject_zh, values);
    notice.body = render_template(en ? text->body_en : text->body_zh, values);
  }

  CaseStore m_cases;
  NoticeStore m_notices;
  const Config& m_config;
  const OfficeCalendar& m_calendar;
  const Stamp& m_stamp;
  Date m_today;
};

} // namespace

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
  Planner(m_ledger, m_config, m_calendar, stamp).run(report);
  if (!dry_run) transaction.commit(); // the cursors move even when nothing was planned
  return report;
}

} // namespace epb
