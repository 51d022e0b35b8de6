// The CTE of cases_as_of.hpp.
#include "epb/report/cases_as_of.hpp"

#include <fmt/format.h>

namespace epb::report {

std::string cases_as_of_cte(const CasesAsOf& cases) {
  std::string filter;
  if (cases.unit_filter) filter += " AND c.unit = :unit";
  if (cases.service_filter) filter += " AND c.service = :service";
  const char* from = cases.scan_by_service ? "case_file c INDEXED BY case_report_by_service" : "case_file c";
  if (!cases.then.any())
    return fmt::format("{} AS (SELECT c.id, c.ref, c.unit, c.service, c.district, c.received_at, c.received_date, "
                       "c.repeat_of, c.closed_at, c.closed_date, c.closed_late, c.due_at, c.updated_at "
                       "FROM {} WHERE c.received_date <= :to{})",
                       cases.name, from, filter);
  const std::string absent =
      cases.then.absent_ranges
          ? "NOT EXISTS (SELECT 1 FROM temp.report_absent a WHERE c.id BETWEEN a.first AND a.last)"
          : "1";
  return fmt::format(
      "{} AS (SELECT c.id, c.ref, c.unit, c.service, c.district, c.received_at, c.received_date, c.repeat_of, "
      "CASE WHEN t.id IS NULL THEN c.closed_at ELSE t.closed_at END AS closed_at, "
      "CASE WHEN t.id IS NULL THEN c.closed_date ELSE t.closed_date END AS closed_date, "
      "CASE WHEN t.id IS NULL THEN c.closed_late ELSE t.closed_late END AS closed_late, "
      "CASE WHEN t.id IS NULL THEN c.due_at ELSE t.due_at END AS due_at, "
      "CASE WHEN t.id IS NULL THEN c.updated_at ELSE t.updated_at END AS updated_at "
      "FROM {} LEFT JOIN temp.report_case_then t ON t.id = c.id "
      "WHERE c.received_date <= :to{} AND (CASE WHEN t.id IS NULL THEN {} ELSE t.present END))",
      cases.name, from, filter, absent);
}

} // namespace epb::report
