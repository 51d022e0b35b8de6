#pragma once
// A ledger with a stored survey sample for the call desk's tests: the built-in config plus a
// questionnaire for petitions (its follow-up service the built-in one), cases opened through the
// case desk, and the sample's rows written as SampleStore writes them (plain SQL on schema 12).
#include "desk_test_support.hpp"
#include "epb/cases/case_desk.hpp"
#include "epb/survey/call_desk.hpp"
#include "survey_test_support.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <memory>
#include <string>
#include <vector>

namespace epb::test::calls {

// The built-in config with questionnaire "petition" (items attitude, speed, result; a score
// of 3 or less calls for a second reply through the built-in "survey_follow_up", 3 workdays)
// instead of its own.
inline Config survey_config() {
  Config c = config();
  Questionnaire q = petition_questionnaire();
  q.free_text = SurveyItem{"comment", "其他意見", "Comments"};
  q.follow_up_service = "survey_follow_up";
  q.max_attempts = 3;
  c.survey.questionnaires = {q};
  return c;
}

struct SurveyLedger {
  Config cfg = survey_config();
  std::unique_ptr<Ledger> ledger = Ledger::in_memory();
  CaseDesk cases{*ledger, cfg, OfficeCalendar::builtin()};
  CallDesk calls{*ledger, cfg, OfficeCalendar::builtin()};
  std::int64_t sample_id = 7;

  SurveyLedger() { insert_sample(*ledger, SampleRow{.id = sample_id}); }

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
