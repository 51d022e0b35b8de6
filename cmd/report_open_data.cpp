// epb report open-data --year Y [--dataset requests|aggregate]: the datasets the bureau
// publishes on the city's open-data platform, with no personal data (DOMAIN.md §9;
// epb-report(1) OPEN DATA). requests streams one row per case (csv, tsv, json as an array of
// Open311 request objects, jsonl); only ods, a file written whole, builds a document of it.
// aggregate is a small document rendered like every report.
#include "commands.hpp"
#include "report_output.hpp"
#include "report_verbs.hpp"

#include "epb/report/open_data_aggregate.hpp"
#include "epb/report/open_data_requests.hpp"
#include "epb/time/period.hpp"

#include <fmt/format.h>

#include <memory>
#include <optional>

namespace epb::cli {
namespace open_data_verb {

struct OpenDataArgs {
  std::string year;
  std::string dataset = "requests";
  DocumentOutput output;
};

report::OpenDataScope open_data_scope(Context& context, const OpenDataArgs& a) {
  const auto year = parse_year(a.year);
  if (!year)
    throw ProblemError(
        Problem{Fault::invalid, "--year",
                fmt::format("'{}' is no year: 4 digits Gregorian from 1912 (2018) or ROC (107)", a.year)});
  const report::OpenDataScope scope{.year = year_period(*year), .as_of = context.now(), .english = context.english()};
  if (scope.year.from > scope.as_of.taipei_date())
    throw ProblemError(Problem{Fault::invalid, "--year",
                               fmt::format("{} starts after the as-of moment ({}): nothing to publish yet",
                                           scope.year.text(), scope.as_of.iso())});
  return scope;
}

// A sheet holds 1,048,576 rows, the header one of them (render_ods.cpp). Counted before any
// row is read, so a year too large for one sheet is refused at once rather than after
// building it in memory.
constexpr std::int64_t k_sheet_rows = 1'048'575;

void check_requests_fit_a_sheet(Context& context, const report::OpenDataScope& scope) {
  if (const std::int64_t rows = report::open_data_request_count(context.ledger(), scope); rows > k_sheet_rows)
    throw ProblemError(Problem{Fault::invalid, "--format ods",
                               fmt::format("{} requests do not fit one spreadsheet sheet ({} rows at most): use "
                                           "--format csv or json, or --dataset aggregate",
                                           rows, k_sheet_rows)});
}

// The row format requests stream in; markdown and html lay out a document for people, which a
// million rows are not.
std::optional<Format> requests_row_format(Context& context) {
  const report::DocumentFormat format = context.document_format();
  if (format == report::DocumentFormat::ods) return std::nullopt;
  if (format == report::DocumentFormat::markdown || format == report::DocumentFormat::html)
    throw ProblemError(Problem{Fault::invalid, "--format " + context.options.format,
                               "the requests dataset is one row per case: use csv, tsv, json, jsonl, ods or table "
                               "(or --dataset aggregate)"});
  return parse_format(report::document_format_name(format));
}

void write_requests(Context& context, const OpenDataArgs& a, const report::OpenDataScope& scope, Format format) {
  // OutputFile keeps a reference to the protected files until its commit.
  const ProtectedFiles protect = context.protected_files();
  std::optional<OutputFile> file;
  if (!a.output.path.empty())
    file.emplace("--output", a.output.path, protect, OutputOptions{.replace = a.output.force});
  std::ostream& out = file ? file->stream() : context.out();
  auto writer = make_row_writer(format, out, report::open_data_request_row_columns());
  const std::int64_t rows =
      report::open_data_requests(context.ledger(), context.config(), scope, [&](const Row& row) { writer->row(row); });
  writer->finish();
  if (file) {
    file->commit();
    context.info(
        fmt::format("epb: open-data requests written to {} ({} row{})", a.output.path, rows, rows == 1 ? "" : "s"));
  }
}

} // namespace open_data_verb

void add_report_open_data(CLI::App& parent, Context& context) {
  using namespace open_data_verb;
  auto a = std::make_shared<OpenDataArgs>();
  auto* cmd = parent.add_subcommand(
      "open-data", "Open data without personal data: one Open311 request per case of a year (requests), or counts "
                   "per month, unit and service (aggregate)");
  text_checked(cmd->add_option("--year", a->year, "the year of receipt, Gregorian (2018) or ROC (107)")->required(),
               TextKind::code);
  cmd->add_option("--dataset", a->dataset, "requests (one row per case, the default) or aggregate")
      ->check(one_of("--dataset", {"requests", "aggregate"}));
  add_document_output(cmd, a->output);
  cmd->callback([&context, a, cmd] {
    const auto dataset = *report::parse_open_dataset(a->dataset); // one_of() checked it
    const report::OpenDataScope scope = open_data_scope(context, *a);
    std::optional<Format> row_format;
    if (dataset == report::OpenDataset::requests) {
      row_format = requests_row_format(context);
      if (!a->output.table.empty() && row_format)
        throw ProblemError(Problem{Fault::invalid, "--table", "the requests dataset has one table"});
    }
    check_document_output(context, a->output, *cmd);
    if (row_format) return write_requests(context, *a, scope, *row_format);
    if (dataset == report::OpenDataset::requests) check_requests_fit_a_sheet(context, scope);
    const Instant generated_at = context.ledger().real_now();
    const report::Document document =
        dataset == report::OpenDataset::aggregate
            ? report::open_data_aggregate(context.ledger(), context.config(), scope, generated_at)
            : report::open_data_requests_document(context.ledger(), context.config(), scope, generated_at);
    write_document(context, document, a->output);
  });
}

} // namespace epb::cli
