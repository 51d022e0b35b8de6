#pragma once
// Streaming readers of tabular input (CSV, TSV, JSON lines) for every importer.
// Each record carries the physical line it starts on, so errors cite FILE:LINE
// correctly even across quoted newlines.
#include "epb/core/error.hpp"
#include "epb/io/text_source.hpp"

#include <memory>
#include <string>
#include <vector>

namespace epb {

struct FixedWidthLayout; // epb/config/fee_config.hpp

struct Record {
  std::size_t line = 0;            // physical line (1-based) where the record starts
  std::vector<std::string> fields; // by header position; missing trailing ones are empty
  // The record's text exactly as read, all its physical lines and its line end included: for
  // every record when the reader keeps raw text (for a rejects file), else empty.
  std::string raw;
  std::vector<bool> nested; // JSON lines: fields that held a nested array or object (as JSON text)
};

// A flat JSON object's members in order, values as text (null as empty).
using JsonMembers = std::vector<std::pair<std::string, std::string>>;
// Parses a JSON array of flat objects (the text of a nested value); a Problem names the column.
Result<std::vector<JsonMembers>> parse_json_object_list(std::string_view text);

class RecordReader {
public:
  virtual ~RecordReader() = default;
  // Reads the next record; false at the end. A Problem is a broken record: its `what`
  // is FILE:LINE. After a Problem the reader has skipped that record and can go on.
  virtual Result<bool> next(Record& record) = 0;
  // Column names. For JSON lines the list grows as new keys appear.
  virtual const std::vector<std::string>& header() const = 0;
  // The header line exactly as read, line end included (CSV, TSV); empty for JSON lines.
  virtual const std::string& raw_header() const = 0;
  virtual const TextSource& source() const = 0;
};

enum class InputFormat { csv, tsv, jsonl };
// From a file name's extension (.csv, .tsv, .txt as TSV, .jsonl, .ndjson, .json); csv otherwise.
InputFormat input_format_for(std::string_view path);

// Reads the header line at once; a missing or empty header is a Problem. With `keep_raw`, every
// record carries its text as read (Record::raw), which costs a copy of each record.
Result<std::unique_ptr<RecordReader>> make_record_reader(TextSource& source, InputFormat format, bool keep_raw = false);

// A fixed-width file (a bank's or a convenience-store chain's collection file): the header is
// the layout's field names; each record line gives every field at its 1-based character
// position and width, counted in UTF-8 code points, spaces around a value trimmed. The first
// `skip_head` lines (kept as the raw header, for a rejects file) and lines starting with the
// layout's trailer prefix (totals) are not records; blank lines are skipped. A line too short
// for a field, a NUL byte or bytes that are not UTF-8 are a Problem at FILE:LINE. `layout` must
// outlive the reader.
Result<std::unique_ptr<RecordReader>> make_fixed_width_reader(TextSource& source, const FixedWidthLayout& layout,
                                                              bool keep_raw = false);

} // namespace epb
