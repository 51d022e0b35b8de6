// The survey sections of the period report against the hand-counted fixture of the survey
// results tests (survey_results_test_support.hpp): sample 1 called 6 (3 responded: 5 4 3,
// 4 2 -, 5 5 5; 1 refused, 1 unreachable, 1 pending), sample 2 one responded 5 5 5, sample 3
// (complaints) one responded 3 3 3. Satisfied is 4 or 5; a member is satisfied when every item
// it answered is. Wilson bounds worked out to two decimals of percent points (z = 1.96).
#include "epb/report/period_report.hpp"
#include "survey_results_test_support.hpp"

#include <doctest/doctest.h>

using namespace epb;
using namespace epb::report;
using namespace epb::test;

namespace {

const Config& survey_config() {
  static const Config c = [] {
    Config out = test::config();
    out.survey = results_settings();
    return out;
  }();
  return c;
}

Document survey_report(ResultsLedger& fixture, int year, const char* as_of,
                       std::optional<std::string> service = std::nullopt,
                       std::optional<std::string> unit = std::nullopt, bool english = false) {
  ReportScope scope;
  scope.unit = std::move(unit);
  scope.english = english;
  scope.period = year_period(year);
  scope.as_of = at(as_of).at;
  scope.generated_at = scope.as_of;
  scope.service = std::move(service);
  Document document;
  auto added = add_survey_sections(document, {*fixture.ledger, survey_config(), OfficeCalendar::builtin()}, scope);
  REQUIRE_MESSAGE(added, (added ? "" : added.error().message()));
  return document;
}

std::string cell(const Document& d, const char* table, const char* sample, const char* column,
                 const char* item = nullptr) {
  const Table* t = d.table(table);
  REQUIRE(t != nullptr);
  const auto index = t->column(column);
  REQUIRE(index.has_value());
  for (const auto& row : t->rows)
    if (row[0] == sample && (item == nullptr || row[2] == item)) return row[*index].value_or("none");
  FAIL("no row " << sample);
  return {};
}

std::string sample(const Document& d, const char* id, const char* column) { return cell(d, "surveys", id, column); }

} // namespace

TEST_CASE("report surveys: per sample, sampled, responded, response rate and share satisfied with its interval") {
  ResultsFixture f;
  const Document d = survey_report(f, 2023, "2024-01-10 00:00");
  REQUIRE(d.table("surveys")->rows.size() == 3);
  CHECK(sample(d, "1", "questionnaire") == "petition");
  CHECK(sample(d, "1", "period_from") == "2023-01-01");
  CHECK(sample(d, "1", "sampled") == "6"); // the spare never called is not counted
  CHECK(sample(d, "1", "responded") == "3");
  CHECK(sample(d, "1", "refused") == "1");
  CHECK(sample(d, "1", "unreachable") == "1");
  CHECK(sample(d, "1", "pending") == "1");
  CHECK(sample(d, "1", "response_rate") == "50.00");
  CHECK(sample(d, "1", "rated") == "3");
  CHECK(sample(d, "1", "satisfied") == "1"); // only 5 5 5
  CHECK(sample(d, "1", "satisfied_pct") == "33.33");
  CHECK(sample(d, "1", "satisfied_low") == "6.15");
  CHECK(sample(d, "1", "satisfied_high") == "79.23");
  CHECK(sample(d, "2", "satisfied_pct") == "100.00");
  CHECK(sample(d, "2", "satisfied_low") == "20.65");
  CHECK(sample(d, "2", "satisfied_high") == "100.00");
  CHECK(sample(d, "3", "satisfied_pct") == "0.00");
  CHECK(sample(d, "3", "satisfied_high") == "79.35");
  const Table* t = d.table("surveys");
  CHECK(t->columns[*t->column("satisfied_low")].type == CellType::decimal);
  CHECK(t->columns[*t->column("response_rate")].type == CellType::percent);
  // Per item: the share is of those who answered the item.
  CHECK(cell(d, "survey_items", "1", "answered", "result") == "2");
  CHECK(cell(d, "survey_items", "1", "satisfied_pct", "result") == "50.00");
  CHECK(cell(d, "survey_items", "1", "satisfied_low", "result") == "9.45");
  CHECK(cell(d, "survey_items", "1", "satisfied_high", "result") == "90.55");
  CHECK(cell(d, "survey_items", "1", "mean", "result") == "4.00");
  CHECK(cell(d, "survey_items", "1", "satisfied_pct", "speed") == "66.67");
  CHECK(cell(d, "survey_items", "1", "mean", "attitude") == "4.67");
  // The summary pools the samples: 8 called, 5 responded, 2 of 5 rated satisfied.
  REQUIRE(d.sections.size() == 1);
  CHECK(d.sections[0].paragraphs[0].find("62.50%") != std::string::npos);
  CHECK(d.sections[0].paragraphs[0].find("40.00%") != std::string::npos);
  bool satisfied_defined = false;
  for (const Definition& x : d.definitions)
    if (x.key == "survey_satisfied") satisfied_defined = x.text.find("petition: 5, 4 (1–5)") != std::string::npos;
  CHECK(satisfied_defined);
}

TEST_CASE("report surveys: as of a moment, later calls and samples drawn after it are left out") {
  ResultsFixture f;
  const auto ts = [](const char* when) { return parse_instant(when)->unix_seconds(); };
  // Case 3's answer came on a call of 2023-05-01; sample 2 was drawn on 2023-06-01.
  f.exec(fmt::format("INSERT INTO survey_attempt (member_id, attempt, outcome, called_at, actor) VALUES "
                     "(3, 1, 'answered', {}, 'c')",
                     ts("2023-05-01 10:00")));
  f.exec(fmt::format("UPDATE survey_sample SET drawn_at = {} WHERE id = 2", ts("2023-06-01 10:00")));
  const Document then = survey_report(f, 2023, "2023-04-01 00:00");
  REQUIRE(then.table("surveys")->rows.size() == 2); // samples 1 and 3
  CHECK(sample(then, "1", "responded") == "2");
  CHECK(sample(then, "1", "pending") == "2");
  CHECK(sample(then, "1", "response_rate") == "33.33");
  CHECK(sample(then, "1", "rated") == "2");
  CHECK(sample(then, "1", "satisfied_pct") == "0.00");
  CHECK(sample(then, "1", "satisfied_high") == "65.76");
  CHECK(cell(then, "survey_items", "1", "answered", "attitude") == "2");
  // As of later, the answer counts.
  const Document now = survey_report(f, 2023, "2024-01-10 00:00");
  CHECK(sample(now, "1", "responded") == "3");
  CHECK(now.table("surveys")->rows.size() == 3);
}

TEST_CASE("report surveys: under --service only the samples and members of that service") {
  ResultsFixture f;
  const Document d = survey_report(f, 2023, "2024-01-10 00:00", "complaint");
  REQUIRE(d.table("surveys")->rows.size() == 1);
  CHECK(sample(d, "3", "sampled") == "1");
  CHECK(sample(d, "3", "satisfied") == "0");
}

TEST_CASE("report surveys: a period with no sample has its tables, no rows and a note") {
  ResultsFixture f;
  const Document d = survey_report(f, 2021, "2024-01-10 00:00");
  REQUIRE(d.table("surveys") != nullptr);
  CHECK(d.table("surveys")->rows.empty());
  CHECK_FALSE(d.table("surveys")->note.empty());
  REQUIRE(d.table("survey_items") != nullptr);
  CHECK(d.table("survey_items")->rows.empty());
  REQUIRE(d.sections.size() == 1);
  CHECK(d.sections[0].paragraphs[0].find("0") != std::string::npos);
}

TEST_CASE("report surveys: under --unit the samples of its services, in English") {
  ResultsFixture f;
  // Unit inspection has the complaints (sample 3), not the petitions (planning).
  const Document d = survey_report(f, 2023, "2024-01-10 00:00", std::nullopt, "inspection", true);
  REQUIRE(d.table("surveys")->rows.size() == 1);
  CHECK(sample(d, "3", "responded") == "1");
  const Table* t = d.table("surveys");
  CHECK(t->columns[*t->column("satisfied_pct")].label == "Satisfied %");
  CHECK(d.sections[0].paragraphs[0].find("1 sample for the period: 1 called, 1 responded (100.00%)") !=
        std::string::npos);
  const Document planning = survey_report(f, 2023, "2024-01-10 00:00", std::nullopt, "planning");
  CHECK(planning.table("surveys")->rows.size() == 2); // samples 1 and 2
}
