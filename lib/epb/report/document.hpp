#pragma once
// The report document model (DESIGN.md "One report layer"): what a report says, apart from how
// it is written. A report is facts about its run (period, as-of, calendar), the definitions of
// its metrics, sections of prose, tables and charts; render.hpp writes one in every format.
// Tables are small (one row per unit and service, per month): a document is built whole in
// memory. Row-per-case exports (open data) stream through epb/output/rows.hpp instead.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace epb::report {

// What a column holds. Each renderer writes a type its own way (ODS: float, currency,
// percentage, date cells; CSV: the canonical text, never the formula guard's apostrophe).
enum class CellType {
  text,    // free text: CSV/TSV output neutralises a leading = + - @
  integer, // "-12"
  money,   // whole NT$: "-1500"
  decimal, // a fixed-point number: "12.5", "-0.25" (interval bounds, working days)
  percent, // a percentage 0..100 to two decimals: "97.31" (ODS: a percentage cell of 0.9731)
  date,    // a Taipei date, ISO: "2018-03-01"
  instant, // a moment, ISO 8601 UTC: "2026-01-05T00:00:00Z"
};

// The type's name, as JSON's column list and HTML's cell classes spell it: "integer", "money", ...
std::string_view cell_type_name(CellType type);
// Whether cells of the type are numbers (right-aligned for people, unquoted in JSON).
bool is_numeric(CellType type);

struct Column {
  std::string key;   // stable machine name: the CSV header, the JSON member ("on_time_pct")
  std::string label; // for people, in the run's language: the table/markdown/html/ods header
  CellType type = CellType::text;
};

// A cell in its canonical text for its column's type; none is "no value" (JSON null, an empty
// CSV field, an empty cell). 0 and none differ: on-time % of a group that closed nothing is none.
using Cell = std::optional<std::string>;

struct Table {
  std::string key;   // "services", "units", "months": names the ODS sheet and the JSON member
  std::string title; // for people
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows; // each as long as `columns`
  std::string note;                    // a line under the table, e.g. "provisional: 2027"

  // The index of the column with this key, if any.
  std::optional<std::size_t> column(std::string_view column_key) const;
};

// A chart drawn from a table (HTML: an inline SVG with a <title>, next to the table itself).
struct Chart {
  enum class Kind { bar, line };
  Kind kind = Kind::bar;
  std::string title;
  std::string description; // what the chart shows, for screen readers (<desc>)
  std::string table;       // key of the table it draws
  std::string label_column;
  std::vector<std::string> value_columns; // one series each (bar: grouped bars; line: lines)
};

// One term of the report's vocabulary: printed in its own section in human formats, and as
// "definitions": {key: text} in JSON.
struct Definition {
  std::string key;  // "on_time"
  std::string term; // "On time" / "準時"
  std::string text;
};

struct Section {
  std::string key;
  std::string title;
  std::vector<std::string> paragraphs;
  std::vector<std::string> tables; // keys into Document::tables, in the order shown
  std::vector<Chart> charts;       // each placed before the table it draws
};

struct Document {
  std::string kind;  // "annual", "monthly", "open-data", "roster"
  std::string title; // "高雄市政府環境保護局 2018 年服務品質執行成果"
  std::string lang = "zh-TW";
  // Facts of the run, in order: JSON "report": {key: value}, a list under the title elsewhere:
  // period, as_of, generated_at, ledger schema, config, calendar versions, changed after as-of.
  std::vector<std::pair<std::string, std::string>> facts;
  std::vector<Definition> definitions;
  std::vector<Section> sections;
  std::vector<Table> tables;
  std::string primary; // the table csv, tsv and jsonl write unless told another

  const Table* table(std::string_view key) const;
  Table* table(std::string_view key);
  // Adds or replaces a fact (facts keep their first position).
  void set_fact(std::string key, std::string value);
};

} // namespace epb::report
