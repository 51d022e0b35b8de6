#pragma once
// The annual and monthly reports (epb-report(1)): per unit and service, for a period of Taipei
// dates, as the ledger stood at a moment. Each family adds its own sections to one document
// through a provider below, computed with SQL aggregates over the ledger (never one case at a
// time in C++); period_report() calls them in order and the result renders in every format.
#include "epb/calendar/office_calendar.hpp"
#include "epb/config/config.hpp"
#include "epb/core/error.hpp"
#include "epb/ledger/ledger.hpp"
#include "epb/report/document.hpp"
#include "epb/time/date.hpp"
#include "epb/time/period.hpp"

#include <optional>
#include <string>

namespace epb::report {

struct ReportInputs {
  Ledger& ledger;
  const Config& config;
  const OfficeCalendar& calendar;
};

struct ReportScope {
  enum class Kind { annual, monthly };
  Kind kind = Kind::annual;
  Period period;
  // The moment the report reflects (--as-of, else now): facts dated later are left out, and a
  // period that has not ended yet ends here ("open at period end" is "open at as-of").
  Instant as_of;
  Instant generated_at;               // the machine's clock when the report was made
  std::optional<std::string> unit;    // --unit: only this unit's cases
  std::optional<std::string> service; // --service: only this service's cases
  bool english = false;               // --lang en: titles, labels and definitions in English
};

// The end of the period as the report counts it: the last second of its last Taipei day, or
// as_of when that comes first.
Instant period_end(const ReportScope& scope);

// The providers, one per family. Each adds its tables, sections and definitions (and may add
// columns to the primary "services" table, matched by its unit and service columns).
// Cases (case_metrics.cpp): the primary table "services" (one row per unit and service: unit,
// service, received, closed, closed_on_time, on_time_pct, median/p90 working days, open_at_end,
// overdue_at_end, extensions, pauses, repeats, notices_sent), "units", "months", "notices", the
// as-of facts (changed after as-of) and the definitions of clock, on time, overdue, calendar.
Result<void> add_case_sections(Document& document, const ReportInputs& inputs, const ReportScope& scope);
// Subsidies (subsidy_metrics.cpp): applications, approved, paid count and NT$, budget used %.
Result<void> add_subsidy_sections(Document& document, const ReportInputs& inputs, const ReportScope& scope);
// Fees (fee_metrics.cpp): assessed, collected, outstanding, refunds, late payers contacted.
Result<void> add_fee_sections(Document& document, const ReportInputs& inputs, const ReportScope& scope);
// Surveys (survey_metrics.cpp): sampled, responded, share satisfied with its 95 % interval.
Result<void> add_survey_sections(Document& document, const ReportInputs& inputs, const ReportScope& scope);

// The whole report: the document's facts and title, then every provider in the order above.
// Fails (Fault::invalid) for a --unit or --service the config does not know.
Result<Document> period_report(const ReportInputs& inputs, const ReportScope& scope);

} // namespace epb::report
