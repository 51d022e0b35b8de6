// Ledger tests of the case desk: an in-memory ledger, the built-in config and a fixed clock.
#include "desk_test_support.hpp"
#include "epb/cases/case_desk.hpp"

#include <doctest/doctest.h>

using namespace epb;

namespace {

using test::at;
using test::config;

struct Desk {
  std::unique_ptr<Ledger> ledger = Ledger::in_memory();
  CaseDesk desk{*ledger, config(), OfficeCalendar::builtin()};

  Case open(const char* service, const char* received, NewCase extra = {}) {
    extra.service = service;
    extra.channel = "web";
    if (extra.name.empty() && extra.applicant_kind != "anonymous") extra.name = "王小明";
    if (extra.subject.empty()) extra.subject = "工地揚塵";
    extra.received = received;
    auto c = desk.open(at(received), extra);
    REQUIRE_MESSAGE(c, (c ? "" : c.error().message()));
    return *c;
  }
};

} // namespace

TEST_CASE("case desk: a petition opened before the Lunar New Year is due after it, then a pause moves it") {
  Desk d;
  const Case c = d.open("petition", "2023-01-19 10:00");
  CHECK(c.ref == "PET-112-000001");
  CHECK(c.due_date.iso() == "2023-02-01");
  CHECK(c.unit == "planning");
  REQUIRE(d.desk.move(at("2023-01-30 09:00"), c.ref, "assigned", ""));
  REQUIRE(d.desk.move(at("2023-01-30 09:00"), c.ref, "processing", ""));
  auto paused = d.desk.pause(at("2023-01-30 10:00"), c.ref, "補件");
  REQUIRE(paused);
  CHECK(paused->is_paused());
  CHECK(paused->due_date.iso() == "2023-02-01"); // moves only on resuming
  auto resumed = d.desk.resume(at("2023-02-01 10:00"), c.ref, "");
  REQUIRE(resumed);
  CHECK(resumed->due_date.iso() == "2023-02-03");
  CHECK(resumed->deadline_version == 2);
  CHECK(!resumed->is_paused());
}

TEST_CASE("case desk: a pause across a make-up Saturday counts that Saturday as a working day") {
  Desk d;
  // 2025-02-08 is a make-up working Saturday.
  const Case c = d.open("petition", "2025-02-05 09:00");
  CHECK(c.due_date.iso() == "2025-02-08");
  REQUIRE(d.desk.move(at("2025-02-06 09:00"), c.ref, "assigned", ""));
  REQUIRE(d.desk.move(at("2025-02-06 09:00"), c.ref, "processing", ""));
  REQUIRE(d.desk.pause(at("2025-02-06 10:00"), c.ref, ""));
  // Paused (02-06, 02-10]: 02-07 Fri, 02-08 make-up Sat, 02-10 Mon = 3 working days,
  // so the due date moves from 02-08 by 3: 02-10, 02-11, 02-12.
  auto resumed = d.desk.resume(at("2025-02-10 10:00"), c.ref, "");
  REQUIRE(resumed);
  CHECK(resumed->due_date.iso() == "2025-02-12");
}

TEST_CASE("case desk: extensions follow the SOP's policy and cross holidays") {
  Desk d;
  const Case c = d.open("petition", "2023-01-16 09:00"); // due 2023-01-19
  CHECK(c.due_date.iso() == "2023-01-19");
  auto extended = d.desk.extend(at("2023-01-18 09:00"), c.ref, 3, "需現場會勘");
  REQUIRE(extended);
  // 3 working days after 01-19 skip the Lunar New Year: 01-30, 01-31, 02-01.
  CHECK(extended->due_date.iso() == "2023-02-01");
  CHECK(extended->extensions == 1);
  auto again = d.desk.extend(at("2023-01-18 10:00"), c.ref, 1, "again");
  REQUIRE(!again);
  CHECK(again.error().message() == "case PET-112-000001: already extended 1 time (the SOP allows 1)");
  const Case other = d.open("petition", "2023-01-16 09:00");
  CHECK(d.desk.extend(at("2023-01-18 09:00"), other.ref, 11, "x").error().message() ==
        "--days: must be from 1 to 10 working days (the SOP's limit)");
  const Case water = d.open("water_test", "2023-03-01 09:00");
  CHECK(d.desk.extend(at("2023-03-02 09:00"), water.ref, 1, "x").error().why ==
        "the SOP of service 'water_test' allows no extensions");
}

TEST_CASE("case desk: moves follow the SOP, then closing records on time or late") {
  Desk d;
  const Case c = d.open("petition", "2024-03-04 09:00"); // due 2024-03-07
  auto bad = d.desk.move(at("2024-03-04 10:00"), c.ref, "replied", "");
  REQUIRE(!bad);
  CHECK(bad.error().message() ==
        "case PET-113-000001: cannot move from 'received' to 'replied' (allowed: assigned, closed)");
  auto closed = d.desk.close(at("2024-03-08 09:00"), c.ref, "已函復", "");
  REQUIRE(closed);
  CHECK(closed->closed_late == true);
  CHECK(!closed->is_open());
  CHECK(d.desk.move(at("2024-03-08 10:00"), c.ref, "assigned", "").error().why ==
        "is closed (closed); reopen it first");
  auto reopened = d.desk.reopen(at("2024-03-11 09:00"), c.ref, "不服");
  REQUIRE(reopened);
  CHECK(reopened->status == "received");
  CHECK(reopened->due_date.iso() == "2024-03-14");
  CHECK(reopened->closed_late == std::nullopt);
  const auto history = d.ledger->events("case:" + c.ref);
  REQUIRE(history.size() == 3);
  CHECK(history[1].action == "close");
  CHECK(history[2].action == "reopen");
}

TEST_CASE("case desk: invalid intake names the field and writes nothing") {
  Desk d;
  NewCase in;
  in.service = "petition";
  in.channel = "web";
  in.name = "王小明";
  in.subject = "x";
  in.id_number = "A123456788";
  auto bad = d.desk.open(at("2024-03-04 09:00"), in);
  REQUIRE(!bad);
  CHECK(bad.error().fault == Fault::invalid);
  CHECK(bad.error().message() == "id_number: national id 'A123456788': checksum does not match");
  in.id_number.clear();
  in.channel = "pigeon";
  CHECK(d.desk.open(at("2024-03-04 09:00"), in).error().what == "channel");
  CaseFilter all;
  CHECK(d.desk.store().count(all) == 0);
}

TEST_CASE("case desk: overdue cases are listed oldest first with working days late") {
  Desk d;
  const Case a = d.open("petition", "2024-03-04 09:00"); // due 03-07
  const Case b = d.open("petition", "2024-03-01 09:00"); // due 03-06
  d.open("petition", "2024-03-12 09:00");                // not yet due
  const auto late = d.desk.overdue(*parse_instant("2024-03-12 12:00"), CaseFilter{});
  REQUIRE(late.size() == 2);
  CHECK(late[0].c.ref == b.ref);
  CHECK(late[0].workdays_late == 4); // 03-07, 03-08, 03-11, 03-12
  CHECK(late[1].c.ref == a.ref);
  CHECK(d.desk.overdue_count(*parse_instant("2024-03-12 12:00"), CaseFilter{}) == 2);
}

TEST_CASE("case desk: the citizen lookup needs the phone's last four digits") {
  Desk d;
  NewCase in;
  in.phone = "0912-345-678";
  const Case c = d.open("petition", "2024-03-04 09:00", in);
  CHECK(d.desk.lookup(at("2024-03-05 09:00"), c.ref, "5678"));
  const auto wrong = d.desk.lookup(at("2024-03-05 09:00"), c.ref, "5679");
  const auto missing = d.desk.lookup(at("2024-03-05 09:00"), "PET-113-999999", "5678");
  CHECK(wrong.error().fault == Fault::not_found);
  CHECK(wrong.error().message() == missing.error().message());
}

TEST_CASE("case desk: a complaint repeating one handled within two months is flagged") {
  Desk d;
  NewCase in;
  in.id_number = "E123456783";
  in.place = "高雄市苓雅區四維三路2號";
  const Case first = d.open("complaint", "2024-03-04 09:00", in);
  REQUIRE(d.desk.close(at("2024-03-05 09:00"), first.ref, "已稽查改善", ""));
  const Case again = d.open("complaint", "2024-04-20 09:00", in);
  CHECK(again.repeat_of == first.ref);
  CHECK(again.district == "苓雅區");
  in.place = "高雄市前鎮區中華五路789號";
  CHECK(d.open("complaint", "2024-04-21 09:00", in).repeat_of.empty());
}

TEST_CASE("case desk: a closure moves open due dates, and recompute shows then applies") {
  Desk d;
  const Case c = d.open("petition", "2024-07-23 09:00");
  CHECK(c.due_date.iso() == "2024-07-26");
  OfficeCalendar typhoon = OfficeCalendar::builtin();
  typhoon.add_closure({*Date::from_ymd(2024, 7, 25), "凱米颱風"});
  auto dry = d.desk.recompute(at("2024-07-25 08:00"), typhoon, true);
  REQUIRE(dry);
  REQUIRE(dry->size() == 1);
  CHECK(dry->at(0).after.iso() == "2024-07-29");
  CHECK(d.desk.find(c.ref)->due_date.iso() == "2024-07-26"); // dry run wrote nothing
  REQUIRE(d.desk.recompute(at("2024-07-25 08:00"), typhoon, false));
  CHECK(d.desk.find(c.ref)->due_date.iso() == "2024-07-29");
  CHECK(d.ledger->events("case:" + c.ref).back().action == "recompute");
}
