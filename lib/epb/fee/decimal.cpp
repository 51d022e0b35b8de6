// Exact decimal arithmetic for money paths (decimal.hpp). Every Int128 step is checked: an
// overflow marks the Ratio, and round() then refuses to give an amount.
#include "epb/fee/decimal.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

namespace epb {

namespace {

constexpr std::int64_t k_parse_limit = 1'000'000'000'000; // |value| < 10^12
constexpr Int128 k_int128_max = ~(Int128(1) << 127);

constexpr std::int64_t pow10(int n) {
  std::int64_t p = 1;
  for (int i = 0; i < n; ++i)
    p *= 10;
  return p;
}

Int128 abs128(Int128 x) { return x < 0 ? -x : x; }

Int128 gcd128(Int128 a, Int128 b) {
  a = abs128(a);
  b = abs128(b);
  while (b != 0) {
    const Int128 t = a % b;
    a = b;
    b = t;
  }
  return a;
}

// Decimal digits of a non-negative Int128 (fmt does not format __int128 on every platform).
std::string digits_of(Int128 x) {
  if (x == 0) return "0";
  std::string out;
  while (x > 0) {
    out.push_back(static_cast<char>('0' + static_cast<int>(x % 10)));
    x /= 10;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

// num / den (den > 0) to an integer by `rounding`.
Int128 divide_rounded(Int128 num, Int128 den, Rounding rounding) {
  Int128 q = num / den; // truncates toward zero
  const Int128 r = abs128(num % den);
  // |r| ≥ den − |r| is 2|r| ≥ den without the doubling's overflow.
  if (rounding == Rounding::half_away_from_zero && r != 0 && r >= den - r) q += num < 0 ? -1 : 1;
  return q;
}

// a/b <=> c/d for a, c ≥ 0 and b, d > 0, by continued fractions: no product can overflow.
std::strong_ordering compare_positive(Int128 a, Int128 b, Int128 c, Int128 d) {
  for (;;) {
    const Int128 qa = a / b;
    const Int128 qc = c / d;
    if (qa != qc) return qa <=> qc;
    const Int128 ra = a % b;
    const Int128 rc = c % d;
    if (ra == 0 || rc == 0)
      return rc == 0 ? (ra == 0 ? std::strong_ordering::equal : std::strong_ordering::greater)
                     : std::strong_ordering::less;
    // ra/b <=> rc/d is d/rc <=> b/ra.
    a = d;
    const Int128 next_b = rc;
    c = b;
    d = ra;
    b = next_b;
  }
}

} // namespace

std::string_view rounding_name(Rounding rounding) {
  return rounding == Rounding::truncate ? "truncate" : "half_away_from_zero";
}

Decimal Decimal::from_units(std::int64_t units, int scale) {
  scale = std::clamp(scale, 0, k_max_scale);
  // Canonical: no trailing zeros after the point, so equal values have equal parts.
  while (scale > 0 && units % 10 == 0) {
    units /= 10;
    --scale;
  }
  Decimal d;
  d.m_units = units;
  d.m_scale = scale;
  return d;
}

Result<Decimal> Decimal::parse(std::string_view text) {
  const std::string shown(text);
  if (text.empty()) return invalid("", "a number is required, not an empty text");
  bool negative = false;
  std::string_view rest = text;
  if (rest.front() == '-') {
    negative = true;
    rest.remove_prefix(1);
  }
  const auto point = rest.find('.');
  std::string_view whole = rest.substr(0, point);
  const std::string_view fraction = point == std::string_view::npos ? std::string_view() : rest.substr(point + 1);
  const auto bad = [&](std::string why) { return invalid("", fmt::format("'{}' is not a number: {}", shown, why)); };
  // A byte outside printable ASCII is part of a wider character or a control: not echoed alone.
  const auto unexpected = [&](char c) {
    return c > ' ' && c < 0x7f ? bad(fmt::format("unexpected '{}'", c)) : bad("unexpected character");
  };
  if (whole.empty()) return bad(point == std::string_view::npos ? "no digits" : "a digit must come before the point");
  if (point != std::string_view::npos && fraction.empty()) return bad("a digit must follow the point");
  // Thousands separators: "1,234,567" — the first group 1 to 3 digits, every other exactly 3.
  std::string digits;
  if (whole.find(',') != std::string_view::npos) {
    std::size_t group = 0;
    std::size_t groups = 0;
    for (std::size_t i = 0; i <= whole.size(); ++i) {
      if (i == whole.size() || whole[i] == ',') {
        if ((groups == 0 && (group == 0 || group > 3)) || (groups > 0 && group != 3))
          return bad("thousands separators must part groups of three digits");
        group = 0;
        ++groups;
      } else {
        ++group;
      }
    }
  }
  for (const char c : whole) {
    if (c == ',') continue;
    if (c < '0' || c > '9') return unexpected(c);
    digits.push_back(c);
  }
  for (const char c : fraction)
    if (c < '0' || c > '9') return unexpected(c);
  if (fraction.size() > static_cast<std::size_t>(k_max_scale))
    return bad(fmt::format("at most {} digits after the point", k_max_scale));
  // Leading zeros cannot overflow; anything else of 13 digits or more is ≥ 10^12.
  const auto first = digits.find_first_not_of('0');
  const std::string significant = first == std::string::npos ? "0" : digits.substr(first);
  if (significant.size() > 12) return bad("it must be less than 10^12 (1,000,000,000,000)");
  std::int64_t units = 0;
  for (const char c : significant)
    units = units * 10 + (c - '0');
  if (units >= k_parse_limit) return bad("it must be less than 10^12 (1,000,000,000,000)");
  for (const char c : fraction)
    units = units * 10 + (c - '0');
  return from_units(negative ? -units : units, static_cast<int>(fraction.size()));
}

std::string Decimal::str() const {
  const std::int64_t p = pow10(m_scale);
  const std::uint64_t magnitude =
      m_units < 0 ? static_cast<std::uint64_t>(-(m_units + 1)) + 1 : static_cast<std::uint64_t>(m_units);
  std::string out = m_units < 0 ? "-" : "";
  out += fmt::format("{}", magnitude / static_cast<std::uint64_t>(p));
  std::uint64_t fraction = magnitude % static_cast<std::uint64_t>(p);
  if (m_scale > 0 && fraction != 0) {
    std::string tail = fmt::format("{:0{}}", fraction, m_scale);
    while (!tail.empty() && tail.back() == '0')
      tail.pop_back();
    out += "." + tail;
  }
  return out;
}

std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) {
  // Compare at the larger scale: |units| < 10^18 and scales ≤ 6 keep the products in Int128.
  Int128 x = a.units();
  Int128 y = b.units();
  for (int s = a.scale(); s < b.scale(); ++s)
    x *= 10;
  for (int s = b.scale(); s < a.scale(); ++s)
    y *= 10;
  return x <=> y;
}

// ---- Ratio -------------------------------------------------------------------------------------

Ratio::Ratio(const Decimal& d) : Ratio(Int128(d.units()), Int128(pow10(d.scale()))) {}

Ratio::Ratio(std::int64_t whole) : m_num(whole), m_den(1) {}

Ratio::Ratio(Int128 num, Int128 den) {
  // The most negative Int128 has no negation: treat it as an overflow, like a zero denominator.
  if (den == 0 || num == -k_int128_max - 1 || den == -k_int128_max - 1) {
    m_overflow = true;
    return;
  }
  if (den < 0) {
    num = -num;
    den = -den;
  }
  const Int128 g = gcd128(num, den);
  m_num = g > 1 ? num / g : num;
  m_den = g > 1 ? den / g : den;
}

Ratio Ratio::operator*(const Ratio& other) const {
  if (m_overflow || other.m_overflow) return overflowing();
  // Cancel across first (a/b × c/d = (a/g1)(c/g2) / ((b/g2)(d/g1))): the products stay small.
  const Int128 g1 = std::max<Int128>(gcd128(m_num, other.m_den), 1);
  const Int128 g2 = std::max<Int128>(gcd128(other.m_num, m_den), 1);
  Int128 num = 0;
  Int128 den = 0;
  if (__builtin_mul_overflow(m_num / g1, other.m_num / g2, &num) ||
      __builtin_mul_overflow(m_den / g2, other.m_den / g1, &den))
    return overflowing();
  return Ratio(num, den);
}

Ratio Ratio::operator/(std::int64_t n) const {
  if (m_overflow || n == 0) return overflowing();
  return *this * Ratio(Int128(1), Int128(n));
}

Ratio Ratio::operator+(const Ratio& other) const {
  if (m_overflow || other.m_overflow) return overflowing();
  const Int128 g = gcd128(m_den, other.m_den);
  const Int128 left_factor = other.m_den / g;
  const Int128 right_factor = m_den / g;
  Int128 left = 0;
  Int128 right = 0;
  Int128 num = 0;
  Int128 den = 0;
  if (__builtin_mul_overflow(m_num, left_factor, &left) || __builtin_mul_overflow(other.m_num, right_factor, &right) ||
      __builtin_add_overflow(left, right, &num) || __builtin_mul_overflow(m_den, left_factor, &den))
    return overflowing();
  return Ratio(num, den);
}

Ratio Ratio::operator-(const Ratio& other) const {
  if (other.m_overflow) return overflowing();
  return *this + Ratio(-other.m_num, other.m_den);
}

Ratio Ratio::overflowing() {
  Ratio r;
  r.m_overflow = true;
  return r;
}

Result<std::int64_t> Ratio::round(Rounding rounding) const {
  if (m_overflow) return invalid("", "the amount is too large to compute exactly");
  const Int128 q = divide_rounded(m_num, m_den, rounding);
  if (q > std::numeric_limits<std::int64_t>::max() || q < std::numeric_limits<std::int64_t>::min())
    return invalid("", "the amount is too large for whole NT$");
  return static_cast<std::int64_t>(q);
}

std::string Ratio::str(int digits) const {
  if (m_overflow) return "overflow";
  digits = std::clamp(digits, 0, 18);
  Int128 scaled = 0;
  if (__builtin_mul_overflow(m_num, Int128(pow10(digits)), &scaled)) return "overflow";
  const Int128 q = divide_rounded(scaled, m_den, Rounding::half_away_from_zero);
  const Int128 p = pow10(digits);
  std::string out = q < 0 ? "-" : "";
  out += digits_of(abs128(q) / p);
  if (digits > 0) {
    std::string tail = digits_of(abs128(q) % p);
    out += "." + std::string(static_cast<std::size_t>(digits) - tail.size(), '0') + tail;
  }
  return out;
}

std::strong_ordering operator<=>(const Ratio& a, const Ratio& b) {
  const bool a_negative = a.m_num < 0;
  const bool b_negative = b.m_num < 0;
  if (a_negative != b_negative) return a_negative ? std::strong_ordering::less : std::strong_ordering::greater;
  if (a_negative) return compare_positive(-b.m_num, b.m_den, -a.m_num, a.m_den);
  return compare_positive(a.m_num, a.m_den, b.m_num, b.m_den);
}

} // namespace epb
