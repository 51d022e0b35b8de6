#pragma once
// `epb survey results` and `epb survey coverage`: what the samples found, with its
// uncertainty, and whether enough cases were surveyed (epb-survey(1) RESULTS).
// Every figure is counted by SQL aggregates (results_store.hpp); nothing here holds answers.
#include "epb/config/config.hpp"
#include "epb/core/error.hpp"
#include "epb/ledger/ledger.hpp"
#include "epb/time/period.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace epb {

// The 95 % Wilson score interval of k successes in n trials (z = 1.959963984540054);
// {0, 0} when n = 0.
struct Interval {
  double low = 0;
  double high = 0;
};
Interval wilson_interval(std::int64_t successes, std::int64_t trials, double z = 1.959963984540054);

// A count of successes out of trials, with its share and Wilson interval (no share when
// there were no trials).
struct Proportion {
  std::int64_t successes = 0;
  std::int64_t trials = 0;
  std::optional<double> share() const;
  Interval interval() const { return wilson_interval(successes, trials); }
};

enum class ResultsGrouping { overall, unit, service, district };
std::optional<ResultsGrouping> parse_results_grouping(std::string_view name);
std::string_view results_grouping_name(ResultsGrouping grouping);

// Which members the results count. `sample`: that sample's; otherwise every sample whose
// period overlaps `period` (all when unset), counting only members whose case is of one of
// `services` (all when empty). A case in two samples counts once in each.
struct ResultsQuery {
  std::optional<std::int64_t> sample;
  std::vector<std::string> services;
  std::optional<Period> period;
  ResultsGrouping by = ResultsGrouping::overall;
  // The results as they stood at a moment (epb report --as-of): samples drawn after it and
  // spares promoted after it are left out, and a member whose last call was made after it
  // counts as pending (its answers too). None: as the ledger stands.
  std::optional<Instant> as_of;
};

// One questionnaire item in one group: answers by scale point, from those who answered it.
struct ItemResult {
  std::string questionnaire;
  std::string item;
  std::int64_t answered = 0;
  std::int64_t score_sum = 0;
  std::vector<std::pair<int, std::int64_t>> distribution; // every scale point, highest first
  Proportion satisfied;                                   // of `answered`
  std::optional<double> mean() const;
};

// The call outcomes of one group's called members (chosen, or spares that took a place).
struct GroupResult {
  std::string group; // the unit, service or district; "" overall
  std::int64_t sampled = 0;
  std::int64_t responded = 0;
  std::int64_t refused = 0;
  std::int64_t unreachable = 0;
  std::int64_t pending = 0;
  // Someone came to the phone: responded or refused.
  std::int64_t reached() const { return responded + refused; }
  Proportion response() const { return {responded, sampled}; }
  // Responded members who answered at least one item, and of them those whose every answered
  // item counts as satisfied.
  Proportion all_satisfied;
  std::vector<ItemResult> items; // questionnaire order
};

struct SurveyResults {
  std::vector<GroupResult> groups; // by group name; one group (named "") overall
};

// A sample asked for by id that does not exist is not_found; a sample whose questionnaire is
// no longer in the config is invalid (its items and satisfied points are unknown).
Result<SurveyResults> survey_results(Ledger& ledger, const SurveySettings& settings, const ResultsQuery& query);

// A responded member with a score at or below its questionnaire's follow-up threshold.
struct FollowUpRow {
  std::int64_t sample_id = 0;
  std::string ref;
  std::string low_items; // "speed=2,result=3", in questionnaire order
  std::string follow_up_ref;
  std::string follow_up_status;
  std::optional<Date> follow_up_due;
};
Result<std::int64_t> survey_follow_ups(Ledger& ledger, const SurveySettings& settings, const ResultsQuery& query,
                                       const std::function<void(const FollowUpRow&)>& visit);

// `epb survey coverage`: per month, the service's cases closed that month and how many of them
// are a called member of any sample, against the questionnaire's required rate.
struct CoverageQuery {
  std::string service;
  int year = 0;
  std::optional<int> month; // 1..12; every month when unset
};
struct CoverageRow {
  std::string month; // "2018-03"; "" for the total
  Proportion surveyed;
  bool below = false; // surveyed share under the required rate (never for a month with no cases)
};
struct Coverage {
  std::optional<SurveyRate> required; // none: the questionnaire sets no rate
  std::vector<CoverageRow> months;
  CoverageRow total;
};
Coverage survey_coverage(Ledger& ledger, const SurveySettings& settings, const CoverageQuery& query);

} // namespace epb
