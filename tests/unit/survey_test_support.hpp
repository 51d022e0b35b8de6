#pragma once
// Ledger tests of survey samples: the built-in config with a questionnaire surveying petitions
// and complaints (closed ones only) and petitions given a second closing state ("withdrawn"),
// on an in-memory ledger with the case desk to open and close cases.
#include "desk_test_support.hpp"
#include "epb/cases/case_desk.hpp"
#include "epb/survey/sample_frame.hpp"
#include "epb/survey/sample_store.hpp"

#include <doctest/doctest.h>

namespace epb::test {

inline Config survey_config() {
  Config c = config();
  c.survey.questionnaires.clear(); // the built-in ones give way to this test's own
  Questionnaire q;
  q.code = "handling";
  q.name_zh = "陳情案件處理滿意度";
  q.name_en = "Case handling";
  q.services = {"petition", "complaint"};
  q.states = {"closed"};
  q.items = {SurveyItem{"attitude", "服務態度", "Attitude"}};
  q.required_rate = SurveyRate{1, 10};
  q.exclude_surveyed_within_days = 90;
  c.survey.questionnaires.push_back(q);
  for (Service& s : c.services)
    if (s.code == "petition") {
      s.states.push_back(State{"withdrawn", "撤回", "Withdrawn", false, true, {}});
      for (State& st : s.states)
        if (st.code == "received") st.next.push_back("withdrawn");
    }
  return c;
}

struct SurveyLedger {
  std::unique_ptr<Ledger> ledger = Ledger::in_memory();
  Config cfg = survey_config();
  CaseDesk desk{*ledger, cfg, OfficeCalendar::builtin()};

  // A case received the working day before `closed` and closed on it (09:00 Taipei).
  Case closed_case(const char* service, const std::string& closed, const char* phone,
                   const char* place = "前金區中正四路", const char* state = "") {
    NewCase in;
    in.service = service;
    in.channel = "web";
    in.name = "王小明";
    in.subject = "工地揚塵";
    in.phone = phone;
    in.place = std::string("高雄市") + place;
    const Date day = *parse_date(closed);
    in.received = (day - 1).iso() + " 09:00";
    auto c = desk.open(at(in.received.c_str()), in);
    REQUIRE_MESSAGE(c, (c ? "" : c.error().message()));
    auto done = desk.close(at((closed + " 09:00").c_str()), c->ref, "已回覆", state);
    REQUIRE_MESSAGE(done, (done ? "" : done.error().message()));
    return *done;
  }

  void opt_out(const std::string& phone, const char* when) {
    auto& s = ledger->db().prepare("INSERT INTO survey_opt_out (phone, at, actor) VALUES (:phone, :at, 'clerk01')");
    s.bind(":phone", phone).bind(":at", at(when).at.unix_seconds());
    s.run();
  }
};

inline SampleDefinition petitions(const char* from = "2024-03-01", const char* to = "2024-03-31") {
  SampleDefinition d;
  d.questionnaire = "handling";
  d.services = {"petition"};
  d.from = *parse_date(from);
  d.to = *parse_date(to);
  d.rate = SurveyRate{1, 10};
  d.seed = 1;
  d.generator = "epb-sample-1";
  return d;
}

inline std::vector<std::string> refs_of(const Frame& frame) {
  std::vector<std::string> out;
  for (const auto& row : frame.rows)
    out.push_back(row.ref);
  return out;
}

} // namespace epb::test
