#pragma once
// All SQL about cases (STYLE.md rule 6): named constants, :named parameters, prepared once.
#include "epb/cases/case.hpp"
#include "epb/cases/case_query.hpp"
#include "epb/ledger/ledger.hpp"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace epb {

// A row of import_batch: which import brought a range of cases in, and the event saying so.
struct ImportBatchRow {
  std::string source; // the file's name, or "-" for standard input
  std::int64_t first_case_id = 0;
  std::int64_t last_case_id = 0;
  std::int64_t imported = 0;
  Instant at;
  std::string actor;
  std::int64_t event_id = 0;
};

class CaseStore {
public:
  explicit CaseStore(Ledger& ledger) : m_db(ledger.db()) {}

  // Hands out the next reference number for the prefix and ROC year. Numbers are counted in
  // memory and written by flush_sequences(), which must run in the same transaction.
  std::int64_t next_sequence(std::string_view prefix, int roc_year);
  // Makes sure later references of the prefix and year come after `number` (imported refs).
  void reserve_sequence(std::string_view prefix, int roc_year, std::int64_t number);
  // Hands `number` out again if it is the last one counted and not yet written (a case
  // numbered in batch mode, then refused before the commit).
  void release_sequence(std::string_view prefix, int roc_year, std::int64_t number);
  // Writes the counted numbers and forgets them (another writer may go next).
  void flush_sequences();
  std::int64_t insert(const Case& c);
  std::int64_t max_id();
  // Writes every mutable field of `c` back.
  void update(const Case& c);

  std::optional<Case> find(std::string_view ref);
  std::optional<Case> find_by_id(std::int64_t id);
  std::optional<Case> find_by_source(std::string_view system, std::string_view source_id);
  // Bulk loading: drops the plain indexes over every case (e.g. by date received) and
  // returns what builds them again (run it before the commit). Building an index from a
  // sort of the finished table is much cheaper than keeping it up to date row by row,
  // when most rows are new.
  std::vector<std::string> drop_deferrable_indexes();
  void create_indexes(const std::vector<std::string>& statements);
  // Only the id, for imports: nearly every row is new, and reading a whole case is not free.
  std::optional<std::int64_t> id_of(std::string_view ref);
  std::optional<std::int64_t> id_by_source(std::string_view system, std::string_view source_id);
  // The latest case of the same service, applicant and matter closed at or after `since`.
  std::optional<Case> find_repeat(const Case& c, Instant since);

  std::vector<Pause> pauses(std::int64_t case_id);
  // `note` says what documents are awaited (the documents reminder quotes it).
  void add_pause(std::int64_t case_id, Instant at, std::optional<Instant> resumed = std::nullopt,
                 std::string_view note = {});
  void end_pause(std::int64_t case_id, Instant at);
  // Sets the note of the case's open pause (a move with a note while paused).
  void set_pause_note(std::int64_t case_id, std::string_view note);
  // In the order granted.
  std::vector<Extension> extensions(std::int64_t case_id);
  // Returns the extension's id (an extension notice's cycle).
  std::int64_t add_extension(std::int64_t case_id, const Extension& extension);

  // Remembers the state a case is closed from (case_file.closed_from), for reopen.
  void set_closed_from(std::int64_t case_id, std::string_view state);
  // The state a case was in before its last closing move; none if it was never closed by a move.
  std::optional<std::string> state_before_close(std::int64_t case_id);

  // Records an import batch (written beside its event); returns its id.
  std::int64_t add_import_batch(const ImportBatchRow& batch);
  // A case's own events and the event of the import batch that brought it in, oldest first.
  std::vector<Event> history(std::string_view ref, std::int64_t case_id);

  // Streams matching cases in the filter's order; return false from `visit` to stop.
  void for_each(const CaseFilter& filter, const std::function<bool(const Case&)>& visit);
  std::int64_t count(const CaseFilter& filter);
  // Everyone cases are assigned to, in name order.
  std::vector<std::string> assignees();

private:
  std::int64_t& sequence_slot(std::string_view prefix, int roc_year);

  sql::Database& m_db;
  std::map<std::pair<std::string, int>, std::int64_t> m_sequences;
  std::optional<std::int64_t> m_next_id; // the next case id, counted like the sequences
};

} // namespace epb
