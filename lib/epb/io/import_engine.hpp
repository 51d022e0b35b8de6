#pragma once
// One import engine for every record type (cases now; subsidy applications, payments and
// survey results later): it maps columns to fields, validates every row through the
// record type's target, collects every error with FILE:LINE, and decides what is committed.
//
// Default: all or nothing — any invalid row and nothing is written. --skip-invalid writes
// the good rows and the bad ones to a rejects file. --dry-run always rolls back.
// --commit-every N commits whole batches; re-running the same file then resumes, because
// every target recognises rows it already holds.
#include "epb/core/error.hpp"
#include "epb/core/text_policy.hpp"
#include "epb/io/import_batch.hpp"
#include "epb/io/record_reader.hpp"
#include "epb/ledger/ledger.hpp"

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace epb {

struct FieldSpec {
  std::string_view name;
  bool required = false;
  // The text policy the engine applies to every value of this field before the target sees it.
  TextKind text = TextKind::line;
  bool json = false; // takes a JSON array (a nested value in JSON lines, its text in CSV and TSV)
};

enum class OnDuplicate { skip, update, error };
std::optional<OnDuplicate> parse_on_duplicate(std::string_view name);

// One row, as the target sees it: values by field (empty when absent or blank).
class FieldValues {
public:
  FieldValues(const std::vector<int>& field_column, const Record& record) : m_map(field_column), m_record(record) {}
  std::string_view get(std::size_t field) const {
    const int column = field < m_map.size() ? m_map[field] : -1;
    if (column < 0 || static_cast<std::size_t>(column) >= m_record.fields.size()) return {};
    return m_record.fields[static_cast<std::size_t>(column)];
  }
  std::size_t line() const { return m_record.line; }
  // The file has a column for the field (a key, in JSON lines), even if this row leaves it empty.
  bool given(std::size_t field) const { return field < m_map.size() && m_map[field] >= 0; }
  // JSON lines: the value was a nested array or object, passed on as its JSON text.
  bool nested(std::size_t field) const {
    const int column = field < m_map.size() ? m_map[field] : -1;
    return column >= 0 && static_cast<std::size_t>(column) < m_record.nested.size() &&
           m_record.nested[static_cast<std::size_t>(column)];
  }

private:
  const std::vector<int>& m_map;
  const Record& m_record;
};

enum class RowOutcome { imported, updated, skipped };

// A row as the target validated it; the engine hands it back to ImportTarget::store().
class PreparedRow {
public:
  virtual ~PreparedRow() = default;
};

// The engine reads and validates rows on a thread of its own while the calling thread
// stores them: prepare() runs there, store() here, both at once.
class ImportTarget {
public:
  virtual ~ImportTarget() = default;
  // The fields this record type reads; the first ones a spreadsheet would show first.
  virtual std::span<const FieldSpec> fields() const = 0;
  // Columns accepted and left unread (e.g. derived columns of the matching export).
  virtual bool ignores(std::string_view /*column*/) const { return false; }
  // Validates one row and works out all that needs no ledger. Runs on the reading thread,
  // alongside store(): it must not touch the ledger, nor anything store() changes. A
  // Problem's `what` names the field.
  virtual Result<std::unique_ptr<PreparedRow>> prepare(const FieldValues& row) const = 0;
  // Stores a prepared row inside the engine's transaction; duplicates are found here.
  // Nothing of a refused row may be left written.
  virtual Result<RowOutcome> store(PreparedRow& row, OnDuplicate on_duplicate) = 0;
  // Writes what the target keeps in memory for speed; the engine calls it before each commit.
  virtual void before_commit() {}

  // The record type's name in its batch records: "case", "subsidy", "payment".
  virtual std::string_view record_type() const = 0;
  // Records one batch (import_batch.hpp) in the ledger: the engine calls it before each commit
  // that stores rows (imported or updated), after before_commit(), inside the transaction.
  // One call: record_import_batch(ledger, stamp, batch), or the record type's own batch store.
  virtual void record_batch(const CommittedBatch& batch) = 0;
  // A target whose store() writes more than one table asks for a savepoint around each row:
  // the engine then rolls back what store() wrote for a row it refuses, and the run goes on
  // (with skip_invalid) as if the row had never been stored. Costs two statements a row.
  virtual bool row_savepoint() const { return false; }

  // The id range of the rows added since the last commit, for the batch record; the engine's.
  std::pair<std::int64_t, std::int64_t> take_added() { return std::exchange(m_added, {0, 0}); }

protected:
  // store() reports the id of each row it adds (in increasing order): the batch's id range.
  void added(std::int64_t id) {
    if (m_added.first == 0) m_added.first = id;
    m_added.second = id;
  }

private:
  std::pair<std::int64_t, std::int64_t> m_added{0, 0};
};

struct ImportOptions {
  InputFormat format = InputFormat::csv;
  std::map<std::string, std::string> mapping; // column name → field name
  bool skip_invalid = false;
  // With skip_invalid: where the rejected records go (see Rejects in import_engine.cpp). The
  // reader must keep raw text (make_record_reader's keep_raw) for them to go as read.
  std::ostream* rejects = nullptr;
  bool dry_run = false;
  OnDuplicate on_duplicate = OnDuplicate::skip;
  std::size_t commit_every = 0; // 0: one transaction for the whole file
  std::size_t errors_listed = 20;
};

struct ImportProgress {
  std::uint64_t rows = 0;
  std::uint64_t bytes_read = 0;
  std::uint64_t bytes_total = 0; // 0 when unknown (a pipe)
  double seconds = 0;
};

struct ImportSummary {
  std::uint64_t read = 0;
  std::uint64_t imported = 0;
  std::uint64_t updated = 0;
  std::uint64_t skipped = 0;
  std::uint64_t rejected = 0;
  double seconds = 0;
  bool written = false;            // something was committed
  bool would_write = false;        // dry run: the run would commit batches (--commit-every) before stopping
  std::vector<std::string> errors; // "FILE:LINE: field: reason", the first errors_listed
  std::uint64_t errors_not_listed = 0;
};

using ProgressCallback = std::function<void(const ImportProgress&)>;

// Runs the whole import. Throws ProblemError (exit 3) for problems with the file as a whole
// (no header, unknown or missing columns, bad mapping); row problems are in the summary.
ImportSummary run_import(Ledger& ledger, RecordReader& reader, ImportTarget& target, const ImportOptions& options,
                         const ProgressCallback& progress);

} // namespace epb
