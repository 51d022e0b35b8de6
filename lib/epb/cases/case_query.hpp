#pragma once
// The pieces every query over cases is built from, public so that a domain store (subsidy
// applications, fee declarations) selects its rows joined to their cases in one statement
// instead of keeping a copy of the case's fields:
//
//   SELECT <case_columns("c")>, s.amount FROM case_file c JOIN subsidy s ON s.case_id = c.id
//   WHERE <CaseFilterSql(filter, "c").where()> AND s.programme = :programme
//   ORDER BY <CaseFilterSql(filter, "c").order_by()>
//
// then read_case(statement, 0) and the domain's own columns from k_case_column_count on.
// CaseStore's own queries are built from the same pieces: one copy of the SQL.
#include "epb/cases/case.hpp"
#include "epb/ledger/sqlite.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace epb {

// Which cases a query is about. Empty lists and unset bounds do not restrict.
struct CaseFilter {
  std::vector<std::string> services;
  std::vector<std::string> units;
  std::vector<std::string> statuses;
  std::vector<std::string> channels;
  std::optional<std::string> assignee;
  std::optional<Date> received_from, received_to; // inclusive Taipei dates
  std::optional<Date> due_from, due_to;
  std::optional<Date> closed_from, closed_to; // inclusive Taipei dates; only closed cases match
  std::optional<Instant> overdue_at;          // open, not paused, due before this instant
  std::optional<Instant> due_by;              // open, not paused, due at or before this instant
  bool open_only = false;
  bool paused_only = false;
  bool repeated_only = false;
  enum class Sort { ref, received, due, status, service } sort = Sort::ref;
  bool descending = false;
  std::optional<std::int64_t> limit; // applied by CaseStore::for_each; a domain query adds its own
};

// The number of columns case_columns() selects.
inline constexpr int k_case_column_count = 37;

// The columns of a whole case for a SELECT list, each qualified by `alias` ("c" gives c.id,
// c.ref, ...; "" leaves them bare), in the order read_case() reads them.
std::string case_columns(std::string_view alias = "");

// A case from the current row of `s`, whose columns from `first` on are case_columns().
Case read_case(const sql::Statement& s, int first = 0);

// A CaseFilter as SQL over case_file under `alias`. Its parameters are named :cf_..., so they
// do not clash with a domain query's own.
class CaseFilterSql {
public:
  explicit CaseFilterSql(const CaseFilter& filter, std::string_view alias = "");

  // The conditions joined by AND, to follow WHERE (or AND); "1" when nothing is filtered.
  const std::string& where() const { return m_where; }
  // The filter's order, to follow ORDER BY: the sort column, then the case id (ties broken
  // the same way in every query).
  const std::string& order_by() const { return m_order_by; }
  // Binds the parameters where() names (not LIMIT: the caller's query decides that).
  void bind(sql::Statement& s) const;

private:
  CaseFilter m_filter;
  std::string m_where;
  std::string m_order_by;
};

} // namespace epb
