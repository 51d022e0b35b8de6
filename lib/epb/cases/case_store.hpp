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
  void add_pause(std::int64_t case_id, Instant at, std::optional<Instant> resumed = std::nullopt);
  void end_pause(std::int64_t case_id, Instant at);
  // In the order granted.
  std::vector<Extension> extensions(std::int64_t case_id);
  void add_extension(std::int64_t case_id, const Extension& extension);

  // The state a case was in before its last closing move (for reopen).
  std::optional<std::string> state_before_close(std::string_view ref);

  // Streams matching cases in the filter's order; return false from `visit` to stop.
  void for_each(const CaseFilter& filter, const std::function<bool(const Case&)>& visit);
  std::int64_t count(const CaseFilter& filter);
  // Everyone cases are assigned to, in name order.
  std::vector<std::string> assignees();

private:
  std::int64_t& sequence_slot(std::string_view prefix, int roc_year);

  sql::Database& m_db;
  std::map<std::pair<std::string, int>, std::int64_t> m_sequences;
};

} // namespace epb
