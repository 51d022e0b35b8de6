#include "epb/output/rows.hpp"

#include "epb/core/text_policy.hpp"
#include "epb/output/json.hpp"

#include <algorithm>

namespace epb {
namespace {

// Decodes one UTF-8 code point at `i`, advancing `i`.
char32_t next_code_point(std::string_view text, std::size_t& i) {
  const auto c = static_cast<unsigned char>(text[i]);
  int extra = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
  char32_t cp = extra == 0 ? c : extra == 1 ? (c & 0x1Fu) : extra == 2 ? (c & 0x0Fu) : (c & 0x07u);
  ++i;
  for (; extra > 0 && i < text.size(); --extra, ++i)
    cp = (cp << 6) | (static_cast<unsigned char>(text[i]) & 0x3Fu);
  return cp;
}

bool is_wide(char32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

class TableWriter final : public RowWriter {
public:
  TableWriter(std::ostream& out, std::vector<Column> columns) : m_out(out), m_columns(std::move(columns)) {}
  // A table is for a terminal: control and bidi characters are shown escaped, never obeyed,
  // whatever a ledger written before the text policy holds (csv, tsv and json stay exact).
  void row(const Row& cells) override {
    Row& safe = m_rows.emplace_back();
    safe.reserve(cells.size());
    for (const auto& cell : cells)
      safe.push_back(terminal_safe(cell));
  }
  void finish() override {
    std::vector<std::size_t> widths(m_columns.size());
    for (std::size_t c = 0; c < m_columns.size(); ++c)
      widths[c] = display_width(m_columns[c].name);
    for (const auto& row : m_rows)
      for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c)
        widths[c] = std::max(widths[c], display_width(row[c]));
    Row header;
    for (const auto& column : m_columns)
      header.push_back(column.name);
    write(header, widths);
    for (const auto& row : m_rows)
      write(row, widths);
  }

private:
  void write(const Row& row, const std::vector<std::size_t>& widths) {
    std::string line;
    for (std::size_t c = 0; c < widths.size(); ++c) {
      const std::string_view cell = c < row.size() ? std::string_view(row[c]) : std::string_view();
      const bool right = m_columns[c].type == Column::Type::integer || m_columns[c].type == Column::Type::number;
      const std::string pad(widths[c] - std::min(widths[c], display_width(cell)), ' ');
      if (c > 0) line += "  ";
      if (right) line += pad;
      line += cell;
      if (!right && c + 1 < widths.size()) line += pad;
    }
    m_out << line << '\n';
  }

  std::ostream& m_out;
  std::vector<Column> m_columns;
  std::vector<Row> m_rows;
};

class DelimitedWriter final : public RowWriter {
public:
  DelimitedWriter(std::ostream& out, std::vector<Column> columns, char separator)
      : m_out(out), m_columns(std::move(columns)), m_separator(separator) {
    Row header;
    for (const auto& column : m_columns)
      header.push_back(column.name);
    write(header, true);
  }
  void row(const Row& cells) override { write(cells, false); }
  void finish() override { m_out.flush(); }

private:
  void write(const Row& cells, bool header) {
    std::string line;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (c > 0) line += m_separator;
      const bool text = header || c >= m_columns.size() || m_columns[c].type == Column::Type::text;
      append_delimited_field(line, cells[c], m_separator, text);
    }
    line += delimited_line_end(m_separator);
    m_out << line;
  }

  std::ostream& m_out;
  std::vector<Column> m_columns;
  char m_separator;
};

class JsonWriter final : public RowWriter {
public:
  JsonWriter(std::ostream& out, std::vector<Column> columns, bool lines)
      : m_out(out), m_columns(std::move(columns)), m_lines(lines) {
    if (!m_lines) m_out << '[';
  }
  void row(const Row& cells) override {
    std::string line;
    if (!m_lines) line += m_first ? "\n" : ",\n";
    m_first = false;
    line += '{';
    for (std::size_t c = 0; c < m_columns.size(); ++c) {
      if (c > 0) line += ',';
      append_json_string(line, m_columns[c].name);
      line += ':';
      const std::string_view cell = c < cells.size() ? std::string_view(cells[c]) : std::string_view();
      if (cell.empty() && m_columns[c].type != Column::Type::text)
        line += "null";
      else if (m_columns[c].type == Column::Type::text)
        append_json_string(line, cell);
      else
        line += cell;
    }
    line += '}';
    if (m_lines) line += '\n';
    m_out << line;
  }
  void finish() override {
    if (!m_lines) m_out << (m_first ? "]\n" : "\n]\n");
    m_out.flush();
  }

private:
  std::ostream& m_out;
  std::vector<Column> m_columns;
  bool m_lines;
  bool m_first = true;
};

} // namespace

std::optional<Format> parse_format(std::string_view name) {
  if (name == "table") return Format::table;
  if (name == "csv") return Format::csv;
  if (name == "tsv") return Format::tsv;
  if (name == "json") return Format::json;
  if (name == "jsonl") return Format::jsonl;
  return std::nullopt;
}

std::unique_ptr<RowWriter> make_row_writer(Format format, std::ostream& out, std::vector<Column> columns) {
  switch (format) {
  case Format::table: return std::make_unique<TableWriter>(out, std::move(columns));
  case Format::csv: return std::make_unique<DelimitedWriter>(out, std::move(columns), ',');
  case Format::tsv: return std::make_unique<DelimitedWriter>(out, std::move(columns), '\t');
  case Format::json: return std::make_unique<JsonWriter>(out, std::move(columns), false);
  case Format::jsonl: return std::make_unique<JsonWriter>(out, std::move(columns), true);
  }
  return nullptr;
}

std::string neutralise_formula(std::string_view cell) {
  if (!cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@'))
    return "'" + std::string(cell);
  return std::string(cell);
}

void append_delimited_field(std::string& line, std::string_view raw, char separator, bool guard) {
  const std::string cell = guard ? neutralise_formula(raw) : std::string(raw);
  if (separator == '\t') {
    for (char ch : cell)
      line += (ch == '\t' || ch == '\n' || ch == '\r') ? ' ' : ch;
  } else if (cell.find_first_of(",\"\n\r") != std::string::npos) {
    line += '"';
    for (char ch : cell) {
      if (ch == '"') line += '"';
      line += ch;
    }
    line += '"';
  } else {
    line += cell;
  }
}

std::string_view delimited_line_end(char separator) { return separator == ',' ? "\r\n" : "\n"; }

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size();)
    width += is_wide(next_code_point(text, i)) ? 2 : 1;
  return width;
}

} // namespace epb
