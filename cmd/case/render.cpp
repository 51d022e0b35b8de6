#include "case/render.hpp"
#include "case/explain_text.hpp"

#include "epb/output/json.hpp"

#include <fmt/format.h>

namespace epb::cli {
namespace {

bool machine(Format format) { return format != Format::table; }

} // namespace

std::vector<Column> case_columns(Format format) {
  using T = Column::Type;
  if (!machine(format))
    return {{"ref"}, {"service"}, {"status"}, {"received"}, {"due"}, {"assignee"}, {"applicant"}, {"subject"}};
  return {{"ref"},
          {"service"},
          {"unit"},
          {"channel"},
          {"status"},
          {"applicant_kind"},
          {"name"},
          {"id_number"},
          {"business_number"},
          {"phone"},
          {"email"},
          {"address"},
          {"lang"},
          {"subject"},
          {"description"},
          {"place"},
          {"district"},
          {"received"},
          {"due"},
          {"deadline_rule"},
          {"assignee"},
          {"paused_since"},
          {"extensions", T::integer},
          {"closed"},
          {"outcome"},
          {"closed_late", T::boolean},
          {"repeat_of"},
          {"source_system"},
          {"source_id"},
          {"updated"},
          {"clock_start"},
          {"pauses", T::json},
          {"extension_log", T::json},
          {"provisional", T::boolean}};
}

std::string pauses_json(const std::vector<Pause>& pauses) {
  std::string out = "[";
  for (const auto& pause : pauses) {
    if (out.size() > 1) out += ',';
    out += JsonObject().add("from", pause.from.iso()).add("to", pause.to ? pause.to->iso() : std::string()).str();
  }
  return out + "]";
}

std::string extensions_json(const std::vector<Extension>& extensions) {
  std::string out = "[";
  for (const auto& extension : extensions) {
    if (out.size() > 1) out += ',';
    out += JsonObject()
               .add("at", extension.at.iso())
               .add("workdays", extension.days)
               .add("reason", extension.reason)
               .add("notify_applicant", extension.notify_applicant)
               .add("notified", extension.notified ? extension.notified->iso() : std::string())
               .str();
  }
  return out + "]";
}

std::string due_text(Context& context, Date due, bool provisional) {
  return context.date(due) + (provisional ? "*" : "");
}

void provisional_footnote(Context& context) { context.out() << explain_horizon(context, ExplainText::footnote_advice); }

std::string shown_name(const Applicant& applicant, const Disclosure& disclosure) {
  if (applicant.kind == Applicant::Kind::organisation) return applicant.name;
  return disclosure.show(PersonalData::name, applicant.name);
}

std::string service_name(Context& context, std::string_view code) {
  const Service* service = context.config().service(code);
  if (!service) return std::string(code);
  return context.english() ? service->name_en : service->name_zh;
}

std::string unit_name(Context& context, std::string_view code) {
  const Unit* unit = context.config().unit(code);
  if (!unit) return std::string(code);
  return context.english() ? unit->name_en : unit->name_zh;
}

std::string state_name(Context& context, std::string_view service, std::string_view state) {
  const Service* s = context.config().service(service);
  const State* st = s ? s->state(state) : nullptr;
  if (!st) return std::string(state);
  return context.english() ? st->name_en : st->name_zh;
}

std::string short_time(Context& context, Instant at) {
  const int seconds = at.taipei_seconds_of_day();
  return fmt::format("{} {:02}:{:02}", context.date(at.taipei_date()), seconds / 3600, seconds / 60 % 60);
}

Row case_row(Context& context, const Case& c, Format format, const Disclosure& disclosure, CaseStore& store) {
  const Applicant& a = c.applicant;
  if (!machine(format))
    return {c.ref,
            service_name(context, c.service),
            state_name(context, c.service, c.status) + (c.repeat_of.empty() ? "" : " ↺"),
            short_time(context, c.received_at),
            due_text(context, c.due_date, c.due_provisional),
            c.assignee,
            a.kind == Applicant::Kind::anonymous ? (context.english() ? "(anonymous)" : "（匿名）")
                                                 : shown_name(a, disclosure),
            c.subject};
  const auto when = [](const std::optional<Instant>& at) { return at ? at->iso() : std::string(); };
  return {c.ref, c.service, c.unit, c.channel, c.status, std::string(applicant_kind_name(a.kind)),
          shown_name(a, disclosure), disclosure.show(PersonalData::id_number, a.id_number), a.business_number,
          disclosure.show(PersonalData::phone, a.phone), disclosure.show(PersonalData::email, a.email),
          disclosure.show(PersonalData::address, a.address), a.lang, c.subject, c.description, c.place, c.district,
          c.received_at.iso(), context.date(c.due_date), c.deadline_rule, c.assignee, when(c.paused_at),
          std::to_string(c.extensions), when(c.closed_at), c.outcome,
          c.closed_late ? (*c.closed_late ? "true" : "false") : "", c.repeat_of, c.source_system, c.source_id,
          c.updated_at.iso(), c.clock_start.iso(), pauses_json(store.pauses(c.id)),
          // The count says when there is nothing to read: most cases were never extended.
          extensions_json(c.extensions > 0 ? store.extensions(c.id) : std::vector<Extension>{}),
          c.due_provisional ? "true" : "false"};
}

} // namespace epb::cli
