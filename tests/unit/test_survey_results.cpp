// survey results and coverage: the Wilson interval against published values, and every figure
// of a small hand-counted fixture (survey_results_test_support.hpp).
#include "survey_results_test_support.hpp"

#include "epb/survey/survey_results.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace epb;
using namespace epb::test;

namespace {

bool near(double a, double b, double tolerance = 0.00005) { return std::fabs(a - b) < tolerance; }

const ItemResult& item(const GroupResult& g, std::string_view code) {
  for (const ItemResult& i : g.items)
    if (i.item == code) return i;
  FAIL("no item ", code);
  return g.items.front();
}

std::int64_t count_of(const ItemResult& i, int score) {
  for (const auto& [value, count] : i.distribution)
    if (value == score) return count;
  return -1;
}

SurveyResults results(ResultsLedger& fixture, ResultsQuery query) {
  auto r = survey_results(*fixture.ledger, results_settings(), query);
  REQUIRE_MESSAGE(r, (r ? "" : r.error().message()));
  return *r;
}

ResultsQuery of_sample(std::int64_t id, ResultsGrouping by = ResultsGrouping::overall) {
  ResultsQuery q;
  q.sample = id;
  q.by = by;
  return q;
}

} // namespace

TEST_CASE("survey results: the Wilson interval matches Newcombe 1998 Table I to 4 decimals") {
  const Interval a = wilson_interval(81, 263);
  CHECK(near(a.low, 0.2553));
  CHECK(near(a.high, 0.3662));
  const Interval b = wilson_interval(15, 148);
  CHECK(near(b.low, 0.0624));
  CHECK(near(b.high, 0.1605));
  const Interval none = wilson_interval(0, 20);
  CHECK(none.low == 0.0);
  CHECK(near(none.high, 0.1611));
  const Interval all = wilson_interval(20, 20);
  CHECK(near(all.low, 0.8389));
  CHECK(all.high == 1.0);
  const Interval one = wilson_interval(1, 29); // Newcombe's 1/29: 0.0061-0.1718
  CHECK(near(one.low, 0.0061));
  CHECK(near(one.high, 0.1718));
  const Interval empty = wilson_interval(0, 0);
  CHECK(empty.low == 0.0);
  CHECK(empty.high == 0.0);
}

TEST_CASE("survey results: the questionnaire's satisfied answers default to the top two of its scale") {
  Questionnaire q = results_questionnaire();
  CHECK(q.counts_satisfied(5));
  CHECK(q.counts_satisfied(4));
  CHECK_FALSE(q.counts_satisfied(3));
  q.satisfied.clear();
  q.scale.clear(); // the 5-point default
  CHECK(q.counts_satisfied(5));
  CHECK(q.counts_satisfied(4));
  CHECK_FALSE(q.counts_satisfied(3));
  CHECK(q.scale_min() == 1);
  CHECK(q.scale_max() == 5);
  q.scale = {{7, "", ""}, {1, "", ""}, {6, "", ""}, {2, "", ""}};
  CHECK(q.counts_satisfied(7));
  CHECK(q.counts_satisfied(6));
  CHECK_FALSE(q.counts_satisfied(2));
  CHECK(results_settings().for_service("complaint")->code == "petition");
  CHECK(results_settings().for_service("subsidy") == nullptr);
}

TEST_CASE("survey results: one sample's call outcomes, item means, distributions and satisfied shares") {
  ResultsFixture fixture;
  const SurveyResults r = results(fixture, of_sample(1));
  REQUIRE(r.groups.size() == 1);
  const GroupResult& g = r.groups[0];
  CHECK(g.group.empty());
  CHECK(g.sampled == 6); // the spare never called is not counted
  CHECK(g.responded == 3);
  CHECK(g.refused == 1);
  CHECK(g.unreachable == 1);
  CHECK(g.pending == 1);
  CHECK(g.reached() == 4);
  CHECK(*g.response().share() == 0.5);
  REQUIRE(g.items.size() == 3);
  CHECK(g.items[0].item == "attitude");
  CHECK(g.items[1].item == "speed");
  CHECK(g.items[2].item == "result");

  const ItemResult& attitude = item(g, "attitude");
  CHECK(attitude.answered == 3);
  CHECK(near(*attitude.mean(), 14.0 / 3));
  CHECK(count_of(attitude, 5) == 2);
  CHECK(count_of(attitude, 4) == 1);
  CHECK(count_of(attitude, 3) == 0);
  CHECK(attitude.distribution.front().first == 5); // highest first
  CHECK(attitude.satisfied.successes == 3);
  CHECK(attitude.satisfied.trials == 3);

  const ItemResult& speed = item(g, "speed");
  CHECK(near(*speed.mean(), 11.0 / 3));
  CHECK(count_of(speed, 2) == 1);
  CHECK(speed.satisfied.successes == 2);
  CHECK(near(*speed.satisfied.share(), 2.0 / 3));
  CHECK(near(speed.satisfied.interval().low, 0.2077));
  CHECK(near(speed.satisfied.interval().high, 0.9385));

  const ItemResult& result = item(g, "result"); // one member left it unanswered
  CHECK(result.answered == 2);
  CHECK(*result.mean() == 4.0);
  CHECK(result.satisfied.successes == 1);
  CHECK(result.satisfied.trials == 2);

  // Only case 3 is satisfied on every answered item.
  CHECK(g.all_satisfied.successes == 1);
  CHECK(g.all_satisfied.trials == 3);
}

TEST_CASE("survey results: grouped by the case's unit and district") {
  ResultsFixture fixture;
  const SurveyResults by_unit = results(fixture, of_sample(1, ResultsGrouping::unit));
  REQUIRE(by_unit.groups.size() == 2);
  const GroupResult& inspection = by_unit.groups[0];
  const GroupResult& planning = by_unit.groups[1];
  CHECK(inspection.group == "inspection");
  CHECK(inspection.sampled == 3);
  CHECK(inspection.responded == 1);
  CHECK(inspection.refused == 1);
  CHECK(inspection.pending == 1);
  CHECK(inspection.all_satisfied.successes == 1);
  CHECK(inspection.all_satisfied.trials == 1);
  CHECK(planning.group == "planning");
  CHECK(planning.sampled == 3);
  CHECK(planning.responded == 2);
  CHECK(planning.unreachable == 1);
  CHECK(item(planning, "speed").satisfied.successes == 1);
  CHECK(item(planning, "speed").satisfied.trials == 2);
  CHECK(item(planning, "result").answered == 1);
  CHECK(planning.all_satisfied.successes == 0);
  CHECK(planning.all_satisfied.trials == 2);

  const SurveyResults by_district = results(fixture, of_sample(1, ResultsGrouping::district));
  REQUIRE(by_district.groups.size() == 2);
  CHECK(by_district.groups[0].group == "前金區");
  CHECK(by_district.groups[0].sampled == 3);
  CHECK(by_district.groups[0].responded == 2);
  CHECK(by_district.groups[1].group == "苓雅區");
  CHECK(by_district.groups[1].unreachable == 1);

  const SurveyResults by_service =
      results(fixture, {std::nullopt, {}, std::nullopt, ResultsGrouping::service, std::nullopt});
  REQUIRE(by_service.groups.size() == 2);
  CHECK(by_service.groups[0].group == "complaint");
  CHECK(by_service.groups[0].sampled == 1);
  CHECK(by_service.groups[1].group == "petition");
  CHECK(by_service.groups[1].sampled == 7);
}

TEST_CASE("survey results: by service and period, every overlapping sample's members of those services") {
  ResultsFixture fixture;
  const auto sampled = [&](std::vector<std::string> services, const char* period) {
    ResultsQuery q;
    q.services = std::move(services);
    if (period) q.period = *parse_period(period);
    return results(fixture, q).groups.at(0).sampled;
  };
  CHECK(sampled({}, nullptr) == 8);
  CHECK(sampled({"complaint"}, nullptr) == 1);
  CHECK(sampled({}, "2023-03") == 7);           // samples 1 and 3
  CHECK(sampled({"petition"}, "2023-03") == 6); // sample 1 only counts its petition cases
  CHECK(sampled({"petition", "complaint"}, "2023-06-30..2023-07-01") == 8);
  CHECK(sampled({}, "2023-08") == 1);
  CHECK(sampled({}, "2024") == 0);
  ResultsQuery q;
  q.services = {"complaint"};
  const GroupResult g = results(fixture, q).groups.at(0);
  CHECK(g.all_satisfied.successes == 0);
  CHECK(g.all_satisfied.trials == 1);
  CHECK(*item(g, "attitude").mean() == 3.0);
}

TEST_CASE("survey results: a sample that does not exist is not found, one of an unknown questionnaire invalid") {
  ResultsFixture fixture;
  auto missing = survey_results(*fixture.ledger, results_settings(), of_sample(99));
  REQUIRE_FALSE(missing);
  CHECK(missing.error().fault == Fault::not_found);
  CHECK(missing.error().message() == "sample 99: no such sample");
  auto unknown = survey_results(*fixture.ledger, SurveySettings{}, of_sample(1));
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().fault == Fault::invalid);
  CHECK(unknown.error().what == "questionnaire petition");
  CHECK(results(fixture, of_sample(1, ResultsGrouping::unit)).groups.size() == 2);
  ResultsLedger empty;
  const SurveyResults none = results(empty, {});
  REQUIRE(none.groups.size() == 1); // overall: one row of zeros
  CHECK(none.groups[0].sampled == 0);
  CHECK_FALSE(none.groups[0].response().share());
}

TEST_CASE("survey results: the follow-up list names the low items and the second-reply case") {
  ResultsFixture fixture;
  std::vector<FollowUpRow> rows;
  auto count = survey_follow_ups(*fixture.ledger, results_settings(), of_sample(1),
                                 [&](const FollowUpRow& r) { rows.push_back(r); });
  REQUIRE(count);
  CHECK(*count == 2);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].ref == "T-112-000001");
  CHECK(rows[0].low_items == "result=3");
  CHECK(rows[0].follow_up_ref.empty());
  CHECK_FALSE(rows[0].follow_up_due);
  CHECK(rows[1].ref == "T-112-000002");
  CHECK(rows[1].low_items == "speed=2");
  CHECK(rows[1].follow_up_ref == "T-112-000009");
  CHECK(rows[1].follow_up_status == "received");
  CHECK(rows[1].follow_up_due->iso() == "2023-07-05");
  rows.clear();
  CHECK(*survey_follow_ups(*fixture.ledger, results_settings(), {}, [&](const FollowUpRow& r) { rows.push_back(r); }) ==
        3);
  CHECK(rows.back().low_items == "attitude=3,speed=3,result=3");
}

TEST_CASE("survey coverage: per month against the required rate, below flagged, at the rate not") {
  ResultsFixture fixture;
  for (int i = 0; i < 9; ++i)
    fixture.add_case("petition", "planning", "前金區", "2023-06-15");
  fixture.member(2, fixture.add_case("petition", "planning", "前金區", "2023-06-20"), "pending");
  for (int i = 0; i < 10; ++i)
    fixture.add_case("petition", "planning", "前金區", "2023-07-01");
  fixture.add_case("petition", "planning", "前金區", "2024-01-01"); // another year

  const Coverage c = survey_coverage(*fixture.ledger, results_settings(), {"petition", 2023, std::nullopt});
  REQUIRE(c.required);
  CHECK(c.required->den == 10);
  REQUIRE(c.months.size() == 12);
  const auto month = [&](int m) { return c.months.at(static_cast<std::size_t>(m - 1)); };
  CHECK(month(1).month == "2023-01");
  CHECK(month(1).surveyed.trials == 0);
  CHECK_FALSE(month(1).below); // no cases: nothing to survey
  CHECK(month(3).surveyed.trials == 6);
  CHECK(month(3).surveyed.successes == 6); // refused and unreachable cases were called all the same
  CHECK(month(4).surveyed.trials == 1);    // the complaint closed in April is another service
  CHECK(month(4).surveyed.successes == 1);
  CHECK(month(5).surveyed.trials == 1); // the spare never called
  CHECK(month(5).surveyed.successes == 0);
  CHECK(month(5).below);
  CHECK(month(6).surveyed.trials == 10);
  CHECK(month(6).surveyed.successes == 1);
  CHECK_FALSE(month(6).below); // exactly 1 in 10
  CHECK(month(7).surveyed.trials == 10);
  CHECK(month(7).below);
  CHECK(c.total.surveyed.trials == 28);
  CHECK(c.total.surveyed.successes == 8);
  CHECK_FALSE(c.total.below);

  const Coverage may = survey_coverage(*fixture.ledger, results_settings(), {"petition", 2023, 5});
  REQUIRE(may.months.size() == 1);
  CHECK(may.months[0].month == "2023-05");
  CHECK(may.total.below);

  const Coverage no_rate = survey_coverage(*fixture.ledger, SurveySettings{}, {"petition", 2023, std::nullopt});
  CHECK_FALSE(no_rate.required);
  CHECK_FALSE(no_rate.months.at(4).below);
}
