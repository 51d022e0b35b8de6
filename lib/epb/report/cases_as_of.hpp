#pragma once
// The cases as they stood at a report's as-of moment, as one SQL common table expression every
// report query reads (the period report's counts, open data): the case row, or, for the cases
// case_then.hpp rebuilt, the row as it stood then; cases brought in after the moment are left
// out. Without such cases (a report as of now) it is the table itself and no join is paid for.
// Columns: id, ref, unit, service, district, received_at, received_date, repeat_of, closed_at,
// closed_date, closed_late, due_at, updated_at. Parameters: :to (the latest received date
// wanted), :unit and :service when filtered.
#include "epb/report/case_then.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace epb::report {

struct CasesAsOf {
  std::string_view name = "cases_as_of"; // the CTE's name
  CasesThen then;
  bool unit_filter = false;
  bool service_filter = false;
  // Read case_report_by_service whole, in unit and service order (for a GROUP BY unit,
  // service: the planner, without statistics, would rather take the received-date index and sort).
  bool scan_by_service = false;
};

// "NAME AS (SELECT ...)", for a WITH clause.
std::string cases_as_of_cte(const CasesAsOf& cases);

} // namespace epb::report
