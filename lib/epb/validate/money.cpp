#include "epb/validate/money.hpp"

#include "epb/core/text.hpp"

#include <algorithm>

namespace epb {
namespace {

constexpr std::int64_t k_max_amount = 1'000'000'000'000;
constexpr std::string_view k_yuan = "元";

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool strip_prefix_nocase(std::string_view& text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = text[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c != prefix[i]) return false;
  }
  text.remove_prefix(prefix.size());
  return true;
}

// Commas are optional, but when present they must sit every three digits from the
// right: "1,20,00" is more likely a typo than 12000.
bool commas_well_placed(std::string_view digits) {
  const auto first = digits.find(',');
  if (first == std::string_view::npos) return true;
  if (first == 0 || first > 3 || (digits.size() - first) % 4 != 0) return false;
  for (std::size_t i = first; i < digits.size(); ++i)
    if ((digits[i] == ',') != ((i - first) % 4 == 0)) return false;
  return true;
}

} // namespace

Result<std::int64_t> parse_money(std::string_view text) {
  std::string_view rest = trim(text);
  const std::string what = "amount '" + std::string(rest) + "'";
  if (rest.empty()) return invalid(what, "must not be empty");

  // A minus sign may come before or after the currency mark (-NT$5, NT$-5).
  bool negative = false;
  if (rest.starts_with('-')) {
    negative = true;
    rest.remove_prefix(1);
  }
  if (!strip_prefix_nocase(rest, "NT$")) strip_prefix_nocase(rest, "$");
  rest = trim(rest);
  if (rest.starts_with('-')) {
    negative = true;
    rest.remove_prefix(1);
  }
  if (rest.ends_with(k_yuan)) rest = trim(rest.substr(0, rest.size() - k_yuan.size()));

  // Cents of zero are harmless (spreadsheets export 12000.00); any others are not.
  if (const auto dot = rest.find('.'); dot != std::string_view::npos) {
    const std::string_view cents = rest.substr(dot + 1);
    if (cents.empty() || cents.size() > 2 || !std::ranges::all_of(cents, is_digit))
      return invalid(what, "expected a whole number of NT dollars");
    if (cents.find_first_not_of('0') != std::string_view::npos) return invalid(what, "whole NT dollars only");
    rest = rest.substr(0, dot);
  }
  if (rest.empty() || !is_digit(rest.front()) || !is_digit(rest.back()) ||
      !std::ranges::all_of(rest, [](char c) { return is_digit(c) || c == ','; }))
    return invalid(what, "expected a whole number of NT dollars");
  if (!commas_well_placed(rest)) return invalid(what, "thousands separators are misplaced");
  if (negative) return invalid(what, "must not be negative");

  std::int64_t amount = 0;
  for (char c : rest) {
    if (c == ',') continue;
    amount = amount * 10 + (c - '0');
    // Checked per digit so that a long string can never overflow int64.
    if (amount > k_max_amount) return invalid(what, "must not be more than 1,000,000,000,000");
  }
  return amount;
}

std::string format_money(std::int64_t amount) {
  // Work on the magnitude as unsigned so that INT64_MIN has one too.
  const bool negative = amount < 0;
  std::uint64_t magnitude = negative ? ~static_cast<std::uint64_t>(amount) + 1 : static_cast<std::uint64_t>(amount);
  std::string out;
  int count = 0;
  do {
    if (count > 0 && count % 3 == 0) out += ',';
    out += static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
    ++count;
  } while (magnitude != 0);
  if (negative) out += '-';
  std::ranges::reverse(out);
  return out;
}

} // namespace epb
