// A case's due date from everything that decides it: the SOP rule from intake, the
// working days spent paused, and the extensions granted.
#include "epb/cases/case.hpp"
#include "epb/output/json.hpp"

#include <fmt/format.h>

namespace epb {
namespace {

constexpr std::int64_t k_last_second_of_day = 86399;

std::string days_json(const std::vector<DayInfo>& days, DateStyle style) {
  std::string out = "[";
  for (const auto& day : days) {
    if (out.size() > 1) out += ',';
    out += JsonObject()
               .add("date", format_date(day.date, style))
               .add("kind", day_kind_name(day.kind))
               .add("reason", day.reason)
               .str();
  }
  return out + "]";
}

// Both entry points share this; `explanation` is filled only when asked for.
Result<CaseDeadline> compute(const OfficeCalendar& calendar, const CaseTiming& timing,
                             CaseDeadlineExplanation* explanation) {
  auto base = compute_deadline(calendar, timing.received, timing.rule, explanation != nullptr);
  if (!base) return std::unexpected(base.error());

  bool provisional = base->provisional;
  // A pause stops the clock for the working days it spans: (paused date, resumed date].
  int paused_days = 0;
  std::int64_t paused_seconds = 0;
  for (const auto& pause : timing.pauses) {
    if (!pause.to) continue; // still paused: the due date moves when the case resumes
    auto days = working_days_between(calendar, pause.from.taipei_date(), pause.to->taipei_date());
    if (!days) return std::unexpected(days.error());
    paused_days += *days;
    if (calendar.any_provisional(pause.from.taipei_date(), pause.to->taipei_date())) provisional = true;
    paused_seconds += pause.to->unix_seconds() - pause.from.unix_seconds();
    if (explanation) explanation->pauses.push_back({pause.from.taipei_date(), pause.to->taipei_date(), *days});
  }
  int extension_days = 0;
  for (const auto& extension : timing.extensions)
    extension_days += extension.days;

  CaseDeadline result{base->due_date, base->due_at, base->calendar_version, false};
  if (timing.rule.unit == DeadlineRule::Unit::hours) {
    // Hour rules run on elapsed time; pauses give back the time they took.
    result.due_at = base->due_at + paused_seconds + std::int64_t{extension_days} * 86400;
    result.due_date = result.due_at.taipei_date();
  } else if (paused_days + extension_days > 0) {
    auto due = add_working_days(calendar, base->due_date, paused_days + extension_days,
                                explanation ? &explanation->shift_skipped : nullptr);
    if (!due) return std::unexpected(due.error());
    result.due_date = *due;
    result.due_at = Instant::taipei_midnight(*due) + k_last_second_of_day;
    if (calendar.any_provisional(base->due_date, *due)) provisional = true;
  }
  // Hour rules run on elapsed time: no calendar day decides them.
  result.provisional = timing.rule.unit != DeadlineRule::Unit::hours && provisional;
  if (explanation) {
    explanation->rule = timing.rule;
    explanation->start = timing.received;
    explanation->base_due = base->due_date;
    explanation->base_skipped = std::move(base->skipped);
    explanation->extensions = timing.extensions;
    explanation->due_date = result.due_date;
    explanation->due_at = result.due_at;
    explanation->calendar_version = result.calendar_version;
    explanation->provisional = result.provisional;
  }
  return result;
}

} // namespace

CaseTiming case_timing(Instant clock_start, const DeadlineRule& rule, const std::vector<Pause>& pauses,
                       const std::vector<Extension>& extensions) {
  CaseTiming timing{clock_start, rule, {}, {}};
  for (const auto& pause : pauses)
    if (pause.from >= clock_start) timing.pauses.push_back(pause);
  for (const auto& extension : extensions)
    if (extension.at >= clock_start) timing.extensions.push_back(extension);
  return timing;
}

Result<CaseDeadline> compute_case_deadline(const OfficeCalendar& calendar, const CaseTiming& timing) {
  return compute(calendar, timing, nullptr);
}

Result<CaseDeadlineExplanation> explain_case_deadline(const OfficeCalendar& calendar, const CaseTiming& timing) {
  CaseDeadlineExplanation explanation;
  auto computed = compute(calendar, timing, &explanation);
  if (!computed) return std::unexpected(computed.error());
  return explanation;
}

std::string CaseDeadlineExplanation::json(DateStyle style) const {
  std::string pause_list = "[";
  for (const auto& pause : pauses) {
    if (pause_list.size() > 1) pause_list += ',';
    pause_list += JsonObject()
                      .add("from", format_date(pause.from, style))
                      .add("to", format_date(pause.to, style))
                      .add("workdays", pause.workdays)
                      .str();
  }
  pause_list += "]";
  std::string extension_list = "[";
  for (const auto& extension : extensions) {
    if (extension_list.size() > 1) extension_list += ',';
    extension_list += JsonObject()
                          .add("at", format_date(extension.at.taipei_date(), style))
                          .add("workdays", extension.days)
                          .add("reason", extension.reason)
                          .str();
  }
  extension_list += "]";
  return JsonObject()
      .add("rule", rule.text())
      .add("start", start.iso())
      .add("calendar_version", calendar_version)
      .add("base_due", format_date(base_due, style))
      .add_raw("skipped", days_json(base_skipped, style))
      .add_raw("pauses", pause_list)
      .add_raw("extensions", extension_list)
      .add_raw("shift_skipped", days_json(shift_skipped, style))
      .add("due", format_date(due_date, style))
      .add("provisional", provisional)
      .str();
}

} // namespace epb
