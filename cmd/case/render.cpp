#include "case/render.hpp"
#include "case/explain_text.hpp"

#include "epb/cases/case_fields.hpp"

#include <fmt/format.h>

namespace epb::cli {
namespace {

bool machine(Format format) { return format != Format::table; }

} // namespace

std::vector<Column> case_columns(Format format) {
  if (!machine(format))
    return {{"ref"}, {"service"}, {"status"}, {"received"}, {"due"}, {"assignee"}, {"applicant"}, {"subject"}};
  return export_columns(case_record_fields());
}

std::string due_text(Context& context, Date due, bool provisional) {
  return context.date(due) + (provisional ? "*" : "");
}

void provisional_footnote(Context& context) { context.out() << explain_horizon(context, ExplainText::footnote_advice); }

std::string shown_name(const Applicant& applicant, const Disclosure& disclosure) {
  return applicant_name_text(applicant, disclosure);
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
  // The count says when there is nothing to read: most cases were never extended.
  const std::vector<Pause> pauses = store.pauses(c.id);
  const std::vector<Extension> extensions = c.extensions > 0 ? store.extensions(c.id) : std::vector<Extension>{};
  const CaseRecordView view{c, context.date_style(), pauses, extensions};
  Row row;
  for (const auto& field : case_fields())
    row.push_back(case_field_text(field, view, disclosure));
  return row;
}

} // namespace epb::cli
