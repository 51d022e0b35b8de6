// The provisional calendar (DOMAIN.md §10): the statutory rules reproduce the published years.
#include "epb/calendar/deadline.hpp"
#include "epb/calendar/provisional_year.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>

using namespace epb;

namespace {

std::set<std::string> predicted(int year) {
  std::set<std::string> out;
  for (const auto& day : provisional_year(year))
    out.insert(day.date.iso());
  return out;
}

std::set<std::string> published_holidays(int year) {
  std::set<std::string> out;
  for (const auto& e : OfficeCalendar::builtin().exceptions_in(year))
    if (!e.working) out.insert(e.date.iso());
  return out;
}

// The shipped rows of a year that are statutory: neither a bridge day (調整放假, 放假) nor one
// added later (小年夜 before 2026; 5/1, 9/28, 10/25, 12/25 before they became office holidays).
std::set<std::string> statutory_rows(int year) {
  std::set<std::string> out;
  for (const auto& e : OfficeCalendar::builtin().exceptions_in(year))
    if (!e.working && e.name != "調整放假" && e.name != "放假" && e.name != "小年夜") out.insert(e.date.iso());
  return out;
}

Date ymd(int y, int m, int d) { return *Date::from_ymd(y, m, d); }

} // namespace

TEST_CASE("provisional calendar: 清明 by the integer formula, 2018–2027") {
  const int expected[] = {5, 5, 4, 4, 5, 5, 4, 4, 5, 5};
  for (int year = 2018; year <= 2027; ++year)
    CHECK(qingming_day(year) == expected[year - 2018]);
}

TEST_CASE("provisional calendar: lunar dates from ICU, with the override table winning") {
  CHECK(lunar_to_gregorian(2026, 1, 1).iso() == "2026-02-17");
  CHECK(lunar_to_gregorian(2027, 1, 1).iso() == "2027-02-06"); // ICU 72.1 says 02-07
  CHECK(lunar_to_gregorian(2027, 1, 3).iso() == "2027-02-08");
  CHECK(lunar_to_gregorian(2030, 1, 1).iso() == "2030-02-03"); // ICU 72.1 says 02-02
  CHECK(lunar_to_gregorian(2026, 5, 5).iso() == "2026-06-19");
  CHECK(lunar_to_gregorian(2026, 8, 15).iso() == "2026-09-25");
}

TEST_CASE("provisional calendar: the rules give every 2026 holiday of the shipped calendar, exactly") {
  CHECK(predicted(2026) == published_holidays(2026));
  CHECK(predicted(2026).size() == 16);
}

TEST_CASE("provisional calendar: 2027 comes out as DOMAIN.md §10 lists it, and as shipped") {
  const std::set<std::string> expected = {"2027-01-01", "2027-02-04", "2027-02-05", "2027-02-08", "2027-02-09",
                                          "2027-02-10", "2027-03-01", "2027-04-05", "2027-04-06", "2027-04-30",
                                          "2027-06-09", "2027-09-15", "2027-09-28", "2027-10-11", "2027-10-25",
                                          "2027-12-24", "2027-12-31"};
  CHECK(predicted(2027) == expected);
  CHECK(published_holidays(2027) == expected);
  CHECK(OfficeCalendar::builtin().secondary(2027));
  CHECK(!OfficeCalendar::builtin().secondary(2026));
}

TEST_CASE("provisional calendar: for 2018–2025 the rules give every statutory row of the shipped calendar") {
  for (int year = 2018; year <= 2025; ++year) {
    CAPTURE(year);
    const auto rules = predicted(year);
    for (const auto& date : statutory_rows(year)) {
      CAPTURE(date);
      CHECK(rules.contains(date));
    }
  }
  // The 補假 examples of DOMAIN.md §10.
  CHECK(predicted(2020).contains("2020-04-02"));
  CHECK(predicted(2020).contains("2020-04-03"));
  CHECK(predicted(2021).contains("2021-04-02"));
  CHECK(predicted(2021).contains("2021-04-05"));
  CHECK(predicted(2021).contains("2021-12-31"));
  CHECK(predicted(2024).contains("2024-04-05"));
  CHECK(predicted(2025).contains("2025-04-03"));
}

TEST_CASE("provisional calendar: years after the last published one are covered and flagged") {
  const OfficeCalendar& calendar = OfficeCalendar::builtin();
  const int last = calendar.last_published_year();
  CHECK(last == 2027);
  CHECK(calendar.provisional(last + 1));
  CHECK(!calendar.provisional(last));
  CHECK(!calendar.covers(ymd(2017, 12, 29)));
  CHECK(!calendar.covers(ymd(k_last_calendar_year + 1, 1, 3)));
  const auto new_year = calendar.day(ymd(2028, 1, 3));
  REQUIRE(new_year);
  CHECK(new_year->provisional);
  CHECK(new_year->is_working());
  // 2027-12-29 + 3 workdays: 12/30, (12/31 off for 2028-01-01), 1/3, 1/4.
  const auto deadline =
      compute_deadline(calendar, *parse_instant("2027-12-29T10:00:00+08:00"), *parse_deadline_rule("3 workdays"));
  REQUIRE(deadline);
  CHECK(deadline->due_date.iso() == "2028-01-04");
  CHECK(deadline->provisional);
  const auto inside =
      compute_deadline(calendar, *parse_instant("2027-12-01T10:00:00+08:00"), *parse_deadline_rule("3 workdays"));
  REQUIRE(inside);
  CHECK(!inside->provisional);
  // A late count across the horizon is a prediction, never a silent 0.
  const auto late = count_working_days(calendar, ymd(2023, 5, 1), ymd(2028, 1, 4));
  REQUIRE(late);
  CHECK(late->days > 1000);
  CHECK(late->provisional);
  // The calendar's version does not change as provisional years are looked at.
  const std::string version = calendar.version();
  (void)calendar.day(ymd(2040, 6, 1));
  CHECK(calendar.version() == version);
}

TEST_CASE("provisional calendar: importing the official year replaces the provisional one") {
  OfficeCalendar calendar = OfficeCalendar::builtin();
  const std::string before = calendar.version();
  calendar.add_year(2028, "2028.csv", {CalendarException{ymd(2028, 1, 3), false, "調整放假"}});
  CHECK(!calendar.provisional(2028));
  CHECK(calendar.day(ymd(2028, 1, 3))->kind == DayKind::holiday);
  CHECK(!calendar.day(ymd(2028, 1, 3))->provisional);
  CHECK(calendar.version() != before);
  CHECK(calendar.provisional(2029));
}

TEST_CASE("provisional calendar: the import warning starts on 1 July of the last published year") {
  const OfficeCalendar& calendar = OfficeCalendar::builtin();
  CHECK(!calendar_horizon_warning(calendar, ymd(2027, 6, 30)));
  const auto warning = calendar_horizon_warning(calendar, ymd(2027, 7, 1));
  REQUIRE(warning);
  CHECK(*warning == "the office calendar is published to 2027; import 2028's calendar (epb calendar import FILE) — due "
                    "dates after 2027-12-31 are provisional");
  CHECK(calendar_horizon_warning(calendar, ymd(2029, 1, 1)));
  OfficeCalendar next = calendar;
  next.add_year(2028, "2028.csv", {});
  CHECK(!calendar_horizon_warning(next, ymd(2027, 7, 1)));
}
