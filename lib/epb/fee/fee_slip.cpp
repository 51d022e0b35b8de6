// Payment slip numbers (繳款單號): ROC year (3), case sequence (6), instalment (2) and a Luhn check
// digit, so a mistyped digit or two swapped neighbours are caught at the counter.
#include "epb/fee/fee.hpp"

#include <fmt/format.h>

namespace epb {

namespace {

constexpr std::size_t k_slip_digits = 12;

// The Luhn digit for `payload`: from the right, every other digit doubled (its digits summed).
int luhn_digit(std::string_view payload) {
  int sum = 0;
  bool doubled = true; // the rightmost payload digit sits next to the check digit
  for (auto it = payload.rbegin(); it != payload.rend(); ++it) {
    int d = *it - '0';
    if (doubled) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    doubled = !doubled;
  }
  return (10 - sum % 10) % 10;
}

} // namespace

std::string payment_slip(int roc_year, std::int64_t case_seq, int instalment) {
  const std::string payload = fmt::format("{:03}{:06}{:02}", roc_year, case_seq, instalment);
  return payload + static_cast<char>('0' + luhn_digit(payload));
}

Result<void> check_payment_slip(std::string_view slip) {
  const std::string shown = fmt::format("payment slip '{}'", slip.size() > 40 ? slip.substr(0, 40) : slip);
  for (const char c : slip)
    if (c < '0' || c > '9') return invalid(shown, "a slip number has digits only");
  if (slip.size() != k_slip_digits)
    return invalid(shown, fmt::format("a slip number has {} digits, not {}", k_slip_digits, slip.size()));
  const int expected = luhn_digit(slip.substr(0, k_slip_digits - 1));
  const int given = slip.back() - '0';
  if (given != expected) return invalid(shown, fmt::format("check digit {}, expected {}", given, expected));
  return {};
}

} // namespace epb
