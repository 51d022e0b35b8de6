#include "epb/io/import_engine.hpp"

#include "epb/core/bounded_queue.hpp"
#include "epb/core/suggest.hpp"
#include "epb/core/text.hpp"
#include "epb/output/json.hpp"
#include "epb/output/rows.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <exception>
#include <set>
#include <thread>
#include <tuple>

namespace epb {
namespace {

constexpr std::uint64_t k_progress_every_rows = 4096;
// A rejects file's column for the reasons; the importer reads a record holding only a reason
// as a note and skips it.
constexpr std::string_view k_note_column = "epb_error";

// Maps each field to the column holding it; every column must be a known field or ignored.
std::string unknown_column_message(const ImportTarget& target, const std::string& column) {
  std::string known;
  std::vector<std::string> names;
  for (const auto& spec : target.fields()) {
    known += (known.empty() ? "" : ", ") + std::string(spec.name);
    names.emplace_back(spec.name);
  }
  return fmt::format("unknown column '{}'{} (map it with --map '{}=FIELD'; fields: {})", column,
                     did_you_mean(column, names), column, known);
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
    // A column name is quoted by errors: it follows the text policy, but for tabs, which a TSV
    // file read as CSV has in its one long column name (the error then shows them).
    if (auto bad = text_violation(TextKind::note, header[column]))
      throw ProblemError(Problem{Fault::invalid, fmt::format("{}:1", reader.source().name()),
                                 fmt::format("column {}: {}", column + 1, *bad)});
    std::string name = header[column];
    if (auto mapped = options.mapping.find(name); mapped != options.mapping.end()) name = mapped->second;
    std::size_t field = 0;
    while (field < fields.size() && fields[field].name != name)
      ++field;
    if (field < fields.size()) {
      if (map[field] >= 0)
        throw ProblemError(Problem{Fault::invalid, fmt::format("{}:1", reader.source().name()),
                                   fmt::format("two columns give field '{}'", name)});
      map[field] = static_cast<int>(column);
    } else if (!target.ignores(name) && name != k_note_column && name != "error") {
      // `epb_error`: a rejects file's notes; `error`: the same column in older rejects files
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
    for (const auto& spec : target.fields())
      known = known || spec.name == field;
    if (!known)
      throw ProblemError(Problem{Fault::invalid, "--map", fmt::format("'{}={}': no field '{}'", column, field, field)});
  }
}

// The rejects file (man epb-case, REJECTS FILES): in the input's own format, each rejected
// record exactly as read, preceded by a note record that holds nothing but the reason, under
// the column (CSV, TSV: added to the header) or key (JSON lines) `epb_error`. The importer
// skips notes, so the file, once fixed, imports as it is, whatever was wrong with a record:
// a note can always be written, where a broken record could not carry one more field.
class Rejects {
public:
  Rejects(std::ostream* out, InputFormat format, const RecordReader& reader) : m_out(out), m_format(format) {
    if (!m_out || m_format == InputFormat::jsonl) return;
    const std::string& raw = reader.raw_header();
    const std::size_t text_end = raw.find_last_not_of("\r\n") + 1;
    m_line_end = raw.size() > text_end ? raw.substr(text_end) : "\n";
    const auto& header = reader.header();
    const auto named = std::find(header.begin(), header.end(), k_note_column);
    m_columns = header.size() + (named == header.end() ? 1 : 0);
    m_note_at = static_cast<std::size_t>(named - header.begin());
    *m_out << std::string_view(raw).substr(0, text_end);
    if (named == header.end()) *m_out << separator() << k_note_column;
    *m_out << m_line_end;
  }

  void write(const Record& record, std::string_view reason) {
    if (!m_out) return;
    if (m_format == InputFormat::jsonl)
      *m_out << JsonObject().add(k_note_column, reason).str() << '\n';
    else
      write_note(reason);
    if (record.raw.empty()) { // not kept: unreachable, as the engine asks the reader for raw text
      for (std::size_t i = 0; i < record.fields.size(); ++i)
        *m_out << (i > 0 ? std::string(1, separator()) : "") << quoted(record.fields[i]);
      *m_out << m_line_end;
      return;
    }
    *m_out << record.raw;
    if (record.raw.back() != '\n') *m_out << m_line_end; // the input's last line had no line end
  }

private:
  char separator() const { return m_format == InputFormat::tsv ? '\t' : ','; }

  std::string quoted(std::string_view text) const {
    if (m_format == InputFormat::tsv) {
      std::string flat(text);
      std::replace_if(
          flat.begin(), flat.end(), [](char c) { return c == '\t' || c == '\n' || c == '\r'; }, ' ');
      return flat;
    }
    std::string out = "\"";
    for (char c : text)
      out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + '"';
  }

  void write_note(std::string_view reason) {
    for (std::size_t i = 0; i < m_columns; ++i) {
      if (i > 0) *m_out << separator();
      if (i == m_note_at) *m_out << quoted(neutralise_formula(reason));
    }
    *m_out << m_line_end;
  }

  std::ostream* m_out;
  InputFormat m_format;
  std::string m_line_end = "\n"; // the header's: CRLF files get CRLF notes
  std::size_t m_columns = 0;
  std::size_t m_note_at = 0;
};

// What is wrong with a record before its values are looked at: a value under a JSON key that
// is no field, or (CSV, TSV) a field count that differs from the header's. Empty when fine.
// A rejects file's records come as they were read, without the epb_error column it added at the
// end of the header: one field fewer is right there.
std::string row_shape_error(const RecordReader& reader, const ImportTarget& target, const Record& record,
                            const std::vector<bool>& unknown, InputFormat format, std::size_t note_at) {
  for (std::size_t column = 0; column < unknown.size(); ++column)
    if (unknown[column] && column < record.fields.size() && !record.fields[column].empty())
      return unknown_column_message(target, reader.header()[column]);
  const std::size_t columns = reader.header().size(), found = record.fields.size();
  if (format == InputFormat::jsonl || found == columns) return {};
  if (note_at + 1 != columns) return fmt::format("expected {} fields as in the header, found {}", columns, found);
  if (found + 1 == columns) return {};
  return fmt::format("expected {} fields as in the header ({} with {}), found {}", columns - 1, columns, k_note_column,
                     found);
}

// The epb_error column, or npos.
std::size_t note_column(const std::vector<std::string>& header) {
  const auto found = std::find(header.begin(), header.end(), k_note_column);
  return found == header.end() ? std::string::npos : static_cast<std::size_t>(found - header.begin());
}

// Is the record a rejects file's note (a reason and nothing else)? A reason beside data is an
// error: in CSV it is what an extra field looks like.
Result<bool> is_note(const Record& record, std::size_t note_at) {
  const auto& fields = record.fields;
  if (note_at >= fields.size() || fields[note_at].empty()) return false;
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (i != note_at && !fields[i].empty())
      return invalid(std::string(k_note_column),
                     "holds a value in a record with data (the column is a rejects file's, for reasons; an extra "
                     "field?)");
  return true;
}

// The text policy, field by field: "name: control character U+001B not allowed". Empty when fine.
std::string text_error(const ImportTarget& target, const FieldValues& values) {
  const auto fields = target.fields();
  for (std::size_t field = 0; field < fields.size(); ++field)
    if (auto why = text_violation(fields[field].text, values.get(field)))
      return fmt::format("{}: {}", fields[field].name, *why);
  return {};
}

// A nested JSON value under a field that takes none (only lists such as a case's pauses do).
std::string nested_value_error(const ImportTarget& target, const std::vector<int>& map, const Record& record) {
  const FieldValues values(map, record);
  const auto fields = target.fields();
  for (std::size_t field = 0; field < fields.size(); ++field)
    if (!fields[field].json && values.nested(field))
      return fmt::format("{}: expected a string, number, true, false or null, not a nested array or object",
                         fields[field].name);
  return {};
}

// One record on its way from the reading thread to the storing one.
struct PendingRow {
  Record record;
  std::string listed;    // set when reading or checking failed: the error as listed (FILE:LINE: ...)
  std::string why;       // ... and as the rejects file gets it
  bool unparsed = false; // the record could not be parsed
  bool note = false;     // a rejects file's note: skipped
  std::unique_ptr<PreparedRow> prepared;
};

// Rows travel in chunks: one lock a chunk, not one a row. Used chunks go back to the reader,
// so their records' strings are reused rather than allocated again.
struct Chunk {
  std::vector<PendingRow> rows;
  std::size_t used = 0;
  std::shared_ptr<const std::vector<std::string>> header; // the header as of these rows (JSON keys grow)
  std::uint64_t bytes_read = 0;
};

constexpr std::size_t k_chunk_rows = 256;
constexpr std::size_t k_chunks_in_flight = 8; // with the chunk each thread holds: memory stays bounded

// The reading thread: reads, maps and checks records, and has the target prepare them.
class RowReader {
public:
  RowReader(RecordReader& reader, const ImportTarget& target, const ImportOptions& options, std::vector<int> map)
      : m_reader(reader), m_target(target), m_options(options), m_map(std::move(map)),
        m_mapped_columns(reader.header().size()), m_note_at(note_column(reader.header())),
        m_header(std::make_shared<std::vector<std::string>>(reader.header())), m_filled(k_chunks_in_flight),
        m_free(k_chunks_in_flight + 2) {
    m_thread = std::thread([this] { run(); });
  }

  // Stops the thread (if it still runs) and waits for it.
  ~RowReader() {
    m_free.close();
    m_filled.close();
    if (m_thread.joinable()) m_thread.join();
  }

  // The next chunk, or empty at the end. Rethrows what stopped the reading thread.
  std::optional<Chunk> next() {
    auto chunk = m_filled.pop();
    if (!chunk && m_failure) std::rethrow_exception(m_failure);
    return chunk;
  }
  void give_back(Chunk chunk) { m_free.push(std::move(chunk)); }

private:
  void run() {
    try {
      read_all();
    } catch (...) {
      m_failure = std::current_exception();
    }
    m_filled.close();
  }

  void read_all() {
    Chunk chunk = fresh_chunk();
    for (;;) {
      if (chunk.used == chunk.rows.size()) chunk.rows.emplace_back();
      PendingRow& row = chunk.rows[chunk.used];
      row.listed.clear();
      row.why.clear();
      row.unparsed = false;
      row.note = false;
      row.prepared.reset();
      auto got = m_reader.next(row.record);
      if (got && !*got) break;
      ++chunk.used;
      if (!got) {
        row.listed = got.error().message();
        row.why = got.error().why;
        row.unparsed = true;
        row.record.fields.clear();
      } else {
        check(row, chunk);
      }
      if (chunk.used == k_chunk_rows) {
        chunk.bytes_read = m_reader.source().bytes_read();
        if (!m_filled.push(std::move(chunk))) return;
        chunk = fresh_chunk();
      }
    }
    chunk.bytes_read = m_reader.source().bytes_read();
    if (chunk.used > 0) m_filled.push(std::move(chunk));
  }

  void check(PendingRow& row, Chunk& chunk) {
    if (m_reader.header().size() != m_mapped_columns) { // JSON lines met a new key
      m_map = map_columns(m_reader, m_target, m_options, m_mapped_columns, std::move(m_map), &m_unknown);
      m_mapped_columns = m_reader.header().size();
      m_header = std::make_shared<std::vector<std::string>>(m_reader.header());
      chunk.header = m_header;
      m_note_at = note_column(m_reader.header());
    }
    std::string error;
    if (auto note = is_note(row.record, m_note_at); !note)
      error = note.error().message();
    else if (*note)
      return void(row.note = true);
    if (error.empty()) error = row_shape_error(m_reader, m_target, row.record, m_unknown, m_options.format, m_note_at);
    if (error.empty()) error = nested_value_error(m_target, m_map, row.record);
    if (error.empty()) error = text_error(m_target, FieldValues(m_map, row.record));
    if (error.empty()) {
      auto prepared = m_target.prepare(FieldValues(m_map, row.record));
      if (prepared)
        row.prepared = std::move(*prepared);
      else
        error = prepared.error().message();
    }
    if (!error.empty()) {
      row.listed = fmt::format("{}:{}: {}", m_reader.source().name(), row.record.line, error);
      row.why = std::move(error);
    }
  }

  Chunk fresh_chunk() {
    Chunk chunk = m_free.try_pop().value_or(Chunk{});
    chunk.used = 0;
    chunk.header = m_header;
    return chunk;
  }

  RecordReader& m_reader;
  const ImportTarget& m_target;
  const ImportOptions& m_options;
  std::vector<int> m_map;
  std::size_t m_mapped_columns;
  std::size_t m_note_at;       // the epb_error column, or past the end
  std::vector<bool> m_unknown; // JSON keys that are no field
  std::shared_ptr<const std::vector<std::string>> m_header;
  BoundedQueue<Chunk> m_filled;
  BoundedQueue<Chunk> m_free;
  std::exception_ptr m_failure; // written by the thread before it closes m_filled
  std::thread m_thread;
};

// The ledger tuned for one bulk run, as it was again afterwards: a big transaction keeps its
// pages in the cache instead of spilling them to the WAL and reading them back. 16 MB: the
// indexes a big import builds at the end sort in memory of the same size, and the whole
// import must stay well under 64 MB.
//
// With a savepoint per row, SQLite keeps the pages a row changes in a statement journal,
// which past 64 KiB goes to a temporary file, written anew for every row (some 30 writes a
// row when a row touches two tables and their indexes). In memory it is emptied at each
// row's release, so it stays the size of one row's pages.
class BulkSettings {
public:
  BulkSettings(sql::Database& db, bool row_savepoints) : m_cache(db, "cache_size", -16000) {
    if (row_savepoints) m_temp_store.emplace(db, "temp_store", 2); // MEMORY
  }

private:
  sql::ScopedPragma m_cache;
  std::optional<sql::ScopedPragma> m_temp_store;
};

// The batch since the last commit: the counts now less those of the last commit.
CommittedBatch batch_since(ImportTarget& target, std::string_view source, const ImportSummary& now,
                           const ImportSummary& before) {
  CommittedBatch batch;
  batch.record_type = std::string(target.record_type());
  batch.source = std::string(source);
  std::tie(batch.first_id, batch.last_id) = target.take_added();
  batch.imported = static_cast<std::int64_t>(now.imported - before.imported);
  batch.updated = static_cast<std::int64_t>(now.updated - before.updated);
  batch.skipped = static_cast<std::int64_t>(now.skipped - before.skipped);
  batch.rejected = static_cast<std::int64_t>(now.rejected - before.rejected);
  return batch;
}

// Everything the target keeps for the commit, then its batch record, when the batch stored rows.
void finish_batch(ImportTarget& target, std::string_view source, const ImportSummary& now,
                  const ImportSummary& before) {
  target.before_commit();
  const CommittedBatch batch = batch_since(target, source, now, before);
  if (batch.imported + batch.updated > 0) target.record_batch(batch);
}

// Stores one row; with the target's row savepoint, a refused row leaves nothing behind.
Result<RowOutcome> store_row(sql::Database& db, ImportTarget& target, PreparedRow& row, OnDuplicate on_duplicate) {
  if (!target.row_savepoint()) return target.store(row, on_duplicate);
  sql::Transaction savepoint(db); // inside the run's transaction: a savepoint
  auto outcome = target.store(row, on_duplicate);
  if (outcome) savepoint.commit();
  return outcome;
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
  const auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  ImportSummary summary;
  std::vector<int> map = map_columns(reader, target, options, 0, {});
  if (options.format != InputFormat::jsonl) check_required(reader, target, map);
  Rejects rejects(options.skip_invalid ? options.rejects : nullptr, options.format, reader);
  const auto note_error = [&](std::string message) {
    if (summary.errors.size() < options.errors_listed)
      summary.errors.push_back(std::move(message));
    else
      ++summary.errors_not_listed;
  };

  const BulkSettings bulk(ledger.db(), target.row_savepoint());
  auto transaction = std::make_unique<sql::Transaction>(ledger.db());
  std::uint64_t in_batch = 0;
  ImportSummary committed; // the counts as of the last commit
  std::uint64_t bytes_read = 0;
  RowReader rows(reader, target, options, std::move(map));
  while (auto chunk = rows.next()) {
    for (std::size_t i = 0; i < chunk->used; ++i) {
      PendingRow& row = chunk->rows[i];
      if (row.note) continue;
      ++summary.read;
      if (row.unparsed) {
        ++summary.rejected;
        rejects.write(row.record, row.listed);
        note_error(std::move(row.listed));
        continue;
      }
      if (row.prepared) {
        auto outcome = store_row(ledger.db(), target, *row.prepared, options.on_duplicate);
        if (!outcome) {
          row.why = outcome.error().message();
          row.listed = fmt::format("{}:{}: {}", reader.source().name(), row.record.line, row.why);
        } else {
          switch (*outcome) {
          case RowOutcome::imported: ++summary.imported; break;
          case RowOutcome::updated: ++summary.updated; break;
          case RowOutcome::skipped: ++summary.skipped; break;
          }
        }
      }
      if (!row.listed.empty()) {
        ++summary.rejected;
        rejects.write(row.record, row.listed);
        note_error(std::move(row.listed));
      }
      // A dry run counts the batches the run would commit, so that it reports what the run would do.
      if (options.commit_every > 0 && summary.rejected == 0 && ++in_batch >= options.commit_every) {
        if (options.dry_run) {
          summary.would_write = true;
        } else {
          finish_batch(target, reader.source().name(), summary, committed);
          transaction->commit();
          summary.written = true;
          transaction = std::make_unique<sql::Transaction>(ledger.db());
        }
        committed = summary;
        in_batch = 0;
      }
      if (progress && summary.read % k_progress_every_rows == 0)
        progress(ImportProgress{summary.read, chunk->bytes_read, reader.source().size(), elapsed()});
    }
    bytes_read = chunk->bytes_read;
    rows.give_back(std::move(*chunk));
  }
  const bool keep = !options.dry_run && (summary.rejected == 0 || options.skip_invalid);
  if (keep) {
    finish_batch(target, reader.source().name(), summary, committed);
    transaction->commit();
    summary.written = summary.written || summary.imported + summary.updated > 0;
  } else if (options.commit_every > 0 && summary.rejected > 0 && !options.skip_invalid) {
    // Stopped in batches: what is in the ledger is what the committed batches held (none, when
    // the invalid row came in the first batch), not the rows of the batch rolled back.
    summary.imported = committed.imported;
    summary.updated = committed.updated;
    summary.skipped = committed.skipped;
  }
  transaction.reset(); // rolls back unless committed
  summary.seconds = elapsed();
  if (progress) progress(ImportProgress{summary.read, bytes_read, reader.source().size(), summary.seconds});
  return summary;
}

} // namespace epb
