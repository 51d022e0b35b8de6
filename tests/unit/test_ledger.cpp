#include "epb/calendar/calendar_store.hpp"
#include "epb/ledger/ledger.hpp"
#include "epb/ledger/schema.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <filesystem>
#include <unistd.h>

using namespace epb;

namespace {
const Stamp k_stamp{"tester", "test", *parse_instant("2024-07-24 09:00")};
}

TEST_CASE("ledger: an in-memory ledger is migrated and passes its own check") {
  auto ledger = Ledger::in_memory();
  CHECK(ledger->schema_version() == schema::current_version());
  CHECK(ledger->check().empty());
  CHECK(ledger->migrate().empty()); // already current
}

TEST_CASE("ledger: the event log is append-only") {
  auto ledger = Ledger::in_memory();
  ledger->record(k_stamp, "case:X", "open", R"({"a":1})");
  const auto events = ledger->events("case:X");
  REQUIRE(events.size() == 1);
  CHECK(events[0].actor == "tester");
  CHECK(events[0].at == k_stamp.at);
  CHECK_THROWS_WITH_AS(ledger->db().exec("UPDATE event SET actor = 'someone else'"),
                       "ledger: the event log is append-only", sql::SqliteError);
  CHECK_THROWS_AS(ledger->db().exec("DELETE FROM event"), sql::SqliteError);
}

TEST_CASE("ledger: a transaction that is not committed leaves nothing behind") {
  auto ledger = Ledger::in_memory();
  {
    sql::Transaction transaction(ledger->db());
    ledger->record(k_stamp, "case:Y", "open", "{}");
  }
  CHECK(ledger->events("case:Y").empty());
}

TEST_CASE("ledger: the schema check notices a tampered schema") {
  auto ledger = Ledger::in_memory();
  ledger->db().exec("DROP INDEX event_by_subject; CREATE TABLE stray(x INTEGER) STRICT;");
  const auto problems = ledger->check();
  REQUIRE(problems.size() == 2);
  CHECK(problems[0] == "schema: index event_by_subject is missing");
  CHECK(problems[1] == "schema: unexpected table stray");
}

TEST_CASE("calendar store: closures are recorded and applied, and a second one is refused") {
  auto ledger = Ledger::in_memory();
  CalendarStore store(*ledger);
  const Closure typhoon{*Date::from_ymd(2024, 7, 25), "凱米颱風"};
  REQUIRE(store.close_office(k_stamp, OfficeCalendar::builtin(), typhoon));
  const OfficeCalendar calendar = store.effective(OfficeCalendar::builtin());
  CHECK(calendar.day(typhoon.date)->kind == DayKind::closure);
  CHECK(ledger->events("calendar:2024-07-25").size() == 1);
  CHECK(store.close_office(k_stamp, calendar, typhoon).error().why == "already closed (凱米颱風)");
  CHECK(store.close_office(k_stamp, calendar, {*Date::from_ymd(2024, 7, 27), "x"}).error().why ==
        "not a working day (weekend: Saturday)");
}

TEST_CASE("calendar store: imported years replace built-in ones and survive a reload") {
  auto ledger = Ledger::in_memory();
  CalendarStore store(*ledger);
  auto year = OfficeCalendar::from_csv("date,kind,name\n2027-01-01,holiday,開國紀念日\n", "2027.csv");
  REQUIRE(year);
  store.import_years(k_stamp, *year, "2027.csv");
  const OfficeCalendar calendar = store.effective(OfficeCalendar::builtin());
  CHECK(calendar.covers(*Date::from_ymd(2027, 1, 1)));
  CHECK(calendar.day(*Date::from_ymd(2027, 1, 1))->reason == "開國紀念日");
  CHECK(calendar.covers(*Date::from_ymd(2018, 1, 1)));
}

TEST_CASE("ledger: a transaction inside another is a savepoint that can roll back alone") {
  auto ledger = Ledger::in_memory();
  sql::Transaction outer(ledger->db());
  ledger->record(k_stamp, "case:A", "open", "{}");
  {
    sql::Transaction inner(ledger->db());
    ledger->record(k_stamp, "case:B", "open", "{}");
  } // not committed: only B goes
  {
    sql::Transaction inner(ledger->db());
    ledger->record(k_stamp, "case:C", "open", "{}");
    inner.commit();
  }
  outer.commit();
  CHECK(ledger->events("case:A").size() == 1);
  CHECK(ledger->events("case:B").empty());
  CHECK(ledger->events("case:C").size() == 1);
}

TEST_CASE("ledger: migrating a version 3 ledger to 4 rebuilds the tables and keeps every row") {
  const auto path =
      (std::filesystem::temp_directory_path() / fmt::format("epb-migrate-{}.sqlite", ::getpid())).string();
  std::filesystem::remove(path);
  {
    auto ledger = Ledger::open(path, Ledger::Open::create);
    for (const auto& migration : schema::migrations())
      if (migration.version <= 3) ledger->db().exec(migration.sql);
    ledger->db().exec(R"sql(
      PRAGMA user_version = 3;
      INSERT INTO case_file(id, ref, service, unit, channel, status, applicant_kind, subject, received_at, received_date,
        clock_start_at, due_date, due_at, deadline_rule, calendar_version, updated_at)
      VALUES (7, 'PET-113-000001', 'petition', 'u', 'web', 'received', 'organisation', 's', '2024-07-24T01:00:00Z',
        '2024-07-24', '2024-07-24T01:00:00Z', '2024-07-29', '2024-07-29T15:59:59Z', '3 workdays', 'c', '2024-07-24T01:00:00Z');
      INSERT INTO case_pause(case_id, paused_at) VALUES (7, '2024-07-25T01:00:00Z');
      INSERT INTO notice(case_id, ref, level, trigger, deadline_version, audience, transport, lang, subject, body,
        message_id, state, planned_at, next_attempt_at)
      VALUES (7, 'PET-113-000001', 'due', 'before_due', 1, 'applicant', 'mail', 'zh-TW', 's', 'b', 'm@x', 'failed',
        '2024-07-24T01:00:00Z', '2024-07-24T01:00:00Z');)sql");
    CHECK(ledger->migrate() == std::vector<int>{4, 5});
    CHECK(ledger->check().empty());
    auto& keys = ledger->db().prepare("PRAGMA foreign_keys");
    REQUIRE(keys.step());
    CHECK(keys.integer(0) == 1); // switched back on
    keys.reset();
    auto& rows = ledger->db().prepare("SELECT (SELECT applicant_kind FROM case_file WHERE id = 7), "
                                      "(SELECT count(*) FROM case_pause), (SELECT state FROM notice)");
    REQUIRE(rows.step());
    CHECK(rows.text(0) == "organisation");
    CHECK(rows.integer(1) == 1);
    CHECK(rows.text(2) == "failed");
    rows.reset();
    CHECK_THROWS_AS(ledger->db().exec("UPDATE case_file SET applicant_kind = 'robot'"), sql::SqliteError);
  }
  std::filesystem::remove(path);
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");
}
