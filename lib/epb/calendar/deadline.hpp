#pragma once
// Deadline rules of the SOPs and the engine that turns "3 workdays" into a due date.
#include "epb/calendar/office_calendar.hpp"
#include "epb/core/error.hpp"
#include "epb/time/date.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace epb {

struct DeadlineRule {
  enum class Unit { workdays, days, hours };
  Unit unit = Unit::workdays;
  int count = 0;

  std::string text() const; // canonical: "3 workdays", "1 workday", "30 days", "24 hours"
  bool operator==(const DeadlineRule&) const = default;
};

// Accepts "N workday(s)", "N working day(s)", "N day(s)", "N hour(s)" (N from 1 to 3650).
Result<DeadlineRule> parse_deadline_rule(std::string_view text);

struct Deadline {
  DeadlineRule rule;
  Instant start;
  Date due_date;
  Instant due_at;               // the end of the last day (23:59:59 Taipei), or start + N hours
  std::vector<DayInfo> skipped; // non-working days stepped over or rolled over, in order
  std::string calendar_version;
  // Some day counted or stepped over lies in a provisional year (not yet published): the due
  // date is a prediction, recomputed when the official year is imported.
  bool provisional = false;
};

// Working days count from the day after the start (DOMAIN.md §3): "N workdays" is the N-th
// working day after it. "N days" counts calendar days without the first (行政程序法 §48) and a
// last day that is a rest day moves to the next working day; a make-up Saturday is a working day.
// "N hours" is elapsed time.
// `with_skipped_days` false leaves Deadline::skipped empty: the hot path of imports.
Result<Deadline> compute_deadline(const OfficeCalendar& calendar, Instant start, const DeadlineRule& rule,
                                  bool with_skipped_days = true);

// The n-th working day after `from`; `skipped` (optional) receives the days stepped over.
Result<Date> add_working_days(const OfficeCalendar& calendar, Date from, int n,
                              std::vector<DayInfo>* skipped = nullptr);

// Working days in (from, to]; 0 when to <= from. Used for pauses and for "days late".
// A count over a provisional year is a prediction: see OfficeCalendar::any_provisional.
Result<int> working_days_between(const OfficeCalendar& calendar, Date from, Date to);

// A count of working days and whether it depends on a provisional year.
struct WorkdayCount {
  int days = 0;
  bool provisional = false;
};
Result<WorkdayCount> count_working_days(const OfficeCalendar& calendar, Date from, Date to);

} // namespace epb
