#include "epb/report/ods_xml.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <set>

namespace epb::report::ods {
namespace {

constexpr std::string_view k_replacement = "\xEF\xBF\xBD"; // U+FFFD
constexpr std::size_t k_sheet_name_max = 31;

// The code point at the start of `text` and its length in bytes; none for bytes that are not
// UTF-8 (overlong forms and surrogates included).
struct Decoded {
  char32_t code;
  std::size_t length;
};
std::optional<Decoded> decode_utf8(std::string_view text) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return Decoded{lead, 1};
  std::size_t length = 0;
  char32_t code = 0;
  char32_t minimum = 0;
  if ((lead & 0xE0) == 0xC0)
    length = 2, code = lead & 0x1F, minimum = 0x80;
  else if ((lead & 0xF0) == 0xE0)
    length = 3, code = lead & 0x0F, minimum = 0x800;
  else if ((lead & 0xF8) == 0xF0)
    length = 4, code = lead & 0x07, minimum = 0x10000;
  else
    return std::nullopt;
  if (text.size() < length) return std::nullopt;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return std::nullopt;
    code = (code << 6) | (byte(i) & 0x3F);
  }
  if (code < minimum || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return std::nullopt;
  return Decoded{code, length};
}

bool xml_allows(char32_t code) {
  if (code < 0x20) return code == 0x09 || code == 0x0A || code == 0x0D;
  return code != 0xFFFE && code != 0xFFFF;
}

// Calls `each(code point, its bytes)` for every character of `text`, with what XML cannot hold
// already replaced by U+FFFD.
template <class Each> void for_each_char(std::string_view text, Each each) {
  while (!text.empty()) {
    const std::optional<Decoded> decoded = decode_utf8(text);
    const std::size_t length = decoded ? decoded->length : 1;
    if (decoded && xml_allows(decoded->code))
      each(decoded->code, text.substr(0, length));
    else
      each(char32_t{0xFFFD}, k_replacement);
    text.remove_prefix(length);
  }
}

void append_escaped(std::string& out, char32_t code, std::string_view bytes) {
  switch (code) {
  case '&': out += "&amp;"; break;
  case '<': out += "&lt;"; break;
  case '>': out += "&gt;"; break;
  case '"': out += "&quot;"; break;
  case '\'': out += "&apos;"; break;
  case '\r': out += "&#13;"; break; // a raw CR would be read back as a newline
  default: out += bytes;
  }
}

bool is_canonical_number(std::string_view text) {
  std::string_view digits = text;
  if (digits.starts_with('-')) digits.remove_prefix(1);
  const std::size_t point = digits.find('.');
  const std::string_view whole = digits.substr(0, point);
  const std::string_view part = point == std::string_view::npos ? std::string_view{} : digits.substr(point + 1);
  const auto all_digits = [](std::string_view s) {
    return !s.empty() && std::ranges::all_of(s, [](char c) { return c >= '0' && c <= '9'; });
  };
  return all_digits(whole) && (point == std::string_view::npos || all_digits(part));
}

bool is_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (text[i] < '0' || text[i] > '9') return false;
  return true;
}

// "-1500" as "-NT$1,500": what the currency style shows, for readers that only read text.
std::string shown_money(std::string_view amount) {
  const bool negative = amount.starts_with('-');
  if (negative) amount.remove_prefix(1);
  std::string grouped;
  for (std::size_t i = 0; i < amount.size(); ++i) {
    if (i > 0 && (amount.size() - i) % 3 == 0) grouped += ',';
    grouped += amount[i];
  }
  return fmt::format("{}NT${}", negative ? "-" : "", grouped);
}

std::string string_cell(std::string_view text) {
  return fmt::format(R"(<table:table-cell office:value-type="string">{}</table:table-cell>)", text_paragraphs(text));
}

std::string lower_ascii(std::string_view text) {
  std::string lower(text);
  for (char& c : lower)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return lower;
}

// The first `count` characters of `text` (whole UTF-8 characters).
std::string first_chars(std::string_view text, std::size_t count) {
  std::size_t end = 0;
  for (std::size_t n = 0; n < count && end < text.size(); ++n) {
    std::size_t length = 1;
    while (end + length < text.size() && (static_cast<unsigned char>(text[end + length]) & 0xC0) == 0x80)
      ++length;
    end += length;
  }
  return std::string(text.substr(0, end));
}

std::string clean_sheet_name(std::string_view wanted) {
  std::string name;
  for_each_char(wanted, [&](char32_t code, std::string_view bytes) {
    if (code < 0x20 || std::u32string_view(U"[]*?:/\\").find(code) != std::u32string_view::npos)
      name += '_';
    else
      name += bytes;
  });
  while (name.starts_with('\'') || name.starts_with(' '))
    name.erase(0, 1);
  name = first_chars(name, k_sheet_name_max);
  while (name.ends_with('\'') || name.ends_with(' '))
    name.pop_back();
  return name.empty() ? std::string("Sheet") : name;
}

} // namespace

std::string xml_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for_each_char(text, [&](char32_t code, std::string_view bytes) { append_escaped(out, code, bytes); });
  return out;
}

std::string text_paragraphs(std::string_view text) {
  std::string out = "<text:p>";
  bool after_space = true; // a paragraph's leading spaces would be dropped too
  for_each_char(text, [&](char32_t code, std::string_view bytes) {
    if (code == '\n') {
      out += "</text:p><text:p>";
      after_space = true;
      return;
    }
    if (code == '\t')
      out += "<text:tab/>";
    else if (code == ' ' && after_space)
      out += "<text:s/>";
    else
      append_escaped(out, code, bytes);
    after_space = code == ' ' || code == '\t';
  });
  return out + "</text:p>";
}

std::string percent_fraction(std::string_view percent) {
  const bool negative = percent.starts_with('-');
  if (negative) percent.remove_prefix(1);
  const std::size_t point = percent.find('.');
  std::string whole(percent.substr(0, point));
  const std::string part(point == std::string_view::npos ? std::string_view{} : percent.substr(point + 1));
  while (whole.size() < 3)
    whole.insert(0, 1, '0');
  std::string fraction = whole.substr(whole.size() - 2) + part;
  whole.erase(whole.size() - 2);
  while (whole.size() > 1 && whole.front() == '0')
    whole.erase(0, 1);
  while (!fraction.empty() && fraction.back() == '0')
    fraction.pop_back();
  std::string value = fraction.empty() ? whole : whole + "." + fraction;
  return negative && value != "0" ? "-" + value : value;
}

std::string typed_cell(CellType type, const Cell& cell) {
  if (!cell) return "<table:table-cell/>";
  const std::string& value = *cell;
  switch (type) {
  case CellType::integer:
  case CellType::decimal:
    if (!is_canonical_number(value)) break;
    return fmt::format(R"(<table:table-cell office:value-type="float" office:value="{0}"><text:p>{0}</text:p>)"
                       "</table:table-cell>",
                       value);
  case CellType::money:
    if (!is_canonical_number(value) || value.find('.') != std::string::npos) break;
    return fmt::format(R"(<table:table-cell table:style-name="ce_money" office:value-type="currency" )"
                       R"(office:currency="TWD" office:value="{}"><text:p>{}</text:p></table:table-cell>)",
                       value, shown_money(value));
  case CellType::percent:
    if (!is_canonical_number(value)) break;
    return fmt::format(R"(<table:table-cell table:style-name="ce_percent" office:value-type="percentage" )"
                       R"(office:value="{}"><text:p>{}%</text:p></table:table-cell>)",
                       percent_fraction(value), value);
  case CellType::date:
    if (!is_iso_date(value)) break;
    return fmt::format(R"(<table:table-cell table:style-name="ce_date" office:value-type="date" )"
                       R"(office:date-value="{0}"><text:p>{0}</text:p></table:table-cell>)",
                       value);
  case CellType::text:
  case CellType::instant: // ISO 8601 UTC as text: ODF date-times carry no time zone
    break;
  }
  return string_cell(value);
}

std::vector<std::string> sheet_names(const std::vector<std::string>& wanted) {
  std::vector<std::string> names;
  std::set<std::string> taken;
  for (const std::string& want : wanted) {
    const std::string base = clean_sheet_name(want);
    std::string name = base;
    for (int n = 2; taken.contains(lower_ascii(name)); ++n) {
      const std::string suffix = fmt::format(" ({})", n);
      name = first_chars(base, k_sheet_name_max - suffix.size()) + suffix;
    }
    taken.insert(lower_ascii(name));
    names.push_back(std::move(name));
  }
  return names;
}

} // namespace epb::report::ods
