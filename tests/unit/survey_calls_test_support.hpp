#pragma once
// A ledger with a stored survey sample for the call desk's tests: the built-in config plus a
// questionnaire for petitions and the follow-up service, cases opened through the case desk,
// and the sample's rows written as SampleStore writes them (plain SQL on schema 12).
#include "desk_test_support.hpp"
#include "epb/cases/case_desk.hpp"
#include "epb/survey/call_desk.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <memory>
#include <string>
#include <vector>

namespace epb::test::calls {

// The built-in config with questionnaire "petition" (items attitude, speed, result; a score
// of 3 or less calls for a second reply through "survey_follow_up", 3 workdays).
inline Config survey_config() {
  Config c = config();
  // The built-in questionnaires and follow-up service give way to these tests' own.
  c.survey.questionnaires.clear();
  std::erase_if(c.services, [](const Service& s) { return s.code == "survey_follow_up"; });
  Service follow_up = *c.service("petition");
  follow_up.code = "survey_follow_up";
  follow_up.prefix = "SFU";
  follow_up.name_zh = "滿意度調查二次回覆";
  follow_up.name_en = "Survey second reply";
  follow_up.surveyed = false;
  c.services.push_back(follow_up);
  Questionnaire q;
  q.code = "petition";
  q.name_zh = "陳情滿意度";
  q.name_en = "Petition satisfaction";
  q.services = {"petition"};
  q.items = {{"attitude", "服務態度", "Attitude"}, {"speed", "處理速度", "Speed"}, {"result", "處理結果", "Result"}};
  q.free_text = SurveyItem{"comment", "其他意見", "Comments"};
  q.scale = {{5, "非常滿意", "Very satisfied"},
             {4, "滿意", "Satisfied"},
             {3, "普通", "Neutral"},
             {2, "不滿意", "Dissatisfied"},
             {1, "非常不滿意", "Very dissatisfied"}};
  q.satisfied = {5, 4};
  q.follow_up_at_or_below = 3;
  q.follow_up_service = "survey_follow_up";
  q.max_attempts = 3;
  c.survey.questionnaires.push_back(q);
  return c;
}

struct SurveyLedger {
  Config cfg = survey_config();
  std::unique_ptr<Ledger> ledger = Ledger::in_memory();
  CaseDesk cases{*ledger, cfg, OfficeCalendar::builtin()};
  CallDesk calls{*ledger, cfg, OfficeCalendar::builtin()};
  std::int64_t sample_id = 7;

  SurveyLedger() {
    ledger->db().exec(fmt::format(
        "INSERT INTO survey_sample (id, questionnaire, services, period_from, period_to, rate_num, rate_den, strata, "
        "min_per_stratum, spares, method, seed, generator, frame_size, frame_sha256, frame, sample_sha256, drawn_at, "
        "actor) VALUES ({}, 'petition', 'petition', '2023-01-01', '2023-12-31', 1, 10, 'district', 1, 2, "
        "'systematic', '42', 'epb-sample-1', 10, 'f', X'', 's', 1672531200, 'analyst')",
        sample_id));
  }

  std::string open_case(const std::string& phone = "0912345678") {
    NewCase input;
    input.service = "petition";
    input.channel = "web";
    input.name = "王小明";
    input.phone = phone;
    input.subject = "工地揚塵";
    input.received = "2023-03-01 10:00";
    auto c = cases.open(at("2023-03-01 10:00"), input);
    REQUIRE_MESSAGE(c, (c ? "" : c.error().message()));
    return c->ref;
  }

  // Adds a case as a member: chosen (called) or a spare (not called).
  std::string member(const std::string& stratum, bool spare, int position) {
    const std::string ref = open_case();
    ledger->db().exec(fmt::format("INSERT INTO survey_member (sample_id, case_id, stratum, role, position, called) "
                                  "SELECT {}, id, '{}', '{}', {}, {} FROM case_file WHERE ref = '{}'",
                                  sample_id, stratum, spare ? "spare" : "chosen", position, spare ? 0 : 1, ref));
    return ref;
  }

  Result<CallEffect> answer(const std::string& ref, std::vector<std::optional<int>> answers, const char* when,
                            std::optional<int> attempt = std::nullopt, std::string comment = {}) {
    CallResult call;
    call.ref = ref;
    call.answers = std::move(answers);
    call.attempt = attempt;
    call.comment = std::move(comment);
    return calls.record(at(when), sample_id, call);
  }

  Result<CallEffect> fail(const std::string& ref, CallOutcome outcome, const char* when,
                          std::optional<int> attempt = std::nullopt) {
    CallResult call;
    call.ref = ref;
    call.outcome = outcome;
    call.attempt = attempt;
    return calls.record(at(when), sample_id, call);
  }

  std::int64_t count(const std::string& sql) {
    auto& s = ledger->db().prepare(sql);
    REQUIRE(s.step());
    const std::int64_t n = s.int64(0);
    s.reset();
    return n;
  }
};

} // namespace epb::test::calls
