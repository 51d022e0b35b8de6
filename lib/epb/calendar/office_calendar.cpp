#include "epb/calendar/office_calendar.hpp"

#include "epb/calendar/provisional_year.hpp"
#include "epb/core/text.hpp"
#include "epb/core/text_policy.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace epb::embedded {
extern const std::string_view office_calendar_csv;
}

namespace epb {

std::string_view day_kind_name(DayKind kind) {
  switch (kind) {
  case DayKind::working: return "working day";
  case DayKind::makeup_workday: return "make-up working day";
  case DayKind::weekend: return "weekend";
  case DayKind::holiday: return "holiday";
  case DayKind::closure: return "closure";
  }
  return "?";
}

const OfficeCalendar& OfficeCalendar::builtin() {
  static const OfficeCalendar calendar = [] {
    auto parsed = from_csv(embedded::office_calendar_csv, "built-in office calendar");
    if (!parsed) throw Error("built-in office calendar: " + parsed.error().message());
    return std::move(*parsed);
  }();
  return calendar;
}

void OfficeCalendar::merge_years(const OfficeCalendar& other) {
  for (int year : other.m_years) {
    std::erase_if(m_exceptions, [year](const auto& entry) { return entry.first.year() == year; });
    m_years.insert(year);
    m_secondary.erase(year);
    if (other.secondary(year)) m_secondary.insert(year);
    m_sources[year] = other.source(year);
  }
  for (const auto& [date, exception] : other.m_exceptions)
    m_exceptions[date] = exception;
  m_version.clear();
}

void OfficeCalendar::add_year(int year, std::string source, const std::vector<CalendarException>& exceptions) {
  OfficeCalendar one;
  one.m_years.insert(year);
  one.m_sources[year] = std::move(source);
  for (const auto& exception : exceptions)
    one.m_exceptions[exception.date] = exception;
  merge_years(one);
}

bool OfficeCalendar::provisional(int year) const {
  return !m_years.empty() && year > *m_years.begin() && year <= k_last_calendar_year && !m_years.contains(year);
}

bool OfficeCalendar::any_provisional(Date from, Date to) const {
  if (to <= from) return false;
  for (int year = (from + 1).year(); year <= to.year(); ++year)
    if (provisional(year)) return true;
  return false;
}

std::string OfficeCalendar::source(int year) const {
  if (provisional(year)) return "provisional";
  auto found = m_sources.find(year);
  return found == m_sources.end() ? std::string() : found->second;
}

void OfficeCalendar::add_closure(Closure closure) {
  const Date date = closure.date;
  m_closures[date] = std::move(closure);
  m_version.clear();
}

Problem OfficeCalendar::uncovered(Date date) const {
  if (m_years.empty())
    return Problem{Fault::invalid, fmt::format("date {}", date.iso()), "outside the office calendar (no years)"};
  const int first = *m_years.begin();
  if (date.year() < first)
    return Problem{Fault::invalid, fmt::format("date {}", date.iso()),
                   fmt::format("outside the office calendar ({}–{}, provisional to {}); import the year with "
                               "'epb calendar import'",
                               first, *m_years.rbegin(), k_last_calendar_year)};
  return Problem{Fault::invalid, fmt::format("date {}", date.iso()),
                 fmt::format("outside the office calendar ({}–{}, provisional to {})", first, *m_years.rbegin(),
                             k_last_calendar_year)};
}

Result<DayInfo> OfficeCalendar::day(Date date) const {
  const bool predicted = provisional(date.year());
  if (!predicted && !published(date.year())) return std::unexpected(uncovered(date));
  if (auto closure = m_closures.find(date); closure != m_closures.end())
    return DayInfo{date, DayKind::closure, closure->second.reason, predicted};
  if (predicted) {
    const auto& days = provisional_year(date.year());
    const auto found =
        std::lower_bound(days.begin(), days.end(), date, [](const CalendarException& e, Date d) { return e.date < d; });
    if (found != days.end() && found->date == date) return DayInfo{date, DayKind::holiday, found->name, true};
  } else if (auto exception = m_exceptions.find(date); exception != m_exceptions.end()) {
    return DayInfo{date, exception->second.working ? DayKind::makeup_workday : DayKind::holiday,
                   exception->second.name};
  }
  if (date.is_weekend()) return DayInfo{date, DayKind::weekend, date.weekday() == 0 ? "Sunday" : "Saturday", predicted};
  return DayInfo{date, DayKind::working, {}, predicted};
}

Result<bool> OfficeCalendar::is_working(Date date) const {
  auto info = day(date);
  if (!info) return std::unexpected(info.error());
  return info->is_working();
}

std::vector<CalendarException> OfficeCalendar::exceptions_in(int year) const {
  if (provisional(year)) return provisional_year(year);
  std::vector<CalendarException> out;
  for (const auto& [date, exception] : m_exceptions)
    if (date.year() == year) out.push_back(exception);
  return out;
}

std::vector<Closure> OfficeCalendar::closures_in(int year) const {
  std::vector<Closure> out;
  for (const auto& [date, closure] : m_closures)
    if (date.year() == year) out.push_back(closure);
  return out;
}

std::string OfficeCalendar::version() const {
  if (!m_version.empty()) return m_version;
  // FNV-1a over a canonical listing: stable across runs and platforms.
  std::uint64_t hash = 1469598103934665603ULL;
  auto mix = [&hash](std::string_view text) {
    for (char c : text) {
      hash ^= static_cast<unsigned char>(c);
      hash *= 1099511628211ULL;
    }
  };
  if (m_years.empty()) return "empty";
  for (int year : m_years)
    mix(fmt::format("y{};", year));
  for (const auto& [date, exception] : m_exceptions)
    mix(fmt::format("{}{};", date.iso(), exception.working ? 'w' : 'h'));
  for (const auto& [date, closure] : m_closures)
    mix(fmt::format("{}c;", date.iso()));
  m_version = fmt::format("{}-{}+{}c-{:08x}", *m_years.begin(), *m_years.rbegin(), m_closures.size(),
                          static_cast<std::uint32_t>(hash ^ (hash >> 32)));
  return m_version;
}

std::optional<std::string> calendar_horizon_warning(const OfficeCalendar& calendar, Date today) {
  const int last = calendar.last_published_year();
  if (last == 0 || today < *Date::from_ymd(last, 7, 1)) return std::nullopt;
  return fmt::format("the office calendar is published to {0}; import {1}'s calendar (epb calendar import FILE) — due "
                     "dates after {0}-12-31 are provisional",
                     last, last + 1);
}

} // namespace epb
