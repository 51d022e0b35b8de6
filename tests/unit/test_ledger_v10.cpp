// Schema 10: notices from sources. A version 9 ledger's notices survive the rebuild of the
// notice table (ids, keys, Message-IDs, states), its analyst view is back, a 'decision' notice is
// accepted, and the subsidy decision queue exists with its partial index.
#include "desk_test_support.hpp"
#include "epb/cases/case_desk.hpp"
#include "epb/ledger/schema.hpp"
#include "epb/notify/notice_store.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <filesystem>

#include <unistd.h>

using namespace epb;

TEST_CASE("ledger v10: a version 9 ledger keeps its notices, and decisions can be queued") {
  const std::string path =
      (std::filesystem::temp_directory_path() / fmt::format("epb-v10-{}.sqlite", ::getpid())).string();
  const auto remove = [&path] {
    for (const char* suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(path + suffix);
  };
  remove();
  {
    auto ledger = Ledger::open(path, Ledger::Open::create);
    for (const auto& migration : schema::migrations())
      if (migration.version <= 9) ledger->db().exec(migration.sql);
    ledger->db().exec("PRAGMA user_version = 9");
    CaseDesk desk(*ledger, test::config(), OfficeCalendar::builtin());
    NewCase in;
    in.service = "petition";
    in.channel = "web";
    in.subject = "路燈不亮";
    in.received = "2024-03-04 10:00";
    in.name = "王小明";
    in.phone = "0912345678";
    const Case c = *desk.open(test::at("2024-03-04 10:00"), in);
    Notice n;
    n.case_id = c.id;
    n.ref = c.ref;
    n.level = "overdue";
    n.trigger = "overdue";
    n.deadline_version = 1;
    n.audience = "applicant";
    n.transport = "sms";
    n.lang = "zh-TW";
    n.subject = "s";
    n.body = "b";
    n.state = NoticeState::sent;
    n.message_id = notice_message_id(n.ref, n.source, n.item, n.level, 1, 0);
    n.planned_at = n.next_attempt_at = *parse_instant("2024-03-08 09:00");
    NoticeStore(*ledger).insert(n);

    REQUIRE(ledger->migrate() == std::vector<int>{10, 11, 12, 13, 14});
    CHECK(ledger->check().empty());
    auto& db = ledger->db();
    auto& kept = db.prepare("SELECT id, source, item, message_id, state, planned_at FROM notice_iso");
    REQUIRE(kept.step());
    CHECK(kept.int64(0) == 1);
    CHECK(kept.text(1) == "deadline");
    CHECK(kept.text(2) == "");
    CHECK(kept.text(3) == "notice-PET-113-000001-overdue-v1-c0@epb.ksepb.gov.tw");
    CHECK(kept.text(4) == "sent");
    CHECK(kept.text(5) == "2024-03-08T01:00:00Z");
    kept.reset();

    // A decision notice and a queued decision, as the subsidy source writes them.
    n.source = "subsidy";
    n.item = "approved";
    n.level = "approved";
    n.trigger = "decision";
    n.deadline_version = 0;
    n.cycle = 1;
    n.message_id = notice_message_id(n.ref, n.source, n.item, n.level, 0, 1);
    CHECK(NoticeStore(*ledger).insert(n) == 2);
    db.exec("INSERT INTO subsidy_decision(case_id, decision, round, amount, decided_at) VALUES (1, 'approved', 1, "
            "5000, 0)");
    CHECK_THROWS_AS(
        db.exec("INSERT INTO subsidy_decision(case_id, decision, round, decided_at) VALUES (1, 'approved', 1, 0)"),
        Error);
    CHECK_THROWS_AS(
        db.exec("INSERT INTO subsidy_decision(case_id, decision, round, decided_at) VALUES (1, 'granted', 1, 0)"),
        Error);
    auto& view = db.prepare("SELECT ref, decision, amount, decided_at FROM subsidy_decision_iso");
    REQUIRE(view.step());
    CHECK(view.text(0) == "PET-113-000001");
    CHECK(view.text(3) == "1970-01-01T00:00:00Z");
    view.reset();
  }
  remove();
}
