// Ledger tests of construction fee projects: registration, declaration (fee, schedule by
// amount, slips, the exemption, the counted-back start without grace), stop-work days, the
// settlement (refund, top-up, the double rate) and the fee kind's refusals of generic verbs, on
// an in-memory ledger with a fixed clock. The rates are set here, not read from epb.toml.
#include "epb/fee/fee_desk.hpp"
#include "epb/fee/fee_kind.hpp"
#include "fee_test_support.hpp"

#include <doctest/doctest.h>

using namespace epb;

namespace {

using test::at;

using test::dec;
using test::rc_project;

const Config& config() { return test::fee_config(); }

struct Desk {
  std::unique_ptr<Ledger> ledger = Ledger::in_memory();
  FeeDesk desk{*ledger, config(), OfficeCalendar::builtin()};

  FeeProjectCase add(NewFeeProject p = rc_project(), const char* when = "2026-03-02 10:00") {
    auto added = desk.add_project(at(when), p);
    REQUIRE_MESSAGE(added, (added ? "" : added.error().message()));
    return *added;
  }
  FeeAssessment declare(const std::string& ref, FeeDeclareInput input = {}, const char* when = "2026-03-03 10:00") {
    auto declared = desk.declare(at(when), ref, input);
    REQUIRE_MESSAGE(declared, (declared ? "" : declared.error().message()));
    return *declared;
  }
  // The payment engine's part (fee-pay), as a test writes it.
  void pay(const std::string& slip, const char* on) {
    ledger->db().exec("UPDATE fee_instalment SET state = 'paid', paid_on = '" + std::string(on) +
                      "', paid_total = amount WHERE slip = '" + slip + "'");
  }
  std::int64_t count(const char* table) {
    auto& s = ledger->db().prepare(std::string("SELECT count(*) FROM ") + table);
    s.step();
    const std::int64_t n = s.int64(0);
    s.reset();
    return n;
  }
};

} // namespace

TEST_CASE("fee desk: a project is a case of the fee service with its fee_project row") {
  Desk d;
  const FeeProjectCase added = d.add();
  CHECK(added.c.ref == "CFD-115-000001");
  CHECK(added.c.status == "received");
  CHECK(added.c.applicant.id_number == "A123456789");
  CHECK(added.p.state == FeeProjectState::registered);
  CHECK(added.p.district == "前鎮區");
  CHECK(added.p.quantity == dec("1000"));
  auto found = d.desk.find("115高市工建築字第00123號");
  REQUIRE(found);
  CHECK(found->c.ref == added.c.ref);
  auto by_ref = d.desk.find("CFD-115-000001");
  REQUIRE(by_ref);
  CHECK(by_ref->p.contractor_ubn == "04595257");
  CHECK(d.desk.find("CFD-115-000099").error().fault == Fault::not_found);
  // One live project per permit.
  auto again = d.desk.add_project(at("2026-03-02 11:00"), rc_project());
  REQUIRE_FALSE(again);
  CHECK(again.error().message() == "--permit: 115高市工建築字第00123號 is already registered as CFD-115-000001");
  CHECK(d.count("case_file") == 1);
}

TEST_CASE("fee desk: invalid projects are refused with nothing written") {
  Desk d;
  const auto refused = [&](NewFeeProject p, const std::string& message) {
    auto added = d.desk.add_project(at("2026-03-02 10:00"), p);
    REQUIRE_FALSE(added);
    CHECK(added.error().message().find(message) != std::string::npos);
    CHECK(d.count("case_file") == 0);
    CHECK(d.count("fee_project") == 0);
  };
  NewFeeProject p = rc_project();
  p.owner_id = "A123456788";
  refused(p, "--owner-id:");
  p = rc_project();
  p.owner_kind = "company";
  p.owner_id = "12345678";
  refused(p, "--owner-id:");
  p = rc_project();
  p.contractor_ubn = "1234567";
  refused(p, "--contractor-ubn:");
  refused(rc_project("1000", "2026-06-07", "2026-03-10"),
          "--planned-end: 2026-03-10 is before the planned start (2026-06-07)");
  p = rc_project();
  p.category = "Q";
  refused(p, "--category: unknown category 'Q'");
  refused(rc_project("-5"), "--quantity:");
  p = rc_project();
  p.site_address = "高雄市\x01前鎮區";
  refused(p, "--site:");
  p = rc_project();
  p.floors_above = 3;
  refused(p, "give --found-on");
}

TEST_CASE("fee desk: the schedule follows the amount") {
  Desk d;
  SUBCASE("up to NT$10,000: in full, due after the grace of private works") {
    const FeeProjectCase added = d.add(); // RC 1,000 m², 90 days: level 2, NT$7,950
    const FeeAssessment a = d.declare(added.c.ref);
    CHECK(a.declaration.fee == 7950);
    CHECK(a.declaration.level == 2);
    CHECK(a.declaration.days == 90);
    REQUIRE(a.issued.size() == 1);
    CHECK(a.issued[0].kind == InstalmentKind::full);
    CHECK(a.issued[0].amount == 7950);
    CHECK(a.issued[0].due.iso() == "2026-03-13"); // the start (later than the approval) + 3 days
    CHECK(a.issued[0].slip.starts_with("115000001"));
    CHECK(check_payment_slip(a.issued[0].slip));
    CHECK(a.c.status == "approved");
    CHECK_FALSE(a.c.is_open()); // 核定 is final: the review the SOP times is over
    CHECK(d.desk.find(added.c.ref)->p.state == FeeProjectState::declared);
    // Halves are for NT$10,000 and more.
    Desk other;
    const FeeProjectCase second = other.add();
    FeeDeclareInput halves;
    halves.plan = "halves";
    auto refused = other.desk.declare(at("2026-03-03 10:00"), second.c.ref, halves);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().what == "--plan");
    CHECK(other.count("fee_declaration") == 0);
  }
  SUBCASE("NT$10,000 to 5,000,000: halves, the second before the use permit") {
    const FeeProjectCase added = d.add(rc_project("2000", "2026-03-10", "2026-06-17")); // 100 days: NT$16,467
    FeeDeclareInput halves;
    halves.plan = "halves";
    const FeeAssessment a = d.declare(added.c.ref, halves);
    CHECK(a.declaration.fee == 16467);
    CHECK(a.declaration.level == 1);
    REQUIRE(a.issued.size() == 2);
    CHECK(a.issued[0].amount + a.issued[1].amount == 16467);
    CHECK(a.issued[1].due.iso() == "2026-06-17");
    CHECK(a.issued[0].slip != a.issued[1].slip);
  }
  SUBCASE("5,000,000 and more: instalments on the dates the city set") {
    NewFeeProject p = rc_project("2000000000");
    p.category = "Z";
    const FeeProjectCase added = d.add(p);
    FeeDeclareInput plan;
    plan.plan = "instalments";
    plan.instalment_dates = {"2026-04-01", "115/07/01", "2026-10-01"};
    const FeeAssessment a = d.declare(added.c.ref, plan);
    CHECK(a.declaration.fee >= 5000000);
    REQUIRE(a.issued.size() == 3);
    CHECK(a.issued[0].amount + a.issued[1].amount + a.issued[2].amount == a.declaration.fee);
    CHECK(a.issued[1].due.iso() == "2026-07-01");
    CHECK(a.issued[2].seq == 3);
  }
}

TEST_CASE("fee desk: a fee of NT$100 or less is declared, not paid") {
  Desk d;
  NewFeeProject p = rc_project("10000"); // Z: 10,000 × 3.5‰ (or 5.4‰ at level 3) ≤ NT$100
  p.category = "Z";
  const FeeProjectCase added = d.add(p);
  const FeeAssessment a = d.declare(added.c.ref);
  CHECK(a.declaration.exempt);
  CHECK(a.declaration.fee <= 100);
  CHECK(a.issued.empty());
  CHECK(d.count("fee_instalment") == 0);
  CHECK(d.count("fee_declaration") == 1);
  CHECK(a.c.status == "approved");
}

TEST_CASE("fee desk: works found under way are counted back and due at once") {
  Desk d;
  NewFeeProject p = rc_project("1000", "2026-05-01", "2026-09-30");
  p.found_on = "2026-03-01";
  p.floors_above = 2; // 180 days
  p.basements = 1;    // 120 days
  const FeeProjectCase added = d.add(p);
  REQUIRE(added.p.started_on);
  CHECK(added.p.started_on->iso() == "2025-05-05"); // 2026-03-01 − 300 days
  const FeeAssessment a = d.declare(added.c.ref);
  CHECK(a.declaration.start_date.iso() == "2025-05-05");
  CHECK(a.declaration.days == (*parse_date("2026-09-30") - *parse_date("2025-05-05")) + 1);
  REQUIRE_FALSE(a.issued.empty());
  CHECK(a.issued[0].due.iso() == "2025-05-05"); // declared late: the start, no grace
  SUBCASE("miscellaneous works: 180 days") {
    Desk e;
    NewFeeProject m = rc_project("1000", "2026-05-01", "2026-09-30");
    m.permit = "X-1";
    m.found_on = "2026-03-01";
    m.miscellaneous = true;
    CHECK(e.add(m).p.started_on->iso() == "2025-09-02");
    m.permit = "X-2";
    m.floors_above = 1;
    CHECK_FALSE(e.desk.add_project(at("2026-03-02 10:00"), m));
  }
}

TEST_CASE("fee desk: stop-work days do not count") {
  Desk d;
  const FeeProjectCase added = d.add(rc_project("1000", "2026-01-01", "2026-04-30"), "2025-12-20 10:00");
  REQUIRE(d.desk.stop(at("2026-02-02 09:00"), added.c.ref, "2026-02-01"));
  CHECK(d.desk.stop(at("2026-02-02 09:30"), added.c.ref, "2026-02-02")
            .error()
            .message()
            .find("work is stopped already since 2026-02-01") != std::string::npos);
  CHECK_FALSE(d.desk.resume(at("2026-02-02 09:40"), added.c.ref, "2026-02-01")); // not after the stop
  CHECK_FALSE(d.desk.resume(at("2026-02-02 09:40"), added.c.ref, "2026-03-01")); // after the clock
  REQUIRE(d.desk.resume(at("2026-03-01 09:00"), added.c.ref, "2026-03-01"));     // 28 days stopped
  CHECK(
      d.desk.resume(at("2026-03-01 09:10"), added.c.ref, "2026-03-01").error().message().find("work is not stopped") !=
      std::string::npos);
  CHECK_FALSE(d.desk.stop(at("2026-03-01 09:20"), added.c.ref, "2025-12-31")); // before the project
  CHECK_FALSE(d.desk.stop(at("2026-03-01 09:20"), added.c.ref, "2026-02-15")); // inside the earlier stop
  // The clock must not run back behind the history.
  CHECK(d.desk.stop(at("2026-02-20 09:00"), added.c.ref, "2026-02-20").error().message().find("clock") !=
        std::string::npos);
  CHECK(d.count("fee_stop") == 1);
  const FeeAssessment a = d.declare(added.c.ref, {}, "2026-03-02 10:00");
  CHECK(a.declaration.stop_days == 28);
  CHECK(a.declaration.days == 120 - 28);
}

TEST_CASE("fee desk: a project is declared once") {
  Desk d;
  const FeeProjectCase added = d.add();
  d.declare(added.c.ref);
  auto again = d.desk.declare(at("2026-03-04 10:00"), added.c.ref, {});
  REQUIRE_FALSE(again);
  CHECK(again.error().message().find("was declared already") != std::string::npos);
  CHECK(d.count("fee_declaration") == 1);
  CHECK(d.count("fee_instalment") == 1);
}

TEST_CASE("fee desk: the settlement refunds what was overpaid, any amount") {
  Desk d;
  const FeeProjectCase added = d.add();
  const FeeAssessment a = d.declare(added.c.ref);
  d.pay(a.issued[0].slip, "2026-03-05");
  FeeSettleInput s{"999", "2026-06-07", false, ""};
  auto settled = d.desk.settle(at("2026-06-10 10:00"), added.c.ref, s);
  REQUIRE_MESSAGE(settled, (settled ? "" : settled.error().message()));
  // 999 × 3 × 2.65 = 7,942.05 → NT$7,942: NT$8 back.
  CHECK(settled->declaration.fee == 7942);
  CHECK(settled->declaration.refund == 8);
  CHECK(settled->declaration.topup == 0);
  CHECK(settled->issued.empty());
  CHECK(d.desk.find(added.c.ref)->p.state == FeeProjectState::settled);
  CHECK(d.desk.store().declarations(added.c.id).back().refund == 8);
  CHECK_FALSE(d.desk.settle(at("2026-06-11 10:00"), added.c.ref, s)); // settled once
}

TEST_CASE("fee desk: a settlement above the assessment issues a top-up due in 90 days") {
  Desk d;
  const FeeProjectCase added = d.add();
  const FeeAssessment a = d.declare(added.c.ref);
  d.pay(a.issued[0].slip, "2026-03-05");
  auto settled = d.desk.settle(at("2026-06-10 10:00"), added.c.ref, FeeSettleInput{"1200", "2026-06-07", false, ""});
  REQUIRE(settled);
  CHECK(settled->declaration.fee == 9540); // 1200 × 3 × 2.65
  CHECK(settled->declaration.topup == 1590);
  REQUIRE(settled->issued.size() == 1);
  CHECK(settled->issued[0].kind == InstalmentKind::topup);
  CHECK(settled->issued[0].amount == 1590);
  CHECK(settled->issued[0].due.iso() == "2026-09-08"); // 2026-06-10 + 90 days
  CHECK(settled->issued[0].seq == 2);
  CHECK(settled->issued[0].slip != a.issued[0].slip);
}

TEST_CASE("fee desk: open instalments beyond the settled fee are cancelled as settled") {
  Desk d;
  const FeeProjectCase added = d.add(rc_project("2000", "2026-03-10", "2026-06-17"));
  FeeDeclareInput halves;
  halves.plan = "halves";
  const FeeAssessment a = d.declare(added.c.ref, halves);
  d.pay(a.issued[0].slip, "2026-03-12");
  const std::int64_t paid = a.issued[0].amount;
  auto settled = d.desk.settle(at("2026-06-18 10:00"), added.c.ref, FeeSettleInput{"1500", "2026-06-17", false, ""});
  REQUIRE(settled);
  const std::int64_t fee = settled->declaration.fee;
  REQUIRE(fee > paid);
  REQUIRE(settled->cancelled.size() == 1);
  CHECK(settled->cancelled[0].slip == a.issued[1].slip);
  // The part of the second half the settled fee still needs, due when the half was.
  REQUIRE(settled->issued.size() == 1);
  CHECK(settled->issued[0].amount == fee - paid);
  CHECK(settled->issued[0].due == a.issued[1].due);
  CHECK(settled->declaration.refund == 0);
  const auto all = d.desk.store().instalments(added.c.id);
  REQUIRE(all.size() == 3);
  CHECK(all[1].state == FeeInstalmentState::cancelled);
  CHECK(all[1].cancelled_reason == "settled");
}

TEST_CASE("fee desk: the double rate needs a reason and charges the shortfall twice") {
  Desk d;
  const FeeProjectCase added = d.add();
  d.declare(added.c.ref);
  auto no_reason = d.desk.settle(at("2026-06-10 10:00"), added.c.ref, FeeSettleInput{"1200", "2026-06-07", true, ""});
  REQUIRE_FALSE(no_reason);
  CHECK(no_reason.error().what == "--reason");
  auto stray = d.desk.settle(at("2026-06-10 10:00"), added.c.ref, FeeSettleInput{"1200", "2026-06-07", false, "x"});
  CHECK_FALSE(stray);
  auto no_shortfall =
      d.desk.settle(at("2026-06-10 10:00"), added.c.ref, FeeSettleInput{"900", "2026-06-07", true, "漏報面積"});
  REQUIRE_FALSE(no_shortfall);
  CHECK(no_shortfall.error().what == "--double-rate");
  CHECK(d.count("fee_declaration") == 1);
  auto doubled =
      d.desk.settle(at("2026-06-10 10:00"), added.c.ref, FeeSettleInput{"1200", "2026-06-07", true, "漏報面積"});
  REQUIRE(doubled);
  CHECK(doubled->declaration.fee == 7950 + 2 * (9540 - 7950));
  CHECK(doubled->declaration.double_rate);
  CHECK(doubled->declaration.reason == "漏報面積");
  // The declared instalment is still open: the top-up is what lies beyond it.
  CHECK(doubled->declaration.topup == 2 * (9540 - 7950));
}

TEST_CASE("fee kind: generic case verbs cannot bypass the fee rules") {
  Desk d;
  CaseDesk& cases = d.desk.cases();
  NewCase generic;
  generic.service = "construction_fee";
  generic.channel = "in_person";
  generic.name = "王小明";
  generic.id_number = "A123456789";
  generic.subject = "申報";
  auto opened = cases.open(at("2026-03-02 10:00"), generic);
  REQUIRE_FALSE(opened);
  CHECK(opened.error().message() ==
        "service construction_fee: a construction fee project is registered with epb fee project add");
  const FeeProjectCase added = d.add();
  auto approved = cases.move(at("2026-03-02 11:00"), added.c.ref, "approved", "ok");
  REQUIRE_FALSE(approved);
  CHECK(approved.error().message().find("approved (核定) only by epb fee declare") != std::string::npos);
  CHECK_FALSE(cases.move(at("2026-03-02 11:00"), added.c.ref, "rejected", ""));
  d.declare(added.c.ref);
  auto reopened = cases.reopen(at("2026-03-04 10:00"), added.c.ref, "again");
  REQUIRE_FALSE(reopened);
  CHECK(reopened.error().message().find("a declared project is not reopened") != std::string::npos);
  CHECK(fee_case_kind()
            .guard_change(KindScope{*d.ledger, config(), OfficeCalendar::builtin(), at("2026-03-04 10:00")}, added.c,
                          CaseVerb::import)
            .error()
            .message()
            .find("not changed by epb case import") != std::string::npos);
  // A rejected project (never declared) may be reopened, and its permit registered again.
  Desk e;
  const FeeProjectCase other = e.add();
  REQUIRE(e.desk.cases().move(at("2026-03-02 11:00"), other.c.ref, "rejected", "非屬應申報工程"));
  CHECK(e.add(rc_project(), "2026-03-02 12:00").c.ref == "CFD-115-000002");
  CHECK(e.desk.find("115高市工建築字第00123號")->c.ref == "CFD-115-000002");
}

TEST_CASE("fee desk: a settlement of NT$100 or less collects nothing and refunds what was paid") {
  Desk d;
  const FeeProjectCase added = d.add(rc_project("2000", "2026-03-10", "2026-06-17"));
  FeeDeclareInput halves;
  halves.plan = "halves";
  const FeeAssessment a = d.declare(added.c.ref, halves);
  d.pay(a.issued[0].slip, "2026-03-12");
  // 10 m² for 10 days: 10 × 10 × 5.90 / 30 ≈ NT$20 at most, whatever the level.
  auto settled = d.desk.settle(at("2026-06-18 10:00"), added.c.ref, FeeSettleInput{"10", "2026-03-19", false, ""});
  REQUIRE_MESSAGE(settled, (settled ? "" : settled.error().message()));
  CHECK(settled->declaration.exempt);
  CHECK(settled->declaration.fee <= 100);
  CHECK(settled->declaration.refund == a.issued[0].amount);
  CHECK(settled->issued.empty());
  REQUIRE(settled->cancelled.size() == 1);
  CHECK(settled->cancelled[0].slip == a.issued[1].slip);
  CHECK(d.desk.store().amounts(added.c.id).open == 0);
}

TEST_CASE("fee desk: case references give the slip's year and number") {
  CHECK(case_ref_parts("CFD-115-000042") == std::pair{115, std::int64_t{42}});
  CHECK_FALSE(case_ref_parts("CFD-115"));
  CHECK_FALSE(case_ref_parts("CFD-x-000001"));
  CHECK_FALSE(case_ref_parts("CFD-115-1000000"));
}
