#include "epb/validate/name.hpp"

#include "epb/core/text.hpp"

#include <algorithm>
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

} // namespace

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

std::string district_of(std::string_view address) {
  const auto district = address.find(k_district);
  if (district == std::string_view::npos) return {};
  std::string_view head = address.substr(0, district + k_district.size());
  std::size_t start = 0;
  for (std::string_view marker : {std::string_view("市"), std::string_view("縣")})
    if (const auto at = head.substr(0, district).rfind(marker); at != std::string_view::npos)
      start = std::max(start, at + marker.size());
  head.remove_prefix(start);
  // What is left may still start with a postcode or spaces (802 苓雅區).
  const auto name = head.find_first_not_of(" \t0123456789");
  return std::string(head.substr(name));
}

} // namespace epb
