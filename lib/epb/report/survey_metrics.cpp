// NOT DONE (helper "assembly" ran out of time): the survey sections of the period report add
// nothing yet. To do: SQL aggregates over the survey tables for the period, as of scope.as_of
// (period_report.hpp), with a table, a section and zh-TW/English definitions.
#include "epb/report/period_report.hpp"

namespace epb::report {

Result<void> add_survey_sections(Document&, const ReportInputs&, const ReportScope&) { return {}; }

} // namespace epb::report
