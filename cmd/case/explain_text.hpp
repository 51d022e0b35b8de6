#pragma once
// Every line of the due-date explanations (`case show --explain`, `calendar due --explain`)
// in both languages, in one table: a new line is one more entry, and --lang picks the text.
#include "context.hpp"

#include "epb/calendar/deadline.hpp"

#include <fmt/format.h>

#include <string>
#include <string_view>

namespace epb::cli {

enum class ExplainText {
  rule,              // {rule} from {date} ({weekday}), calendar {version}
  counting_days,     // calendar days, §48
  counting_workdays, // working days
  skipped_day,       // {date} {weekday} {kind}{reason}
  skipped_none,
  deadline,        // {rule} from {time}, calendar {version}
  sop_due,         // the SOP's due date: {date}
  stepping_over,   // appended to sop_due when days were stepped over
  stepped_day,     // {date} {kind}{reason}
  paused,          // {from} → {to}: {n} working day(s)
  extended,        // on {date} by {n} working day(s): {reason}
  moved_over,      // moving the due date stepped over
  due,             // due: {date}
  ledger_differs,  // the ledger says {date} (calendar {version}); run recompute
  late,            // {n} working days (case show)
  provisional,     // counted over a year not yet published (after {last}; {last+1} on)
  footnote_advice, // the clerk's footnote: as footnote, then import and recompute
  footnote,        // "* provisional: ..." under a date marked * (after {last}; {last+1} on)
  recompute_note,  // the footnote of `case recompute`: before = the old calendar (published to {last})
  count
};

// The format string of `id` in the run's language (fmt syntax, positional arguments).
std::string_view explain_format(const Context& context, ExplainText id);

template <class... Args> std::string explain(const Context& context, ExplainText id, Args&&... args) {
  return fmt::format(fmt::runtime(explain_format(context, id)), std::forward<Args>(args)...);
}

// A line about the calendar's horizon (provisional, footnote, footnote_advice): its arguments
// are the last published year and the one after, as the two languages say it.
std::string explain_horizon(Context& context, ExplainText id);

// "weekend", "holiday", ... and the reasons the calendar gives for weekends, in the run's language.
std::string day_kind_text(const Context& context, DayKind kind);
std::string day_reason_text(const Context& context, std::string_view reason);
// A deadline rule as a reader of the run's language says it: "3 workdays", "3 個上班日".
std::string rule_text(const Context& context, const DeadlineRule& rule);
// "s" after a count in English, nothing in Chinese.
std::string_view plural(const Context& context, int n);

} // namespace epb::cli
