#include "epb/calendar/provisional_year.hpp"

#include "epb/core/error.hpp"

#include <fmt/format.h>
#include <unicode/calendar.h>
#include <unicode/locid.h>
#include <unicode/timezone.h>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <tuple>

namespace epb {
namespace {

// ICU 72.1 (Debian 12) misplaces a new moon minutes from midnight (DOMAIN.md §10): the true
// new moons are at 23:56 on 2027-02-06 and 00:08 on 2030-02-03 (UTC+8).
struct LunarOverride {
  int year, month, day;
  int g_year, g_month, g_day;
};
constexpr LunarOverride k_lunar_overrides[] = {
    {2027, 1, 1, 2027, 2, 6},
    {2030, 1, 1, 2030, 2, 3},
};

// ICU's Chinese calendar counts extended years from 2637 BCE.
constexpr int k_chinese_epoch_offset = 2637;

Date icu_lunar_to_gregorian(int year, int month, int day) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::TimeZone> zone(icu::TimeZone::createTimeZone("Asia/Taipei"));
  std::unique_ptr<icu::Calendar> calendar(
      icu::Calendar::createInstance(zone.release(), icu::Locale("zh_TW@calendar=chinese"), status));
  if (U_FAILURE(status) || !calendar) throw Error(fmt::format("ICU Chinese calendar: {}", u_errorName(status)));
  calendar->clear();
  calendar->set(UCAL_EXTENDED_YEAR, year + k_chinese_epoch_offset);
  calendar->set(UCAL_MONTH, month - 1);
  calendar->set(UCAL_IS_LEAP_MONTH, 0);
  calendar->set(UCAL_DATE, day);
  calendar->set(UCAL_HOUR_OF_DAY, 12); // noon: far from any day boundary
  const UDate ms = calendar->getTime(status);
  if (U_FAILURE(status)) throw Error(fmt::format("ICU Chinese calendar: {}", u_errorName(status)));
  const auto seconds = static_cast<std::int64_t>(ms / 1000.0);
  return Instant(seconds).taipei_date();
}

class YearBuilder {
public:
  explicit YearBuilder(int year) : m_year(year) {}

  // A holiday by law; `substitute` says how a weekend day is made up (補假).
  enum class Substitute { previous_or_next, after_spring_run };
  void holiday(Date date, std::string name, Substitute substitute = Substitute::previous_or_next) {
    m_holidays.push_back({date, std::move(name), substitute});
  }

  std::vector<CalendarException> build() {
    std::sort(m_holidays.begin(), m_holidays.end(), [](const auto& a, const auto& b) { return a.date < b.date; });
    // Weekday holidays first: a 補假 never lands on a day that is off anyway.
    for (const auto& h : m_holidays)
      if (!h.date.is_weekend()) take(h.date, h.name);
    Date spring_run_end;
    for (const auto& h : m_holidays)
      if (h.substitute == Substitute::after_spring_run) spring_run_end = std::max(spring_run_end, h.date);
    for (const auto& h : m_holidays) {
      if (!h.date.is_weekend()) continue;
      if (h.substitute == Substitute::after_spring_run) {
        take(next_working(spring_run_end), "補假");
      } else if (h.date.weekday() == 6) {
        take(previous_working(h.date), "補假");
      } else {
        take(next_working(h.date), "補假");
      }
    }
    std::vector<CalendarException> out;
    for (const auto& [date, name] : m_off)
      if (date.year() == m_year) out.push_back(CalendarException{date, false, name});
    return out;
  }

private:
  struct Holiday {
    Date date;
    std::string name;
    Substitute substitute;
  };

  bool off(Date date) const { return date.is_weekend() || m_off.contains(date); }
  Date next_working(Date date) const {
    do
      ++date;
    while (off(date));
    return date;
  }
  Date previous_working(Date date) const {
    do
      date = date - 1;
    while (off(date));
    return date;
  }
  void take(Date date, const std::string& name) { m_off.try_emplace(date, name); }

  int m_year;
  std::vector<Holiday> m_holidays;
  std::map<Date, std::string> m_off;
};

Date ymd(int year, int month, int day) { return *Date::from_ymd(year, month, day); }

std::vector<CalendarException> build_year(int year) {
  YearBuilder b(year);
  b.holiday(ymd(year, 1, 1), "開國紀念日");
  b.holiday(ymd(year, 2, 28), "和平紀念日");
  if (year >= 2025) {
    b.holiday(ymd(year, 9, 28), "孔子誕辰紀念日/教師節");
    b.holiday(ymd(year, 10, 25), "臺灣光復暨金門古寧頭大捷紀念日");
    b.holiday(ymd(year, 12, 25), "行憲紀念日");
  }
  b.holiday(ymd(year, 10, 10), "國慶日");
  if (year >= 2026) b.holiday(ymd(year, 5, 1), "勞動節");
  // The next year's 1/1: on a Saturday its 補假 is this year's 12/31.
  b.holiday(ymd(year + 1, 1, 1), "開國紀念日");

  const Date new_year = lunar_to_gregorian(year, 1, 1);
  using S = YearBuilder::Substitute;
  if (year >= 2026) b.holiday(new_year - 2, "小年夜", S::after_spring_run);
  b.holiday(new_year - 1, "農曆除夕", S::after_spring_run);
  for (int i = 0; i < 3; ++i)
    b.holiday(new_year + i, "春節", S::after_spring_run);
  b.holiday(lunar_to_gregorian(year, 5, 5), "端午節");
  b.holiday(lunar_to_gregorian(year, 8, 15), "中秋節");

  const Date qingming = ymd(year, 4, qingming_day(year));
  b.holiday(qingming, "民族掃墓節");
  Date children = ymd(year, 4, 4);
  // 兒童節 on the day of 清明 moves to the day before, or after when that day is a Thursday.
  if (children == qingming) children = qingming.weekday() == 4 ? qingming + 1 : qingming - 1;
  b.holiday(children, "兒童節");
  return b.build();
}

} // namespace

int qingming_day(int year) {
  const int y = year - 2000;
  // C++ division truncates toward zero; the formula needs floor for years before 2000.
  const auto floor_div = [](int a, int b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0); };
  return floor_div(y * 2422 + 48100, 10000) - floor_div(y, 4);
}

Date lunar_to_gregorian(int year, int month, int day) {
  for (const auto& o : k_lunar_overrides)
    if (o.year == year && o.month == month && o.day == day) return ymd(o.g_year, o.g_month, o.g_day);
  // Days of the first month follow the (possibly overridden) 初一.
  if (month == 1 && day > 1) return lunar_to_gregorian(year, 1, 1) + (day - 1);
  return icu_lunar_to_gregorian(year, month, day);
}

const std::vector<CalendarException>& provisional_year(int year) {
  if (year < k_first_calendar_year || year > k_last_calendar_year)
    throw Error(
        fmt::format("provisional calendar: year {} outside {}–{}", year, k_first_calendar_year, k_last_calendar_year));
  static std::mutex mutex;
  static std::map<int, std::vector<CalendarException>> built;
  const std::lock_guard lock(mutex);
  auto found = built.find(year);
  if (found == built.end()) found = built.emplace(year, build_year(year)).first;
  return found->second;
}

} // namespace epb
