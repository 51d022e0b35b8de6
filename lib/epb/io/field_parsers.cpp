#include "epb/io/field_parsers.hpp"

#include "epb/core/suggest.hpp"
#include "epb/validate/business_number.hpp"
#include "epb/validate/contact.hpp"
#include "epb/validate/money.hpp"
#include "epb/validate/person_id.hpp"
#include "epb/validate/plate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <vector>

namespace epb::parse {
namespace {

// A validator's result under the field's name: "plate: 'X': not a motorcycle plate ...".
template <class T> Result<T> named(std::string_view field, Result<T> result) {
  if (!result) return invalid(std::string(field), result.error().message());
  return result;
}

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
  return out;
}

} // namespace

Result<Date> date(std::string_view field, std::string_view text) { return named(field, parse_date(text)); }

Result<Instant> instant(std::string_view field, std::string_view text) { return named(field, parse_instant(text)); }

Result<std::int64_t> money(std::string_view field, std::string_view text) { return named(field, parse_money(text)); }

Result<std::string> plate(std::string_view field, std::string_view text) {
  return named(field, validate_motorcycle_plate(text));
}

Result<std::string> national_id(std::string_view field, std::string_view text) {
  return named(field, validate_national_id(text));
}

Result<std::string> person_id(std::string_view field, std::string_view text) {
  return named(field, validate_person_id(text));
}

Result<std::string> business_number(std::string_view field, std::string_view text) {
  return named(field, validate_business_number(text));
}

Result<BankAccount> bank_account(std::string_view code_field, std::string_view code, std::string_view number_field,
                                 std::string_view number) {
  auto bank_code = named(code_field, validate_bank_code(code));
  if (!bank_code) return std::unexpected(bank_code.error());
  auto account = named(number_field, validate_account_number(number));
  if (!account) return std::unexpected(account.error());
  return BankAccount{std::move(*bank_code), std::move(*account)};
}

Result<std::string> phone(std::string_view field, std::string_view text) { return named(field, validate_phone(text)); }

Result<std::string> email(std::string_view field, std::string_view text) { return named(field, validate_email(text)); }

Result<bool> flag(std::string_view field, std::string_view text) {
  static constexpr std::array<std::string_view, 5> k_true = {"true", "yes", "y", "1", "是"};
  static constexpr std::array<std::string_view, 5> k_false = {"false", "no", "n", "0", "否"};
  const std::string word = lower_ascii(text);
  if (std::find(k_true.begin(), k_true.end(), word) != k_true.end()) return true;
  if (std::find(k_false.begin(), k_false.end(), word) != k_false.end()) return false;
  return invalid(std::string(field), fmt::format("'{}' is not true or false (nor yes, no, 1, 0)", text));
}

Result<std::string> choice(std::string_view field, std::string_view text, std::span<const std::string_view> allowed) {
  for (auto value : allowed)
    if (value == text) return std::string(text);
  std::vector<std::string> names(allowed.begin(), allowed.end());
  std::string known;
  for (const auto& name : names)
    known += (known.empty() ? "" : ", ") + name;
  return invalid(std::string(field), fmt::format("'{}' is not one of {}{}", text, known, did_you_mean(text, names)));
}

Result<std::int64_t> whole_number(std::string_view field, std::string_view text, std::int64_t min, std::int64_t max) {
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || text.front() == '+' || stop != end || error == std::errc::invalid_argument)
    return invalid(std::string(field), fmt::format("'{}' is not a whole number", text));
  if (error == std::errc::result_out_of_range || value < min || value > max)
    return invalid(std::string(field), fmt::format("{} is not within {}..{}", text, min, max));
  return value;
}

} // namespace epb::parse
