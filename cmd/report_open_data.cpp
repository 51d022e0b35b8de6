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
namespace {

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
  return report::OpenDataScope{.year = year_period(*year), .as_of = context.now(), .english = context.english()};
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
  std::optional<OutputFile> file;
  if (!a.output.path.empty())
    file.emplace("--output", a.output.path, context.protected_files(), OutputOptions{.replace = a.output.force});
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

} // namespace

void add_report_open_data(CLI::App& parent, Context& context) {
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
    const Instant generated_at = context.ledger().real_now();
    const report::Document document =
        dataset == report::OpenDataset::aggregate
            ? report::open_data_aggregate(context.ledger(), context.config(), scope, generated_at)
            : report::open_data_requests_document(context.ledger(), context.config(), scope, generated_at);
    write_document(context, document, a->output);
  });
}

} // namespace epb::cli
