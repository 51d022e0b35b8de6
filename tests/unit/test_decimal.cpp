// Decimal and Ratio (lib/epb/fee/decimal.hpp): parsing as written in config and on the command
// line, exact products, one rounding both ways, and overflow that never becomes an amount.
#include "epb/fee/decimal.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>

using namespace epb;

namespace {

Decimal dec(std::string_view text) {
  auto d = Decimal::parse(text);
  REQUIRE_MESSAGE(d, std::string(text));
  return *d;
}

std::string refused(std::string_view text) {
  auto d = Decimal::parse(text);
  REQUIRE_MESSAGE(!d, std::string(text));
  return d.error().why;
}

std::int64_t rounded(const Ratio& r, Rounding rounding = Rounding::half_away_from_zero) {
  auto v = r.round(rounding);
  REQUIRE(v);
  return *v;
}

} // namespace

TEST_CASE("decimal: parse and canonical text") {
  CHECK(dec("123").str() == "123");
  CHECK(dec("-0.28").str() == "-0.28");
  CHECK(dec("1000.50").str() == "1000.5");
  CHECK(dec("1,234.5").str() == "1234.5");
  CHECK(dec("1,234,567").str() == "1234567");
  CHECK(dec("0.000001").str() == "0.000001");
  CHECK(dec("999999999999.999999").str() == "999999999999.999999");
  CHECK(dec("007").str() == "7");
  CHECK(dec("2.80") == dec("2.8"));
  CHECK(dec("1.0") == Decimal(1));
  CHECK(dec("5.90").scale() == 1);
  CHECK(Decimal::from_units(2470, 3).str() == "2.47");
  CHECK(Decimal::from_units(-5, 0).is_negative());
  CHECK(dec("0").is_zero());
}

TEST_CASE("decimal: refused texts say why") {
  CHECK(refused("") == "a number is required, not an empty text");
  CHECK(refused("+1") == "'+1' is not a number: unexpected '+'");
  CHECK(refused("1e3") == "'1e3' is not a number: unexpected 'e'");
  CHECK(refused(".5") == "'.5' is not a number: a digit must come before the point");
  CHECK(refused("5.") == "'5.' is not a number: a digit must follow the point");
  CHECK(refused("1.2.3") == "'1.2.3' is not a number: unexpected '.'");
  CHECK(refused("0.0000001") == "'0.0000001' is not a number: at most 6 digits after the point");
  CHECK(refused("1000000000000") == "'1000000000000' is not a number: it must be less than 10^12 (1,000,000,000,000)");
  CHECK(refused("12,34") == "'12,34' is not a number: thousands separators must part groups of three digits");
  CHECK(refused("1234,567") == "'1234,567' is not a number: thousands separators must part groups of three digits");
  CHECK(refused(",123") == "',123' is not a number: thousands separators must part groups of three digits");
  CHECK(refused("1,234,") == "'1,234,' is not a number: thousands separators must part groups of three digits");
  CHECK(refused("-") == "'-' is not a number: no digits");
  CHECK(refused(" 1") == "' 1' is not a number: unexpected character");
  CHECK(refused("１") == "'１' is not a number: unexpected character");
}

TEST_CASE("decimal: ordering by value") {
  CHECK(dec("2.47") < dec("2.5"));
  CHECK(dec("-1") < dec("0.000001"));
  CHECK(dec("10000") > dec("9999.999999"));
  CHECK((dec("1.30") <=> dec("1.3")) == std::strong_ordering::equal);
}

TEST_CASE("ratio: exact products, normalised") {
  const Ratio r = Ratio(dec("2000")) * dec("2.47") * std::int64_t{100} / 30;
  CHECK(r == Ratio(Int128(49400), Int128(3)));
  CHECK(r.str(2) == "16466.67");
  CHECK(rounded(r) == 16467);
  CHECK(rounded(r, Rounding::truncate) == 16466);
  CHECK(Ratio(Int128(6), Int128(-4)) == Ratio(Int128(-3), Int128(2)));
  CHECK((Ratio(1) + Ratio(Int128(1), Int128(2))).str(1) == "1.5");
  CHECK((Ratio(1) - Ratio(Int128(3), Int128(2))).str(3) == "-0.500");
  CHECK(Ratio(Int128(1), Int128(3)).str(0) == "0");
  CHECK(Ratio(Int128(2), Int128(3)).str(6) == "0.666667");
}

TEST_CASE("ratio: rounding half away from zero and truncation") {
  const auto half = [](std::int64_t n) { return Ratio(Int128(n), Int128(2)); };
  CHECK(rounded(half(5)) == 3);   // 2.5
  CHECK(rounded(half(-5)) == -3); // -2.5
  CHECK(rounded(half(5), Rounding::truncate) == 2);
  CHECK(rounded(half(-5), Rounding::truncate) == -2);
  CHECK(rounded(Ratio(Int128(2499999), Int128(1000000))) == 2); // 2.499999
  CHECK(rounded(Ratio(Int128(2500001), Int128(1000000))) == 3); // 2.500001
  CHECK(rounded(Ratio(Int128(-2499999), Int128(1000000))) == -2);
  CHECK(rounded(Ratio(Int128(7), Int128(3)), Rounding::truncate) == 2);
  CHECK(rounded(Ratio(0)) == 0);
}

TEST_CASE("ratio: comparison without overflow") {
  const Int128 big = Int128(1) << 100;
  CHECK_FALSE(Ratio(big, big - 1) > Ratio(big - 1, big - 2));
  CHECK(Ratio(big, big - 1) < Ratio(big - 1, big - 2));
  CHECK(Ratio(Int128(-1), Int128(3)) < Ratio(Int128(-1), Int128(4)));
  CHECK(Ratio(Int128(1), Int128(3)) > Ratio(Int128(-1), Int128(3)));
  CHECK(Ratio(Int128(10), Int128(4)) == Ratio(Int128(5), Int128(2)));
}

TEST_CASE("ratio: overflow is sticky and never an amount") {
  Ratio r(dec("999999999999.999999"));
  for (int i = 0; i < 4; ++i)
    r = r * r;
  CHECK(r.overflowed());
  CHECK((r * Ratio(0)).overflowed());
  CHECK((r + Ratio(1)).overflowed());
  CHECK_FALSE(r.round(Rounding::half_away_from_zero));
  CHECK(r.str(2) == "overflow");
  CHECK(Ratio(Int128(1), Int128(0)).overflowed());
  CHECK((Ratio(1) / 0).overflowed());
  // Fits in Int128 but not in whole NT$ (int64).
  const Ratio huge = Ratio(dec("999999999999")) * dec("999999999999");
  CHECK_FALSE(huge.overflowed());
  CHECK_FALSE(huge.round(Rounding::truncate));
}
