// The call centre's results file through the import engine: validated against the
// questionnaire, every error at FILE:LINE, idempotent when run twice.
#include "survey_calls_test_support.hpp"

#include "epb/io/text_source.hpp"
#include "epb/survey/answer_import.hpp"

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace epb;
using test::calls::SurveyLedger;

namespace {

struct Results : SurveyLedger {
  std::string a = member("district=A", false, 1);
  std::string b = member("district=A", false, 2);
  std::string spare = member("district=A", true, 1);

  ImportSummary run(const std::string& text) {
    const auto path = std::filesystem::temp_directory_path() / fmt::format("epb-survey-{}.csv", ::getpid());
    std::ofstream(path, std::ios::binary) << text;
    TextSource source(path.string(), TextSource::Encoding::utf8);
    auto reader = make_record_reader(source, InputFormat::csv, true);
    REQUIRE(reader);
    auto q = calls.questionnaire(sample_id);
    REQUIRE(q);
    AnswerImportTarget target(calls, *ledger, test::at("2024-02-01 10:00"), sample_id, **q);
    auto summary = run_import(*ledger, **reader, target, ImportOptions{}, {});
    std::filesystem::remove(path);
    return summary;
  }
};

} // namespace

TEST_CASE("survey import: a results file is recorded, and again changes nothing") {
  Results r;
  const std::string file = "ref,outcome,attempt,called_at,attitude,speed,result,comment\n" + r.a +
                           ",,1,2024-01-20 10:00,5,4,5,很好\n" + r.b + ",no-answer,1,2024-01-20 10:05,,,,\n" + r.b +
                           ",no-answer,2,2024-01-21 10:05,,,,\n" + r.b + ",no-answer,3,2024-01-22 10:05,,,,\n" +
                           r.spare + ",answered,1,2024-01-23 10:05,2,4,4,\n";
  auto first = r.run(file);
  CHECK(first.errors == std::vector<std::string>{});
  CHECK(first.imported == 5);
  CHECK(first.written);
  CHECK(r.count("SELECT count(*) FROM survey_member WHERE status = 'unreachable'") == 1);
  CHECK(r.count("SELECT called FROM survey_member WHERE role = 'spare'") == 1);
  CHECK(r.count("SELECT count(*) FROM case_file WHERE service = 'survey_follow_up'") == 1);
  const auto events = r.count("SELECT count(*) FROM event");
  auto second = r.run(file);
  CHECK(second.errors == std::vector<std::string>{});
  CHECK(second.imported == 0);
  CHECK(second.skipped == 5);
  CHECK(r.count("SELECT count(*) FROM event") == events);
  CHECK(r.count("SELECT count(*) FROM survey_attempt") == 5);
}

TEST_CASE("survey import: answers as one list, the outcome by default answered") {
  Results r;
  auto summary = r.run("ref,answers\n" + r.a + ",\"5,4,5\"\n");
  CHECK(summary.errors == std::vector<std::string>{});
  CHECK(summary.imported == 1);
  CHECK(r.count("SELECT sum(score) FROM survey_answer") == 14);
}

TEST_CASE("survey import: bad rows are listed at FILE:LINE and nothing is written") {
  Results r;
  const std::string outsider = r.open_case();
  auto summary = r.run("ref,outcome,attempt,attitude,speed,result\n" + r.a + ",,,5,6,5\n" + "PET-113-999999,,,5,5,5\n" +
                       outsider + ",,,5,5,5\n" + r.b + ",busy,,,,\n" + r.b + ",no-answer,0,,,\n" + r.b +
                       ",no-answer,,5,,\n" + r.b + ",,,,,\n");
  REQUIRE(summary.errors.size() == 7);
  CHECK(summary.errors[0].ends_with(":2: speed: 6 (item 2, speed) is not on the scale 1..5"));
  CHECK(summary.errors[1].ends_with(":3: ref: PET-113-999999: no such case in the ledger"));
  CHECK(summary.errors[2].ends_with(":4: ref: " + outsider + ": the case is not in sample 7"));
  CHECK(summary.errors[3].find(":5: outcome: ") != std::string::npos);
  CHECK(summary.errors[4].find(":6: attempt: ") != std::string::npos);
  CHECK(summary.errors[5].ends_with(":7: answers: a call with outcome no-answer has no answers"));
  CHECK(summary.errors[6].find(":8: outcome: required when the row has no answers") != std::string::npos);
  CHECK(!summary.written);
  CHECK(r.count("SELECT count(*) FROM survey_attempt") == 0);
}
