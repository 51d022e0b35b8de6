// [notify.templates]: notice texts and their {placeholders}. A bad placeholder is reported at
// its own line and column, so the reader maps every byte of a string's value back to the file.
#include "epb/config/config_reader.hpp"

#include "epb/core/text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace epb {
namespace {

// A template cut into literal text, placeholders and unmatched braces.
struct Piece {
  enum class Kind { text, placeholder, open_brace, close_brace } kind;
  std::size_t offset;    // where the piece starts in the template (the '{' of a placeholder)
  std::string_view text; // the literal text, or the placeholder's name
};

std::vector<Piece> pieces(std::string_view text) {
  std::vector<Piece> out;
  std::size_t start = 0;
  const auto flush = [&](std::size_t end) {
    if (end > start) out.push_back(Piece{Piece::Kind::text, start, text.substr(start, end - start)});
  };
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c != '{' && c != '}') {
      ++i;
      continue;
    }
    flush(i);
    if (i + 1 < text.size() && text[i + 1] == c) { // {{ or }}: one literal brace
      out.push_back(Piece{Piece::Kind::text, i, text.substr(i, 1)});
      i += 2;
    } else if (c == '}') {
      out.push_back(Piece{Piece::Kind::close_brace, i, text.substr(i, 1)});
      ++i;
    } else if (const auto close = text.find_first_of("{}\n", i + 1);
               close == std::string_view::npos || text[close] != '}') {
      // A placeholder never spans lines or nests: the brace is a literal one written alone.
      out.push_back(Piece{Piece::Kind::open_brace, i, text.substr(i, 1)});
      ++i;
    } else {
      out.push_back(Piece{Piece::Kind::placeholder, i, text.substr(i + 1, close - i - 1)});
      i = close + 1;
    }
    start = i;
  }
  flush(text.size());
  return out;
}

} // namespace

std::string fill_template(std::string_view text, const std::function<std::string(std::string_view)>& value) {
  std::string out;
  for (const Piece& piece : pieces(text)) {
    if (piece.kind == Piece::Kind::placeholder)
      out += value(piece.text);
    else
      out += piece.text;
  }
  return out;
}

namespace config_detail {
namespace {

bool continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Walks the raw file text keeping toml++'s idea of line and column: one column per code
// point (a CJK character is one column, as is a tab), a new line after each '\n'.
class Cursor {
public:
  Cursor(std::string_view text, toml::source_position at) : m_text(text) {
    if (m_text.starts_with("\xEF\xBB\xBF")) m_text.remove_prefix(3); // toml++ skips a byte-order mark
    while (m_pos.line < at.line && m_at < m_text.size())
      step();
    while (m_pos.column < at.column && m_at < m_text.size() && m_text[m_at] != '\n')
      step_code_point();
  }

  bool done() const { return m_at >= m_text.size(); }
  bool at(std::string_view s) const { return m_text.substr(m_at).starts_with(s); }
  char peek() const { return done() ? '\0' : m_text[m_at]; }
  toml::source_position pos() const { return m_pos; }
  void skip(std::size_t bytes) {
    for (std::size_t i = 0; i < bytes && !done(); ++i)
      step();
  }
  // Copies one code point to `out`, each byte marked with where the code point starts.
  void copy_code_point(std::string& out, std::vector<toml::source_position>& where) {
    const toml::source_position p = m_pos;
    do {
      out += m_text[m_at];
      where.push_back(p);
      step();
    } while (!done() && continuation(m_text[m_at]));
  }

private:
  void step() {
    if (m_text[m_at] == '\n') {
      ++m_pos.line;
      m_pos.column = 1;
    } else if (!continuation(m_text[m_at])) {
      ++m_pos.column;
    }
    ++m_at;
  }
  void step_code_point() {
    do
      step();
    while (!done() && continuation(m_text[m_at]));
  }

  std::string_view m_text;
  std::size_t m_at = 0;
  toml::source_position m_pos{1, 1};
};

// Decodes one escape after its backslash (basic strings); false if it is not one.
bool decode_escape(Cursor& cursor, toml::source_position backslash, std::string& out,
                   std::vector<toml::source_position>& where) {
  const std::size_t before = out.size();
  const char c = cursor.peek();
  static constexpr std::string_view k_from = "bfnrt\"\\", k_to = "\b\f\n\r\t\"\\";
  if (const auto simple = k_from.find(c); simple != std::string_view::npos && c != '\0') {
    out += k_to[simple];
    cursor.skip(1);
  } else if (c == 'u' || c == 'U') {
    cursor.skip(1);
    std::uint32_t cp = 0;
    for (int i = 0; i < (c == 'u' ? 4 : 8); ++i) {
      const char h = cursor.peek();
      const int digit = h >= '0' && h <= '9'   ? h - '0'
                        : h >= 'a' && h <= 'f' ? h - 'a' + 10
                        : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                               : -1;
      if (digit < 0) return false;
      cp = cp * 16 + static_cast<std::uint32_t>(digit);
      cursor.skip(1);
    }
    append_utf8(out, cp);
  } else {
    return false;
  }
  where.insert(where.end(), out.size() - before, backslash);
  return true;
}

// The position of each byte of the string value written at `at`, or nothing when the text
// there does not decode to `value` (then the caller falls back to the string's own position).
std::optional<std::vector<toml::source_position>> byte_positions(std::string_view text, toml::source_position at,
                                                                 std::string_view value) {
  Cursor cursor(text, at);
  const bool multi_line = cursor.at("\"\"\"") || cursor.at("'''");
  const bool literal = cursor.peek() == '\'';
  if (!literal && cursor.peek() != '"') return std::nullopt;
  cursor.skip(multi_line ? 3 : 1);
  // TOML trims a line break right after the opening quotes of a multi-line string.
  if (multi_line && cursor.at("\r\n"))
    cursor.skip(2);
  else if (multi_line && cursor.at("\n"))
    cursor.skip(1);

  std::string out;
  std::vector<toml::source_position> where;
  while (out.size() < value.size() && !cursor.done()) {
    if (multi_line && cursor.at("\r\n")) { // line breaks read as '\n'
      out += '\n';
      where.push_back(cursor.pos());
      cursor.skip(2);
    } else if (!literal && cursor.peek() == '\\') {
      const toml::source_position backslash = cursor.pos();
      cursor.skip(1);
      const char next = cursor.peek();
      if (multi_line && (next == ' ' || next == '\t' || next == '\r' || next == '\n')) {
        // A line-ending backslash: the break and all whitespace after it disappear.
        while (cursor.peek() == ' ' || cursor.peek() == '\t' || cursor.peek() == '\r' || cursor.peek() == '\n')
          cursor.skip(1);
      } else if (!decode_escape(cursor, backslash, out, where)) {
        return std::nullopt;
      }
    } else {
      cursor.copy_code_point(out, where);
    }
  }
  if (out != value) return std::nullopt;
  return where;
}

std::string placeholder_list() {
  std::string out;
  const auto names = template_placeholders();
  for (std::size_t i = 0; i < names.size(); ++i)
    out += fmt::format("{}{{{}}}", i == 0 ? "" : i + 1 == names.size() ? " or " : ", ", names[i]);
  return out;
}

void check_placeholders(const toml::node& node, std::string_view key, const std::string& code, std::string_view text,
                        IssueLog& log) {
  const std::string& value = node.as_string()->get();
  const std::vector<Piece> found = pieces(value);
  if (std::all_of(found.begin(), found.end(), [](const Piece& piece) {
        if (piece.kind != Piece::Kind::placeholder) return piece.kind == Piece::Kind::text;
        const auto names = template_placeholders();
        return std::find(names.begin(), names.end(), piece.text) != names.end();
      }))
    return;
  const auto positions = byte_positions(text, node.source().begin, value);
  const auto where = [&](std::size_t offset) { return positions ? positions->at(offset) : position(node); };
  const std::string in = fmt::format("in '{}' of template '{}'", key, code);
  const auto names = template_placeholders();
  const std::vector<std::string> candidates(names.begin(), names.end());
  for (const Piece& piece : found) {
    if (piece.kind == Piece::Kind::open_brace)
      log.add(where(piece.offset), fmt::format("unmatched '{{' {}: write '{{{{' for a literal brace", in));
    else if (piece.kind == Piece::Kind::close_brace)
      log.add(where(piece.offset), fmt::format("unmatched '}}' {}: write '}}}}' for a literal brace", in));
    else if (piece.kind == Piece::Kind::placeholder &&
             std::find(names.begin(), names.end(), piece.text) == names.end()) {
      const std::string best = closest(piece.text, candidates);
      log.add(where(piece.offset),
              best.empty()
                  ? fmt::format("unknown placeholder '{{{}}}' {}: expected {}", piece.text, in, placeholder_list())
                  : fmt::format("unknown placeholder '{{{}}}' {} (did you mean '{{{}}}'?)", piece.text, in, best));
    }
  }
}

} // namespace

NotifyTemplate read_template(const std::string& code, const toml::table& table, std::string_view text, IssueLog& log) {
  TableReader reader(table, fmt::format("in template '{}'", code), log);
  NotifyTemplate result;
  result.code = code;
  const std::pair<std::string_view, std::string*> texts[] = {{"subject", &result.subject_zh},
                                                             {"subject_en", &result.subject_en},
                                                             {"body", &result.body_zh},
                                                             {"body_en", &result.body_en}};
  for (const auto& [key, field] : texts) {
    if (auto value = reader.string(key, true)) {
      check_placeholders(*table.get(key), key, code, text, log);
      *field = std::move(*value);
    }
  }
  reader.finish();
  return result;
}

} // namespace config_detail
} // namespace epb
