// Fixed-width collection files (record_reader.hpp: make_fixed_width_reader). Banks and
// convenience-store chains send one payment a line, each field at a fixed character position;
// positions count code points, so a payer's name in Chinese takes one position a character.
#include "epb/config/fee_config.hpp"
#include "epb/core/text.hpp"
#include "epb/core/utf8.hpp"
#include "epb/io/record_reader.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace epb {
namespace {

std::string_view trim_spaces(std::string_view text) {
  const auto first = text.find_first_not_of(' ');
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(' ');
  return text.substr(first, last - first + 1);
}

class FixedWidthReader final : public RecordReader {
public:
  FixedWidthReader(TextSource& source, const FixedWidthLayout& layout, bool keep_raw)
      : m_source(source), m_layout(layout), m_keep_raw(keep_raw) {
    for (const auto& field : layout.fields) {
      m_header.push_back(field.name);
      m_needs = std::max(m_needs, static_cast<std::size_t>(field.start + field.width - 1));
    }
  }

  // The head lines are read at once, so an empty file or one with only a head is known early.
  Result<bool> read_head() {
    for (int i = 0; i < m_layout.skip_head; ++i) {
      std::string_view line;
      auto got = next_line(line);
      if (!got) return got;
      if (!*got) return invalid(fmt::format("{}:{}", m_source.name(), m_line), "no records after the head lines");
      if (!m_layout.head_prefix.empty() && !line.starts_with(m_layout.head_prefix))
        return std::unexpected(problem(fmt::format("a head line of layout '{}' starts with '{}'; this one does not "
                                                   "(was the file sent without its head?)",
                                                   m_layout.code, m_layout.head_prefix)));
      m_raw_header.append(m_line_text);
    }
    return true;
  }

  Result<bool> next(Record& record) override {
    for (;;) {
      std::string_view line;
      auto got = next_line(line);
      if (!got) return got;
      if (!*got) return false;
      record.line = m_line;
      record.fields.clear();
      record.raw.clear();
      if (trim_spaces(line).empty()) continue;
      if (!m_layout.trailer_prefix.empty() && line.starts_with(m_layout.trailer_prefix)) continue;
      if (m_keep_raw || m_source.invalid_utf8_seen()) record.raw.assign(m_line_text);
      if (auto split = split_line(line, record); !split) return std::unexpected(split.error());
      return true;
    }
  }

  const std::vector<std::string>& header() const override { return m_header; }
  const std::string& raw_header() const override { return m_raw_header; }
  const TextSource& source() const override { return m_source; }

private:
  Problem problem(std::string why) const {
    return Problem{Fault::invalid, fmt::format("{}:{}", m_source.name(), m_line), std::move(why)};
  }

  // The next physical line without its line end (m_line_text keeps it with); false at the end.
  Result<bool> next_line(std::string_view& line) {
    m_buffer.erase(0, m_pos);
    m_pos = 0;
    std::size_t end = m_buffer.find('\n');
    while (end == std::string::npos && !m_eof) {
      auto more = m_source.read(m_buffer);
      if (!more) return std::unexpected(more.error());
      if (!*more) m_eof = true;
      end = m_buffer.find('\n');
    }
    if (m_buffer.empty()) return false;
    const std::size_t stop = end == std::string::npos ? m_buffer.size() : end + 1;
    m_line_text = std::string_view(m_buffer).substr(0, stop);
    m_pos = stop;
    ++m_line;
    line = m_line_text;
    if (line.ends_with('\n')) line.remove_suffix(1);
    if (line.ends_with('\r')) line.remove_suffix(1);
    return true;
  }

  Result<void> split_line(std::string_view line, Record& record) const {
    if (m_source.invalid_utf8_seen() && first_invalid_utf8(line) != std::string_view::npos)
      return std::unexpected(problem(m_source.invalid_utf8_why()));
    if (const auto nul = line.find('\0'); nul != std::string_view::npos)
      return std::unexpected(problem(fmt::format("a NUL byte at byte {} of the line", nul + 1)));
    // The byte offset where each code point starts, as far as the fields reach, and where the
    // last of those ends: offsets[k] .. offsets[k + 1] is character k + 1.
    std::vector<std::size_t> offsets;
    offsets.reserve(m_needs + 1);
    std::size_t i = 0;
    while (i < line.size() && offsets.size() < m_needs) {
      offsets.push_back(i);
      const auto decoded = decode_utf8_at(line, i);
      i += decoded.length == 0 ? 1 : decoded.length;
    }
    offsets.push_back(i);
    const std::size_t chars = offsets.size() - 1;
    for (const auto& field : m_layout.fields) {
      const auto first = static_cast<std::size_t>(field.start - 1);
      const auto last = first + static_cast<std::size_t>(field.width); // one past the field
      if (last > chars)
        return std::unexpected(problem(fmt::format("the line has {} characters; field {} takes characters {}-{} "
                                                   "(layout {})",
                                                   chars, field.name, field.start, last, m_layout.code)));
      record.fields.emplace_back(trim_spaces(line.substr(offsets[first], offsets[last] - offsets[first])));
    }
    return {};
  }

  TextSource& m_source;
  const FixedWidthLayout& m_layout;
  bool m_keep_raw;
  std::size_t m_needs = 0; // characters a record line must have: the end of the last field
  std::vector<std::string> m_header;
  std::string m_raw_header;
  std::string m_buffer;
  std::size_t m_pos = 0;
  std::string_view m_line_text; // the current line as read, line end included
  std::size_t m_line = 0;
  bool m_eof = false;
};

} // namespace

Result<std::unique_ptr<RecordReader>> make_fixed_width_reader(TextSource& source, const FixedWidthLayout& layout,
                                                              bool keep_raw) {
  if (layout.fields.empty()) return invalid(fmt::format("layout {}", layout.code), "has no fields");
  auto reader = std::make_unique<FixedWidthReader>(source, layout, keep_raw);
  if (auto head = reader->read_head(); !head) return std::unexpected(head.error());
  return reader;
}

} // namespace epb
