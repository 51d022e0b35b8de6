#pragma once
// Exact decimal arithmetic for money (DOMAIN.md §6: "exact decimal arithmetic, never binary
// floating point"). A Decimal is a fixed-point number as written in config or on the command
// line (2.47, 0.0028, 1000.5); a Ratio is the exact rational product the fee formula builds
// (basis × rate × factor × days / 30) before its one rounding to whole NT$. Nothing here touches
// a double.
#include "epb/core/error.hpp"

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace epb {

// How an exact amount becomes whole NT$ (`rounding` in config): the construction fee rounds
// half away from zero, the water fee truncates (toward zero).
enum class Rounding { half_away_from_zero, truncate };
std::string_view rounding_name(Rounding rounding);

__extension__ typedef __int128 Int128; // g++ and clang; -Wpedantic knows it is an extension

class Decimal {
public:
  static constexpr int k_max_scale = 6; // digits after the point

  constexpr Decimal() = default;
  constexpr explicit Decimal(std::int64_t whole) : m_units(whole) {}
  // units × 10^-scale
  static Decimal from_units(std::int64_t units, int scale);
  // "123", "-0.28", "1000.50", "1,234.5" (thousands separators where every group has 3 digits);
  // no exponent, no leading '+', at most k_max_scale decimals and |value| < 10^12. A Problem
  // names what is wrong with the text (the caller adds where it came from).
  static Result<Decimal> parse(std::string_view text);

  std::int64_t units() const { return m_units; }
  int scale() const { return m_scale; }
  bool is_negative() const { return m_units < 0; }
  bool is_zero() const { return m_units == 0; }
  // Canonical text: no trailing zeros after the point, no point for a whole number ("2.8", "1000").
  std::string str() const;

  // By value: 1.0 == 1.
  friend bool operator==(const Decimal& a, const Decimal& b) { return (a <=> b) == 0; }
  friend std::strong_ordering operator<=>(const Decimal& a, const Decimal& b);

private:
  std::int64_t m_units = 0;
  int m_scale = 0;
};

// An exact rational num/den (den > 0) of bounded size: every step checks for overflow, and an
// overflowing Ratio stays overflowed (round() then returns a Problem, never a wrong amount).
class Ratio {
public:
  Ratio() = default;
  explicit Ratio(const Decimal& d);
  explicit Ratio(std::int64_t whole);
  Ratio(Int128 num, Int128 den);

  Ratio operator*(const Ratio& other) const;
  Ratio operator*(const Decimal& d) const { return *this * Ratio(d); }
  Ratio operator*(std::int64_t n) const { return *this * Ratio(n); }
  Ratio operator/(std::int64_t n) const; // n > 0
  Ratio operator+(const Ratio& other) const;
  Ratio operator-(const Ratio& other) const;

  bool overflowed() const { return m_overflow; }
  // Whole NT$, rounded once; a Problem if the value overflowed or does not fit in int64.
  Result<std::int64_t> round(Rounding rounding) const;
  // Decimal text with `digits` decimals, rounded half away from zero (for display only:
  // months "3.333333", a scale "6666.67").
  std::string str(int digits) const;

  friend std::strong_ordering operator<=>(const Ratio& a, const Ratio& b);
  friend bool operator==(const Ratio& a, const Ratio& b) { return (a <=> b) == 0; }

private:
  static Ratio overflowing();

  Int128 m_num = 0;
  Int128 m_den = 1;
  bool m_overflow = false;
};

} // namespace epb
