// epb report annual | monthly: the yearly results report and the monthly SOP compliance report
// (lib/epb/report/period_report.hpp; epb-report(1) ANNUAL AND MONTHLY REPORTS), as the ledger
// stood at the run's --as-of moment, written through report_output.hpp.
#include "commands.hpp"
#include "report_output.hpp"
#include "report_verbs.hpp"

#include "epb/report/period_report.hpp"
#include "epb/time/period.hpp"

#include <fmt/format.h>

#include <memory>

namespace epb::cli {
namespace periodic_report {

struct Args {
  std::string when; // --year or --month as typed
  std::string unit;
  std::string service;
  DocumentOutput output;
};

[[noreturn]] void refuse(std::string option, std::string why) {
  throw ProblemError(Problem{Fault::invalid, std::move(option), std::move(why)});
}

report::ReportScope::Kind kind_of(bool annual) {
  return annual ? report::ReportScope::Kind::annual : report::ReportScope::Kind::monthly;
}

Period parse_when(bool annual, const std::string& text) {
  if (annual) {
    const auto year = parse_year(text);
    if (!year) refuse("--year", fmt::format("'{}' is no year: 4 digits Gregorian from 1912 (2018) or ROC (107)", text));
    return year_period(*year);
  }
  const auto month = parse_month(text);
  if (!month)
    refuse("--month", fmt::format("'{}' is no month: YYYY-MM (2018-03) or ROC YYY/MM (107/03), month 01 to 12", text));
  return *month;
}

// A period the calendar does not cover cannot be counted in working days; one that starts
// after the as-of moment has nothing in it yet.
void check_period(Context& context, const std::string& option, const Period& period, Instant as_of) {
  if (const OfficeCalendar& calendar = context.calendar(); !calendar.covers(period.from))
    refuse(option, calendar.uncovered(period.from).message());
  if (period.from > as_of.taipei_date())
    refuse(option,
           fmt::format("{} starts after the as-of moment ({}): nothing to report yet", period.text(), as_of.iso()));
}

void run(Context& context, const Args& a, const CLI::App& cmd, bool annual) {
  const std::string option = annual ? "--year" : "--month";
  check_document_output(context, a.output, cmd);
  report::ReportScope scope;
  scope.kind = kind_of(annual);
  scope.period = parse_when(annual, a.when);
  scope.as_of = context.now();
  scope.generated_at = context.ledger().real_now();
  if (cmd.count("--unit") > 0) scope.unit = a.unit;
  if (cmd.count("--service") > 0) scope.service = a.service;
  scope.english = context.english();
  check_period(context, option, scope.period, scope.as_of);
  const report::ReportInputs inputs{context.ledger(), context.config(), context.calendar()};
  const report::Document document = value_or_throw(report::period_report(inputs, scope));
  write_document(context, document, a.output);
}

void add(CLI::App& parent, Context& context, bool annual) {
  auto a = std::make_shared<Args>();
  auto* cmd = annual ? parent.add_subcommand(
                           "annual", "The yearly results report: per unit and service, cases received, closed, on "
                                     "time, open and overdue at year end; subsidies, fees and surveys; definitions")
                     : parent.add_subcommand("monthly", "The monthly SOP compliance report: the annual report's "
                                                        "figures for one month");
  if (annual)
    text_checked(cmd->add_option("--year", a->when, "the year, Gregorian (2018) or ROC (107)")->required(),
                 TextKind::code);
  else
    text_checked(cmd->add_option("--month", a->when, "the month, YYYY-MM (2018-03) or ROC YYY/MM (107/03)")->required(),
                 TextKind::code);
  text_checked(cmd->add_option("--unit", a->unit, "only this unit's services (a unit code of the config)"),
               TextKind::code);
  text_checked(cmd->add_option("--service", a->service, "only this service (a service code of the config)"),
               TextKind::code);
  add_document_output(cmd, a->output);
  cmd->footer("The report is the ledger as it stood at --as-of (default: now); --lang en writes it in English. "
              "Formats: table, csv, tsv, json, jsonl, markdown, html, ods (--format). See epb-report(1).");
  cmd->callback([&context, a, cmd, annual] { run(context, *a, *cmd, annual); });
}

} // namespace periodic_report

void add_report_periodic(CLI::App& parent, Context& context) {
  periodic_report::add(parent, context, true);
  periodic_report::add(parent, context, false);
}

} // namespace epb::cli
