// The prefix counts of workday_index.hpp.
#include "epb/calendar/workday_index.hpp"

#include <fmt/format.h>

namespace epb {

Result<WorkdayIndex> WorkdayIndex::build(const OfficeCalendar& calendar, int first_year, int last_year) {
  WorkdayIndex index;
  const auto first = Date::from_ymd(first_year, 1, 1);
  const auto after_last = Date::from_ymd(last_year + 1, 1, 1);
  if (!first || !after_last || last_year < first_year)
    return invalid("working-day index", fmt::format("no years {}..{}", first_year, last_year));
  index.m_first = *first;
  const int days = *after_last - *first;
  index.m_working_before.reserve(static_cast<std::size_t>(days) + 1);
  index.m_provisional_before.reserve(static_cast<std::size_t>(days) + 1);
  index.m_working_before.push_back(0);
  index.m_provisional_before.push_back(0);
  for (Date day = *first; day < *after_last; ++day) {
    auto info = calendar.day(day);
    if (!info) return std::unexpected(info.error());
    index.m_working_before.push_back(index.m_working_before.back() + (info->is_working() ? 1 : 0));
    index.m_provisional_before.push_back(index.m_provisional_before.back() + (info->provisional ? 1 : 0));
  }
  return index;
}

std::optional<int> WorkdayIndex::between(Date from, Date to) const {
  if (to <= from) return 0;
  if (!covers(from) || !covers(to)) return std::nullopt;
  // Days (from, to] are the indices from+1 .. to: the prefix after `to` less the one after `from`.
  return m_working_before[static_cast<std::size_t>(to - m_first) + 1] -
         m_working_before[static_cast<std::size_t>(from - m_first) + 1];
}

bool WorkdayIndex::provisional_between(Date from, Date to) const {
  if (to <= from || !covers(from) || !covers(to)) return false;
  return m_provisional_before[static_cast<std::size_t>(to - m_first) + 1] !=
         m_provisional_before[static_cast<std::size_t>(from - m_first) + 1];
}

} // namespace epb
