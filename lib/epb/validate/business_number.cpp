#include "epb/validate/business_number.hpp"

#include "epb/core/text.hpp"

#include <array>

namespace epb {
namespace {

constexpr std::size_t k_length = 8;
constexpr std::array<int, k_length> k_weights{1, 2, 1, 2, 1, 2, 4, 1};
// The 7th digit is special when it is 7: 7 x 4 = 28 -> 2 + 8 = 10, and the rule
// lets that 10 count either as 1 + 0 = 1 or as 0.
constexpr std::size_t k_special_position = 6;
constexpr int k_divisor = 5;

// Products are at most 9 x 4 = 36, so "add the digits" is one step, except that
// 28 gives 10, which is folded again to 1 (the caller also tries 0 for it).
int digit_sum(int product) {
  const int sum = product / 10 + product % 10;
  return sum >= 10 ? sum / 10 + sum % 10 : sum;
}

} // namespace

Result<std::string> validate_business_number(std::string_view text) {
  const std::string_view number = trim(text);
  const std::string what = "business number '" + std::string(number) + "'";
  if (number.size() != k_length) return invalid(what, "expected 8 digits");
  int sum = 0;
  for (std::size_t i = 0; i < k_length; ++i) {
    const char c = number[i];
    if (c < '0' || c > '9') return invalid(what, "expected 8 digits");
    sum += digit_sum((c - '0') * k_weights[i]);
  }
  const bool special = number[k_special_position] == '7';
  if (sum % k_divisor != 0 && !(special && (sum - 1) % k_divisor == 0)) return invalid(what, "checksum does not match");
  return std::string(number);
}

} // namespace epb
