#include "epb/calendar/deadline.hpp"

#include <doctest/doctest.h>

using namespace epb;

namespace {

std::string due(const char* rule, const char* start) {
  const auto deadline = compute_deadline(OfficeCalendar::builtin(), *parse_instant(start), *parse_deadline_rule(rule));
  REQUIRE(deadline);
  return deadline->due_date.iso();
}

} // namespace

TEST_CASE("deadline: the worked vectors of DOMAIN.md §3 come out exactly") {
  CHECK(due("3 workdays", "2023-01-19") == "2023-02-01");
  CHECK(due("1 workday", "2018-12-28") == "2019-01-02");
  CHECK(due("1 workday", "2026-02-13") == "2026-02-23");
  CHECK(due("1 workday", "2025-02-07") == "2025-02-08"); // make-up Saturday
  CHECK(due("30 days", "2018-03-01") == "2018-03-31");   // make-up Saturday: no roll-over
  CHECK(due("30 days", "2019-09-13") == "2019-10-14");
  CHECK(due("30 days", "2024-09-10") == "2024-10-11");
  CHECK(due("2 days", "2025-09-27") == "2025-09-30"); // 2025-09-29 off since the 2025-10-20 revision
}

TEST_CASE("deadline: skipped days are explained in order") {
  const auto deadline =
      compute_deadline(OfficeCalendar::builtin(), *parse_instant("2023-01-19"), *parse_deadline_rule("3 workdays"));
  REQUIRE(deadline);
  REQUIRE(deadline->skipped.size() == 10); // 01-20 … 01-29
  CHECK(deadline->skipped.front().date.iso() == "2023-01-20");
  CHECK(deadline->skipped.front().kind == DayKind::holiday);
  CHECK(deadline->skipped[1].kind == DayKind::weekend);
  CHECK(deadline->skipped.back().date.iso() == "2023-01-29");
  CHECK(deadline->due_at.iso() == "2023-02-01T23:59:59+08:00");
}

TEST_CASE("deadline: a §48 period rolled over a holiday lists the day") {
  const auto deadline =
      compute_deadline(OfficeCalendar::builtin(), *parse_instant("2024-09-10"), *parse_deadline_rule("30 days"));
  REQUIRE(deadline->skipped.size() == 1);
  CHECK(deadline->skipped[0].date.iso() == "2024-10-10");
  CHECK(deadline->skipped[0].reason == "國慶日");
}

TEST_CASE("deadline: hours are elapsed time") {
  const auto deadline =
      compute_deadline(OfficeCalendar::builtin(), *parse_instant("2024-02-09 20:00"), *parse_deadline_rule("24 hours"));
  REQUIRE(deadline);
  CHECK(deadline->due_at.iso() == "2024-02-10T20:00:00+08:00");
  CHECK(deadline->due_date.iso() == "2024-02-10");
}

TEST_CASE("deadline: rules parse in their spellings and reject the rest") {
  CHECK(parse_deadline_rule("3 workdays")->text() == "3 workdays");
  CHECK(parse_deadline_rule("1 Working Day")->text() == "1 workday");
  CHECK(parse_deadline_rule("30days")->text() == "30 days");
  CHECK(parse_deadline_rule(" 24 hours ")->unit == DeadlineRule::Unit::hours);
  CHECK(parse_deadline_rule("3 weeks").error().message() ==
        "deadline rule '3 weeks': unknown unit 'weeks': expected workdays, days or hours");
  CHECK(!parse_deadline_rule("0 days"));
  CHECK(!parse_deadline_rule("workdays"));
  CHECK(!parse_deadline_rule("-3 days"));
}

TEST_CASE("deadline: dates outside the calendar are errors, never guesses") {
  const auto before =
      compute_deadline(OfficeCalendar::builtin(), *parse_instant("2017-06-01"), *parse_deadline_rule("3 workdays"));
  REQUIRE(!before);
  CHECK(before.error().message() == "date 2017-06-01: outside the office calendar (2018–2027, provisional to 2100); "
                                    "import the year with 'epb calendar import'");
  // Starting inside but running past the last year provisional years reach is also an error.
  CHECK(!compute_deadline(OfficeCalendar::builtin(), *parse_instant("2100-12-30"), *parse_deadline_rule("5 workdays")));
}

TEST_CASE("calendar: closures stop the clock and change the version") {
  OfficeCalendar calendar = OfficeCalendar::builtin();
  const std::string before = calendar.version();
  calendar.add_closure({*Date::from_ymd(2024, 7, 25), "凱米颱風停止上班"});
  CHECK(calendar.version() != before);
  const auto deadline = compute_deadline(calendar, *parse_instant("2024-07-24"), *parse_deadline_rule("1 workday"));
  CHECK(deadline->due_date.iso() == "2024-07-26");
  CHECK(deadline->skipped[0].kind == DayKind::closure);
  CHECK(working_days_between(calendar, *Date::from_ymd(2024, 7, 24), *Date::from_ymd(2024, 7, 29)) == 2);
}

TEST_CASE("calendar: the government's yearly CSV is read as exceptions to Mon–Fri") {
  const std::string csv = "\xEF\xBB\xBF西元日期,星期,是否放假,備註\n"
                          "20270101,五,2,開國紀念日\n"
                          "20270102,六,2,\n"
                          "20270104,一,0,\n"
                          "20270206,六,0,補行上班\n";
  auto calendar = OfficeCalendar::from_csv(csv, "2027.csv");
  REQUIRE(calendar);
  CHECK(calendar->years() == std::set<int>{2027});
  const auto exceptions = calendar->exceptions_in(2027);
  REQUIRE(exceptions.size() == 2);
  CHECK(exceptions[0].name == "開國紀念日");
  CHECK(!exceptions[0].working);
  CHECK(exceptions[1].working);

  OfficeCalendar merged = OfficeCalendar::builtin();
  merged.merge_years(*calendar);
  CHECK(merged.covers(*Date::from_ymd(2027, 6, 1)));
  CHECK(merged.day(*Date::from_ymd(2027, 2, 6))->kind == DayKind::makeup_workday);
}

TEST_CASE("calendar: a bad calendar file names its line") {
  auto bad = OfficeCalendar::from_csv("date,kind,name\n2027-01-01,holiday,元旦\n2027-01-04,vacation,x\n", "c.csv");
  REQUIRE(!bad);
  CHECK(bad.error().message() == "c.csv:3: kind must be holiday or workday, not 'vacation'");
  CHECK(OfficeCalendar::from_csv("when,what\n", "c.csv").error().message().starts_with("c.csv:1: unknown header"));
}
