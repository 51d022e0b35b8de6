#include "epb/privacy/mask.hpp"

#include "epb/core/text.hpp"
#include "epb/validate/bank_account.hpp"
#include "epb/validate/contact.hpp"

#include <algorithm>
#include <array>
#include <vector>

namespace epb {
namespace {

constexpr std::string_view k_district = "區";
constexpr std::string_view k_mask = "****";
constexpr std::size_t k_address_keep = 6;
// Below U+0370 is Latin (with its extensions and IPA): names like José Müller.
constexpr char32_t k_latin_end = 0x370;

struct CodePoint {
  std::string_view bytes;
  char32_t value;
};

// Splits UTF-8 into code points. Invalid bytes are taken one at a time (as
// U+FFFD) rather than rejected: masking must never fail on bad input.
std::vector<CodePoint> code_points(std::string_view text) {
  std::vector<CodePoint> out;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = 1;
    char32_t value = lead;
    if (lead >= 0xF8) {
      value = 0xFFFD;
    } else if (lead >= 0xF0) {
      length = 4;
      value = lead & 0x07u;
    } else if (lead >= 0xE0) {
      length = 3;
      value = lead & 0x0Fu;
    } else if (lead >= 0xC0) {
      length = 2;
      value = lead & 0x1Fu;
    } else if (lead >= 0x80) {
      value = 0xFFFD;
    }
    bool ok = i + length <= text.size();
    for (std::size_t k = 1; ok && k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      ok = (next & 0xC0u) == 0x80u;
      value = (value << 6) | (next & 0x3Fu);
    }
    if (!ok) {
      length = 1;
      value = 0xFFFD;
    }
    out.push_back({text.substr(i, length), value});
    i += length;
  }
  return out;
}

bool is_word_separator(char32_t c) { return c == ' ' || c == '-' || c == '\'' || c == '.'; }

std::string mask_latin_name(const std::vector<CodePoint>& points) {
  std::string out;
  bool word_start = true;
  for (const CodePoint& point : points) {
    if (is_word_separator(point.value)) {
      out += point.bytes;
      word_start = true;
    } else {
      out += word_start ? point.bytes : std::string_view("*");
      word_start = false;
    }
  }
  return out;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

constexpr std::array<std::string_view, 6> k_kind_names = {"name",  "id_number", "phone",
                                                          "email", "address",   "bank_account"};

} // namespace

std::string_view personal_data_name(PersonalData kind) { return k_kind_names[static_cast<std::size_t>(kind)]; }

std::optional<PersonalData> parse_personal_data(std::string_view name) {
  for (std::size_t i = 0; i < k_kind_names.size(); ++i)
    if (k_kind_names[i] == name) return static_cast<PersonalData>(i);
  return std::nullopt;
}

std::string mask_personal(PersonalData kind, std::string_view value) {
  if (value.empty()) return {};
  switch (kind) {
  case PersonalData::name: return mask_name(value);
  case PersonalData::id_number: return mask_person_id(value);
  case PersonalData::phone: return mask_phone(value);
  case PersonalData::email: return mask_email(value);
  case PersonalData::address: return mask_address(value);
  case PersonalData::bank_account: return mask_account_number(value);
  }
  return std::string(value.size(), '*'); // not reached: every kind has its mask above
}

std::string shown_personal(PersonalData kind, std::string_view value, bool reveal) {
  return reveal ? std::string(value) : mask_personal(kind, value);
}

std::string mask_name(std::string_view utf8) {
  const std::vector<CodePoint> points = code_points(trim(utf8));
  if (std::ranges::all_of(points, [](const CodePoint& p) { return p.value < k_latin_end; }))
    return mask_latin_name(points);
  if (points.size() <= 1) return std::string(trim(utf8));
  std::string out(points.front().bytes);
  // Two characters are surname and given name; the given name is what identifies.
  const std::size_t middle = points.size() == 2 ? 1 : points.size() - 2;
  out.append(middle, 'O');
  if (points.size() > 2) out += points.back().bytes;
  return out;
}

std::string mask_address(std::string_view utf8) {
  const std::string_view address = trim(utf8);
  if (address.empty()) return {};
  // UTF-8 is self-synchronising, so a byte search cannot match inside another character.
  if (const auto district = address.find(k_district); district != std::string_view::npos)
    return std::string(address.substr(0, district + k_district.size())) + std::string(k_mask);
  const std::vector<CodePoint> points = code_points(address);
  std::string out;
  for (std::size_t i = 0; i < points.size() && i < k_address_keep; ++i)
    out += points[i].bytes;
  return out + std::string(k_mask);
}

std::string mask_person_id(std::string_view id) {
  constexpr std::size_t k_keep = 3;
  std::string out(id);
  if (out.size() <= 2 * k_keep) return std::string(out.size(), '*');
  for (std::size_t i = k_keep; i < out.size() - k_keep; ++i)
    out[i] = '*';
  return out;
}

std::string mask_email(std::string_view email) {
  const auto at = email.find('@');
  if (at == std::string_view::npos || at == 0) return std::string(email.size(), '*');
  // The first character, not byte: a stored address is ASCII (validate_email), but a mask must
  // never cut a character of whatever text it is given.
  return std::string(code_points(email.substr(0, at)).front().bytes) + "***" + std::string(email.substr(at));
}

std::string mask_phone(std::string_view text) {
  const auto phone = validate_phone(text);
  if (!phone) return std::string(trim(text).size(), '*');
  const std::string& number = *phone;
  const auto hyphen = number.find('-');
  // A mobile number keeps 09 and the two digits after it; a landline its area code.
  const std::size_t kept = hyphen == std::string::npos ? 4 : hyphen + 1;
  std::string out = number;
  for (std::size_t i = kept; i < out.size(); ++i)
    if (is_digit(out[i])) out[i] = '*';
  return out;
}

std::string mask_contact(std::string_view recipient) {
  if (recipient.empty()) return {};
  if (recipient.find('@') != std::string_view::npos) return mask_email(recipient);
  if (recipient[0] == '0' || recipient[0] == '+') return mask_phone(recipient);
  return mask_address(recipient);
}

std::string mask_name_in(std::string_view text, std::string_view name) {
  std::string out(text);
  if (name.empty()) return out;
  const std::string masked = mask_name(name);
  for (auto at = out.find(name); at != std::string::npos; at = out.find(name, at + masked.size()))
    out.replace(at, name.size(), masked);
  return out;
}

} // namespace epb
