#include "epb/report/html_writer.hpp"

#include "epb/core/utf8.hpp"

#include <algorithm>
#include <cctype>

namespace epb::report::html {
namespace {

constexpr std::string_view k_replacement = "\xEF\xBF\xBD"; // U+FFFD

// What an HTML document may carry as text without a parse error, which is also what XML 1.0
// allows (the SVG inside is read by both kinds of tools).
bool allowed(char32_t cp) {
  if (cp < 0x20) return cp == '\t' || cp == '\n';
  if (cp >= 0x7F && cp <= 0x9F) return false;
  if (cp >= 0xFDD0 && cp <= 0xFDEF) return false;
  return (cp & 0xFFFE) != 0xFFFE; // U+FFFE, U+FFFF and their kin in every plane
}

bool canonical_integer(std::string_view text) {
  if (text.starts_with('-')) text.remove_prefix(1);
  return !text.empty() && std::ranges::all_of(text, [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

} // namespace

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const Utf8Decoded d = decode_utf8_at(text, i);
    if (d.length == 0) {
      out += k_replacement;
      ++i;
      continue;
    }
    const std::string_view bytes = text.substr(i, d.length);
    i += d.length;
    if (d.cp == '\r') continue;
    if (!allowed(d.cp)) {
      out += k_replacement;
      continue;
    }
    switch (d.cp) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&#39;"; break;
    default: out += bytes;
    }
  }
  return out;
}

std::string IdSet::make(std::string_view prefix, std::string_view key) {
  std::string reduced;
  for (char c : key) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0 && u < 0x80)
      reduced += static_cast<char>(std::tolower(u));
    else if (!reduced.empty() && reduced.back() != '-')
      reduced += '-';
  }
  while (reduced.ends_with('-'))
    reduced.pop_back();
  const std::string base = reduced.empty() ? std::string(prefix) : std::string(prefix) + "-" + reduced;
  std::string id = base;
  for (int n = 2; m_used.contains(id); ++n)
    id = base + "-" + std::to_string(n);
  m_used.insert(id);
  return id;
}

std::string grouped(std::string_view canonical) {
  if (!canonical_integer(canonical)) return std::string(canonical);
  const bool negative = canonical.starts_with('-');
  const std::string_view digits = negative ? canonical.substr(1) : canonical;
  std::string out = negative ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

const Words& words_for(std::string_view lang) {
  static const Words chinese{"定義", "其他資料表", "無資料", "資料：", "無資料", "報表資訊"};
  static const Words english{"Definitions", "More tables", "no value", "Data: ", "No data", "About this report"};
  return lang.starts_with("zh") ? chinese : english;
}

} // namespace epb::report::html
