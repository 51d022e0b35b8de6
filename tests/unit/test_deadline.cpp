#include "epb/calendar/calendar_store.hpp"
#include "epb/calendar/deadline.hpp"

#include <fmt/format.h>

#include <array>
#include <map>

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

namespace {

// The government's day-by-day file for `year`: weekends off, plus the edits given.
std::string government_year(int year, const std::map<std::string, std::string>& edits) {
  static constexpr std::array<std::string_view, 7> k_days = {"日", "一", "二", "三", "四", "五", "六"};
  std::string csv = "\xEF\xBB\xBF西元日期,星期,是否放假,備註\n";
  for (Date day = *Date::from_ymd(year, 1, 1); day.year() == year; ++day) {
    std::string row = fmt::format("{:04}{:02}{:02},{},{},", day.year(), day.month(), day.day(),
                                  k_days[static_cast<std::size_t>(day.weekday())], day.is_weekend() ? 2 : 0);
    if (auto edit = edits.find(day.iso()); edit != edits.end()) row = edit->second;
    if (!row.empty()) csv += row + "\n";
  }
  return csv;
}

} // namespace

TEST_CASE("calendar: the government's yearly CSV is read as exceptions to Mon–Fri") {
  const std::string csv =
      government_year(2028, {{"2028-01-03", "20280103,一,2,調整放假"}, {"2028-01-15", "20280115,六,0,補行上班"}});
  auto calendar = OfficeCalendar::from_csv(csv, "2028.csv");
  REQUIRE(calendar);
  CHECK(calendar->years() == std::set<int>{2028});
  CHECK(calendar->day_by_day());
  const auto exceptions = calendar->exceptions_in(2028);
  REQUIRE(exceptions.size() == 2);
  CHECK(exceptions[0].name == "調整放假");
  CHECK(!exceptions[0].working);
  CHECK(exceptions[1].working);

  OfficeCalendar merged = OfficeCalendar::builtin();
  CHECK(merged.provisional(2028));
  merged.merge_years(*calendar);
  CHECK(!merged.provisional(2028));
  CHECK(merged.source(2028) == "2028.csv");
  CHECK(merged.day(*Date::from_ymd(2028, 1, 15))->kind == DayKind::makeup_workday);
  // The provisional days are gone with the provisional year: the official file decides.
  CHECK(merged.day(*Date::from_ymd(2028, 2, 28))->kind == DayKind::working);
}

TEST_CASE("calendar: a government file covers each year it names, day by day") {
  auto short_file = OfficeCalendar::from_csv("西元日期,星期,是否放假,備註\n20280101,六,2,\n20280102,日,2,\n", "g.csv");
  REQUIRE(!short_file);
  CHECK(short_file.error().message() == "g.csv:3: year 2028 has 2 of its 366 days: no row for 2028-01-03 (the "
                                        "government's file lists every day of the year)");
  auto wrong_day = OfficeCalendar::from_csv(government_year(2028, {{"2028-01-04", "20280104,三,0,"}}), "g.csv");
  REQUIRE(!wrong_day);
  CHECK(wrong_day.error().message() == "g.csv:5: 2028-01-04 is a 星期二, not 三");
  auto twice =
      OfficeCalendar::from_csv(government_year(2028, {{"2028-01-04", "20280104,二,0,\n20280104,二,0,"}}), "g.csv");
  REQUIRE(!twice);
  CHECK(twice.error().message() == "g.csv:6: 2028-01-04 is listed twice (first on line 5)");
}

TEST_CASE("calendar: imported names with commas and quotes come back from the ledger") {
  auto ledger = Ledger::in_memory();
  auto imported = OfficeCalendar::from_csv(
      "date,kind,name\n2028-01-03,holiday,\"開國紀念日, 元旦\"\n2029-01-02,holiday,\"say \"\"hi\"\"\"\n", "c.csv");
  REQUIRE(imported);
  CalendarStore store(*ledger);
  store.import_years(Stamp{"tester", "calendar import", *parse_instant("2027-07-01")}, *imported, "c.csv");
  const OfficeCalendar effective = store.effective(OfficeCalendar::builtin());
  CHECK(effective.day(*Date::from_ymd(2028, 1, 3))->reason == "開國紀念日, 元旦");
  CHECK(effective.day(*Date::from_ymd(2029, 1, 2))->reason == "say \"hi\"");
  CHECK(effective.published(2028));
  CHECK(effective.published(2029));
  CHECK(effective.source(2028) == "imported from c.csv");
}

TEST_CASE("calendar: a bad calendar file names its line") {
  auto bad = OfficeCalendar::from_csv("date,kind,name\n2027-01-01,holiday,元旦\n2027-01-04,vacation,x\n", "c.csv");
  REQUIRE(!bad);
  CHECK(bad.error().message() == "c.csv:3: kind must be holiday or workday, not 'vacation'");
  CHECK(OfficeCalendar::from_csv("when,what\n", "c.csv").error().message().starts_with("c.csv:1: unknown header"));
}
