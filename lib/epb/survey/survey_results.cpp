// survey results: the stores' GROUP BY counts put together per group and item, with Wilson
// intervals (epb-survey(1) RESULTS).
#include "epb/survey/survey_results.hpp"
#include "epb/ledger/stored_date.hpp"
#include "epb/survey/results_store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace epb {
namespace {

// The questionnaire's scale values, highest first; the 5-point scale when the config gives none.
std::vector<int> scale_values(const Questionnaire& q) {
  std::vector<int> values;
  for (const ScalePoint& point : q.scale)
    values.push_back(point.value);
  if (values.empty()) values = {5, 4, 3, 2, 1};
  std::ranges::sort(values, std::greater<>());
  return values;
}

// The satisfied scores as the store matches them: ",5,4,".
std::string satisfied_list(const Questionnaire& q) {
  std::string list = ",";
  for (int value : scale_values(q))
    if (q.counts_satisfied(value)) list += fmt::format("{},", value);
  for (int value : q.satisfied) // a satisfied value off the scale still counts as configured
    if (list.find(fmt::format(",{},", value)) == std::string::npos) list += fmt::format("{},", value);
  return list;
}

ItemResult empty_item(const Questionnaire& q, std::string code) {
  ItemResult item;
  item.questionnaire = q.code;
  item.item = std::move(code);
  for (int value : scale_values(q))
    item.distribution.emplace_back(value, 0);
  return item;
}

ItemResult& item_of(GroupResult& group, const Questionnaire& q, std::string_view code) {
  const auto it = std::ranges::find_if(
      group.items, [&](const ItemResult& i) { return i.questionnaire == q.code && i.item == code; });
  if (it != group.items.end()) return *it;
  return group.items.emplace_back(empty_item(q, std::string(code))); // an item the config no longer has
}

GroupResult& group_of(std::map<std::string, GroupResult>& groups, const Questionnaire& q, const std::string& name) {
  auto [it, added] = groups.try_emplace(name);
  GroupResult& group = it->second;
  if (added) group.group = name;
  if (std::ranges::none_of(group.items, [&](const ItemResult& i) { return i.questionnaire == q.code; }))
    for (const SurveyItem& item : q.items)
      group.items.push_back(empty_item(q, item.code));
  return group;
}

void add_score(ItemResult& item, const Questionnaire& q, int score, std::int64_t count) {
  item.answered += count;
  item.score_sum += std::int64_t{score} * count;
  item.satisfied.trials += count;
  if (q.counts_satisfied(score)) item.satisfied.successes += count;
  const auto point = std::ranges::find(item.distribution, score, &std::pair<int, std::int64_t>::first);
  if (point != item.distribution.end())
    point->second += count;
  else // a score off the current scale: kept, so the counts add up to `answered`
    item.distribution.emplace_back(score, count);
}

Result<std::vector<const Questionnaire*>> questionnaires_in_scope(ResultsStore& store, const SurveySettings& settings,
                                                                  const ResultsQuery& query) {
  if (query.sample && !store.sample_exists(*query.sample))
    return not_found(fmt::format("sample {}", *query.sample), "no such sample");
  std::vector<const Questionnaire*> found;
  for (const std::string& code : store.questionnaires(query)) {
    const Questionnaire* q = settings.find(code);
    if (!q)
      return invalid(fmt::format("questionnaire {}", code),
                     "not in the config any more: its items and satisfied answers are unknown");
    found.push_back(q);
  }
  return found;
}

} // namespace

Interval wilson_interval(std::int64_t successes, std::int64_t trials, double z) {
  if (trials <= 0) return {};
  const double n = static_cast<double>(trials);
  const double p = static_cast<double>(successes) / n;
  const double z2 = z * z;
  const double denominator = 1 + z2 / n;
  const double centre = (p + z2 / (2 * n)) / denominator;
  const double half = z * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
  // At 0 and n successes the bound is exactly 0 or 1; rounding must not move it off.
  return {successes == 0 ? 0.0 : std::max(0.0, centre - half), successes == trials ? 1.0 : std::min(1.0, centre + half)};
}

std::optional<double> Proportion::share() const {
  if (trials <= 0) return std::nullopt;
  return static_cast<double>(successes) / static_cast<double>(trials);
}

std::optional<double> ItemResult::mean() const {
  if (answered <= 0) return std::nullopt;
  return static_cast<double>(score_sum) / static_cast<double>(answered);
}

std::optional<ResultsGrouping> parse_results_grouping(std::string_view name) {
  for (auto g : {ResultsGrouping::unit, ResultsGrouping::service, ResultsGrouping::district})
    if (results_grouping_name(g) == name) return g;
  return std::nullopt;
}

std::string_view results_grouping_name(ResultsGrouping grouping) {
  switch (grouping) {
  case ResultsGrouping::unit: return "unit";
  case ResultsGrouping::service: return "service";
  case ResultsGrouping::district: return "district";
  case ResultsGrouping::overall: break;
  }
  return "overall";
}

Result<SurveyResults> survey_results(Ledger& ledger, const SurveySettings& settings, const ResultsQuery& query) {
  ResultsStore store(ledger);
  auto questionnaires = questionnaires_in_scope(store, settings, query);
  if (!questionnaires) return std::unexpected(questionnaires.error());
  std::map<std::string, GroupResult> groups;
  for (const Questionnaire* q : *questionnaires) {
    for (const MemberCountRow& row : store.member_counts(query, q->code, satisfied_list(*q))) {
      GroupResult& group = group_of(groups, *q, row.group);
      group.sampled += row.sampled;
      group.responded += row.responded;
      group.refused += row.refused;
      group.unreachable += row.unreachable;
      group.pending += row.pending;
      group.all_satisfied.trials += row.rated;
      group.all_satisfied.successes += row.all_satisfied;
    }
    for (const ScoreCountRow& row : store.score_counts(query, q->code))
      add_score(item_of(group_of(groups, *q, row.group), *q, row.item), *q, row.score, row.count);
  }
  SurveyResults results;
  for (auto& [name, group] : groups)
    results.groups.push_back(std::move(group));
  if (results.groups.empty() && query.by == ResultsGrouping::overall) results.groups.emplace_back(); // all zeros
  return results;
}

Result<std::int64_t> survey_follow_ups(Ledger& ledger, const SurveySettings& settings, const ResultsQuery& query,
                                       const std::function<void(const FollowUpRow&)>& visit) {
  ResultsStore store(ledger);
  auto questionnaires = questionnaires_in_scope(store, settings, query);
  if (!questionnaires) return std::unexpected(questionnaires.error());
  std::int64_t count = 0;
  for (const Questionnaire* q : *questionnaires)
    store.follow_ups(query, q->code, q->follow_up_at_or_below, [&](const FollowUpStoredRow& row) {
      FollowUpRow out{row.sample_id, row.ref, row.low_items, row.follow_up_ref, row.follow_up_status, std::nullopt};
      if (!row.follow_up_due.empty()) out.follow_up_due = stored_date(row.follow_up_due, "case_file.due_date");
      visit(out);
      ++count;
    });
  return count;
}

Coverage survey_coverage(Ledger& ledger, const SurveySettings& settings, const CoverageQuery& query) {
  Coverage coverage;
  if (const Questionnaire* q = settings.for_service(query.service)) coverage.required = q->required_rate;
  const Period period = query.month ? month_period(query.year, *query.month) : year_period(query.year);
  const auto counts = ResultsStore(ledger).coverage(query.service, period.from, period.to);
  const auto below = [&](const Proportion& p) {
    return coverage.required && p.trials > 0 &&
           p.successes * coverage.required->den < std::int64_t{coverage.required->num} * p.trials;
  };
  const int first = query.month.value_or(1);
  const int last = query.month.value_or(12);
  for (int month = first; month <= last; ++month) {
    CoverageRow row;
    row.month = fmt::format("{:04}-{:02}", query.year, month);
    const auto found = std::ranges::find(counts, row.month, &CoverageCountRow::month);
    if (found != counts.end()) row.surveyed = {found->surveyed, found->closed};
    row.below = below(row.surveyed);
    coverage.total.surveyed.successes += row.surveyed.successes;
    coverage.total.surveyed.trials += row.surveyed.trials;
    coverage.months.push_back(std::move(row));
  }
  coverage.total.below = below(coverage.total.surveyed);
  return coverage;
}

} // namespace epb
