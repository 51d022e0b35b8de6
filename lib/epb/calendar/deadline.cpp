#include "epb/calendar/deadline.hpp"

#include "epb/calendar/provisional_year.hpp"
#include "epb/calendar/workday_index.hpp"

#include "epb/core/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <optional>

namespace epb {
namespace {

constexpr int k_max_rule_count = 3650;
constexpr std::int64_t k_last_second_of_day = 86399;

} // namespace

std::string DeadlineRule::text() const {
  switch (unit) {
  case Unit::workdays: return fmt::format("{} workday{}", count, count == 1 ? "" : "s");
  case Unit::days: return fmt::format("{} day{}", count, count == 1 ? "" : "s");
  case Unit::hours: return fmt::format("{} hour{}", count, count == 1 ? "" : "s");
  }
  return {};
}

Result<DeadlineRule> parse_deadline_rule(std::string_view text) {
  const auto bad = [&](std::string why) { return invalid(fmt::format("deadline rule '{}'", text), std::move(why)); };
  const std::string_view s = trim(text);
  std::size_t digits = 0;
  while (digits < s.size() && s[digits] >= '0' && s[digits] <= '9')
    ++digits;
  if (digits == 0) return bad("expected 'N workdays', 'N days' or 'N hours'");
  int count = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + digits, count);
  if (ec != std::errc() || count < 1 || count > k_max_rule_count)
    return bad(fmt::format("the count must be from 1 to {}", k_max_rule_count));
  const std::string unit = to_lower_ascii(trim(s.substr(digits)));
  if (unit == "workday" || unit == "workdays" || unit == "working day" || unit == "working days")
    return DeadlineRule{DeadlineRule::Unit::workdays, count};
  if (unit == "day" || unit == "days") return DeadlineRule{DeadlineRule::Unit::days, count};
  if (unit == "hour" || unit == "hours") return DeadlineRule{DeadlineRule::Unit::hours, count};
  return bad(fmt::format("unknown unit '{}': expected workdays, days or hours", unit));
}

Result<Date> add_working_days(const OfficeCalendar& calendar, Date from, int n, std::vector<DayInfo>* skipped) {
  Date day = from;
  for (int counted = 0; counted < n;) {
    ++day;
    auto info = calendar.day(day);
    if (!info) return std::unexpected(info.error());
    if (info->is_working())
      ++counted;
    else if (skipped)
      skipped->push_back(std::move(*info));
  }
  return day;
}

namespace {

// Spans longer than a month are counted with a working-day index of the calendar (prefix counts,
// workday_index.hpp), built once per calendar version and thread: "working days late" over a
// million cases costs a subtraction each instead of a walk. None when the index cannot answer
// (a date outside the covered years): the walk then says why.
std::optional<int> indexed_working_days(const OfficeCalendar& calendar, Date from, Date to) {
  if (calendar.years().empty()) return std::nullopt;
  struct Cache {
    std::string version;
    std::optional<WorkdayIndex> index;
  };
  thread_local Cache cache;
  const std::string& version = calendar.version();
  if (cache.version != version || !cache.index || !cache.index->covers(from) || !cache.index->covers(to)) {
    const int first = *calendar.years().begin();
    const int last =
        std::min(k_last_calendar_year, std::max({to.year(), from.year(), calendar.last_published_year() + 1}));
    if (from.year() < first || to.year() > last) return std::nullopt;
    auto built = WorkdayIndex::build(calendar, first, last);
    if (!built) return std::nullopt;
    cache = {version, std::move(*built)};
  }
  return cache.index->between(from, to);
}

} // namespace

Result<int> working_days_between(const OfficeCalendar& calendar, Date from, Date to) {
  if (to - from > 31)
    if (auto indexed = indexed_working_days(calendar, from, to)) return *indexed;
  int count = 0;
  for (Date day = from + 1; day <= to; ++day) {
    auto working = calendar.is_working(day);
    if (!working) return std::unexpected(working.error());
    if (*working) ++count;
  }
  return count;
}

Result<WorkdayCount> count_working_days(const OfficeCalendar& calendar, Date from, Date to) {
  auto days = working_days_between(calendar, from, to);
  if (!days) return std::unexpected(days.error());
  return WorkdayCount{*days, calendar.any_provisional(from, to)};
}

Result<Deadline> compute_deadline(const OfficeCalendar& calendar, Instant start, const DeadlineRule& rule,
                                  bool with_skipped_days) {
  Deadline deadline{rule, start, {}, {}, {}, calendar.version(), false};
  const Date start_date = start.taipei_date();
  if (!calendar.covers(start_date)) return std::unexpected(calendar.uncovered(start_date));
  switch (rule.unit) {
  case DeadlineRule::Unit::workdays: {
    auto due = add_working_days(calendar, start_date, rule.count, with_skipped_days ? &deadline.skipped : nullptr);
    if (!due) return std::unexpected(due.error());
    deadline.due_date = *due;
    break;
  }
  case DeadlineRule::Unit::days: {
    // §48: the first day is not counted; a last day on a rest day rolls to the next working day.
    Date due = start_date + rule.count;
    for (;;) {
      auto info = calendar.day(due);
      if (!info) return std::unexpected(info.error());
      if (info->is_working()) break;
      if (with_skipped_days) deadline.skipped.push_back(std::move(*info));
      ++due;
    }
    deadline.due_date = due;
    break;
  }
  case DeadlineRule::Unit::hours:
    deadline.due_at = start + std::int64_t{rule.count} * 3600;
    deadline.due_date = deadline.due_at.taipei_date();
    if (!calendar.covers(deadline.due_date)) return std::unexpected(calendar.uncovered(deadline.due_date));
    return deadline;
  }
  deadline.due_at = Instant::taipei_midnight(deadline.due_date) + k_last_second_of_day;
  deadline.provisional = calendar.any_provisional(start_date, deadline.due_date);
  return deadline;
}

} // namespace epb
