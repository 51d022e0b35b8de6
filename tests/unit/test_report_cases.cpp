// The case sections of the period report against a hand-built ledger: every count below is
// worked out by hand from the cases each test opens (the built-in config's petition service:
// 3 working days, unit planning, one extension of up to 10 working days).
#include "desk_test_support.hpp"
#include "epb/calendar/deadline.hpp"
#include "epb/calendar/workday_index.hpp"
#include "epb/cases/case_desk.hpp"
#include "epb/report/case_counts.hpp"
#include "epb/report/period_report.hpp"

#include <doctest/doctest.h>

using namespace epb;
using namespace epb::report;

namespace {

using test::at;
using test::config;

struct Ledgered {
  std::unique_ptr<Ledger> ledger = Ledger::in_memory();
  CaseDesk desk{*ledger, config(), OfficeCalendar::builtin()};

  std::string open(const char* received, const char* service = "petition") {
    NewCase c;
    c.service = service;
    c.channel = "web";
    c.name = "王小明";
    c.subject = "工地揚塵";
    c.received = received;
    auto opened = desk.open(at(received), c);
    REQUIRE_MESSAGE(opened, (opened ? "" : opened.error().message()));
    return opened->ref;
  }
  void close(const std::string& ref, const char* when) {
    auto closed = desk.close(at(when), ref, "已函復", "");
    REQUIRE_MESSAGE(closed, (closed ? "" : closed.error().message()));
  }
  void to_processing(const std::string& ref, const char* when) {
    REQUIRE(desk.move(at(when), ref, "assigned", ""));
    REQUIRE(desk.move(at(when), ref, "processing", ""));
  }

  Document report(int year, const char* as_of) {
    ReportScope scope;
    scope.period = year_period(year);
    scope.as_of = at(as_of).at;
    scope.generated_at = scope.as_of;
    auto document = period_report({*ledger, config(), OfficeCalendar::builtin()}, scope);
    REQUIRE_MESSAGE(document, (document ? "" : document.error().message()));
    return *document;
  }
};

// The cell of `column` in the row of unit/service (or the row whose first cell is `first`).
std::string cell(const Document& d, const char* table, const char* first, const char* second, const char* column) {
  const Table* t = d.table(table);
  REQUIRE(t != nullptr);
  const auto index = t->column(column);
  REQUIRE(index.has_value());
  for (const auto& row : t->rows)
    if (row[0] == first && (second == nullptr || row[1] == second)) return row[*index].value_or("none");
  FAIL("no row " << first);
  return {};
}

std::string petition(const Document& d, const char* column) {
  return cell(d, "services", "planning", "petition", column);
}

std::string fact(const Document& d, const char* key) {
  for (const auto& [k, v] : d.facts)
    if (k == key) return v;
  return "(none)";
}

} // namespace

TEST_CASE("report cases: a case received on 12-31 and closed on 01-02 counts in each year once") {
  Ledgered l;
  const std::string ref = l.open("2018-12-31 16:00"); // due 2019-01-04: 01-01 is New Year's Day
  l.close(ref, "2019-01-02 10:00");
  const Document y2018 = l.report(2018, "2019-02-01 00:00");
  CHECK(petition(y2018, "received") == "1");
  CHECK(petition(y2018, "closed") == "0");
  CHECK(petition(y2018, "open_at_end") == "1");
  CHECK(petition(y2018, "overdue_at_end") == "0");
  CHECK(petition(y2018, "on_time_pct") == "none"); // nothing closed: no percentage, not 0
  const Document y2019 = l.report(2019, "2019-02-01 00:00");
  CHECK(petition(y2019, "received") == "0");
  CHECK(petition(y2019, "closed") == "1");
  CHECK(petition(y2019, "closed_on_time") == "1");
  CHECK(petition(y2019, "on_time_pct") == "100.00");
  CHECK(petition(y2019, "open_at_end") == "0");
  // (12-31, 01-02]: 01-01 is a holiday, 01-02 a working day.
  CHECK(petition(y2019, "median_workdays") == "1");
  CHECK(petition(y2019, "p90_workdays") == "1");
  CHECK(cell(y2019, "months", "2019-01", nullptr, "closed") == "1");
  CHECK(cell(y2018, "months", "2018-12", nullptr, "received") == "1");
  CHECK(y2019.primary == "services");
}

TEST_CASE("report cases: a reopened case counts by its last close, late against its new deadline") {
  Ledgered l;
  const std::string ref = l.open("2019-03-04 09:00");          // Monday, due 03-07
  l.close(ref, "2019-03-05 09:00");                            // on time
  REQUIRE(l.desk.reopen(at("2019-03-11 09:00"), ref, "不服")); // due again 3 working days on: 03-14
  l.close(ref, "2019-04-01 09:00");                            // late
  const Document d = l.report(2019, "2020-01-10 00:00");
  CHECK(petition(d, "received") == "1");
  CHECK(petition(d, "closed") == "1");
  CHECK(petition(d, "closed_on_time") == "0");
  CHECK(petition(d, "on_time_pct") == "0.00");
  // As of 03-08 it was closed, on time; as of 03-12 it was open again (due 03-14: not overdue).
  const Document then = l.report(2019, "2019-03-08 00:00");
  CHECK(petition(then, "closed") == "1");
  CHECK(petition(then, "closed_on_time") == "1");
  CHECK(petition(then, "open_at_end") == "0");
  CHECK(fact(then, "changed_after_as_of") == "1");
  CHECK(fact(then, "last_change_after_as_of") == "2019-04-01T01:00:00Z");
  const Document reopened = l.report(2019, "2019-03-12 00:00");
  CHECK(petition(reopened, "closed") == "0");
  CHECK(petition(reopened, "open_at_end") == "1");
  CHECK(petition(reopened, "overdue_at_end") == "0");
  const Document overdue = l.report(2019, "2019-03-20 00:00");
  CHECK(petition(overdue, "overdue_at_end") == "1");
}

TEST_CASE("report cases: a case paused at the period end is open but not overdue") {
  Ledgered l;
  const std::string paused = l.open("2019-12-23 09:00"); // due 12-26
  l.to_processing(paused, "2019-12-23 10:00");
  REQUIRE(l.desk.pause(at("2019-12-24 09:00"), paused, "補件"));
  const std::string running = l.open("2019-12-20 09:00"); // Friday, due 12-25: overdue at year end
  const Document d = l.report(2019, "2020-01-10 00:00");
  CHECK(petition(d, "received") == "2");
  CHECK(petition(d, "open_at_end") == "2");
  CHECK(petition(d, "overdue_at_end") == "1");
  CHECK(petition(d, "pauses") == "1");
  // Resumed in 2020: at the 2019 year end it was still paused.
  REQUIRE(l.desk.resume(at("2020-01-06 09:00"), paused, ""));
  CHECK(petition(l.report(2019, "2020-01-10 00:00"), "overdue_at_end") == "1");
  (void)running;
}

TEST_CASE("report cases: a case closed late after an extension, and the due date before a later extension") {
  Ledgered l;
  const std::string late = l.open("2019-06-03 09:00");
  REQUIRE(l.desk.extend(at("2019-06-04 09:00"), late, 2, "會勘"));
  l.close(late, "2019-06-28 09:00");
  // Open at the year end and overdue then; extended in 2020: the 2019 report keeps it overdue.
  const std::string overdue = l.open("2019-12-16 09:00"); // due 12-19
  const Document before = l.report(2019, "2020-01-02 00:00");
  CHECK(petition(before, "overdue_at_end") == "1");
  REQUIRE(l.desk.extend(at("2020-01-03 09:00"), overdue, 10, "會勘"));
  const Document d = l.report(2019, "2020-02-01 00:00");
  CHECK(petition(d, "received") == "2");
  CHECK(petition(d, "closed") == "1");
  CHECK(petition(d, "closed_on_time") == "0");
  CHECK(petition(d, "extensions") == "1"); // the 2020 extension is not one of 2019's
  CHECK(petition(d, "open_at_end") == "1");
  CHECK(petition(d, "overdue_at_end") == "1");
  CHECK(petition(l.report(2020, "2020-02-01 00:00"), "extensions") == "1");
}

TEST_CASE("report cases: a report as of a moment gives the numbers it gave on that day") {
  Ledgered l;
  const std::string a = l.open("2019-02-11 09:00");
  const std::string b = l.open("2019-02-12 09:00");
  l.close(a, "2019-02-13 09:00");
  const Document on_the_day = l.report(2019, "2019-02-20 00:00");
  // Later: b closes, a reopens, a new case comes in, another is extended.
  l.close(b, "2019-02-25 09:00");
  REQUIRE(l.desk.reopen(at("2019-02-26 09:00"), a, "不服"));
  const std::string c = l.open("2019-03-01 09:00");
  REQUIRE(l.desk.extend(at("2019-03-04 09:00"), c, 2, "x"));
  const Document later = l.report(2019, "2019-02-20 00:00");
  CHECK(later.table("services")->rows == on_the_day.table("services")->rows);
  CHECK(later.table("months")->rows == on_the_day.table("months")->rows);
  CHECK(fact(on_the_day, "changed_after_as_of") == "0");
  CHECK(fact(later, "changed_after_as_of") == "3");
}

TEST_CASE("report cases: a provisional year is named in the facts and the definitions") {
  Ledgered l;
  const std::string ref = l.open("2028-01-03 09:00");
  l.close(ref, "2028-01-05 09:00");
  const Document d = l.report(2028, "2028-02-01 00:00");
  CHECK(petition(d, "closed") == "1");
  CHECK(petition(d, "median_workdays") == "2");
  CHECK(fact(d, "provisional_years") == "2028");
  bool defined = false;
  for (const Definition& definition : d.definitions)
    defined = defined || definition.key == "provisional";
  CHECK(defined);
  CHECK(!d.table("services")->note.empty());
}

TEST_CASE("report cases: unit totals, every configured service listed, --unit and --service filters") {
  Ledgered l;
  l.open("2019-05-02 09:00");
  l.open("2019-05-02 10:00", "complaint");
  const Document d = l.report(2019, "2020-01-01 00:00");
  CHECK(cell(d, "units", "planning", nullptr, "received") == "1");
  CHECK(cell(d, "units", "inspection", nullptr, "received") == "1");
  CHECK(cell(d, "services", "testing", "water_test", "received") == "0");
  ReportScope scope;
  scope.period = year_period(2019);
  scope.as_of = at("2020-01-01 00:00").at;
  scope.unit = "planning";
  auto only = period_report({*l.ledger, config(), OfficeCalendar::builtin()}, scope);
  REQUIRE(only);
  for (const auto& row : only->table("services")->rows)
    CHECK(row[0] == "planning");
}

TEST_CASE("report cases: nearest-rank percentiles") {
  CHECK(nearest_rank({}, 50) == std::nullopt);
  CHECK(nearest_rank({{4, 1}}, 90) == 4);
  // 1,2,3,...,10: the median is 5 (rank 5), p90 is 9 (rank 9).
  WorkdayHistogram ten;
  for (int days = 1; days <= 10; ++days)
    ten[days] = 1;
  CHECK(nearest_rank(ten, 50) == 5);
  CHECK(nearest_rank(ten, 90) == 9);
  CHECK(nearest_rank({{0, 3}, {7, 1}}, 50) == 0);
  CHECK(nearest_rank({{0, 3}, {7, 1}}, 90) == 7);
}

TEST_CASE("report cases: the working-day index agrees with the day-by-day count") {
  const OfficeCalendar& calendar = OfficeCalendar::builtin();
  auto index = WorkdayIndex::build(calendar, 2018, 2030);
  REQUIRE(index);
  const Date first = *Date::from_ymd(2018, 1, 1);
  std::uint32_t state = 12345;
  for (int i = 0; i < 400; ++i) {
    state = state * 1103515245u + 12345u;
    const Date from = first + static_cast<int>(state % 4700);
    state = state * 1103515245u + 12345u;
    const Date to = from + static_cast<int>(state % 90) - 5;
    // The walk itself (working_days_between uses the index for long spans).
    int walked = 0;
    for (Date day = from + 1; day <= to; ++day)
      walked += *calendar.is_working(day) ? 1 : 0;
    CHECK(index->between(from, to) == walked);
    CHECK(index->provisional_between(from, to) == calendar.any_provisional(from, to));
    const auto counted = working_days_between(calendar, from, to);
    REQUIRE(counted);
    CHECK(*counted == walked);
  }
  CHECK(index->between(first + -1, first + 3) == std::nullopt);
  CHECK(index->between(first + 3, first + 3) == 0);
  CHECK(!WorkdayIndex::build(calendar, 2010, 2011));
}
