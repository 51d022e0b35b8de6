// JSON lines: one object per line; values are strings, numbers, booleans or null. A nested
// array or object is passed on as its JSON text, marked, for the fields that take one.
#include "epb/io/record_reader.hpp"

#include "epb/core/text.hpp"
#include "epb/core/text_policy.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

namespace epb {
namespace {

// A small parser for one line holding one flat JSON object.
class LineParser {
public:
  explicit LineParser(std::string_view text) : m_text(text) {}

  Result<std::vector<std::pair<std::string, std::string>>> object() {
    auto members = flat_object(true);
    if (!members) return members;
    return finish(std::move(*members));
  }

  // Which members of the last object() held a nested array or object (as JSON text).
  const std::vector<bool>& nested() const { return m_nested; }

  // A JSON array of flat objects, e.g. a case's pauses: [{"from": "...", "to": "..."}].
  Result<std::vector<JsonMembers>> object_list() {
    std::vector<JsonMembers> list;
    skip_space();
    if (!eat('[')) return fail("expected a JSON array '['");
    skip_space();
    if (!eat(']'))
      for (;;) {
        skip_space();
        auto members = flat_object(false);
        if (!members) return std::unexpected(members.error());
        list.push_back(std::move(*members));
        skip_space();
        if (eat(',')) continue;
        if (eat(']')) break;
        return fail("expected ',' or ']'");
      }
    skip_space();
    if (m_pos != m_text.size()) return fail("text after the array");
    return list;
  }

private:
  Result<JsonMembers> flat_object(bool nested_allowed) {
    JsonMembers members;
    m_nested.clear();
    skip_space();
    if (!eat('{')) return fail("expected a JSON object '{'");
    skip_space();
    if (eat('}')) return members;
    for (;;) {
      skip_space();
      auto key = string();
      if (!key) return std::unexpected(key.error());
      skip_space();
      if (!eat(':')) return fail("expected ':' after a key");
      skip_space();
      const bool nested = nested_allowed && m_pos < m_text.size() && (m_text[m_pos] == '[' || m_text[m_pos] == '{');
      auto value = nested ? nested_text() : scalar();
      if (!value) { // name the field: a column number alone is hard to find in a long line
        value.error().why = fmt::format("{}: {}", *key, value.error().why);
        return std::unexpected(value.error());
      }
      members.emplace_back(std::move(*key), std::move(*value));
      m_nested.push_back(nested);
      skip_space();
      if (eat(',')) continue;
      if (eat('}')) return members;
      return fail("expected ',' or '}'");
    }
  }

  // A nested array or object, as its text: brackets must balance; strings are skipped whole.
  // Its content is checked by the field that reads it.
  Result<std::string> nested_text() {
    const std::size_t start = m_pos;
    std::string closers;
    while (m_pos < m_text.size()) {
      const char c = m_text[m_pos];
      if (c == '"') {
        auto skipped = string();
        if (!skipped) return std::unexpected(skipped.error());
        continue;
      }
      ++m_pos;
      if (c == '[' || c == '{') {
        closers.push_back(c == '[' ? ']' : '}');
      } else if (c == ']' || c == '}') {
        if (closers.empty() || closers.back() != c) return fail(fmt::format("unexpected '{}'", c));
        closers.pop_back();
        if (closers.empty()) return std::string(m_text.substr(start, m_pos - start));
      }
    }
    return fail("unterminated nested value");
  }

  Result<std::vector<std::pair<std::string, std::string>>>
  finish(std::vector<std::pair<std::string, std::string>> members) {
    skip_space();
    if (m_pos != m_text.size()) return fail("text after the object");
    return members;
  }

  std::unexpected<Problem> fail(std::string why) { return invalid("", fmt::format("{} at column {}", why, m_pos + 1)); }

  std::unexpected<Problem> lone_surrogate(unsigned code, std::size_t column) {
    return invalid("", fmt::format("lone surrogate \\u{:04X} at column {} (not a character)", code, column));
  }

  void skip_space() {
    while (m_pos < m_text.size() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' || m_text[m_pos] == '\r'))
      ++m_pos;
  }

  bool eat(char c) {
    if (m_pos < m_text.size() && m_text[m_pos] == c) {
      ++m_pos;
      return true;
    }
    return false;
  }

  Result<unsigned> hex4() {
    if (m_pos + 4 > m_text.size()) return fail("short \\u escape");
    unsigned value = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = m_text[m_pos++];
      value <<= 4;
      if (c >= '0' && c <= '9')
        value |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f')
        value |= static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        value |= static_cast<unsigned>(c - 'A' + 10);
      else
        return fail("bad \\u escape");
    }
    return value;
  }

  Result<std::string> string() {
    if (!eat('"')) return fail("expected a string");
    std::string out;
    for (;;) {
      if (m_pos >= m_text.size()) return fail("unterminated string");
      const char c = m_text[m_pos++];
      if (c == '"') return out;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (m_pos >= m_text.size()) return fail("unterminated string");
      switch (const char e = m_text[m_pos++]) {
      case '"':
      case '\\':
      case '/': out += e; break;
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'u': {
        auto cp = hex4();
        if (!cp) return std::unexpected(cp.error());
        unsigned code = *cp;
        // A surrogate is only half a character: UTF-8 has no encoding for one alone.
        const std::size_t escape_column = m_pos - 5;
        if (code >= 0xDC00 && code <= 0xDFFF) return lone_surrogate(code, escape_column);
        if (code >= 0xD800 && code <= 0xDBFF) {
          if (m_text.substr(m_pos, 2) != "\\u") return lone_surrogate(code, escape_column);
          m_pos += 2;
          auto low = hex4();
          if (!low) return std::unexpected(low.error());
          if (*low < 0xDC00 || *low > 0xDFFF) return lone_surrogate(code, escape_column);
          code = 0x10000 + ((code - 0xD800) << 10) + (*low - 0xDC00);
        }
        append_utf8(out, code);
        break;
      }
      default: return fail("bad escape");
      }
    }
  }

  Result<std::string> scalar() {
    if (m_pos < m_text.size() && m_text[m_pos] == '"') return string();
    const std::size_t start = m_pos;
    while (m_pos < m_text.size() && std::string_view(",} \t\r").find(m_text[m_pos]) == std::string_view::npos)
      ++m_pos;
    const std::string_view word = m_text.substr(start, m_pos - start);
    if (word == "null") return std::string();
    if (word == "true" || word == "false") return std::string(word);
    if (!word.empty() && (word[0] == '-' || (word[0] >= '0' && word[0] <= '9'))) return std::string(word);
    m_pos = start;
    return fail("expected a string, number, true, false or null (nested values are not read)");
  }

  std::string_view m_text;
  std::size_t m_pos = 0;
  std::vector<bool> m_nested;
};

class JsonLinesReader final : public RecordReader {
public:
  JsonLinesReader(TextSource& source, bool keep_raw) : m_source(source), m_keep_raw(keep_raw) {}

  Result<bool> next(Record& record) override {
    for (;;) {
      const std::size_t end = m_buffer.find('\n', m_pos);
      if (end == std::string::npos && !m_eof) {
        m_buffer.erase(0, m_pos);
        m_pos = 0;
        auto more = m_source.read(m_buffer);
        if (!more) return std::unexpected(more.error());
        if (!*more) m_eof = true;
        continue;
      }
      if (m_pos >= m_buffer.size()) return false;
      const std::size_t start = m_pos;
      const std::size_t stop = end == std::string::npos ? m_buffer.size() : end;
      const std::string_view line = std::string_view(m_buffer).substr(start, stop - start);
      record.line = m_line++;
      m_pos = stop + 1;
      std::string_view object = trim(line);
      // `epb case export --format json` writes one object a line inside [ ], separated by
      // commas: read as JSON lines too, so that export imports as well.
      if (object.empty() || object == "[" || object == "]") continue;
      record.raw.clear();
      const bool bad_utf8 = m_source.invalid_utf8_seen() && !is_valid_utf8(line);
      if (m_keep_raw || bad_utf8) // the line as read, its line end included
        record.raw.assign(m_buffer, start, std::min(m_pos, m_buffer.size()) - start);
      if (bad_utf8) return invalid(fmt::format("{}:{}", m_source.name(), record.line), m_source.invalid_utf8_why());
      if (object.back() == ',') object.remove_suffix(1);
      LineParser parser(object);
      auto members = parser.object();
      if (!members) return invalid(fmt::format("{}:{}", m_source.name(), record.line), members.error().why);
      record.fields.assign(m_header.size(), std::string());
      const std::string where = fmt::format("{}:{}", m_source.name(), record.line);
      record.nested.clear();
      for (std::size_t i = 0; i < members->size(); ++i) {
        auto& [key, value] = (*members)[i];
        auto [slot, added] = m_index.try_emplace(key, m_header.size());
        if (added) {
          // A key becomes a column name that errors quote: it follows the text policy too.
          if (auto bad = check_text(TextKind::name, where + ": key", key); !bad) {
            m_index.erase(slot);
            return std::unexpected(bad.error());
          }
          m_header.push_back(key);
          m_seen_on.push_back(0);
          record.fields.emplace_back();
        }
        // Which of two values for one key counts is up to each JSON parser: refuse both.
        if (m_seen_on[slot->second] == record.line) return invalid(where, fmt::format("duplicate key '{}'", key));
        m_seen_on[slot->second] = record.line;
        record.fields[slot->second] = std::move(value);
        if (parser.nested()[i]) {
          record.nested.resize(record.fields.size());
          record.nested[slot->second] = true;
        }
      }
      return true;
    }
  }

  const std::vector<std::string>& header() const override { return m_header; }
  const std::string& raw_header() const override { return m_no_header; }
  const TextSource& source() const override { return m_source; }

private:
  TextSource& m_source;
  bool m_keep_raw;
  std::string m_no_header;
  std::string m_buffer;
  std::size_t m_pos = 0;
  std::size_t m_line = 1;
  bool m_eof = false;
  std::vector<std::string> m_header;
  std::unordered_map<std::string, std::size_t> m_index;
  std::vector<std::size_t> m_seen_on; // by column: the last line that gave it a value
};

} // namespace

std::unique_ptr<RecordReader> make_delimited_reader(TextSource& source, char separator, bool quoting, bool keep_raw,
                                                    Result<bool>& header);

InputFormat input_format_for(std::string_view path) {
  const auto dot = path.rfind('.');
  const std::string ext = dot == std::string_view::npos ? "" : to_lower_ascii(path.substr(dot + 1));
  if (ext == "tsv" || ext == "tab" || ext == "txt") return InputFormat::tsv;
  if (ext == "jsonl" || ext == "ndjson" || ext == "json") return InputFormat::jsonl;
  return InputFormat::csv;
}

Result<std::vector<JsonMembers>> parse_json_object_list(std::string_view text) {
  return LineParser(text).object_list();
}

Result<std::unique_ptr<RecordReader>> make_record_reader(TextSource& source, InputFormat format, bool keep_raw) {
  if (format == InputFormat::jsonl) return std::make_unique<JsonLinesReader>(source, keep_raw);
  Result<bool> header = false;
  auto reader = make_delimited_reader(source, format == InputFormat::csv ? ',' : '\t', format == InputFormat::csv,
                                      keep_raw, header);
  if (!header) return std::unexpected(header.error());
  return reader;
}

} // namespace epb
