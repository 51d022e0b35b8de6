// PLACEHOLDER (helper "cases"): the case sections of the period report.
#include "epb/report/period_report.hpp"

namespace epb::report {

Result<void> add_case_sections(Document&, const ReportInputs&, const ReportScope&) { return {}; }

} // namespace epb::report
