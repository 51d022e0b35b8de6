// PLACEHOLDER (helper "assembly"): the period report, its scope and the family providers.
#include "epb/report/period_report.hpp"

namespace epb::report {

Instant period_end(const ReportScope& scope) { return scope.as_of; }
Result<void> add_subsidy_sections(Document&, const ReportInputs&, const ReportScope&) { return {}; }
Result<void> add_fee_sections(Document&, const ReportInputs&, const ReportScope&) { return {}; }
Result<void> add_survey_sections(Document&, const ReportInputs&, const ReportScope&) { return {}; }
Result<Document> period_report(const ReportInputs&, const ReportScope&) { return Document{}; }

} // namespace epb::report
