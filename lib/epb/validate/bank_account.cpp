#include "epb/validate/bank_account.hpp"

#include "epb/core/text.hpp"

namespace epb {
namespace {

constexpr std::size_t k_bank_code_length = 3;
// Taiwan's banks use 10 to 14 digits (Chunghwa Post 14); 16 leaves room for virtual accounts.
constexpr std::size_t k_min_account_digits = 10;
constexpr std::size_t k_max_account_digits = 16;
constexpr std::size_t k_visible_digits = 4;

bool all_digits(std::string_view text) {
  for (const char c : text)
    if (c < '0' || c > '9') return false;
  return !text.empty();
}

} // namespace

Result<std::string> validate_bank_code(std::string_view text) {
  const std::string_view code = trim(text);
  if (code.size() != k_bank_code_length || !all_digits(code))
    return invalid("bank code '" + std::string(code) + "'", "expected the 3-digit financial institution code");
  return std::string(code);
}

Result<std::string> validate_account_number(std::string_view text) {
  std::string digits;
  for (const char c : trim(text)) {
    if (c == ' ' || c == '-') continue;
    if (c < '0' || c > '9') return invalid("account number", "only digits, spaces and dashes");
    digits += c;
  }
  if (digits.size() < k_min_account_digits || digits.size() > k_max_account_digits)
    return invalid("account number", "expected 10 to 16 digits");
  return digits;
}

Result<BankAccount> validate_bank_account(std::string_view bank_code, std::string_view number) {
  auto code = validate_bank_code(bank_code);
  if (!code) return std::unexpected(code.error());
  auto account = validate_account_number(number);
  if (!account) return std::unexpected(account.error());
  return BankAccount{*code, *account};
}

std::string mask_account_number(std::string_view number) {
  if (number.size() <= k_visible_digits) return std::string(number.size(), '*');
  return std::string(number.size() - k_visible_digits, '*') +
         std::string(number.substr(number.size() - k_visible_digits));
}

} // namespace epb
