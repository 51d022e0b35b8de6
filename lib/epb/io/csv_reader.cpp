// RFC 4180 CSV (and plain TSV) as a stream of records.
#include "epb/io/record_reader.hpp"

#include "epb/core/text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace epb {
namespace {

class DelimitedReader final : public RecordReader {
public:
  DelimitedReader(TextSource& source, char separator, bool quoting, bool keep_raw)
      : m_source(source), m_separator(separator), m_quoting(quoting), m_keep_raw(keep_raw) {}

  Result<bool> read_header() {
    Record record;
    const bool keep_raw = m_keep_raw;
    m_keep_raw = true; // a rejects file starts with the header as it was
    auto got = next(record);
    m_keep_raw = keep_raw;
    if (!got) return got;
    m_raw_header = std::move(record.raw);
    if (!*got || (record.fields.size() == 1 && trim(record.fields[0]).empty()))
      return invalid(fmt::format("{}:1", m_source.name()), "no header line");
    for (auto& name : record.fields)
      m_header.emplace_back(trim(name));
    return true;
  }

  Result<bool> next(Record& record) override {
    for (;;) {
      const auto parsed = parse(record);
      if (parsed == Parse::need_more) {
        if (m_eof) return false;
        compact();
        auto more = m_source.read(m_buffer);
        if (!more) return std::unexpected(more.error());
        if (!*more) m_eof = true;
        continue;
      }
      if (parsed == Parse::broken) return std::unexpected(std::move(m_problem));
      if (parsed == Parse::blank) continue;
      return true;
    }
  }

  const std::vector<std::string>& header() const override { return m_header; }
  const std::string& raw_header() const override { return m_raw_header; }
  const TextSource& source() const override { return m_source; }

private:
  enum class Parse { done, need_more, broken, blank };

  void compact() {
    m_buffer.erase(0, m_pos);
    m_pos = 0;
  }

  // Parses one record from m_pos. Leaves m_pos/m_line untouched unless the record is complete
  // (or broken, in which case it skips to the end of the broken record's line).
  Parse parse(Record& record) {
    const std::string& b = m_buffer;
    std::size_t i = m_pos;
    std::size_t line = m_line;
    record.fields.clear();
    record.raw.clear();
    record.line = m_line;
    if (i >= b.size()) return m_eof ? Parse::need_more : Parse::need_more;
    std::string field;
    for (;;) {
      // Start of a field.
      field.clear();
      if (m_quoting && i < b.size() && b[i] == '"') {
        const std::size_t quote_line = line;
        ++i;
        for (;;) {
          const std::size_t stop = b.find_first_of("\"\n", i);
          if (stop == std::string::npos) {
            if (!m_eof) return Parse::need_more;
            return broken(record, b.size(), line,
                          fmt::format("unterminated quoted field (opened on line {})", quote_line));
          }
          field.append(b, i, stop - i);
          i = stop;
          if (b[i] == '\n') {
            field += '\n';
            ++line;
            ++i;
            continue;
          }
          if (i + 1 >= b.size() && !m_eof) return Parse::need_more;
          if (i + 1 < b.size() && b[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i; // closing quote
          break;
        }
        if (i < b.size() && b[i] == '\r') ++i;
        if (i < b.size() && b[i] != m_separator && b[i] != '\n') {
          const std::size_t end = skip_line(i);
          if (end == std::string::npos) return Parse::need_more;
          return broken(record, end, line, "text after a closing quote (a quote inside a field must be doubled)");
        }
      } else {
        const char stops[] = {m_separator, '\n', m_quoting ? '"' : '\n', '\0'};
        const std::size_t stop = b.find_first_of(stops, i);
        if (stop == std::string::npos) {
          if (!m_eof) return Parse::need_more;
          field.append(b, i, b.size() - i);
          i = b.size();
        } else {
          if (b[stop] == '"') {
            const std::size_t end = skip_line(stop);
            if (end == std::string::npos) return Parse::need_more;
            return broken(record, end, line, "a quote inside an unquoted field (quote the whole field)");
          }
          field.append(b, i, stop - i);
          i = stop;
        }
        if (!field.empty() && field.back() == '\r' && (i >= b.size() || b[i] == '\n')) field.pop_back();
      }
      record.fields.push_back(std::move(field));
      if (i < b.size() && b[i] == m_separator) {
        ++i;
        continue;
      }
      // End of record: a newline or the end of input.
      if (i < b.size()) {
        ++i;
        ++line;
      }
      if (record.fields.size() == 1 && record.fields[0].empty()) {
        m_pos = i;
        m_line = line;
        return Parse::blank;
      }
      const std::string_view text(b.data() + m_pos, i - m_pos);
      if (m_source.invalid_utf8_seen()) {
        if (const std::size_t bad = first_invalid_utf8(text); bad != std::string_view::npos) {
          record.raw.assign(text);
          const auto before = text.substr(0, bad);
          m_problem =
              Problem{Fault::invalid,
                      fmt::format("{}:{}", m_source.name(),
                                  m_line + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'))),
                      m_source.invalid_utf8_why()};
          m_pos = i;
          m_line = line;
          return Parse::broken;
        }
      }
      if (m_keep_raw) record.raw.assign(text);
      m_pos = i;
      m_line = line;
      return Parse::done;
    }
  }

  // Just past the end of the line holding `from`; npos when that line is not all read yet.
  std::size_t skip_line(std::size_t from) {
    const std::size_t end = m_buffer.find('\n', from);
    if (end != std::string::npos) return end + 1;
    return m_eof ? m_buffer.size() : std::string::npos;
  }

  Parse broken(Record& record, std::size_t resume_at, std::size_t last_line, std::string why) {
    // Kept, line ends and all, so the rejects file holds the record as it was, to be fixed by hand.
    record.raw.assign(m_buffer, m_pos, resume_at - m_pos);
    m_problem = Problem{Fault::invalid, fmt::format("{}:{}", m_source.name(), m_line), std::move(why)};
    m_pos = resume_at;
    m_line = last_line + 1;
    return Parse::broken;
  }

  TextSource& m_source;
  char m_separator;
  bool m_quoting;
  bool m_keep_raw;
  std::string m_raw_header;
  std::string m_buffer;
  std::size_t m_pos = 0;
  std::size_t m_line = 1;
  bool m_eof = false;
  Problem m_problem;
  std::vector<std::string> m_header;
};

} // namespace

std::unique_ptr<RecordReader> make_delimited_reader(TextSource& source, char separator, bool quoting, bool keep_raw,
                                                    Result<bool>& header) {
  auto reader = std::make_unique<DelimitedReader>(source, separator, quoting, keep_raw);
  header = reader->read_header();
  return reader;
}

} // namespace epb
