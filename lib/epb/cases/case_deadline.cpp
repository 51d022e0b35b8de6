// A case's due date from everything that decides it: the SOP rule from intake, the
// working days spent paused, and the extensions granted.
#include "epb/cases/case.hpp"
#include "epb/output/json.hpp"

#include <fmt/format.h>

namespace epb {
namespace {

constexpr std::int64_t k_last_second_of_day = 86399;

std::string skipped_json(const std::vector<DayInfo>& skipped) {
  std::string out = "[";
  for (const auto& day : skipped) {
    if (out.size() > 1) out += ',';
    out += JsonObject().add("date", day.date.iso()).add("kind", day_kind_name(day.kind)).add("reason", day.reason).str();
  }
  return out + "]";
}

} // namespace

Result<CaseDeadline> compute_case_deadline(const OfficeCalendar& calendar, const CaseTiming& timing) {
  auto base = compute_deadline(calendar, timing.received, timing.rule);
  if (!base) return std::unexpected(base.error());

  // A pause stops the clock for the working days it spans: (paused date, resumed date].
  int paused_days = 0;
  std::int64_t paused_seconds = 0;
  std::string pauses = "[";
  for (const auto& pause : timing.pauses) {
    if (!pause.to) continue; // still paused: the due date moves when the case resumes
    auto days = working_days_between(calendar, pause.from.taipei_date(), pause.to->taipei_date());
    if (!days) return std::unexpected(days.error());
    paused_days += *days;
    paused_seconds += pause.to->unix_seconds() - pause.from.unix_seconds();
    if (pauses.size() > 1) pauses += ',';
    pauses += JsonObject()
                  .add("from", pause.from.taipei_date().iso())
                  .add("to", pause.to->taipei_date().iso())
                  .add("workdays", *days)
                  .str();
  }
  pauses += "]";

  int extension_days = 0;
  std::string extensions = "[";
  for (const auto& extension : timing.extensions) {
    extension_days += extension.days;
    if (extensions.size() > 1) extensions += ',';
    extensions += JsonObject()
                      .add("at", extension.at.taipei_date().iso())
                      .add("workdays", extension.days)
                      .add("reason", extension.reason)
                      .str();
  }
  extensions += "]";

  CaseDeadline result{base->due_date, base->due_at, base->calendar_version, {}};
  if (timing.rule.unit == DeadlineRule::Unit::hours) {
    // Hour rules run on elapsed time; pauses give back the time they took.
    result.due_at = base->due_at + paused_seconds + std::int64_t{extension_days} * 86400;
    result.due_date = result.due_at.taipei_date();
  } else if (paused_days + extension_days > 0) {
    auto due = add_working_days(calendar, base->due_date, paused_days + extension_days);
    if (!due) return std::unexpected(due.error());
    result.due_date = *due;
    result.due_at = Instant::taipei_midnight(*due) + k_last_second_of_day;
  }
  result.explain_json = JsonObject()
                            .add("rule", timing.rule.text())
                            .add("received", timing.received.iso())
                            .add("calendar_version", base->calendar_version)
                            .add("base_due", base->due_date.iso())
                            .add_raw("skipped", skipped_json(base->skipped))
                            .add_raw("pauses", pauses)
                            .add("paused_workdays", paused_days)
                            .add_raw("extensions", extensions)
                            .add("extension_workdays", extension_days)
                            .add("due", result.due_date.iso())
                            .str();
  return result;
}

} // namespace epb
