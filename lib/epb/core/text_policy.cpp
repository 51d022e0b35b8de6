#include "epb/core/text_policy.hpp"

#include "epb/core/text.hpp"
#include "epb/core/utf8.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <cstring>

namespace epb {
namespace {

bool is_control(char32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

// Embeddings, overrides and isolates: they reorder the text around them wherever it is shown.
bool is_bidi_override(char32_t cp) { return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069); }

// Invisible marks and separators that have no place in a one-line value.
bool is_line_breaker(char32_t cp) {
  return cp == 0x200E || cp == 0x200F || cp == 0x061C || cp == 0x2028 || cp == 0x2029;
}

std::string code_point_name(char32_t cp) { return fmt::format("U+{:04X}", static_cast<std::uint32_t>(cp)); }

} // namespace

// Declared in text.hpp; here, next to the one strict decoder. Runs over whole input files:
// plain ASCII is skipped eight bytes at a time.
std::size_t first_invalid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (i + 8 <= text.size()) {
      std::uint64_t word;
      std::memcpy(&word, text.data() + i, sizeof word);
      if ((word & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    const std::size_t length = decode_utf8_at(text, i).length;
    if (length == 0) return i;
    i += length;
  }
  return std::string_view::npos;
}

TextRule text_rule(TextKind kind) {
  switch (kind) {
  case TextKind::code: return {64, false};
  case TextKind::name: return {100, false};
  case TextKind::line: return {200, false};
  case TextKind::subject: return {200, false};
  case TextKind::note: return {4000, true};
  case TextKind::document: return {20000, true};
  }
  return {200, false};
}

std::string_view text_kind_name(TextKind kind) {
  switch (kind) {
  case TextKind::code: return "code";
  case TextKind::name: return "name";
  case TextKind::line: return "line";
  case TextKind::subject: return "subject";
  case TextKind::note: return "note";
  case TextKind::document: return "document";
  }
  return "line";
}

std::optional<std::string> text_violation(TextKind kind, std::string_view text) {
  const TextRule rule = text_rule(kind);
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (const auto c = static_cast<unsigned char>(text[i]); c >= 0x20 && c < 0x7F) { // printable ASCII
      ++chars;
      ++i;
      continue;
    }
    const Utf8Decoded d = decode_utf8_at(text, i);
    if (d.length == 0) return fmt::format("invalid UTF-8 at byte {}", i + 1);
    const char32_t cp = d.cp;
    if (cp == 0) return fmt::format("NUL byte (U+0000) not allowed at byte {}", i + 1);
    const bool line_break = cp == '\n' || cp == '\t' || (cp == '\r' && i + 1 < text.size() && text[i + 1] == '\n');
    if (is_control(cp) && !(rule.multiline && line_break))
      return fmt::format("control character {} not allowed{}", code_point_name(cp),
                         rule.multiline || (cp != '\n' && cp != '\t') ? "" : " (a single-line value)");
    if (is_bidi_override(cp)) return fmt::format("bidi control {} not allowed", code_point_name(cp));
    if (is_line_breaker(cp) && !rule.multiline)
      return fmt::format("invisible control {} not allowed (a single-line value)", code_point_name(cp));
    ++chars;
    i += d.length;
  }
  if (chars > rule.max_chars) return fmt::format("longer than {} characters ({})", rule.max_chars, chars);
  return std::nullopt;
}

Result<void> check_text(TextKind kind, std::string_view field, std::string_view text) {
  if (auto why = text_violation(kind, text)) return invalid(std::string(field), std::move(*why));
  return {};
}

void require_text(TextKind kind, std::string_view field, std::string_view text) {
  value_or_throw(check_text(kind, field, text));
}

std::string terminal_safe(std::string_view text, bool keep_lines) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const Utf8Decoded d = decode_utf8_at(text, i);
    if (d.length == 0) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(text[i]));
      ++i;
      continue;
    }
    const char32_t cp = d.cp;
    if (keep_lines && (cp == '\n' || cp == '\t'))
      out += static_cast<char>(cp);
    else if (cp == '\n')
      out += "\\n";
    else if (cp == '\t')
      out += "\\t";
    else if (cp == '\r')
      out += "\\r";
    else if (cp < 0x20 || cp == 0x7F)
      out += fmt::format("\\x{:02x}", static_cast<unsigned>(cp));
    else if (is_control(cp) || is_bidi_override(cp) || is_line_breaker(cp))
      out += "<" + code_point_name(cp) + ">";
    else
      out.append(text.substr(i, d.length));
    i += d.length;
  }
  return out;
}

} // namespace epb
