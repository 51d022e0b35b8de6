// epb survey results | coverage: what the samples found, with 95 % Wilson intervals, the
// follow-up list, and the share of a service's cases surveyed per month against the plan's
// rate (lib/epb/survey/survey_results.hpp; epb-survey(1) RESULTS and COVERAGE).
#include "commands.hpp"
#include "survey_verbs.hpp"

#include "epb/output/json.hpp"
#include "epb/survey/survey_results.hpp"

#include <fmt/format.h>

#include <memory>

namespace epb::cli {
namespace {

struct ResultsArgs {
  std::int64_t sample = 0;
  std::string services;
  std::string period;
  std::string by;
  bool follow_ups = false;
};

// Shares are fractions 0..1 to 4 decimals (0.3080 is 30.80 %); means to 2 decimals.
std::string share_cell(std::optional<double> share) { return share ? fmt::format("{:.4f}", *share) : ""; }
std::string number_cell(double value) { return fmt::format("{:.4f}", value); }

void check_service(const std::string& code, const Config& config) {
  if (config.service(code)) return;
  std::vector<std::string> known;
  for (const Service& s : config.services)
    known.push_back(s.code);
  throw ProblemError(Problem{Fault::invalid, "--service", unknown_value_message(code, known, "service")});
}

std::vector<std::string> split_services(const std::string& text, const Config& config) {
  std::vector<std::string> services;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    services.push_back(text.substr(start, comma - start));
    check_service(services.back(), config);
    start = comma + 1;
  }
  return services;
}

ResultsQuery results_query(const ResultsArgs& a, const CLI::App& cmd, const Config& config) {
  ResultsQuery query;
  const bool by_sample = cmd.count("--sample") > 0;
  if (by_sample && (cmd.count("--service") > 0 || cmd.count("--period") > 0))
    throw ProblemError(Problem{Fault::invalid, "--sample", "give either --sample or --service/--period, not both"});
  if (by_sample) query.sample = a.sample;
  if (cmd.count("--service") > 0) query.services = split_services(a.services, config);
  if (cmd.count("--period") > 0) {
    auto period = parse_period(a.period);
    if (!period) throw ProblemError(Problem{Fault::invalid, "--period", period.error().why});
    query.period = *period;
  }
  if (!a.by.empty()) query.by = *parse_results_grouping(a.by); // one_of() checked it
  return query;
}

std::string distribution_cell(const ItemResult& item) {
  JsonObject json;
  for (const auto& [score, count] : item.distribution)
    json.add(std::to_string(score), count);
  return json.str();
}

void render_results(Context& context, const SurveyResults& results) {
  using T = Column::Type;
  auto writer = make_row_writer(context.format(), context.out(),
                                {{"group"},
                                 {"sampled", T::integer},
                                 {"reached", T::integer},
                                 {"responded", T::integer},
                                 {"refused", T::integer},
                                 {"unreachable", T::integer},
                                 {"pending", T::integer},
                                 {"response_rate", T::number},
                                 {"questionnaire"},
                                 {"item"},
                                 {"answered", T::integer},
                                 {"mean", T::number},
                                 {"distribution", T::json},
                                 {"satisfied", T::integer},
                                 {"satisfied_share", T::number},
                                 {"satisfied_low", T::number},
                                 {"satisfied_high", T::number}});
  const auto row = [&](const GroupResult& g, const std::string& questionnaire, const std::string& item,
                       std::int64_t answered, std::optional<double> mean, std::string distribution,
                       const Proportion& satisfied) {
    const Interval ci = satisfied.interval();
    const bool any = satisfied.trials > 0;
    writer->row({g.group, std::to_string(g.sampled), std::to_string(g.reached()), std::to_string(g.responded),
                 std::to_string(g.refused), std::to_string(g.unreachable), std::to_string(g.pending),
                 share_cell(g.response().share()), questionnaire, item, std::to_string(answered),
                 mean ? fmt::format("{:.2f}", *mean) : "", std::move(distribution), std::to_string(satisfied.successes),
                 share_cell(satisfied.share()), any ? number_cell(ci.low) : "", any ? number_cell(ci.high) : ""});
  };
  for (const GroupResult& g : results.groups) {
    // "*": members whose every answered item is satisfied, of those who answered any.
    row(g, "", "*", g.all_satisfied.trials, std::nullopt, "", g.all_satisfied);
    for (const ItemResult& item : g.items)
      row(g, item.questionnaire, item.item, item.answered, item.mean(), distribution_cell(item), item.satisfied);
  }
  writer->finish();
}

void render_follow_ups(Context& context, const ResultsQuery& query) {
  using T = Column::Type;
  auto writer = make_row_writer(
      context.format(), context.out(),
      {{"sample", T::integer}, {"ref"}, {"low_items"}, {"follow_up_ref"}, {"follow_up_status"}, {"follow_up_due"}});
  const std::int64_t count = value_or_throw(
      survey_follow_ups(context.ledger_after_config(), context.config().survey, query, [&](const FollowUpRow& r) {
        writer->row({std::to_string(r.sample_id), r.ref, r.low_items, r.follow_up_ref, r.follow_up_status,
                     r.follow_up_due ? context.date(*r.follow_up_due) : ""});
      }));
  writer->finish();
  if (context.format() == Format::table)
    context.info(fmt::format("epb: {} answer{} calling for a second reply", count, count == 1 ? "" : "s"));
}

void add_results(CLI::App& survey, Context& context) {
  auto a = std::make_shared<ResultsArgs>();
  auto* cmd = survey.add_subcommand(
      "results", "Satisfaction results: sampled, reached, responded, response rate, per item mean, distribution "
                 "and share satisfied with its 95 % Wilson interval; --follow-ups lists the low scores");
  cmd->add_option("--sample", a->sample, "one sample's results (its id)")->check(whole_number("--sample", 1));
  text_checked(cmd->add_option("--service", a->services,
                               "members whose case is of these services (S[,S...]) in every sample (default: all)"),
               TextKind::code);
  text_checked(cmd->add_option("--period", a->period,
                               "samples whose period overlaps this one: FROM..TO (ISO or ROC), a year, a month"),
               TextKind::line);
  cmd->add_option("--by", a->by, "one row group per unit, service or district of the case (default: overall)")
      ->check(one_of("--by", {"unit", "service", "district"}));
  cmd->add_flag("--follow-ups", a->follow_ups,
                "list the answers with a score at or below the follow-up threshold and their second-reply cases");
  cmd->callback([&context, a, cmd] {
    const ResultsQuery query = results_query(*a, *cmd, context.config());
    if (a->follow_ups) return render_follow_ups(context, query);
    const SurveyResults results =
        value_or_throw(survey_results(context.ledger_after_config(), context.config().survey, query));
    render_results(context, results);
  });
}

struct CoverageArgs {
  std::string service;
  std::string year;
  int month = 0;
};

void add_coverage(CLI::App& survey, Context& context) {
  auto a = std::make_shared<CoverageArgs>();
  auto* cmd = survey.add_subcommand("coverage", "Per month of a year: the service's cases closed, how many of them "
                                                "were called in a sample, and months below the required rate");
  text_checked(cmd->add_option("--service", a->service, "the service (e.g. subsidy)")->required(), TextKind::code);
  text_checked(
      cmd->add_option("--year", a->year, "the year, Gregorian (2018) or ROC (107), as --period reads it")->required(),
      TextKind::code);
  cmd->add_option("--month", a->month, "only this month (1-12)")->check(whole_number("--month", 1, 12));
  cmd->callback([&context, a, cmd] {
    const Config& config = context.config();
    check_service(a->service, config);
    CoverageQuery query;
    query.service = a->service;
    // The year as results' --period reads one: 1911 or 0 is no year of the office's (民國 1 is 1912).
    const auto year = parse_year(a->year);
    if (!year)
      throw ProblemError(
          Problem{Fault::invalid, "--year",
                  fmt::format("'{}' is no year: 4 digits Gregorian from 1912 (2018) or ROC (107)", a->year)});
    query.year = *year;
    if (cmd->count("--month") > 0) query.month = a->month;
    const Coverage coverage = survey_coverage(context.ledger(), config.survey, query);
    using T = Column::Type;
    auto writer = make_row_writer(context.format(), context.out(),
                                  {{"month"},
                                   {"closed", T::integer},
                                   {"surveyed", T::integer},
                                   {"share", T::number},
                                   {"required", T::number},
                                   {"flag"}});
    const std::string required =
        coverage.required
            ? number_cell(static_cast<double>(coverage.required->num) / static_cast<double>(coverage.required->den))
            : "";
    const auto row = [&](const CoverageRow& r, std::string label) {
      writer->row({std::move(label), std::to_string(r.surveyed.trials), std::to_string(r.surveyed.successes),
                   share_cell(r.surveyed.share()), required, r.below ? "below" : ""});
    };
    for (const CoverageRow& r : coverage.months)
      row(r, r.month);
    row(coverage.total, "total");
    writer->finish();
    if (context.format() == Format::table && !coverage.required)
      context.info(fmt::format("epb: no questionnaire sets a required rate for {}", a->service));
  });
}

} // namespace

void add_survey_results(CLI::App& parent, Context& context) {
  add_results(parent, context);
  add_coverage(parent, context);
}

} // namespace epb::cli
