// The water pollution control fee (DOMAIN.md §6): periods and due dates, truncation, the
// exemption, interest at the due date's postal rate, the waiver, fine candidates, credits; and
// the desk on an in-memory ledger (declare, amend, pay idempotently, arrears).
#include "epb/fee/water_desk.hpp"
#include "epb/fee/water_fee.hpp"

#include <doctest/doctest.h>

using namespace epb;

namespace {

Date day(const char* iso) { return *parse_date(iso); }

Decimal percent(const char* text) { return *Decimal::parse(text); }

// 1.72 % until 2024-07-31, then 1.85 % (made-up steps: the test is about which one applies).
FeeSettings settings() {
  FeeSettings fee;
  fee.postal_rates = {PostalRate{day("2020-01-01"), percent("1.72")}, PostalRate{day("2024-08-01"), percent("1.85")}};
  return fee;
}

WaterLate late(std::int64_t declared, const char* due, const char* on, std::vector<WaterPaid> paid = {}) {
  auto result = water_late(settings(), declared, day(due), paid, day(on));
  REQUIRE(result.has_value());
  return *result;
}

Stamp at(const char* when) { return Stamp{"clerk01", "test", *parse_instant(when)}; }

WaterDeclaration declaration(const char* ubn, const char* period, const char* amount, const char* now) {
  auto checked = check_water_declaration(WaterFeeRules{}, {ubn, "台灣水泥", period, amount, ""}, *parse_instant(now),
                                         WaterFieldNames::options);
  REQUIRE(checked.has_value());
  return *checked;
}

} // namespace

TEST_CASE("water fee: due dates of both halves and the second in the next year") {
  CHECK(parse_water_period("p", "2024-H1")->due() == day("2024-07-31"));
  CHECK(parse_water_period("p", "2024-H2")->due() == day("2025-01-31"));
  CHECK(parse_water_period("p", "2025-h2")->due() == day("2026-01-31"));
  CHECK(parse_water_period("p", "2024-H1")->last_day() == day("2024-06-30"));
  CHECK(parse_water_period("p", "2024-H2")->first_day() == day("2024-07-01"));
  // The ROC year, as the national system writes it.
  CHECK(parse_water_period("p", "113-H1")->code() == "2024-H1");
  CHECK(parse_water_period("p", " 114-H2 ")->code() == "2025-H2");
}

TEST_CASE("water fee: periods that are not half-years are refused naming the field") {
  for (const char* bad : {"2024-H3", "2024H1", "2024-1", "2024-H", "H1-2024", "2024-H12", "二〇二四-H1", ""}) {
    auto period = parse_water_period("--period", bad);
    REQUIRE_FALSE(period.has_value());
    CHECK(period.error().what == "--period");
  }
  auto early = parse_water_period("period", "2014-H2");
  REQUIRE_FALSE(early.has_value());
  CHECK(early.error().message() == "period: '2014-H2': the water pollution fee is collected from 2015 (104) on");
  CHECK_FALSE(parse_water_period("p", "103-H2").has_value());
}

TEST_CASE("water fee: declared amounts are truncated to whole NT$ and never rounded") {
  CHECK(*parse_water_amount("amount", "1234") == 1234);
  CHECK(*parse_water_amount("amount", "1234.9") == 1234);
  CHECK(*parse_water_amount("amount", "1,234.56") == 1234);
  CHECK(*parse_water_amount("amount", "0.99") == 0);
  CHECK(*parse_water_amount("amount", "49.999999") == 49);
  CHECK(*parse_water_amount("amount", "NT$12,000") == 12000);
  CHECK(*parse_water_amount("amount", "800元") == 800);
  auto negative = parse_water_amount("amount", "-5");
  REQUIRE_FALSE(negative.has_value());
  CHECK(negative.error().message() == "amount: '-5' is negative");
  for (const char* bad : {"1e3", "abc", "12,34", "1.2.3", ""})
    CHECK_FALSE(parse_water_amount("amount", bad).has_value());
}

TEST_CASE("water fee: below NT$50 is exempt and still declared") {
  const WaterFeeRules rules;
  CHECK(water_fee_exempt(rules, 0));
  CHECK(water_fee_exempt(rules, 49));
  CHECK_FALSE(water_fee_exempt(rules, 50));
  const auto d = declaration("04595257", "2024-H1", "49.9", "2024-07-10");
  CHECK(d.declared == 49);
  CHECK(d.exempt);
}

TEST_CASE("water fee: interest a day at the postal rate of the due date truncated") {
  // 100,000 × 1.72 % × 25 / 365 = 117.808…: 117, not 118; the 1.85 % in force since is not used.
  const auto l = late(100000, "2024-07-31", "2024-08-25");
  CHECK(l.days_late == 25);
  CHECK(l.postal_rate == percent("1.72"));
  CHECK(l.interest == 117);
  CHECK_FALSE(l.waived);
  // Nothing on or before the due date; no percentage surcharge ever.
  CHECK(late(100000, "2024-07-31", "2024-07-31").interest == 0);
  CHECK(late(100000, "2024-07-31", "2024-07-31").days_late == 0);
  CHECK(late(100000, "2024-07-31", "2024-08-01").accrued == 4); // 4.712…, then waived: below NT$10
  // A later due date takes the later rate: 100,000 × 1.85 % × 25 / 365 = 126.712…
  CHECK(late(100000, "2025-01-31", "2025-02-25").interest == 126);
}

TEST_CASE("water fee: interest follows what was unpaid each day") {
  // Half paid on day 10: 100,000 × 1.72 % × 10 / 365 + 50,000 × 1.72 % × 20 / 365 = 94.246…
  const auto l = late(100000, "2024-07-31", "2024-08-30", {{day("2024-08-10"), 50000}});
  CHECK(l.unpaid == 50000);
  CHECK(l.days_late == 30);
  CHECK(l.interest == 94);
  // Paid in full on day 25: the interest stops there, and so do the days late.
  const auto settled = late(100000, "2024-07-31", "2024-12-31", {{day("2024-08-25"), 100000}});
  CHECK(settled.unpaid == 0);
  CHECK(settled.days_late == 25);
  CHECK(settled.interest == 117);
  CHECK_FALSE(settled.fine_candidate);
  // Paid on time: never late; a payment after the day asked is left out.
  CHECK(late(100000, "2024-07-31", "2024-12-31", {{day("2024-07-31"), 100000}}).days_late == 0);
  CHECK(late(100000, "2024-07-31", "2024-08-25", {{day("2024-09-01"), 100000}}).unpaid == 100000);
}

TEST_CASE("water fee: total interest below NT$10 is waived") {
  // 10,000 × 1.72 % × 21 / 365 = 9.895…: 9, waived; a day more: 10.367…: 10, owed.
  const auto waived = late(10000, "2024-07-31", "2024-08-21");
  CHECK(waived.accrued == 9);
  CHECK(waived.waived);
  CHECK(waived.interest == 0);
  const auto owed = late(10000, "2024-07-31", "2024-08-22");
  CHECK(owed.accrued == 10);
  CHECK_FALSE(owed.waived);
  CHECK(owed.interest == 10);
}

TEST_CASE("water fee: a fine candidate after 90 days unpaid") {
  CHECK_FALSE(late(1000, "2024-07-31", "2024-10-29").fine_candidate); // day 90
  CHECK(late(1000, "2024-07-31", "2024-10-29").days_late == 90);
  CHECK(late(1000, "2024-07-31", "2024-10-30").fine_candidate); // day 91
  CHECK_FALSE(late(1000, "2024-07-31", "2024-10-30", {{day("2024-10-30"), 1000}}).fine_candidate);
}

TEST_CASE("water fee: no postal rate for the due date is a problem and not a guess") {
  FeeSettings fee;
  auto result = water_late(fee, 1000, day("2024-07-31"), {}, day("2024-08-31"));
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().message() == "fee.postal_rates: no postal 1-year rate in force on 2024-07-31, the due date");
}

TEST_CASE("water fee: a payment goes to the fee then the interest and overpayments below NT$2000 are credited") {
  const WaterFeeRules rules;
  const auto exact = apply_water_payment(rules, 10117, 10000, 117);
  CHECK(exact.principal == 10000);
  CHECK(exact.interest == 117);
  CHECK(exact.overpaid == 0);
  const auto credited = apply_water_payment(rules, 11999, 10000, 0);
  CHECK(credited.overpaid == 1999);
  CHECK(credited.credited);
  const auto refunded = apply_water_payment(rules, 12000, 10000, 0);
  CHECK(refunded.overpaid == 2000);
  CHECK_FALSE(refunded.credited);
  const auto short_paid = apply_water_payment(rules, 4000, 10000, 117);
  CHECK(short_paid.principal == 4000);
  CHECK(short_paid.interest == 0);
}

TEST_CASE("water fee: a declaration is checked before the ledger") {
  const WaterFeeRules rules;
  const Instant now = *parse_instant("2024-08-01 10:00");
  auto bad_ubn = check_water_declaration(rules, {"04595258", "", "2024-H1", "100", ""}, now, WaterFieldNames::options);
  REQUIRE_FALSE(bad_ubn.has_value());
  CHECK(bad_ubn.error().message() == "--ubn: business number '04595258': checksum does not match");
  auto early = check_water_declaration(rules, {"04595257", "", "2024-H2", "100", ""}, now, WaterFieldNames::columns);
  REQUIRE_FALSE(early.has_value());
  CHECK(early.error().message() == "period: 2024-H2 ends on 2024-12-31: it cannot be declared on 2024-08-01");
  auto future =
      check_water_declaration(rules, {"04595257", "", "2024-H1", "100", "2024-08-02"}, now, WaterFieldNames::options);
  REQUIRE_FALSE(future.has_value());
  CHECK(future.error().message() == "--declared-on: 2024-08-02 is in the future (today is 2024-08-01)");
  auto roc =
      check_water_declaration(rules, {"04595257", "", "113-H1", "100.5", "113/07/15"}, now, WaterFieldNames::columns);
  REQUIRE(roc.has_value());
  CHECK(roc->period.code() == "2024-H1");
  CHECK(roc->declared == 100);
  CHECK(roc->declared_at == Instant::taipei_midnight(day("2024-07-15")));
}

TEST_CASE("water desk: declare once and the same again changes nothing but another amount needs an amendment") {
  auto ledger = Ledger::in_memory();
  const FeeSettings fee = settings();
  WaterDesk desk(*ledger, fee);
  const auto d = declaration("04595257", "2024-H1", "1234.9", "2024-07-10");
  auto first = desk.declare(at("2024-07-10"), d, WaterChange::refuse);
  REQUIRE(first.has_value());
  CHECK(first->outcome == WaterDeclared::added);
  CHECK(first->fee.declared == 1234);
  CHECK(first->fee.due == day("2024-07-31"));
  CHECK(desk.declare(at("2024-07-11"), d, WaterChange::refuse)->outcome == WaterDeclared::unchanged);
  const auto changed = declaration("04595257", "2024-H1", "1500", "2024-07-12");
  auto refused = desk.declare(at("2024-07-12"), changed, WaterChange::refuse);
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().message() ==
        "04595257 2024-H1: already declared NT$1,234 on 2024-07-10; this declares NT$1,500");
  auto amended = desk.declare(at("2024-07-12"), changed, WaterChange::amend);
  REQUIRE(amended.has_value());
  CHECK(amended->outcome == WaterDeclared::amended);
  CHECK(amended->previous == 1234);
  const auto events = ledger->events("water-fee:04595257/2024-H1");
  REQUIRE(events.size() == 2);
  CHECK(events[0].action == "declare");
  CHECK(events[1].action == "amend");
}

TEST_CASE("water desk: payments are idempotent by transaction id and arrears follow the clock") {
  auto ledger = Ledger::in_memory();
  const FeeSettings fee = settings();
  WaterDesk desk(*ledger, fee);
  REQUIRE(
      desk.declare(at("2024-07-10"), declaration("04595257", "2024-H1", "100000", "2024-07-10"), WaterChange::refuse));
  REQUIRE(desk.declare(at("2024-07-10"), declaration("22099131", "2024-H1", "30", "2024-07-10"), WaterChange::refuse));

  auto rows = desk.arrears(day("2024-08-25"));
  REQUIRE(rows.has_value());
  REQUIRE(rows->size() == 1); // the exempt one is never in arrears
  CHECK((*rows)[0].fee.ubn == "04595257");
  CHECK((*rows)[0].late.interest == 117);

  const WaterPayRequest request{"04595257", *parse_water_period("p", "2024-H1"), 100117, day("2024-08-25"), "T-1"};
  auto paid = desk.pay(at("2024-08-26"), request);
  REQUIRE(paid.has_value());
  CHECK(paid->applied.principal == 100000);
  CHECK(paid->applied.interest == 117);
  CHECK(paid->fee.paid_on == day("2024-08-25"));
  auto again = desk.pay(at("2024-08-27"), request);
  REQUIRE(again.has_value());
  CHECK(again->already);
  CHECK(desk.store().payments_of(paid->fee.id).size() == 1);
  WaterPayRequest other = request;
  other.amount = 5;
  CHECK(desk.pay(at("2024-08-27"), other).error().fault == Fault::invalid);

  CHECK(desk.arrears(day("2024-09-30"))->empty());
  // Replayed on a day before the payment, the fee was unpaid then.
  REQUIRE(desk.arrears(day("2024-08-20"))->size() == 1);

  WaterPayRequest unknown = request;
  unknown.period = *parse_water_period("p", "2023-H2");
  CHECK(desk.pay(at("2024-08-27"), unknown).error().fault == Fault::not_found);
  WaterPayRequest exempt = request;
  exempt.ubn = "22099131";
  exempt.txn_id = "T-2";
  CHECK(desk.pay(at("2024-08-27"), exempt).error().message() ==
        "22099131 2024-H1: exempt (declared NT$30, below NT$50): nothing to pay");
}

TEST_CASE("water desk: an amendment moves the day the fee was paid in full") {
  auto ledger = Ledger::in_memory();
  const FeeSettings fee = settings();
  WaterDesk desk(*ledger, fee);
  REQUIRE(
      desk.declare(at("2024-07-10"), declaration("04595257", "2024-H1", "1000", "2024-07-10"), WaterChange::refuse));
  const WaterPeriod h1 = *parse_water_period("p", "2024-H1");
  REQUIRE(desk.pay(at("2024-07-30"), {"04595257", h1, 600, day("2024-07-20"), "A"}));
  auto second = desk.pay(at("2024-07-30"), {"04595257", h1, 400, day("2024-07-28"), "B"});
  REQUIRE(second.has_value());
  CHECK(second->fee.paid_on == day("2024-07-28"));
  // Amended down to what the first payment covered: paid in full on its day.
  auto lower =
      desk.declare(at("2024-08-01"), declaration("04595257", "2024-H1", "600", "2024-08-01"), WaterChange::amend);
  REQUIRE(lower.has_value());
  CHECK(desk.store().find("04595257", "2024-H1")->paid_on == day("2024-07-20"));
  // Up beyond what was paid: no longer paid in full, and in arrears.
  REQUIRE(desk.declare(at("2024-08-02"), declaration("04595257", "2024-H1", "5000", "2024-08-02"), WaterChange::amend));
  CHECK_FALSE(desk.store().find("04595257", "2024-H1")->paid_on.has_value());
  auto rows = desk.arrears(day("2024-08-10"));
  REQUIRE(rows.has_value());
  REQUIRE(rows->size() == 1);
  CHECK((*rows)[0].paid == 1000);
  CHECK((*rows)[0].late.unpaid == 4000);
}
