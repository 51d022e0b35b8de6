#pragma once
// A ledger with stored samples, members and answers written as plain SQL on schema 12 (the
// rows SampleStore and CallDesk write), for the results and coverage tests: the counts are
// known by hand, whatever the sampler and the call desk do.
#include "desk_test_support.hpp"
#include "survey_test_support.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace epb::test {

// The petition questionnaire of petitions and complaints, at least 1 in 10 cases surveyed.
inline Questionnaire results_questionnaire() {
  Questionnaire q = petition_questionnaire();
  q.services = {"petition", "complaint"};
  q.required_rate = SurveyRate{1, 10};
  return q;
}

inline SurveySettings results_settings() { return SurveySettings{{results_questionnaire()}}; }

struct ResultsLedger {
  std::unique_ptr<Ledger> ledger = Ledger::in_memory();
  int next_case = 0;

  void exec(const std::string& sql) { ledger->db().exec(sql); }

  void sample(std::int64_t id, const char* services, const char* from, const char* to) {
    insert_sample(*ledger, SampleRow{id, services, from, to, "unit", 1, "1"});
  }

  // A case row as CaseDesk leaves it; returns its id. `closed`: its closed date, or none.
  std::int64_t add_case(const char* service, const char* unit, const char* district, const char* closed = nullptr,
                        const char* status = "closed", const char* due = "2023-03-10") {
    const int id = ++next_case;
    exec(fmt::format(
        "INSERT INTO case_file (id, ref, service, unit, channel, status, applicant_kind, subject, district, "
        "received_at, received_date, clock_start_at, due_date, due_at, deadline_rule, calendar_version, closed_date, "
        "updated_at) VALUES ({0}, 'T-112-{0:06}', '{1}', '{2}', 'web', '{5}', 'person', 's', '{3}', 1672531200, "
        "'2023-01-01', 1672531200, '{6}', 1673000000, '10 workdays', 'test', {4}, 1672531200)",
        id, service, unit, district, closed ? fmt::format("'{}'", closed) : "NULL", status, due));
    return id;
  }

  // A member of `sample`; returns its id.
  std::int64_t member(std::int64_t sample, std::int64_t case_id, const char* status, bool called = true,
                      std::optional<std::int64_t> follow_up = std::nullopt) {
    auto& s = ledger->db().prepare("SELECT coalesce(max(id), 0) + 1 FROM survey_member");
    REQUIRE(s.step());
    const std::int64_t id = s.int64(0);
    s.reset();
    exec(fmt::format("INSERT INTO survey_member (id, sample_id, case_id, stratum, role, position, status, called, "
                     "follow_up_case) VALUES ({}, {}, {}, '', '{}', {}, '{}', {}, {})",
                     id, sample, case_id, called ? "chosen" : "spare", id, status, called ? 1 : 0,
                     follow_up ? std::to_string(*follow_up) : "NULL"));
    return id;
  }

  // Answers to attitude, speed, result in order; none: the item was not answered.
  void answers(std::int64_t member_id, std::vector<std::optional<int>> scores) {
    const char* items[] = {"attitude", "speed", "result"};
    for (std::size_t i = 0; i < scores.size(); ++i)
      exec(fmt::format("INSERT INTO survey_answer (member_id, item, position, score) VALUES ({}, '{}', {}, {})",
                       member_id, items[i], i + 1, scores[i] ? std::to_string(*scores[i]) : "NULL"));
  }
};

// The fixture the results tests count by hand:
// sample 1 (petition, 2023-01-01..2023-06-30), called members
//   case 1 unit planning   district 前金區  responded  5 4 3   (follow-up: result=3, no case)
//   case 2 unit planning   district 苓雅區  responded  4 2 -   (follow-up: speed=2, case 9)
//   case 3 unit inspection district 前金區  responded  5 5 5
//   case 4 unit inspection district 前金區  refused
//   case 5 unit planning   district 苓雅區  unreachable
//   case 6 unit inspection district 苓雅區  pending
//   and case 7 a spare never called; closed: cases 1-6 in March, case 7 in May.
// sample 2 (petition, 2023-07-01..2023-12-31): case 8 responded 5 5 5 (closed in April).
// sample 3 (complaint, 2023-01-01..2023-06-30): case 10, a complaint, responded 3 3 3.
struct ResultsFixture : ResultsLedger {
  std::int64_t follow_up_case = 0;

  ResultsFixture() {
    sample(1, "petition", "2023-01-01", "2023-06-30");
    sample(2, "petition", "2023-07-01", "2023-12-31");
    sample(3, "complaint", "2023-01-01", "2023-06-30");
    const auto c1 = add_case("petition", "planning", "前金區", "2023-03-01");
    const auto c2 = add_case("petition", "planning", "苓雅區", "2023-03-02");
    const auto c3 = add_case("petition", "inspection", "前金區", "2023-03-03");
    const auto c4 = add_case("petition", "inspection", "前金區", "2023-03-04");
    const auto c5 = add_case("petition", "planning", "苓雅區", "2023-03-05");
    const auto c6 = add_case("petition", "inspection", "苓雅區", "2023-03-31");
    const auto c7 = add_case("petition", "planning", "前金區", "2023-05-02");
    const auto c8 = add_case("petition", "planning", "前金區", "2023-04-10");
    follow_up_case = add_case("petition", "planning", "苓雅區", nullptr, "received", "2023-07-05");
    const auto c10 = add_case("complaint", "inspection", "前金區", "2023-04-11");
    answers(member(1, c1, "responded"), {5, 4, 3});
    answers(member(1, c2, "responded", true, follow_up_case), {4, 2, std::nullopt});
    answers(member(1, c3, "responded"), {5, 5, 5});
    member(1, c4, "refused");
    member(1, c5, "unreachable");
    member(1, c6, "pending");
    member(1, c7, "pending", false);
    answers(member(2, c8, "responded"), {5, 5, 5});
    answers(member(3, c10, "responded"), {3, 3, 3});
  }
};

} // namespace epb::test
