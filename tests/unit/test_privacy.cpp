// Ledger tests of the audit trail: reveals recorded before anything is shown, events that carry
// the real time, desk verbs that refuse a clock in the past, the lookup's lockout, and writers
// that wait for each other on a real ledger file.
#include "desk_test_support.hpp"
#include "epb/cases/case_desk.hpp"
#include "epb/ledger/schema.hpp"
#include "epb/privacy/reveal.hpp"
#include "epb/time/duration.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include <unistd.h>

using namespace epb;

namespace {

using test::at;
using test::config;

struct Desk {
  std::unique_ptr<Ledger> ledger = Ledger::in_memory();
  CaseDesk desk{*ledger, config(), OfficeCalendar::builtin()};

  Case open(const char* received) {
    NewCase in;
    in.service = "petition";
    in.channel = "web";
    in.name = "王小明";
    in.subject = "工地揚塵";
    in.phone = "0912345678";
    in.received = received;
    auto c = desk.open(at(received), in);
    REQUIRE_MESSAGE(c, (c ? "" : c.error().message()));
    return *c;
  }
  // The machine's clock, which the lockout also counts on: lookup() moves it with the run's.
  Instant real = *parse_instant("2024-03-04 09:00");
  Desk() {
    ledger->set_real_clock([this] { return real; });
  }
  Result<Case> lookup(const char* when, const std::string& ref, const char* digits) {
    real = at(when).at;
    return desk.lookup(at(when), ref, digits);
  }
  std::vector<std::string> actions(const std::string& ref) {
    std::vector<std::string> out;
    for (const auto& event : ledger->events("case:" + ref))
      out.push_back(event.action);
    return out;
  }
};

// A ledger file of its own, removed with its -wal and -shm at the end.
struct TempLedger {
  std::string path =
      (std::filesystem::temp_directory_path() / fmt::format("epb-privacy-{}.sqlite", ::getpid())).string();
  TempLedger() { remove(); }
  ~TempLedger() { remove(); }
  void remove() const {
    for (const char* suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(path + suffix);
  }
};

} // namespace

TEST_CASE("reveal: one event per case, committed by record_reveal itself, never inside another transaction") {
  Desk d;
  const Case c = d.open("2024-03-04 09:00");
  const std::vector<std::string> refs{c.ref, c.ref};
  record_reveal(*d.ledger, at("2024-03-05 09:00"), refs);
  CHECK(d.actions(c.ref) == std::vector<std::string>{"open", "reveal-pii"});
  CHECK(d.ledger->events("case:" + c.ref).back().detail == R"({"command":"test"})");
  sql::Transaction outer(d.ledger->db());
  CHECK_THROWS_AS(record_reveal(*d.ledger, at("2024-03-05 09:00"), refs), Error);
}

TEST_CASE("events: each records the real time of its write besides the command's clock") {
  Desk d;
  d.ledger->set_real_clock({}); // the machine's own clock, not the fixture's fake
  const Instant before = system_now();
  const Case c = d.open("2019-03-04 09:00");
  const Event event = d.ledger->events("case:" + c.ref).front();
  CHECK(event.at.iso() == "2019-03-04T09:00:00+08:00");
  REQUIRE(event.recorded_at);
  CHECK(*event.recorded_at >= before);
  CHECK(*event.recorded_at <= system_now());
}

TEST_CASE("events: a ledger migrated to recorded_at keeps older events, with no real time") {
  TempLedger file;
  {
    auto ledger = Ledger::open(file.path, Ledger::Open::create);
    for (const auto& migration : schema::migrations())
      if (migration.version <= 4) ledger->db().exec(migration.sql);
    ledger->db().exec("PRAGMA user_version = 4; INSERT INTO event(at, actor, command, subject, action) "
                      "VALUES ('2024-07-24T01:00:00Z', 'a', 'c', 'case:X', 'open')");
    ledger->migrate();
    CHECK(ledger->check().empty());
    ledger->record(at("2024-07-25 09:00"), "case:X", "note", "{}");
    const auto events = ledger->events("case:X");
    REQUIRE(events.size() == 2);
    CHECK(!events[0].recorded_at);
    CHECK(events[1].recorded_at);
    CHECK_THROWS_AS(ledger->db().exec("UPDATE event SET recorded_at = 'x'"), sql::SqliteError); // still append-only
  }
}

TEST_CASE("case desk: no verb accepts a clock earlier than the case's receipt or latest change") {
  Desk d;
  const Case c = d.open("2024-03-04 09:00");
  const auto close = d.desk.close(at("2019-01-01 09:00"), c.ref, "已函復", "");
  REQUIRE(!close);
  CHECK(close.error().fault == Fault::invalid);
  CHECK(close.error().message() ==
        fmt::format("case {}: the clock (2019-01-01T09:00:00+08:00) is earlier than its receipt "
                    "(2024-03-04T09:00:00+08:00); a change cannot be dated before what it follows (check --as-of "
                    "/ EPB_NOW)",
                    c.ref));
  REQUIRE(d.desk.move(at("2024-03-05 10:00"), c.ref, "assigned", ""));
  const Stamp early = at("2024-03-05 09:59");
  CHECK(!d.desk.move(early, c.ref, "processing", ""));
  CHECK(!d.desk.pause(early, c.ref, ""));
  CHECK(!d.desk.extend(early, c.ref, 1, "需會勘"));
  CHECK(!d.desk.assign(early, c.ref, "張科員"));
  CHECK(!d.desk.note(early, c.ref, "電話聯繫"));
  const auto late_close = d.desk.close(early, c.ref, "已函復", "");
  REQUIRE(!late_close);
  CHECK(late_close.error().why.find("its last change (2024-03-05T10:00:00+08:00)") != std::string::npos);
  CHECK(d.actions(c.ref) == std::vector<std::string>{"open", "move"}); // nothing written
  // Reading events (a reveal dated later) do not hold the desk back; the same instant is fine.
  record_reveal(*d.ledger, at("2030-01-01 09:00"), std::vector<std::string>{c.ref});
  REQUIRE(d.desk.move(at("2024-03-05 10:00"), c.ref, "processing", ""));
  REQUIRE(d.desk.close(at("2024-03-06 10:00"), c.ref, "已函復", ""));
  CHECK(!d.desk.reopen(at("2024-03-06 09:00"), c.ref, "不服"));
  CHECK(d.desk.reopen(at("2024-03-07 09:00"), c.ref, "不服"));
}

TEST_CASE("lookup: failures are recorded without the digits, and five within a day lock the reference") {
  Desk d;
  const Case c = d.open("2024-03-04 09:00");
  const char* now = "2024-03-05 09:00";
  CHECK(d.lookup(now, c.ref, "5678"));
  CHECK(d.actions(c.ref) == std::vector<std::string>{"open"}); // a right answer writes nothing
  const std::string not_found = d.lookup(now, c.ref, "0000").error().message();
  CHECK(d.lookup(now, "PET-113-999999", "5678").error().message() == not_found);
  CHECK(d.ledger->events("case:PET-113-999999").size() == 1);
  for (const auto& event : d.ledger->events("case:" + c.ref))
    CHECK(event.detail.find("0000") == std::string::npos);
  for (const char* guess : {"0001", "0002", "0003"})
    CHECK(!d.lookup("2024-03-05 10:00", c.ref, guess));
  CHECK(d.lookup("2024-03-05 10:00", c.ref, "5678"));  // 4 failures: still open
  CHECK(!d.lookup("2024-03-05 11:00", c.ref, "0004")); // the fifth
  const auto locked = d.lookup("2024-03-05 11:01", c.ref, "5678");
  REQUIRE(!locked);
  CHECK(locked.error().message() == not_found);
  CHECK(locked.error().fault == Fault::not_found);
  CHECK(d.ledger->events("case:" + c.ref).back().detail == R"({"locked":true})");
  // The cooling-off runs from the latest failure that made five within the window: the
  // locked try at 11:01 was the sixth, so the lock lasts until 11:01 the next day.
  CHECK(!d.lookup("2024-03-06 11:00", c.ref, "5678"));
  CHECK(d.lookup("2024-03-06 11:02", c.ref, "5678"));
  // A malformed factor is invalid input and records nothing.
  const auto events = d.ledger->events("case:" + c.ref).size();
  CHECK(d.lookup(now, c.ref, "56a8").error().fault == Fault::invalid);
  CHECK(d.ledger->events("case:" + c.ref).size() == events);
}

TEST_CASE("lookup: failures spread wider than the window never lock") {
  Desk d;
  const Case c = d.open("2024-03-04 09:00");
  for (const char* when : {"2024-03-05 09:00", "2024-03-05 15:00", "2024-03-05 21:00", "2024-03-06 03:00",
                           "2024-03-06 09:00", "2024-03-06 15:00"})
    CHECK(!d.lookup(when, c.ref, "0000"));
  CHECK(d.lookup("2024-03-06 15:01", c.ref, "5678")); // never 5 within 24 h
}

TEST_CASE("lookup: a lock holds on the machine's clock, whatever --as-of says") {
  Desk d;
  const Case c = d.open("2024-03-04 09:00");
  for (const char* guess : {"0001", "0002", "0003", "0004", "0005"})
    CHECK(!d.lookup("2024-03-05 10:00", c.ref, guess));
  // The run's clock moved two days on, the machine's not at all: still locked.
  CHECK(!d.desk.lookup(at("2024-03-07 10:00"), c.ref, "5678"));
  // A day after the fifth failure on the machine's clock too: open again.
  d.real = at("2024-03-08 10:01").at;
  CHECK(d.desk.lookup(at("2024-03-08 10:01"), c.ref, "5678"));
}

TEST_CASE("durations: a whole number and a unit") {
  CHECK(parse_duration_seconds("5m", "k").value() == 300);
  CHECK(parse_duration_seconds(" 24h ", "k").value() == 86400);
  CHECK(parse_duration_seconds("0s", "k").value() == 0);
  CHECK(parse_duration_seconds("7d", "k").value() == 7 * 86400);
  for (const char* bad : {"", "5", "m", "-5m", "1.5h", "5 m", "5M", "5w", "367d", "99999999999999999999s"}) {
    CAPTURE(bad);
    CHECK(!parse_duration_seconds(bad, "k"));
  }
  CHECK(format_duration(300) == "5m");
  CHECK(format_duration(90) == "90s");
  CHECK(format_duration(86400) == "1d");
  CHECK(format_duration(0) == "0s");
}

TEST_CASE("busy wait: a writer waits for another's commit, and gives up after its timeout, telling once") {
  TempLedger file;
  auto holder = Ledger::open(file.path, Ledger::Open::create);
  holder->migrate();
  int told = 0;
  sql::BusyWait wait;
  wait.timeout = std::chrono::milliseconds(400);
  wait.notice_after = std::chrono::milliseconds(100);
  wait.on_wait = [&told] { ++told; };
  auto waiter = Ledger::open(file.path, Ledger::Open::existing, wait);
  {
    sql::Transaction held(holder->db());
    const auto start = std::chrono::steady_clock::now();
    try {
      sql::Transaction blocked(waiter->db());
      FAIL("the write lock was free");
    } catch (const sql::SqliteError& e) {
      CHECK(std::string(e.what()).find("another epb command held the ledger") != std::string::npos);
    }
    CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(400));
    CHECK(told == 1);
  }
  // Released within the timeout: the waiter gets the lock and commits.
  std::thread releaser;
  {
    auto held = std::make_unique<sql::Transaction>(holder->db());
    releaser = std::thread([&held] {
      std::this_thread::sleep_for(std::chrono::milliseconds(150));
      held->commit();
    });
    sql::Transaction waited(waiter->db());
    waiter->record(at("2024-03-05 09:00"), "case:X", "note", "{}");
    waited.commit();
    releaser.join();
  }
  CHECK(waiter->events("case:X").size() == 1);
}

TEST_CASE("config: [ledger] and [lookup] are read, checked and rendered back") {
  std::string text(builtin_config_text());
  const Config defaults = *parse_config(text, "built-in");
  CHECK(defaults.ledger.busy_timeout_seconds == 300);
  CHECK(defaults.lookup.max_failures == 5);
  CHECK(defaults.lookup.window_seconds == 86400);
  CHECK(defaults.lookup.cooling_off_seconds == 86400);
  const auto replace = [&text](std::string_view from, std::string_view to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
  };
  replace("busy_timeout = \"5m\"", "busy_timeout = \"90s\"");
  replace("max_failures = 5", "max_failures = 3");
  replace("cooling_off = \"24h\"", "cooling_off = \"2h\"");
  const auto changed = parse_config(text, "changed.toml");
  REQUIRE(changed);
  CHECK(changed->ledger.busy_timeout_seconds == 90);
  CHECK(changed->lookup.max_failures == 3);
  CHECK(changed->lookup.cooling_off_seconds == 7200);
  const auto again = parse_config(render_config(*changed), "rendered.toml");
  REQUIRE(again);
  CHECK(again->ledger == changed->ledger);
  CHECK(again->lookup == changed->lookup);
  replace("busy_timeout = \"90s\"", "busy_timeout = \"90\"");
  const auto bad = parse_config(text, "bad.toml");
  REQUIRE(!bad);
  CHECK(bad.error().front().message == "bad busy_timeout in [ledger]: '90' has no unit (s, m, h or d); expected e.g. "
                                       "30s, 5m, 24h or 7d");
}

TEST_CASE("busy wait: a reveal that cannot be recorded in time throws, and records nothing") {
  TempLedger file;
  auto holder = Ledger::open(file.path, Ledger::Open::create);
  holder->migrate();
  sql::BusyWait wait;
  wait.timeout = std::chrono::milliseconds(200);
  auto reader = Ledger::open(file.path, Ledger::Open::existing, wait);
  {
    sql::Transaction held(holder->db());
    CHECK_THROWS_AS(record_reveal(*reader, at("2024-03-05 09:00"), std::vector<std::string>{"PET-113-000001"}),
                    sql::SqliteError);
  }
  CHECK(reader->events("case:PET-113-000001").empty());
}

TEST_CASE("busy wait: a transaction begun after an unfinished read still waits instead of failing at once") {
  TempLedger file;
  auto other = Ledger::open(file.path, Ledger::Open::create);
  other->migrate();
  other->record(at("2024-03-05 09:00"), "case:X", "note", "{}");
  other->record(at("2024-03-05 09:00"), "case:X", "note", "{}");
  auto ledger = Ledger::open(file.path, Ledger::Open::existing);
  // A read left holding its first row keeps an old snapshot open...
  auto& read = ledger->db().prepare("SELECT id FROM event");
  REQUIRE(read.step());
  // ...while another connection writes. Asking for the write lock on that snapshot would fail
  // with SQLITE_BUSY_SNAPSHOT, which no busy handler waits for; the transaction ends the read.
  other->record(at("2024-03-05 09:01"), "case:X", "note", "{}");
  sql::Transaction transaction(ledger->db());
  ledger->record(at("2024-03-05 09:02"), "case:X", "note", "{}");
  transaction.commit();
  CHECK(other->events("case:X").size() == 4);
}
