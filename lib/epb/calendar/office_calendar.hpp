#pragma once
// The government office calendar: which days a Taiwanese government office works.
// The base week is Mon–Fri; the published calendar lists the exceptions (weekday holidays
// and make-up working Saturdays), and the city adds local closures such as typhoon days.
#include "epb/core/error.hpp"
#include "epb/time/date.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace epb {

enum class DayKind {
  working,        // an ordinary Mon–Fri working day
  makeup_workday, // a Saturday worked to make up for a bridge holiday (補行上班)
  weekend,        // Saturday or Sunday
  holiday,        // a weekday off in the published calendar
  closure,        // a local closure (停止上班), e.g. a typhoon day
};

std::string_view day_kind_name(DayKind kind);

struct DayInfo {
  Date date;
  DayKind kind = DayKind::working;
  std::string reason;       // the holiday's name or the closure's reason; empty otherwise
  bool provisional = false; // the day lies in a provisional year (predicted, not published)

  bool is_working() const { return kind == DayKind::working || kind == DayKind::makeup_workday; }
};

// One exception from the published calendar.
struct CalendarException {
  Date date;
  bool working = false; // true: a make-up working day; false: a day off
  std::string name;
};

struct Closure {
  Date date;
  std::string reason;
};

class OfficeCalendar {
public:
  // The calendar compiled into the binary (config/tw-office-calendar.csv).
  static const OfficeCalendar& builtin();

  // Reads either epb's own CSV (`date,kind,name` with kind holiday|workday) or the
  // government's yearly CSV (西元日期,星期,是否放假,備註 with 是否放假 0 or 2, one row a day,
  // every day of each year it names). UTF-8 or Big5. `source` names the file in error messages
  // (FILE:LINE: ...) and becomes each year's source.
  static Result<OfficeCalendar> from_csv(std::string_view text, std::string_view source);

  // Years from `other` replace this calendar's entries for the same years (and their sources).
  void merge_years(const OfficeCalendar& other);
  void add_closure(Closure closure);
  // A published year from stored rows (the ledger's imported years).
  void add_year(int year, std::string source, const std::vector<CalendarException>& exceptions);

  // Published years: shipped or imported. Years after the first published one that are not
  // published themselves (up to k_last_calendar_year) are provisional: built on demand from
  // the statutory rules (provisional_year.hpp), so intake never stops at the horizon.
  bool published(int year) const { return m_years.contains(year); }
  bool provisional(int year) const;
  bool provisional(Date date) const { return provisional(date.year()); }
  // Whether any day in (from, to] is provisional: a count over that span is a prediction.
  bool any_provisional(Date from, Date to) const;
  bool covers(Date date) const { return published(date.year()) || provisional(date.year()); }
  // The published years only.
  const std::set<int>& years() const { return m_years; }
  int last_published_year() const { return m_years.empty() ? 0 : *m_years.rbegin(); }
  // Where a year came from: a file name, "built-in office calendar", or "provisional".
  std::string source(int year) const;
  // A year shipped from a secondary copy of the official calendar (DOMAIN.md §3): replaced by
  // the government's own file without --replace.
  bool secondary(int year) const { return m_secondary.contains(year); }
  // True when read from the government's day-by-day file.
  bool day_by_day() const { return m_day_by_day; }
  // Fails for a date in a year the calendar does not cover: never guess.
  Result<DayInfo> day(Date date) const;
  Result<bool> is_working(Date date) const;

  std::vector<CalendarException> exceptions_in(int year) const;
  std::vector<Closure> closures_in(int year) const;

  // A short fingerprint of everything that decides a working day; stored beside each
  // computed due date so a later calendar change can be detected.
  std::string version() const;

  // Covered-range error shared by the engine: "date 2011-01-02: outside the office calendar (2018–2027 …)".
  Problem uncovered(Date date) const;

private:
  friend struct CalendarFileReader;

  std::set<int> m_years;
  std::set<int> m_secondary;
  std::map<int, std::string> m_sources;
  bool m_day_by_day = false;
  std::map<Date, CalendarException> m_exceptions;
  std::map<Date, Closure> m_closures;
  mutable std::string m_version; // computed on first use; every deadline carries it
};

// From 1 July of the last published year (DGPA publishes the next year around June), the line
// that asks for next year's official calendar; nothing before that.
std::optional<std::string> calendar_horizon_warning(const OfficeCalendar& calendar, Date today);

} // namespace epb
