#include "epb/validate/contact.hpp"

#include "epb/core/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace epb {
namespace {

// Longest first, so that 0836 wins over 08.
constexpr std::array<std::string_view, 13> k_area_codes{"0836", "0826", "089", "082", "049", "037", "02",
                                                        "03",   "04",   "05",  "06",  "07",  "08"};
constexpr std::string_view k_toll_free = "0800";
constexpr std::size_t k_mobile_length = 10;
constexpr std::size_t k_toll_free_length = 10;
constexpr std::size_t k_max_extension = 6;
constexpr std::size_t k_max_email = 254;
constexpr std::size_t k_max_local = 64;
constexpr std::size_t k_max_label = 63;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool all_digits(std::string_view s) { return std::ranges::all_of(s, is_digit); }
char to_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Splits "073351234ext123" (already stripped and lower-cased) into number and extension.
// Returns false when the extension marker is there but nothing usable follows it.
bool split_extension(std::string& number, std::string& extension) {
  std::size_t marker = number.find('#');
  std::size_t skip = 1;
  if (marker == std::string::npos) {
    marker = number.find("ext");
    skip = 3;
  }
  if (marker == std::string::npos) return true;
  extension = number.substr(marker + skip);
  number.resize(marker);
  if (!extension.empty() && extension.front() == '.') extension.erase(0, 1);
  return !extension.empty() && extension.size() <= k_max_extension && all_digits(extension);
}

std::string_view area_code_of(std::string_view digits) {
  for (std::string_view code : k_area_codes)
    if (digits.starts_with(code)) return code;
  return {};
}

bool is_atext(char c) {
  constexpr std::string_view k_specials = "!#$%&'*+/=?^_`{|}~-";
  return is_alpha(c) || is_digit(c) || k_specials.find(c) != std::string_view::npos;
}

std::string bad_local_char(char c) {
  // A lone byte of a multi-byte character would print as garbage, so name only ASCII.
  if (c > ' ' && c < '\x7f') return fmt::format("'{}' is not allowed before the '@'", c);
  return "only printable ASCII is allowed before the '@'";
}

} // namespace

Result<std::string> validate_phone(std::string_view text) {
  const std::string_view trimmed = trim(text);
  const std::string what = "phone '" + std::string(trimmed) + "'";
  std::string number;
  for (char c : trimmed)
    if (c != ' ' && c != '\t' && c != '-' && c != '(' && c != ')') number += to_lower(c);
  if (number.empty()) return invalid(what, "must not be empty");

  std::string extension;
  if (!split_extension(number, extension)) return invalid(what, "an extension must be 1 to 6 digits");

  if (number.starts_with("+886") || number.starts_with("886")) {
    number.erase(0, number.front() == '+' ? 4 : 3);
    // "+886 (0)7 ..." is a common way of writing it; the 0 is ours to add once.
    if (!number.starts_with('0')) number.insert(0, 1, '0');
  } else if (number.starts_with('+')) {
    return invalid(what, "only Taiwan numbers (+886) are accepted");
  }
  if (!all_digits(number)) return invalid(what, "expected digits only");
  if (!number.starts_with('0')) return invalid(what, "must start with 0 or +886");

  if (number.starts_with("09")) {
    if (number.size() != k_mobile_length) return invalid(what, "a mobile number is 09 and 8 digits");
    if (!extension.empty()) return invalid(what, "a mobile number has no extension");
    return number;
  }
  const std::string suffix = extension.empty() ? std::string() : "#" + extension;
  if (number.starts_with(k_toll_free)) {
    if (number.size() != k_toll_free_length) return invalid(what, "a toll-free number is 0800 and 6 digits");
    return std::string(k_toll_free) + "-" + number.substr(k_toll_free.size()) + suffix;
  }
  const std::string_view code = area_code_of(number);
  if (code.empty()) return invalid(what, "no such area code");
  if (number.size() != 9 && number.size() != 10)
    return invalid(what, "a landline number is 9 or 10 digits with the area code");
  const std::string subscriber = number.substr(code.size());
  // Subscriber numbers never start with 0; one that does was mistyped.
  if (subscriber.starts_with('0')) return invalid(what, "no such area code");
  return std::string(code) + "-" + subscriber + suffix;
}

std::string phone_last4(std::string_view normalised) {
  const std::string_view number = normalised.substr(0, normalised.find('#'));
  std::string digits;
  for (char c : number)
    if (is_digit(c)) digits += c;
  return digits.size() <= 4 ? digits : digits.substr(digits.size() - 4);
}

Result<std::string> validate_email(std::string_view text) {
  const std::string_view address = trim(text);
  const std::string what = "email '" + std::string(address) + "'";
  if (address.empty()) return invalid(what, "must not be empty");
  if (address.size() > k_max_email) return invalid(what, "longer than 254 characters");
  const auto at = address.find('@');
  if (at == std::string_view::npos || address.find('@', at + 1) != std::string_view::npos)
    return invalid(what, "expected exactly one '@'");

  const std::string_view local = address.substr(0, at);
  if (local.empty()) return invalid(what, "nothing before the '@'");
  if (local.size() > k_max_local) return invalid(what, "the part before '@' is longer than 64 characters");
  for (char c : local)
    if (c != '.' && !is_atext(c)) return invalid(what, bad_local_char(c));
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos)
    return invalid(what, "a dot may not start, end or repeat in the part before '@'");

  const std::string domain = to_lower_ascii(address.substr(at + 1));
  if (domain.empty()) return invalid(what, "nothing after the '@'");
  if (domain.find('.') == std::string::npos) return invalid(what, "the domain needs a dot");
  std::string_view rest = domain;
  std::string_view label;
  while (true) {
    const auto dot = rest.find('.');
    label = rest.substr(0, dot);
    if (label.empty() || label.size() > k_max_label)
      return invalid(what, "each part of the domain must be 1 to 63 characters");
    if (!std::ranges::all_of(label, [](char c) { return is_alpha(c) || is_digit(c) || c == '-'; }))
      return invalid(what, "the domain may only have letters, digits, '-' and '.'");
    if (label.front() == '-' || label.back() == '-')
      return invalid(what, "a domain part may not start or end with '-'");
    if (dot == std::string_view::npos) break;
    rest.remove_prefix(dot + 1);
  }
  if (label.size() < 2 || !std::ranges::all_of(label, is_alpha))
    return invalid(what, "the top-level domain must be 2 or more letters");
  return std::string(local) + "@" + domain;
}

} // namespace epb
