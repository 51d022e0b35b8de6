#pragma once
// Row output in the five --format styles. table is for people and may change;
// csv, tsv, json and jsonl are a stable contract (documented in the man pages).
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace epb {

enum class Format { table, csv, tsv, json, jsonl };
std::optional<Format> parse_format(std::string_view name);

struct Column {
  std::string name;
  // json: the cell is JSON text (an array or object), written as such in json/jsonl and as
  // text elsewhere. number: a decimal fraction ("0.2553"), a JSON number like integer.
  enum class Type { text, integer, number, boolean, json } type = Type::text;
};

// An empty cell of an integer, boolean or json column is written as null in json/jsonl; empty
// text stays "". Elsewhere an empty cell is an empty field.
using Row = std::vector<std::string>;

// Streams rows: every format but table writes each row as it comes, so exports of
// any size run in constant memory. Call finish() once at the end.
class RowWriter {
public:
  virtual ~RowWriter() = default;
  virtual void row(const Row& cells) = 0;
  virtual void finish() = 0;
};

std::unique_ptr<RowWriter> make_row_writer(Format format, std::ostream& out, std::vector<Column> columns);

// A spreadsheet would run a cell that starts with = + - @ as a formula; a leading
// apostrophe keeps it text (CSV injection).
std::string neutralise_formula(std::string_view cell);

// Appends one CSV (separator ',') or TSV ('\t') field to `line`: the formula guard first when
// `guard` (text cells; numbers and dates are written as they are), then CSV quoting, or for
// TSV, which has no quoting, tabs and line breaks as spaces.
void append_delimited_field(std::string& line, std::string_view cell, char separator, bool guard);
// CSV rows end in CRLF (RFC 4180), TSV rows in LF.
std::string_view delimited_line_end(char separator);

// Display width of UTF-8 text in a terminal: CJK and full-width characters count two.
std::size_t display_width(std::string_view text);

} // namespace epb
