// epb demo: a year of sample casework in a ledger of its own, to try the case commands on.
#include "commands.hpp"

#include "epb/cases/case_store.hpp"
#include "epb/demo/demo.hpp"
#include "epb/demo/demo_config.hpp"
#include "epb/demo/sample_csv.hpp"
#include "epb/report/period_report.hpp"
#include "epb/report/render.hpp"
#include "epb/validate/money.hpp"

#include <fmt/format.h>

#include <filesystem>

namespace epb::cli {
namespace {

struct DemoCommandOptions {
  int cases = DemoOptions{}.cases;
  int subsidies = DemoOptions{}.subsidies;
  int fee_projects = DemoOptions{}.fee_projects;
  std::uint64_t seed = k_default_demo_seed;
  std::string ledger;            // --demo-ledger; empty: the default demo location
  std::uint64_t sample_rows = 0; // --sample-csv N: write a sample import file instead
  int invalid_percent = 0;
};

void render(Context& context, const DemoSummary& summary) {
  auto writer = make_row_writer(context.format(), context.out(),
                                {{"unit"},
                                 {"unit_name"},
                                 {"open", Column::Type::integer},
                                 {"overdue", Column::Type::integer},
                                 {"oldest_due"},
                                 {"max_workdays_late", Column::Type::integer}});
  for (const auto& unit : summary.units)
    writer->row({unit.unit, context.english() ? unit.name_en : unit.name_zh, std::to_string(unit.open),
                 std::to_string(unit.overdue), unit.oldest_due ? context.date(*unit.oldest_due) : "",
                 std::to_string(unit.max_workdays_late)});
  writer->finish();
}

// The year's results report of the demo ledger, as a page to open in a browser: the year of the
// demo's clock, as the ledger stands at it. Returns the file's path.
std::string write_demo_report(Context& context, Ledger& ledger, const Config& config, const OfficeCalendar& calendar,
                              Instant now, const std::string& directory, const ProtectedFiles& protect) {
  report::ReportScope scope;
  scope.period = year_period(now.taipei_date().year());
  scope.as_of = now;
  scope.generated_at = ledger.real_now();
  scope.english = context.english();
  const report::Document document = value_or_throw(report::period_report({ledger, config, calendar}, scope));
  const std::string path = fmt::format("{}/annual-{}.html", directory, scope.period.from.year());
  OutputFile file("demo report", path, protect, OutputOptions{.replace = true});
  value_or_throw(report::render(document, report::DocumentFormat::html, file.stream()));
  file.commit();
  return path;
}

void run_demo(Context& context, const DemoCommandOptions& options) {
  if (options.sample_rows > 0) {
    write_sample_csv(context.out(), context.config(),
                     SampleCsvOptions{options.sample_rows, options.invalid_percent, options.seed});
    return;
  }
  const std::string path = options.ledger.empty() ? default_demo_ledger_path() : options.ledger;
  // The demo replaces its ledger and config: never the real ledger (nor its -wal or -shm) nor
  // the configuration in use, however spelled.
  const ProtectedFiles protect = context.protected_files();
  value_or_throw(protect.check("--demo-ledger", path));
  ProtectedFiles protect_ledger; // the demo's own epb.toml may be the config in use: it is regenerated
  protect_ledger.add_ledger(context.ledger_path());
  const Config& config = context.config();
  // The demo ledger has no imported years or closures, so it is built on the built-in calendar.
  const OfficeCalendar& calendar = OfficeCalendar::builtin();
  const Instant asked = context.now();
  const Instant now = value_or_throw(demo_clock(calendar, asked));
  auto ledger = value_or_throw(create_demo_ledger(path, Stamp{context.actor(), "demo", now}));
  if (now != asked)
    context.info(fmt::format("epb: the demo's clock is {}: the office calendar ends with {}, and the cases left open "
                             "need their due dates inside it",
                             now.iso(), *calendar.years().rbegin()));
  // Absolute: a bare --demo-ledger NAME has no parent, and "" + "/epb.toml" is the root's.
  const std::string directory = std::filesystem::absolute(ledger->path()).parent_path().string();
  DemoOptions demo{options.cases, options.seed, options.subsidies, options.fee_projects, directory, &protect};
  const DemoSummary summary = value_or_throw(build_demo(*ledger, config, calendar, now, demo));
  render(context, summary);
  context.info(
      fmt::format("epb: demo ledger {}: {} cases up to {}: {} open ({} paused, {} overdue), {} closed ({} late), "
                  "{} repeated complaints",
                  ledger->path(), summary.cases, context.date(now.taipei_date()), summary.open, summary.paused,
                  summary.overdue, summary.closed, summary.closed_late, summary.repeats));
  const SubsidySeasonSummary& season = summary.subsidy;
  if (season.applications > 0)
    context.info(fmt::format("epb: subsidies {}: {} applications, {} approved, {} rejected ({} double-dipping), "
                             "{} asked for documents; batch {} paid NT${} ({} transfers, {} failed)",
                             season.year, season.applications, season.approved, season.rejected, season.double_dipping,
                             season.documents_requested, season.batch.empty() ? "-" : season.batch,
                             format_money(season.paid_total), season.paid, season.payment_failed));
  const SurveySeasonSummary& survey = summary.survey;
  if (survey.sample_id > 0)
    context.info(fmt::format(
        "epb: survey: sample {} of the {} paid subsidies ({} with a phone): 1 in 10 by district, {} "
        "strata, {} chosen and {} spares; {} calls, {} answered, {} refused, {} not reached ({} "
        "spares called), {} follow-up cases",
        survey.sample_id, survey.year, survey.frame, survey.strata, survey.chosen, survey.spares, survey.calls,
        survey.answered, survey.refused, survey.unreachable, survey.spares_called, survey.follow_ups));
  const FeeSeasonSummary& fees = summary.fee;
  if (fees.projects > 0)
    context.info(fmt::format("epb: fees: {} projects, NT${} assessed, NT${} collected, NT${} outstanding, {} late "
                             "payers; settlements: {} with a refund (NT${}), {} with a top-up (NT${})",
                             fees.projects, format_money(fees.assessed), format_money(fees.collected),
                             format_money(fees.outstanding), fees.late_payers, fees.refunds,
                             format_money(fees.refunded), fees.topups, format_money(fees.topped_up)));
  // A config beside the demo ledger whose notices land in files there, for `notify run`.
  const std::string config_path = directory + "/epb.toml";
  Config notify_config = demo_config(config, directory, CaseStore(*ledger).assignees());
  notify_config.source = config_path;
  OutputFile config_file("demo config", config_path, protect_ledger, OutputOptions{.replace = true});
  config_file.stream() << render_config(notify_config);
  config_file.commit();
  // The real clock is later than the demo's: without --as-of every open case would look late.
  const std::string as_of = now != system_now() ? fmt::format(" --as-of {}", now.iso()) : "";
  const std::string report_path =
      write_demo_report(context, *ledger, notify_config, calendar, now, directory, protect_ledger);
  context.info(fmt::format("epb: the year's results report: {} (open it in a browser); in another format: epb "
                           "--ledger {} --config {}{} report annual --year {} --format ods --output annual.ods",
                           report_path, ledger->path(), config_path, as_of, now.taipei_date().year()));
  context.info(fmt::format("epb: try it: epb --ledger {}{} case overdue", ledger->path(), as_of));
  context.info(fmt::format("epb: notices: epb --ledger {} --config {}{} notify run   (they land in {})", ledger->path(),
                           config_path, as_of, directory));
  if (survey.sample_id > 0)
    context.info(fmt::format("epb: survey results: epb --ledger {} survey results --sample {} --by district",
                             ledger->path(), survey.sample_id));
  if (fees.projects > 0)
    context.info(
        fmt::format("epb: late fees: epb --ledger {} --config {}{} fee arrears", ledger->path(), config_path, as_of));
}

} // namespace

void register_demo(CLI::App& app, Context& context) {
  auto options = std::make_shared<DemoCommandOptions>();
  auto* demo = app.add_subcommand("demo", "Build a sample ledger of a year's casework (never the real ledger)");
  demo->add_option("--cases", options->cases, "how many cases (default 1500)")
      ->check(whole_number("--cases", 1, 100000));
  demo->add_option("--subsidies", options->subsidies, "applications in the subsidy season (default 300; 0: none)")
      ->check(whole_number("--subsidies", 0, 5000));
  demo->add_option("--fee-projects", options->fee_projects,
                   "construction projects of the fee year (default 40; 0: none)")
      ->check(whole_number("--fee-projects", 0, 1000));
  demo->add_option("--seed", options->seed, "seed of the sample data: the same seed gives the same ledger")
      ->check(whole_number("--seed", 0, std::numeric_limits<std::int64_t>::max()));
  demo->add_option("--demo-ledger", options->ledger,
                   "where to build it (default $XDG_DATA_HOME/epb/demo/ledger.sqlite); replaced on each run");
  demo->add_option("--sample-csv", options->sample_rows,
                   "instead, write N sample cases as CSV to standard output, for 'epb case import'")
      ->check(whole_number("--sample-csv", 1, 100'000'000));
  demo->add_option("--invalid-percent", options->invalid_percent,
                   "with --sample-csv: this share of rows is deliberately invalid")
      ->check(whole_number("--invalid-percent", 0, 100));
  demo->callback([&context, options] { run_demo(context, *options); });
}

} // namespace epb::cli
