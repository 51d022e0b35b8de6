// Ledger tests of fee payments (apply_fee_payment): matched, short, over, unmatched, a wrong
// check digit, the same transaction again (idempotent), a late payment that must carry its
// surcharge, and the pending dunning notices a payment cancels; on an in-memory ledger with a
// fixed clock and rates set here.
#include "epb/fee/fee_arrears.hpp"
#include "epb/fee/fee_desk.hpp"
#include "epb/fee/fee_payment_store.hpp"
#include "epb/fee/fee_payments.hpp"
#include "epb/fee/fee_statement.hpp"
#include "fee_test_support.hpp"

#include <algorithm>

#include <doctest/doctest.h>
#include <fmt/format.h>

using namespace epb;

namespace {

using test::at;

using test::dec;

const Config& config() { return test::fee_config(); }

// A project of NT$7,950 (RC 1,000 m², 90 days, level 2), due in full on 2026-03-13.
struct Payments {
  std::unique_ptr<Ledger> ledger = Ledger::in_memory();
  FeeDesk desk{*ledger, config(), OfficeCalendar::builtin()};
  std::string ref;
  std::string slip;

  Payments() {
    NewFeeProject p = test::rc_project();
    p.permit = "P-115-0001";
    auto added = desk.add_project(at("2026-03-02 10:00"), p);
    REQUIRE_MESSAGE(added, (added ? "" : added.error().message()));
    ref = added->c.ref;
    auto declared = desk.declare(at("2026-03-03 10:00"), ref, {});
    REQUIRE_MESSAGE(declared, (declared ? "" : declared.error().message()));
    REQUIRE(declared->issued.size() == 1);
    slip = declared->issued[0].slip;
    REQUIRE(declared->issued[0].amount == 7950);
    REQUIRE(declared->issued[0].due == *Date::from_ymd(2026, 3, 13));
  }

  Result<FeePaymentResult> pay(std::int64_t amount, const char* paid_on, const char* txn = "T1",
                               std::string slip_text = "") {
    FeePaymentInput in;
    in.slip = slip_text.empty() ? slip : slip_text;
    in.amount = amount;
    in.paid_on = *parse_date(paid_on);
    in.collector = "bank";
    in.txn_id = txn;
    return apply_fee_payment(*ledger, config().fee, at("2026-05-20 10:00"), in);
  }
  std::int64_t number(const std::string& sql) {
    auto& s = ledger->db().prepare(sql);
    s.step();
    const std::int64_t n = s.int64(0);
    s.reset();
    return n;
  }
  std::string text(const std::string& sql) {
    auto& s = ledger->db().prepare(sql);
    s.step();
    std::string t = s.text(0);
    s.reset();
    return t;
  }
  void nothing_written() {
    CHECK(number("SELECT count(*) FROM fee_payment") == 0);
    CHECK(text("SELECT state FROM fee_instalment") == "open");
  }
  void add_notice(const std::string& item, const char* level, const char* state) {
    ledger->db().exec(fmt::format(
        "INSERT INTO notice (case_id, ref, source, item, level, trigger, deadline_version, cycle, audience, "
        "transport, lang, subject, body, message_id, state, planned_at, next_attempt_at) VALUES (1, '{}', 'fee', "
        "'{}', '{}', 'dunning', 0, 0, 'applicant', 'post', 'zh-TW', 's', 'b', 'm-{}-{}', '{}', 0, 0)",
        ref, item, level, item, level, state));
  }
};

} // namespace

TEST_CASE("fee payments: the amount due on the day settles the instalment, with its event") {
  Payments p;
  auto paid = p.pay(7950, "2026-03-13");
  REQUIRE_MESSAGE(paid, (paid ? "" : paid.error().message()));
  CHECK(paid->outcome == FeePaymentOutcome::applied);
  CHECK(paid->charge.surcharge == 0);
  CHECK(p.text("SELECT state || ' ' || paid_on || ' ' || paid_total FROM fee_instalment") == "paid 2026-03-13 7950");
  CHECK(p.text("SELECT collector || ' ' || txn_id || ' ' || principal || ' ' || surcharge FROM fee_payment") ==
        "bank T1 7950 0");
  CHECK(p.number("SELECT count(*) FROM event WHERE action = 'fee-payment'") == 1);
}

TEST_CASE("fee payments: a short payment is refused saying by how much and why") {
  Payments p;
  auto paid = p.pay(7900, "2026-03-12");
  REQUIRE_FALSE(paid);
  CHECK(paid.error().message() == "amount: NT$7,900 is NT$50 short of the NT$7,950 due on 2026-03-12: principal "
                                  "NT$7,950");
  p.nothing_written();
}

TEST_CASE("fee payments: an over payment is refused, never applied") {
  Payments p;
  auto paid = p.pay(8000, "2026-03-12");
  REQUIRE_FALSE(paid);
  CHECK(paid.error().message().starts_with("amount: NT$8,000 is NT$50 over the NT$7,950 due"));
  p.nothing_written();
}

TEST_CASE("fee payments: an unknown slip is an unmatched payment") {
  Payments p;
  auto paid = p.pay(7950, "2026-03-12", "T1", payment_slip(115, 99, 1));
  REQUIRE_FALSE(paid);
  CHECK(paid.error().fault == Fault::not_found);
  CHECK(paid.error().why.ends_with("no instalment has this slip (unmatched payment)"));
  p.nothing_written();
}

TEST_CASE("fee payments: a payment dated before the slip was issued is refused") {
  Payments p; // declared on 2026-03-03
  auto paid = p.pay(7950, "2026-03-02");
  REQUIRE_FALSE(paid);
  CHECK(paid.error().what == "paid_on");
  CHECK(paid.error().why ==
        fmt::format("2026-03-02 is before slip {} was issued on 2026-03-03 (the declaration of {})", p.slip, p.ref));
  p.nothing_written();
  CHECK(p.pay(7950, "2026-03-03")); // the day it was issued
}

TEST_CASE("fee payments: a wrong check digit is refused before any lookup") {
  Payments p;
  std::string wrong = p.slip;
  wrong.back() = wrong.back() == '9' ? '0' : static_cast<char>(wrong.back() + 1);
  auto paid = p.pay(7950, "2026-03-12", "T1", wrong);
  REQUIRE_FALSE(paid);
  CHECK(paid.error().what == "slip");
  CHECK(paid.error().why.starts_with("check digit"));
  p.nothing_written();
}

TEST_CASE("fee payments: the same transaction again is recorded once, another payment on a paid slip refused") {
  Payments p;
  REQUIRE(p.pay(7950, "2026-03-12"));
  auto again = p.pay(7950, "2026-03-12");
  REQUIRE(again);
  CHECK(again->outcome == FeePaymentOutcome::already_recorded);
  CHECK(p.number("SELECT count(*) FROM fee_payment") == 1);
  CHECK(p.number("SELECT count(*) FROM event WHERE action = 'fee-payment'") == 1);
  auto changed = p.pay(7951, "2026-03-12");
  REQUIRE_FALSE(changed);
  CHECK(changed.error().what == "txn_id");
  auto second = p.pay(7950, "2026-03-12", "T2");
  REQUIRE_FALSE(second);
  CHECK(second.error().why.find("was paid already on 2026-03-12") != std::string::npos);
  CHECK(p.number("SELECT count(*) FROM fee_payment") == 1);
}

TEST_CASE("fee payments: a late payment must carry its surcharge, and then records it") {
  Payments p;
  // 10 days late: 7950 × 0.5 % × 10 = 397.5 → 398.
  auto bare = p.pay(7950, "2026-03-23");
  REQUIRE_FALSE(bare);
  CHECK(bare.error().why.find("NT$398 short of the NT$8,348 due on 2026-03-23: principal NT$7,950 + surcharge "
                              "NT$398 (10 days; paid 10 days after the due date 2026-03-13)") != std::string::npos);
  p.nothing_written();
  auto paid = p.pay(8348, "2026-03-23");
  REQUIRE(paid);
  CHECK(p.text("SELECT principal || '+' || surcharge || '+' || interest FROM fee_payment") == "7950+398+0");
}

TEST_CASE("fee payments: settling an instalment cancels its pending notices, not the sent ones or others'") {
  Payments p;
  p.add_notice(p.slip, "first", "planned");
  p.add_notice(p.slip, "second", "failed");
  p.add_notice(p.slip, "reminder", "sent");
  p.add_notice("115000001020", "first", "planned");
  auto paid = p.pay(8348, "2026-03-23");
  REQUIRE(paid);
  CHECK(paid->notices_cancelled == 2);
  CHECK(p.number("SELECT count(*) FROM notice WHERE state = 'cancelled' AND last_error LIKE 'paid on 2026-03-23%'") ==
        2);
  CHECK(p.text("SELECT state FROM notice WHERE level = 'reminder'") == "sent");
  CHECK(p.text("SELECT state FROM notice WHERE item = '115000001020'") == "planned");
}

TEST_CASE("fee arrears: open instalments past due with surcharge capped at 30 days and interest after") {
  Payments p;
  DunningStages stages(config().notify, OfficeCalendar::builtin(), "");
  std::vector<ArrearsRow> rows;
  const auto summary = fee_arrears(*p.ledger, config().fee, stages, *Date::from_ymd(2026, 5, 22),
                                   [&](const ArrearsRow& r) { rows.push_back(r); });
  REQUIRE(rows.size() == 1);
  CHECK(summary.count == 1);
  CHECK(rows[0].charge.days_late == 70);
  CHECK(rows[0].charge.surcharge_days == 30);
  CHECK(rows[0].charge.surcharge == 1193); // 7950 × 15 % = 1192.5
  CHECK(rows[0].charge.interest_days == 40);
  CHECK(rows[0].charge.interest == 13); // 7950 × 1.5 % × 40 / 365 = 13.07
  CHECK(rows[0].referral);
  CHECK(summary.total == 7950 + 1193 + 13);
  rows.clear();
  fee_arrears(*p.ledger, config().fee, stages, *Date::from_ymd(2026, 3, 13),
              [&](const ArrearsRow& r) { rows.push_back(r); });
  CHECK(rows.empty()); // not late on its due date
}

TEST_CASE("fee arrears: the next dunning stage comes from the fee service's ladder") {
  NotifySettings notify;
  NotifyLadder ladder;
  ladder.service = "construction_fee";
  const auto level = [](const char* stage, int workdays) {
    NotifyLevel l;
    l.code = stage;
    l.trigger = NotifyTrigger::dunning;
    l.workdays = workdays;
    l.stage = stage;
    return l;
  };
  ladder.levels = {level("reminder", 3), level("first", 1), level("second", 10), level("referral", 40)};
  notify.ladders.push_back(ladder);
  DunningStages stages(notify, OfficeCalendar::builtin(), "construction_fee");
  const Date due = *Date::from_ymd(2026, 3, 13); // a Friday
  auto next = stages.next(due, *Date::from_ymd(2026, 3, 2));
  REQUIRE(next);
  CHECK(next->first == "reminder");
  CHECK(next->second == *Date::from_ymd(2026, 3, 10)); // three working days before
  next = stages.next(due, *Date::from_ymd(2026, 3, 14));
  REQUIRE(next);
  CHECK(next->first == "first");
  CHECK(next->second == *Date::from_ymd(2026, 3, 16)); // the working day after
  next = stages.next(due, *Date::from_ymd(2026, 3, 17));
  REQUIRE(next);
  CHECK(next->first == "second");
  CHECK(next->second == *Date::from_ymd(2026, 3, 27));
  CHECK_FALSE(stages.next(due, *Date::from_ymd(2026, 12, 31)));
  // No ladder for the service: no stage.
  DunningStages none(NotifySettings{}, OfficeCalendar::builtin(), "construction_fee");
  CHECK_FALSE(none.next(due, *Date::from_ymd(2026, 3, 14)));
}

TEST_CASE("fee arrears and statement as of a day: a payment recorded after it does not count") {
  Payments p;
  // Paid on 2026-03-23 (10 days late: 7950 × 5 % = 397.5 → 398), recorded on 2026-05-20.
  REQUIRE(p.pay(8348, "2026-03-23"));
  DunningStages stages(config().notify, OfficeCalendar::builtin(), "");
  const auto late_on = [&](int month, int day) {
    std::vector<ArrearsRow> rows;
    fee_arrears(*p.ledger, config().fee, stages, *Date::from_ymd(2026, month, day),
                [&](const ArrearsRow& r) { rows.push_back(r); });
    return rows;
  };
  const auto before = late_on(4, 1); // the ledger of 1 April did not know of the payment
  REQUIRE(before.size() == 1);
  CHECK(before[0].slip == p.slip);
  CHECK(before[0].charge.days_late == 19);
  CHECK(late_on(5, 19).size() == 1);
  CHECK(late_on(5, 20).empty()); // recorded that day
  const auto detail = p.desk.detail(p.ref);
  REQUIRE(detail);
  const auto payments = FeePaymentStore(*p.ledger).payments_of_case(detail->c.id);
  const auto on = [&](int month, int day) {
    return fee_statement(config().fee, *detail, payments, *Date::from_ymd(2026, month, day));
  };
  const FeeStatement april = on(4, 1);
  CHECK(april.balance == 7950 + 755); // 19 days: 7950 × 9.5 % = 755.25
  CHECK(std::none_of(april.lines.begin(), april.lines.end(), [](const auto& l) { return l.entry == "payment"; }));
  CHECK(std::any_of(april.lines.begin(), april.lines.end(),
                    [](const auto& l) { return l.entry == "instalment" && l.state == "open"; }));
  const FeeStatement may = on(5, 20);
  CHECK(may.balance == 0);
  CHECK(std::any_of(may.lines.begin(), may.lines.end(),
                    [](const auto& l) { return l.entry == "payment" && l.amount == 8348; }));
}

TEST_CASE("fee arrears and statement as of a day: a settlement recorded after it does not count") {
  Payments p;
  // Settled on 2026-06-10 at half the quantity: the NT$7,950 slip is cancelled, NT$3,975 issued.
  FeeSettleInput settle;
  settle.quantity = "500";
  settle.end = "2026-06-07";
  auto settled = p.desk.settle(at("2026-06-10 10:00"), p.ref, settle);
  REQUIRE_MESSAGE(settled, (settled ? "" : settled.error().message()));
  REQUIRE(settled->cancelled.size() == 1);
  DunningStages stages(config().notify, OfficeCalendar::builtin(), "");
  const auto late_on = [&](int month, int day) {
    std::vector<ArrearsRow> rows;
    fee_arrears(*p.ledger, config().fee, stages, *Date::from_ymd(2026, month, day),
                [&](const ArrearsRow& r) { rows.push_back(r); });
    return rows;
  };
  const auto may = late_on(5, 20); // the old slip, not the one issued on 2026-06-10
  REQUIRE(may.size() == 1);
  CHECK(may[0].slip == p.slip);
  CHECK(may[0].principal == 7950);
  const auto june = late_on(6, 10);
  REQUIRE(june.size() == 1);
  CHECK(june[0].slip != p.slip);
  CHECK(june[0].principal == 3975);
  const auto detail = p.desk.detail(p.ref);
  REQUIRE(detail);
  const FeeStatement before = fee_statement(config().fee, *detail, {}, *Date::from_ymd(2026, 5, 20));
  CHECK(before.balance == 7950 + 1193 + 12); // interest 38 days: 7950 × 1.5 % × 38 / 365 = 12.41
  CHECK(before.balance == may[0].charge.total);
  CHECK(std::none_of(before.lines.begin(), before.lines.end(), [](const auto& l) { return l.entry == "settlement"; }));
  CHECK(before.lines.front().state == "declared");
  const FeeStatement after = fee_statement(config().fee, *detail, {}, *Date::from_ymd(2026, 6, 10));
  CHECK(after.balance == june[0].charge.total);
}

TEST_CASE("fee payments: a slip a settlement cancelled is refused, nothing written") {
  Payments p;
  FeeSettleInput settle;
  settle.quantity = "500";
  settle.end = "2026-04-30";
  REQUIRE(p.desk.settle(at("2026-05-01 10:00"), p.ref, settle));
  auto paid = p.pay(7950, "2026-03-12");
  REQUIRE_FALSE(paid);
  CHECK(paid.error().what == "slip");
  CHECK(paid.error().why ==
        fmt::format("{} ({} instalment 1) was cancelled (settled); this payment of NT$7,950 is not applied", p.slip,
                    p.ref));
  CHECK(p.number("SELECT count(*) FROM fee_payment") == 0);
}
