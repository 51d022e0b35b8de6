#pragma once
// Cases as they stood at a moment (a report's --as-of) and at its period's end, for the few
// cases whose row does not show that any more. A case row holds the present: a case closed,
// reopened or extended after the moment, or brought in after it, reads differently now. These
// cases are found from the dated record (events and import batches after the moment,
// extensions after the period end), their earlier state rebuilt from their own events, and the
// result kept in two temporary tables the report's queries join:
//   temp.report_case_then(id, present, closed_at, closed_date, closed_late, due_at, updated_at)
//   temp.report_absent(first, last): id ranges of case imports after the moment.
// Every other case is read from its row.
#include "epb/ledger/sqlite.hpp"
#include "epb/time/date.hpp"

#include <cstdint>
#include <optional>

namespace epb::report {

struct CasesThen {
  std::int64_t rebuilt = 0;           // rows in temp.report_case_then
  std::int64_t changed_after = 0;     // cases changed (or brought in) after the moment
  bool absent_ranges = false;         // temp.report_absent has rows
  std::optional<Instant> last_change; // the latest such change
  bool any() const { return rebuilt > 0 || absent_ranges; }
};

// Fills the two tables (emptied first) for `as_of` and `period_end` (<= as_of).
CasesThen rebuild_cases_then(sql::Database& db, Instant as_of, Instant period_end);

} // namespace epb::report
