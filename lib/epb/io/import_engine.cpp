#include "epb/io/import_engine.hpp"

#include "epb/core/text.hpp"
#include "epb/output/rows.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>
#include <set>

namespace epb {
namespace {

constexpr std::uint64_t k_progress_every_rows = 4096;

// Maps each field to the column holding it; every column must be a known field or ignored.
std::string unknown_column_message(const ImportTarget& target, const std::string& column) {
  std::string known;
  for (const auto& spec : target.fields()) known += (known.empty() ? "" : ", ") + std::string(spec.name);
  return fmt::format("unknown column '{}' (map it with --map '{}=FIELD'; fields: {})", column, column, known);
}

// Maps each field to the column holding it. Unknown columns are an error for the whole file
// (CSV, TSV: the header says it all), or, with `unknown` given (JSON lines, where a key may
// first appear on any line), collected to fail the rows that use them.
std::vector<int> map_columns(const RecordReader& reader, const ImportTarget& target, const ImportOptions& options,
                             std::size_t known_columns, std::vector<int> map, std::vector<bool>* unknown = nullptr) {
  const auto& header = reader.header();
  const auto fields = target.fields();
  map.resize(fields.size(), -1);
  for (std::size_t column = known_columns; column < header.size(); ++column) {
    std::string name = header[column];
    if (auto mapped = options.mapping.find(name); mapped != options.mapping.end()) name = mapped->second;
    std::size_t field = 0;
    while (field < fields.size() && fields[field].name != name) ++field;
    if (field < fields.size()) {
      if (map[field] >= 0)
        throw ProblemError(Problem{Fault::invalid, fmt::format("{}:1", reader.source().name()),
                                   fmt::format("two columns give field '{}'", name)});
      map[field] = static_cast<int>(column);
    } else if (!target.ignores(name) && name != "error") { // `error`: a rejects file's own column
      if (!unknown)
        throw ProblemError(Problem{Fault::invalid, fmt::format("{}:1", reader.source().name()),
                                   unknown_column_message(target, header[column])});
      unknown->resize(header.size());
      (*unknown)[column] = true;
    }
  }
  return map;
}

void check_required(const RecordReader& reader, const ImportTarget& target, const std::vector<int>& map) {
  const auto fields = target.fields();
  for (std::size_t field = 0; field < fields.size(); ++field)
    if (fields[field].required && map[field] < 0)
      throw ProblemError(Problem{Fault::invalid, fmt::format("{}:1", reader.source().name()),
                                 fmt::format("missing column '{}' (or map one with --map COLUMN={})",
                                             fields[field].name, fields[field].name)});
}

void check_mapping(const ImportTarget& target, const ImportOptions& options) {
  for (const auto& [column, field] : options.mapping) {
    bool known = false;
    for (const auto& spec : target.fields()) known = known || spec.name == field;
    if (!known) throw ProblemError(Problem{Fault::invalid, "--map", fmt::format("'{}={}': no field '{}'", column, field, field)});
  }
}

// The rejects file: the input's own header and rows, unchanged, plus an `error` column.
class Rejects {
public:
  Rejects(const std::string& path, InputFormat format) : m_format(format) {
    if (path.empty()) return;
    m_out.open(path, std::ios::binary | std::ios::trunc);
    if (!m_out) throw Error(fmt::format("{}: cannot write the rejects file", path), Fault::invalid);
  }

  void write(const std::vector<std::string>& header, const Record& record, const std::string& error) {
    if (!ready(header)) return;
    Row row = record.fields;
    row.resize(header.size());
    row.push_back(error);
    m_writer->row(row);
  }

  // A record that could not be parsed: its text as it was, then the error as one more field.
  void write_raw(const std::vector<std::string>& header, const Record& record, const std::string& error) {
    if (record.raw.empty() || m_format == InputFormat::jsonl) return write(header, record, error);
    if (!ready(header)) return;
    std::ostringstream quoted;
    auto one = make_row_writer(writer_format(), quoted, {{"error"}});
    one->row({error});
    one->finish();
    const std::string text = quoted.str();
    m_out << record.raw << (m_format == InputFormat::csv ? ',' : '\t') << text.substr(text.find('\n') + 1);
  }

  void finish() {
    if (m_writer) m_writer->finish();
  }

private:
  Format writer_format() const {
    switch (m_format) {
    case InputFormat::csv: return Format::csv;
    case InputFormat::tsv: return Format::tsv;
    case InputFormat::jsonl: return Format::jsonl;
    }
    return Format::csv;
  }

  // Opens the writer with the input's header plus `error`; JSON lines may grow new keys.
  bool ready(const std::vector<std::string>& header) {
    if (!m_out.is_open()) return false;
    if (m_writer && (m_format != InputFormat::jsonl || header.size() + 1 == m_columns)) return true;
    std::vector<Column> columns;
    for (const auto& name : header) columns.push_back({name});
    columns.push_back({"error"});
    m_writer = make_row_writer(writer_format(), m_out, columns);
    m_columns = columns.size();
    return true;
  }

  InputFormat m_format;
  std::ofstream m_out;
  std::unique_ptr<RowWriter> m_writer;
  std::size_t m_columns = 0;
};

// What is wrong with a record before its values are looked at: a value under a JSON key that
// is no field, or (CSV, TSV) a field count that differs from the header's. Empty when fine.
std::string row_shape_error(const RecordReader& reader, const ImportTarget& target, const Record& record,
                            const std::vector<bool>& unknown, InputFormat format) {
  for (std::size_t column = 0; column < unknown.size(); ++column)
    if (unknown[column] && column < record.fields.size() && !record.fields[column].empty())
      return unknown_column_message(target, reader.header()[column]);
  if (format != InputFormat::jsonl && record.fields.size() != reader.header().size())
    return fmt::format("expected {} fields as in the header, found {}", reader.header().size(), record.fields.size());
  return {};
}

} // namespace

std::optional<OnDuplicate> parse_on_duplicate(std::string_view name) {
  if (name == "skip") return OnDuplicate::skip;
  if (name == "update") return OnDuplicate::update;
  if (name == "error") return OnDuplicate::error;
  return std::nullopt;
}

ImportSummary run_import(Ledger& ledger, RecordReader& reader, ImportTarget& target, const ImportOptions& options,
                         const ProgressCallback& progress) {
  check_mapping(target, options);
  const auto started = std::chrono::steady_clock::now();
  const auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(); };
  ImportSummary summary;
  std::vector<int> map = map_columns(reader, target, options, 0, {});
  std::size_t mapped_columns = reader.header().size();
  if (options.format != InputFormat::jsonl) check_required(reader, target, map);
  Rejects rejects(options.skip_invalid ? options.rejects_path : std::string(), options.format);
  const auto note_error = [&](std::string message) {
    if (summary.errors.size() < options.errors_listed) summary.errors.push_back(std::move(message));
    else ++summary.errors_not_listed;
  };

  auto transaction = std::make_unique<sql::Transaction>(ledger.db());
  std::uint64_t in_batch = 0;
  std::vector<bool> unknown;      // JSON keys that are no field
  ImportSummary committed;        // the counts as of the last commit
  Record record;
  for (;;) {
    auto got = reader.next(record);
    if (got && !*got) break;
    ++summary.read;
    if (!got) {
      ++summary.rejected;
      note_error(got.error().message());
      record.fields.clear();
      rejects.write_raw(reader.header(), record, got.error().why);
      continue;
    }
    if (reader.header().size() != mapped_columns) { // JSON lines met a new key
      map = map_columns(reader, target, options, mapped_columns, std::move(map), &unknown);
      mapped_columns = reader.header().size();
    }
    std::string error = row_shape_error(reader, target, record, unknown, options.format);
    if (error.empty()) {
      auto outcome = target.import_row(FieldValues(map, record), options.on_duplicate);
      if (!outcome) {
        error = outcome.error().message();
      } else {
        switch (*outcome) {
        case RowOutcome::imported: ++summary.imported; break;
        case RowOutcome::updated: ++summary.updated; break;
        case RowOutcome::skipped: ++summary.skipped; break;
        }
      }
    }
    if (!error.empty()) {
      ++summary.rejected;
      note_error(fmt::format("{}:{}: {}", reader.source().name(), record.line, error));
      rejects.write(reader.header(), record, error);
    }
    if (options.commit_every > 0 && !options.dry_run && summary.rejected == 0 && ++in_batch >= options.commit_every) {
      target.before_commit();
      transaction->commit();
      summary.written = true;
      committed = summary;
      transaction = std::make_unique<sql::Transaction>(ledger.db());
      in_batch = 0;
    }
    if (progress && summary.read % k_progress_every_rows == 0)
      progress(ImportProgress{summary.read, reader.source().bytes_read(), reader.source().size(), elapsed()});
  }
  rejects.finish();
  const bool keep = !options.dry_run && (summary.rejected == 0 || options.skip_invalid);
  if (keep) {
    target.before_commit();
    transaction->commit();
    summary.written = summary.written || summary.imported + summary.updated > 0;
  } else if (summary.written) {
    // Stopped after committed batches: what is in the ledger is what those batches held.
    summary.imported = committed.imported;
    summary.updated = committed.updated;
    summary.skipped = committed.skipped;
  }
  transaction.reset(); // rolls back unless committed
  summary.seconds = elapsed();
  if (progress) progress(ImportProgress{summary.read, reader.source().bytes_read(), reader.source().size(), summary.seconds});
  return summary;
}

} // namespace epb
