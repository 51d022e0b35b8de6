// The machine formats of a report: csv and tsv (one table, the row writers' quoting and
// formula guard), json (the whole document) and jsonl (one table, an object per row).
#include "epb/output/json.hpp"
#include "epb/output/rows.hpp"
#include "epb/report/render.hpp"

#include <cctype>

namespace epb::report {
namespace {

// JSON's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?. A canonical cell always is one; a cell
// that is not (a provider's slip) is written as a string rather than as broken JSON.
bool is_json_number(std::string_view text) {
  std::size_t i = 0;
  const auto digit = [&](std::size_t at) {
    return at < text.size() && std::isdigit(static_cast<unsigned char>(text[at])) != 0;
  };
  if (i < text.size() && text[i] == '-') ++i;
  if (!digit(i)) return false;
  if (text[i] == '0' && digit(i + 1)) return false;
  while (digit(i))
    ++i;
  if (i < text.size() && text[i] == '.') {
    if (!digit(++i)) return false;
    while (digit(i))
      ++i;
  }
  return i == text.size();
}

void append_cell(std::string& out, const Cell& cell, CellType type) {
  if (!cell)
    out += "null";
  else if (is_numeric(type) && is_json_number(*cell))
    out += *cell;
  else
    append_json_string(out, *cell);
}

std::string row_object(const Table& table, const std::vector<Cell>& row) {
  std::string out = "{";
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    if (c > 0) out += ',';
    append_json_string(out, table.columns[c].key);
    out += ':';
    append_cell(out, c < row.size() ? row[c] : Cell{}, table.columns[c].type);
  }
  return out + "}";
}

std::string table_object(const Table& table) {
  std::string columns = "[";
  for (const Column& column : table.columns) {
    if (columns.size() > 1) columns += ',';
    columns +=
        JsonObject().add("key", column.key).add("label", column.label).add("type", cell_type_name(column.type)).str();
  }
  columns += ']';
  std::string rows = "[";
  for (const auto& row : table.rows) {
    if (rows.size() > 1) rows += ',';
    rows += row_object(table, row);
  }
  rows += ']';
  return JsonObject()
      .add("title", table.title)
      .add_raw("columns", columns)
      .add_raw("rows", rows)
      .add("note", table.note)
      .str();
}

} // namespace

void render_delimited(const Table& table, char separator, std::ostream& out) {
  std::string line;
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    if (c > 0) line += separator;
    append_delimited_field(line, table.columns[c].key, separator, true);
  }
  line += delimited_line_end(separator);
  out << line;
  for (const auto& row : table.rows) {
    line.clear();
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      if (c > 0) line += separator;
      const Cell& cell = c < row.size() ? row[c] : Cell{};
      // Typed cells are canonical numbers and dates: "-1500" is a refund, not a formula.
      if (cell) append_delimited_field(line, *cell, separator, table.columns[c].type == CellType::text);
    }
    line += delimited_line_end(separator);
    out << line;
  }
  out.flush();
}

void render_json(const Document& document, std::ostream& out) {
  JsonObject facts;
  for (const auto& [key, value] : document.facts)
    facts.add(key, value);
  JsonObject definitions;
  for (const Definition& d : document.definitions)
    definitions.add_raw(d.key, JsonObject().add("term", d.term).add("text", d.text).str());
  JsonObject tables;
  for (const Table& table : document.tables)
    tables.add_raw(table.key, table_object(table));
  out << JsonObject()
             .add("report", document.kind)
             .add("title", document.title)
             .add("lang", document.lang)
             .add_raw("facts", facts.str())
             .add_raw("definitions", definitions.str())
             .add("primary", document.primary)
             .add_raw("tables", tables.str())
             .str()
      << '\n';
  out.flush();
}

void render_jsonl(const Table& table, std::ostream& out) {
  for (const auto& row : table.rows)
    out << row_object(table, row) << '\n';
  out.flush();
}

} // namespace epb::report
