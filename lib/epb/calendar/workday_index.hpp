#pragma once
// Working days between two dates in O(1): a prefix count of working days over a span of the
// office calendar, built once (a few thousand days) and then read by subtraction. Reports
// count working days for every case of a year; a day-by-day walk costs about 1 s a million.
#include "epb/calendar/office_calendar.hpp"
#include "epb/core/error.hpp"
#include "epb/time/date.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace epb {

class WorkdayIndex {
public:
  // Every day of the years `first_year`..`last_year` (both covered by `calendar`, published
  // or provisional). Fails for a year the calendar does not cover.
  static Result<WorkdayIndex> build(const OfficeCalendar& calendar, int first_year, int last_year);

  bool covers(Date date) const { return date >= m_first && date - m_first < span(); }
  // Working days in (from, to], as working_days_between() counts them; 0 when to <= from.
  // None when a date lies outside the index.
  std::optional<int> between(Date from, Date to) const;
  // Whether a day in (from, to] lies in a provisional year: the count is a prediction.
  bool provisional_between(Date from, Date to) const;

private:
  int span() const { return static_cast<int>(m_working_before.size()) - 1; }

  Date m_first;
  // m_working_before[i]: working days among the first i days; one more entry than days.
  std::vector<std::int32_t> m_working_before;
  std::vector<std::int32_t> m_provisional_before;
};

} // namespace epb
