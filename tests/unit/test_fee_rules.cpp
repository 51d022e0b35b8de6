// The pure fee rules (DOMAIN.md §6) on the built-in [fee]: quotes for every category and level,
// rounding at .5 both ways (where a double would go wrong), the NT$100 exemption, schedules by
// amount, counted days, slips and late charges.
#include "epb/config/config.hpp"
#include "epb/fee/fee.hpp"

#include <doctest/doctest.h>

#include <array>
#include <limits>
#include <optional>
#include <string>

using namespace epb;

namespace {

const Config& config() {
  static const Config parsed = [] {
    auto c = parse_config(builtin_config_text(), "built-in");
    REQUIRE_MESSAGE(c, (c ? "" : c.error().front().text()));
    return *c;
  }();
  return parsed;
}

const FeeSettings& fee() { return config().fee; }

Decimal dec(std::string_view text) {
  auto d = Decimal::parse(text);
  REQUIRE_MESSAGE(d, std::string(text));
  return *d;
}

Date day(std::string_view iso) {
  auto d = parse_date(iso);
  REQUIRE(d);
  return *d;
}

FeeQuote quote(std::string_view category, std::string_view quantity, std::optional<int> days,
               std::optional<int> level = std::nullopt) {
  auto q = quote_fee(fee(), FeeQuoteInput{std::string(category), dec(quantity), days, level});
  REQUIRE_MESSAGE(q, (q ? "" : q.error().message()));
  return *q;
}

struct Vector {
  std::string_view category;
  std::string_view quantity;
  std::optional<int> days;
  int level;
  std::int64_t fee;
};

} // namespace

TEST_CASE("fee quote: the worked examples of DOMAIN.md") {
  const auto a = quote("1", "1000", 90);
  CHECK(a.level == 2);
  CHECK(a.fee == 7950);
  CHECK(a.months == Ratio(3));
  CHECK(a.rate == dec("2.65"));
  CHECK_FALSE(a.exempt);
  CHECK(a.level_reason == "scale 3000 m²·month < 4600, level-3 fee 17700 ≥ 2000");
  const auto b = quote("1", "2000", 100);
  CHECK(b.level == 1);
  CHECK(b.fee == 16467);
  CHECK(b.level_reason == "scale 6666.67 m²·month ≥ 4600");
  CHECK(b.exact.str(2) == "16466.67");
  const auto given = quote("1", "1000", 90, 2);
  CHECK(given.level_given);
  CHECK(given.fee == 7950);
}

TEST_CASE("fee quote: every category at every given level") {
  // Expected values by exact fractions (quantity × rate × days / 30, rounded half away from zero).
  const std::array<Vector, 36> vectors{{
      {"1", "1000", 90, 1, 7410},
      {"1", "1000", 90, 2, 7950},
      {"1", "1000", 90, 3, 17700},
      {"2", "1500", 120, 1, 15240},
      {"2", "1500", 120, 2, 16920},
      {"2", "1500", 120, 3, 33780},
      {"3", "2000", std::nullopt, 1, 980},
      {"3", "2000", std::nullopt, 2, 1120},
      {"3", "2000", std::nullopt, 3, 2120},
      {"4", "5000", 200, 1, 47667}, // 47666.67
      {"4", "5000", 200, 2, 53000},
      {"4", "5000", 200, 3, 106000},
      {"5", "800", 300, 1, 16640},
      {"5", "800", 300, 2, 19360},
      {"5", "800", 300, 3, 33920},
      {"6", "1200", 45, 1, 4356},
      {"6", "1200", 45, 2, 5382},
      {"6", "1200", 45, 3, 8550},
      {"7", "3000", 180, 1, 5040},
      {"7", "3000", 180, 2, 5040},
      {"7", "3000", 180, 3, 9180},
      {"8", "2.5", 400, 1, 192900},
      {"8", "2.5", 400, 2, 235333}, // 235333.33
      {"8", "2.5", 400, 3, 385800},
      {"9", "2.5", 400, 1, 192900},
      {"9", "2.5", 400, 2, 235333},
      {"9", "2.5", 400, 3, 385800},
      {"A", "1.2", 365, 1, 63510},
      {"A", "1.2", 365, 2, 77468},  // 77467.6
      {"A", "1.2", 365, 3, 127005}, // 127005.4
      {"B", "7000", std::nullopt, 1, 35700},
      {"B", "7000", std::nullopt, 2, 42490},
      {"B", "7000", std::nullopt, 3, 62300},
      {"Z", "12345678", std::nullopt, 1, 34568}, // 34567.8984
      {"Z", "12345678", std::nullopt, 2, 43210}, // 43209.873
      {"Z", "12345678", std::nullopt, 3, 66667}, // 66666.6612
  }};
  for (const auto& v : vectors) {
    CAPTURE(v.category);
    CAPTURE(v.level);
    const auto q = quote(v.category, v.quantity, v.days, v.level);
    CHECK(q.fee == v.fee);
    CHECK(q.level == v.level);
  }
}

TEST_CASE("fee quote: the level derived for every category") {
  const std::array<Vector, 37> vectors{{
      {"1", "5000", 30, 1, 12350},
      {"1", "1000", 90, 2, 7950},
      {"1", "100", 30, 3, 590},
      {"2", "2000", 100, 1, 16933},
      {"2", "1000", 90, 2, 8460},
      {"2", "100", 60, 3, 1126},
      {"3", "4600", std::nullopt, 1, 2254},
      {"3", "4599", std::nullopt, 2, 2575}, // 2575.44
      {"3", "1000", std::nullopt, 3, 1060},
      {"4", "10000", 700, 1, 333667},
      {"4", "10000", 60, 2, 31800},
      {"4", "500", 60, 2, 1590}, // level-3 fee 3180 ≥ 2000
      {"4", "300", 30, 3, 954},
      {"5", "8000", 900, 1, 499200},
      {"5", "2000", 60, 2, 9680},
      {"5", "400", 30, 3, 1696},
      {"6", "300", 900, 1, 21780},
      {"6", "1000", 200, 2, 19933},
      {"6", "300", 30, 3, 1425},
      {"7", "20000", 1000, 1, 186667},
      {"7", "9999", 364, 2, 33970}, // level-3 fee too high
      {"7", "10000", 30, 2, 2800},  // area 10000 is not below 10000
      {"7", "100", 365, 2, 341},    // 365 days is not below 365 (level-3 fee 621 < 2000, area small)
      {"7", "100", 364, 3, 619},
      {"8", "25", 900, 1, 4340250},
      {"8", "0.5", 30, 2, 3530},
      {"8", "0.1", 30, 3, 1157},
      {"9", "30", 750, 1, 4340250},
      {"9", "1", 30, 2, 7060}, // 1 ha = 10000 m²
      {"9", "0.05", 90, 3, 1736},
      {"A", "10", 2250, 1, 3262500},
      {"A", "0.2", 30, 3, 1740},
      {"B", "10000", std::nullopt, 1, 51000},
      {"B", "9999", std::nullopt, 2, 60694},
      {"B", "200", std::nullopt, 3, 1780},
      {"Z", "370000", std::nullopt, 3, 1998},
      {"Z", "370370", std::nullopt, 2, 1296}, // level-3 fee 1999.998 rounds to 2000: not below
  }};
  for (const auto& v : vectors) {
    CAPTURE(v.category);
    CAPTURE(v.quantity);
    const auto q = quote(v.category, v.quantity, v.days);
    CHECK(q.level == v.level);
    CHECK(q.fee == v.fee);
    CHECK_FALSE(q.level_given);
  }
}

TEST_CASE("fee quote: level 3 reasons and the untimed months") {
  const auto q = quote("1", "100", 30);
  CHECK(q.level_reason == "level-3 fee 590 < 2000, area 100 m² < 10000 m², 30 days < 365");
  const auto b = quote("B", "200", std::nullopt);
  CHECK(b.months == Ratio(1));
  CHECK(b.days == 0);
  CHECK(b.level_reason == "level-3 fee 1780 < 2000");
  const auto z = quote("Z", "400000", std::nullopt);
  CHECK(z.level_reason == "scale 400000 NT$ (no level-1 threshold), level-3 fee 2160 ≥ 2000");
}

TEST_CASE("fee quote: .5 rounds away from zero, just below rounds down") {
  // 0.0035 × 1000 = 3.5 exactly: 4. 0.0035 × 999 = 3.4965: 3. 0.0035 × 1001 = 3.5035: 4.
  CHECK(quote("Z", "1000", std::nullopt, 2).fee == 4);
  CHECK(quote("Z", "999", std::nullopt, 2).fee == 3);
  CHECK(quote("Z", "1001", std::nullopt, 2).fee == 4);
  // 1 × 2.65 × 30 / 30 .. : 5 m² × 2.65 = 13.25 → 13; 10 m² × 2.65 × 3 / 30 = 2.65 → 3.
  CHECK(quote("1", "5", 30, 2).fee == 13);
  CHECK(quote("1", "10", 3, 2).fee == 3);
  // Category 3 untimed: 0.56 × 25 = 14 exactly; 0.49 × 50 = 24.5 → 25; 0.49 × 49 = 24.01 → 24.
  CHECK(quote("3", "50", std::nullopt, 1).fee == 25);
  CHECK(quote("3", "49", std::nullopt, 1).fee == 24);
}

TEST_CASE("fee quote: exact where binary floating point gives x.4999") {
  // In double, 57 * 2.65 * 100 / 30 == 503.49999999999994 and would round to 503; exactly it is
  // 503.5 and the fee is 504. Likewise 3 * 2.65 * 100 / 30 == 26.499999999999996 (exact 26.5)
  // and 62 * 2.65 * 150 / 30 == 821.4999999999999 (exact 821.5).
  CHECK(quote("1", "57", 100, 2).fee == 504);
  CHECK(quote("1", "57", 100, 2).exact == Ratio(Int128(1007), Int128(2)));
  CHECK(quote("1", "3", 100, 2).fee == 27);
  CHECK(quote("1", "62", 150, 2).fee == 822);
}

TEST_CASE("fee quote: NT$100 is exempt, NT$101 is not") {
  // Category Z level 2: 0.0035 × 28572 = 100.002 → 100; × 28715 = 100.5025 → 101.
  const auto at = quote("Z", "28572", std::nullopt, 2);
  CHECK(at.fee == 100);
  CHECK(at.exempt);
  const auto above = quote("Z", "28715", std::nullopt, 2);
  CHECK(above.fee == 101);
  CHECK_FALSE(above.exempt);
}

TEST_CASE("fee quote: refusals name the field") {
  const auto refused = [](FeeQuoteInput input) {
    auto q = quote_fee(fee(), input);
    REQUIRE_FALSE(q);
    return q.error().what + ": " + q.error().why;
  };
  CHECK(refused({"X", Decimal(1), 30, std::nullopt}) ==
        "category: unknown category 'X' (categories: 1, 2, 3, 4, 5, 6, 7, 8, 9, A, B, Z)");
  CHECK(refused({"1", Decimal(1), std::nullopt, std::nullopt}) ==
        "days: category 1 (RC building (also brick, wood)) is charged by the month: the days are required");
  CHECK(refused({"3", Decimal(1), 30, std::nullopt}) ==
        "days: category 3 (Demolition) is not charged by time: it takes no days");
  CHECK(refused({"1", Decimal(-1), 30, std::nullopt}) == "quantity: '-1' must not be negative");
  CHECK(refused({"1", Decimal(1), 30, 4}) == "level: level 4 must be 1, 2 or 3");
  CHECK(refused({"1", Decimal(1), -1, std::nullopt}) == "days: -1 must not be negative");
}

TEST_CASE("fee quote: the double rate of Act 75") {
  FeeQuoteInput input{"1", Decimal(1000), 90, 2, true};
  auto q = quote_fee(fee(), input);
  REQUIRE(q);
  CHECK(q->fee == 15900);
}

TEST_CASE("fee quote: the local factor") {
  FeeSettings settings = fee();
  for (auto& c : settings.categories)
    if (c.code == "1") c.local_factor = dec("1.3");
  auto q = quote_fee(settings, FeeQuoteInput{"1", Decimal(1000), 90, 2});
  REQUIRE(q);
  CHECK(q->fee == 10335); // 7950 × 1.3
  CHECK(q->factor == dec("1.3"));
}

TEST_CASE("fee schedule: the terms by amount") {
  const auto plan = [](std::int64_t amount, PaymentPlan p, std::vector<Date> dates = {}) {
    return payment_schedule(fee(), ScheduleInput{amount, p, day("2025-03-01"), day("2025-12-31"), std::move(dates)});
  };
  // 9,999 and 10,000: in full only.
  for (const std::int64_t amount : {9999, 10000}) {
    auto full = plan(amount, PaymentPlan::full);
    REQUIRE(full);
    REQUIRE(full->size() == 1);
    CHECK(full->front().amount == amount);
    CHECK(full->front().kind == InstalmentKind::full);
    CHECK(full->front().due == day("2025-03-01"));
    auto halves = plan(amount, PaymentPlan::halves);
    REQUIRE_FALSE(halves);
    CHECK(halves.error().why.find("is paid in full (halves from NT$10,001)") != std::string::npos);
  }
  // 10,001: halves, the odd dollar with the first.
  auto h = plan(10001, PaymentPlan::halves);
  REQUIRE(h);
  REQUIRE(h->size() == 2);
  CHECK((*h)[0].amount == 5001);
  CHECK((*h)[1].amount == 5000);
  CHECK((*h)[1].due == day("2025-12-31"));
  CHECK_FALSE(plan(10001, PaymentPlan::instalments, {day("2025-03-01"), day("2025-06-01")}));
  // 4,999,999: halves yes, instalments no.
  auto big = plan(4999999, PaymentPlan::halves);
  REQUIRE(big);
  CHECK((*big)[0].amount == 2500000);
  CHECK((*big)[1].amount == 2499999);
  auto refused = plan(4999999, PaymentPlan::instalments, {day("2025-03-01"), day("2025-06-01")});
  REQUIRE_FALSE(refused);
  CHECK(refused.error().why == "a fee of NT$4,999,999 cannot be paid in instalments (from NT$5,000,000)");
  // 5,000,000: instalments, not halves; the remainder on the first.
  CHECK_FALSE(plan(5000000, PaymentPlan::halves));
  auto three = plan(5000000, PaymentPlan::instalments, {day("2025-03-01"), day("2025-06-01"), day("2025-09-01")});
  REQUIRE(three);
  REQUIRE(three->size() == 3);
  CHECK((*three)[0].amount == 1666668);
  CHECK((*three)[1].amount == 1666666);
  CHECK((*three)[2].amount == 1666666);
  CHECK((*three)[2].seq == 3);
  CHECK((*three)[2].due == day("2025-09-01"));
  CHECK_FALSE(plan(5000000, PaymentPlan::instalments, {day("2025-03-01")}));
  CHECK_FALSE(plan(5000000, PaymentPlan::instalments, {day("2025-06-01"), day("2025-03-01")}));
  CHECK_FALSE(plan(5000000, PaymentPlan::instalments, std::vector<Date>(13, day("2025-03-01"))));
  // An exempt fee has no instalments.
  auto exempt = plan(100, PaymentPlan::full);
  REQUIRE(exempt);
  CHECK(exempt->empty());
}

TEST_CASE("fee schedule: names round-trip") {
  for (const auto p : {PaymentPlan::full, PaymentPlan::halves, PaymentPlan::instalments})
    CHECK(parse_payment_plan(payment_plan_name(p)) == p);
  CHECK_FALSE(parse_payment_plan("half"));
  CHECK(instalment_kind_name(InstalmentKind::topup) == "topup");
  CHECK(fee_basis_name(FeeBasis::ha) == "ha");
  CHECK(rounding_name(Rounding::truncate) == "truncate");
}

TEST_CASE("fee counted days: stop-work periods do not count") {
  CHECK(counted_days(day("2025-01-01"), day("2025-01-31"), {}) == 31);
  const std::vector<StopPeriod> stops{{day("2025-01-10"), day("2025-01-15")}, // 10..14: 5 days
                                      {day("2025-01-12"), day("2025-01-20")}, // overlaps: 15..19 more
                                      {day("2025-01-30"), std::nullopt}};     // open: 30, 31
  CHECK(counted_days(day("2025-01-01"), day("2025-01-31"), stops) == 31 - 10 - 2);
  const std::vector<StopPeriod> before{{day("2024-12-01"), day("2025-01-03")}}; // 1, 2 Jan
  CHECK(counted_days(day("2025-01-01"), day("2025-01-31"), before) == 29);
  CHECK(counted_days(day("2025-01-31"), day("2025-01-01"), {}) == 0);
}

TEST_CASE("fee first due date: grace from the later of start and approval") {
  const FeeLateRules& late = fee().late;
  CHECK(first_due_date(late, day("2025-03-01"), day("2025-02-20"), false, false) == day("2025-03-04"));
  CHECK(first_due_date(late, day("2025-03-01"), day("2025-03-10"), false, false) == day("2025-03-13"));
  CHECK(first_due_date(late, day("2025-03-01"), day("2025-02-20"), true, false) == day("2025-03-31"));
  CHECK(first_due_date(late, day("2025-03-01"), day("2025-05-01"), true, true) == day("2025-03-01"));
}

TEST_CASE("fee slips: Luhn check digit catches a wrong digit and a transposition") {
  CHECK(payment_slip(115, 42, 1) == "115000042016");
  CHECK(check_payment_slip("115000042016"));
  auto wrong = check_payment_slip("115000042017");
  REQUIRE_FALSE(wrong);
  CHECK(wrong.error().message() == "payment slip '115000042017': check digit 7, expected 6");
  auto swapped = check_payment_slip("115000024016");
  REQUIRE_FALSE(swapped);
  CHECK(swapped.error().why == "check digit 6, expected 4");
  CHECK(check_payment_slip("11500004201").error().why == "a slip number has 12 digits, not 11");
  CHECK(check_payment_slip("11500004201x").error().why == "a slip number has digits only");
  for (int seq : {1, 999999})
    for (int instalment : {1, 12})
      CHECK(check_payment_slip(payment_slip(114, seq, instalment)));
}

TEST_CASE("fee late charge: surcharge for 30 days, then interest at the postal rate") {
  const Date due = day("2024-01-10");
  const auto on = [&](int days) { return late_charge(fee(), 1000000, due, due + days); };
  CHECK(on(0).total == 1000000);
  CHECK(on(0).days_late == 0);
  CHECK(on(-5).surcharge == 0);
  CHECK(on(1).surcharge == 5000);
  CHECK(on(1).surcharge_days == 1);
  CHECK(on(30).surcharge == 150000);
  CHECK(on(30).interest_days == 0);
  CHECK_FALSE(on(30).postal_rate);
  const auto d31 = on(31);        // 2024-02-10: 1.39 % (from 2023-03-24)
  CHECK(d31.surcharge == 150000); // capped: 15 %
  CHECK(d31.interest_days == 1);
  CHECK(d31.postal_rate == dec("1.39"));
  CHECK(d31.interest == 38); // 1,000,000 × 1.39 % / 365 = 38.08
  const auto d45 = on(45);
  CHECK(d45.surcharge == 150000);
  CHECK(d45.interest == 571); // × 15 days = 571.23
  CHECK(d45.total == 1000000 + 150000 + 571);
  // The rate of the payment day: from 2024-03-22 1.515 %.
  const auto later = late_charge(fee(), 1000000, day("2024-02-21"), day("2024-04-06"));
  CHECK(later.postal_rate == dec("1.515"));
  CHECK(later.interest == 623);
  // Rounded once: 100 × 5 ‰ × 1 day = 0.5 → 1.
  CHECK(late_charge(fee(), 100, due, due + 1).surcharge == 1);
}

TEST_CASE("fee quote: truncation when the config says so") {
  FeeSettings settings = fee();
  settings.rounding = Rounding::truncate;
  auto q = quote_fee(settings, FeeQuoteInput{"1", Decimal(2000), 100, std::nullopt});
  REQUIRE(q);
  CHECK(q->fee == 16466); // 16466.67 truncated
  auto half = quote_fee(settings, FeeQuoteInput{"1", Decimal(57), 100, 2});
  REQUIRE(half);
  CHECK(half->fee == 503); // 503.5 truncated
}

TEST_CASE("fee quote: a given level overrides the thresholds") {
  const auto q = quote("1", "2000", 100, 3);
  CHECK(q.level == 3);
  CHECK(q.rate == dec("5.90"));
  CHECK(q.fee == 39333); // 2000 × 5.90 × 100 / 30 = 39333.33
  CHECK(q.scale.str(2) == "6666.67");
}

TEST_CASE("fee text: amounts and units for people") {
  CHECK(format_ntd(0) == "NT$0");
  CHECK(format_ntd(999) == "NT$999");
  CHECK(format_ntd(7950) == "NT$7,950");
  CHECK(format_ntd(5000000) == "NT$5,000,000");
  CHECK(format_ntd(-16467) == "-NT$16,467");
  CHECK(format_ntd(std::numeric_limits<std::int64_t>::min()) == "-NT$9,223,372,036,854,775,808");
  CHECK(fee_basis_unit(FeeBasis::m3) == "m³");
}
