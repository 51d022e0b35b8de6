// Ledger tests of the call desk: answers, failed attempts, spares taking unreachable members'
// places in order, idempotency, the follow-up case for low scores and the opt-out list.
#include "survey_calls_test_support.hpp"

#include "epb/survey/member_store.hpp"

using namespace epb;
using test::calls::SurveyLedger;

TEST_CASE("survey calls: answers are stored and the member has responded") {
  SurveyLedger s;
  const std::string ref = s.member("district=苓雅區", false, 1);
  auto effect = s.answer(ref, {5, 4, 5}, "2024-01-10 10:00", std::nullopt, "很好");
  REQUIRE_MESSAGE(effect, (effect ? "" : effect.error().message()));
  CHECK(effect->member.status == MemberStatus::responded);
  CHECK(effect->attempt == 1);
  CHECK(!effect->unchanged);
  CHECK(!effect->follow_up_ref);
  MemberStore store(*s.ledger);
  const auto answers = store.answers(effect->member.id);
  REQUIRE(answers.size() == 3);
  CHECK(answers[0] == StoredAnswer{"attitude", 5});
  CHECK(answers[1] == StoredAnswer{"speed", 4});
  const MemberCall call = store.call_of(effect->member.id);
  CHECK(call.comment == "很好");
  REQUIRE(call.responded_at);
  CHECK(call.responded_at->iso() == "2024-01-10T10:00:00+08:00");
  const auto events = s.ledger->events("case:" + ref);
  CHECK(events.back().action == "survey-answer");
}

TEST_CASE("survey calls: answers are checked against the questionnaire") {
  SurveyLedger s;
  const std::string ref = s.member("", false, 1);
  auto out_of_scale = s.answer(ref, {5, 6, 5}, "2024-01-10 10:00");
  REQUIRE(!out_of_scale);
  CHECK(out_of_scale.error().message() == "answers: 6 (item 2, speed) is not on the scale 1..5");
  auto too_few = s.answer(ref, {5, 4}, "2024-01-10 10:00");
  REQUIRE(!too_few);
  CHECK(too_few.error().why == "2 answers for the 3 items of questionnaire petition");
  auto none = s.answer(ref, {std::nullopt, std::nullopt, std::nullopt}, "2024-01-10 10:00");
  REQUIRE(!none);
  auto control = s.answer(ref, {5, 5, 5}, "2024-01-10 10:00", std::nullopt, "bad\x1b[31m");
  REQUIRE(!control);
  CHECK(control.error().what == "comment");
  CHECK(s.count("SELECT count(*) FROM survey_attempt") == 0); // nothing of the refused calls
  auto blank = s.answer(ref, {5, std::nullopt, 5}, "2024-01-10 10:00");
  REQUIRE(blank); // an item may be left unanswered
  CHECK(s.count("SELECT count(*) FROM survey_answer WHERE score IS NULL") == 1);
}

TEST_CASE("survey calls: an unknown ref and a ref not in the sample are told apart") {
  SurveyLedger s;
  s.member("", false, 1);
  const std::string outsider = s.open_case();
  auto unknown = s.answer("PET-113-999999", {5, 5, 5}, "2024-01-10 10:00");
  REQUIRE(!unknown);
  CHECK(unknown.error().fault == Fault::not_found);
  CHECK(unknown.error().message() == "PET-113-999999: no such case in the ledger");
  auto not_member = s.answer(outsider, {5, 5, 5}, "2024-01-10 10:00");
  REQUIRE(!not_member);
  CHECK(not_member.error().fault == Fault::invalid);
  CHECK(not_member.error().message() == outsider + ": the case is not in sample 7");
  CallResult call;
  call.ref = outsider;
  call.answers = {5, 5, 5};
  auto no_sample = s.calls.record(test::at("2024-01-10 10:00"), 99, call);
  REQUIRE(!no_sample);
  CHECK(no_sample.error().fault == Fault::not_found);
}

TEST_CASE("survey calls: three unanswered calls make a member unreachable and the next spare takes its place") {
  SurveyLedger s;
  const std::string a = s.member("district=A", false, 1);
  const std::string b = s.member("district=A", false, 2);
  const std::string spare1 = s.member("district=A", true, 1);
  const std::string spare2 = s.member("district=A", true, 2);
  const std::string other = s.member("district=B", true, 1);
  auto first = s.fail(a, CallOutcome::no_answer, "2024-01-10 10:00");
  REQUIRE(first);
  CHECK(first->member.attempts == 1);
  CHECK(first->member.status == MemberStatus::pending);
  REQUIRE(s.fail(a, CallOutcome::no_answer, "2024-01-11 10:00"));
  auto third = s.fail(a, CallOutcome::no_answer, "2024-01-12 10:00");
  REQUIRE(third);
  CHECK(third->attempt == 3);
  CHECK(third->member.status == MemberStatus::unreachable);
  REQUIRE(third->replacement);
  CHECK(third->replacement->ref == spare1);
  CHECK(third->replacement->replaces == third->member.id);
  CHECK(!third->no_spare_left);
  // A fourth call to an unreachable member is refused.
  auto fourth = s.fail(a, CallOutcome::no_answer, "2024-01-13 10:00");
  REQUIRE(!fourth);
  CHECK(fourth.error().why == "unreachable: no further calls");
  // A wrong number: unreachable at once; the second spare of the same stratum, not B's.
  auto wrong = s.fail(b, CallOutcome::wrong_number, "2024-01-13 10:00");
  REQUIRE(wrong);
  CHECK(wrong->member.status == MemberStatus::unreachable);
  REQUIRE(wrong->replacement);
  CHECK(wrong->replacement->ref == spare2);
  // The promoted spare is called now; when it is unreachable too, the stratum has none left.
  auto spare_wrong = s.fail(spare1, CallOutcome::wrong_number, "2024-01-14 10:00");
  REQUIRE(spare_wrong);
  CHECK(!spare_wrong->replacement);
  CHECK(spare_wrong->no_spare_left);
  // A spare not yet called cannot be recorded.
  auto uncalled = s.answer(other, {5, 5, 5}, "2024-01-14 10:00");
  REQUIRE(!uncalled);
  CHECK(uncalled.error().why.starts_with("a spare of sample 7 not yet called"));
  // The call list: called in stored order, then the spares not called.
  auto list = s.calls.call_list(s.sample_id);
  REQUIRE(list);
  std::vector<std::string> order;
  for (const auto& row : *list)
    order.push_back(row.member.ref);
  CHECK(order == std::vector<std::string>{a, b, spare1, spare2, other});
  CHECK(!list->back().member.called);
  CHECK(s.count("SELECT count(*) FROM event WHERE action = 'survey-spare'") == 4);
  CHECK(s.count("SELECT count(*) FROM event WHERE action = 'survey-no-spare'") == 1);
}

TEST_CASE("survey calls: a stratum without spares reports none left") {
  SurveyLedger s;
  const std::string a = s.member("district=A", false, 1);
  s.member("district=B", true, 1);
  auto refused = s.fail(a, CallOutcome::refused, "2024-01-10 10:00");
  REQUIRE(refused);
  CHECK(refused->member.status == MemberStatus::refused);
  CHECK(!refused->replacement); // a refusal is an answer of sorts: no spare
  const std::string c = s.member("district=A", false, 2);
  auto wrong = s.fail(c, CallOutcome::wrong_number, "2024-01-10 10:00");
  REQUIRE(wrong);
  CHECK(wrong->no_spare_left);
  CHECK(!wrong->replacement);
}

TEST_CASE("survey calls: the same call recorded again changes nothing, a different one is refused") {
  SurveyLedger s;
  const std::string ref = s.member("", false, 1);
  REQUIRE(s.fail(ref, CallOutcome::no_answer, "2024-01-10 10:00", 1));
  const auto events = s.count("SELECT count(*) FROM event");
  auto again = s.fail(ref, CallOutcome::no_answer, "2024-01-11 10:00", 1);
  REQUIRE(again);
  CHECK(again->unchanged);
  CHECK(again->member.attempts == 1);
  auto differently = s.fail(ref, CallOutcome::refused, "2024-01-11 10:00", 1);
  REQUIRE(!differently);
  CHECK(differently.error().why.starts_with("attempt 1 is recorded already as no-answer"));
  auto backwards = s.fail(ref, CallOutcome::no_answer, "2024-01-11 10:00", 0);
  REQUIRE(!backwards);
  CHECK(backwards.error().what == "attempt");
  REQUIRE(s.answer(ref, {5, 4, 4}, "2024-01-12 10:00", 2));
  auto same = s.answer(ref, {5, 4, 4}, "2024-01-13 10:00");
  REQUIRE(same);
  CHECK(same->unchanged);
  CHECK(same->attempt == 2);
  auto other_answers = s.answer(ref, {1, 1, 1}, "2024-01-13 10:00");
  REQUIRE(!other_answers);
  CHECK(other_answers.error().why == "answered already: no further calls");
  CHECK(s.count("SELECT count(*) FROM event") == events + 1);
  CHECK(s.count("SELECT count(*) FROM survey_attempt") == 2);
}

TEST_CASE("survey calls: a low score opens one follow-up case with a 3-workday deadline") {
  SurveyLedger s;
  const std::string ref = s.member("", false, 1);
  // Friday 2024-01-12: three working days are Mon 15, Tue 16, Wed 17.
  auto effect = s.answer(ref, {5, 2, 3}, "2024-01-12 10:00", 1, "太慢");
  REQUIRE_MESSAGE(effect, (effect ? "" : effect.error().message()));
  REQUIRE(effect->follow_up_ref);
  auto opened = s.cases.find(*effect->follow_up_ref);
  REQUIRE(opened);
  CHECK(opened->service == "survey_follow_up");
  CHECK(opened->ref.starts_with("SFU-"));
  CHECK(opened->due_date.iso() == "2024-01-17");
  CHECK(opened->subject == "滿意度調查二次回覆 " + ref);
  CHECK(opened->description.find("speed") != std::string::npos);
  CHECK(opened->description.find("attitude") == std::string::npos);
  CHECK(opened->applicant.name == "王小明");
  CHECK(opened->applicant.phone == "0912345678");
  CHECK(opened->source_system == "survey");
  CHECK(opened->source_id == "7:" + ref);
  const auto surveyed = s.cases.find(ref);
  CHECK(opened->unit == surveyed->unit);
  MemberStore store(*s.ledger);
  CHECK(store.call_of(effect->member.id).follow_up_case == opened->id);
  CHECK(s.ledger->events("case:" + *effect->follow_up_ref).back().action == "survey-answer");
  // Recorded again: the same case, not a second one.
  auto again = s.answer(ref, {5, 2, 3}, "2024-01-13 10:00", 1, "太慢");
  REQUIRE(again);
  CHECK(again->unchanged);
  CHECK(again->follow_up_ref == effect->follow_up_ref);
  CHECK(s.count("SELECT count(*) FROM case_file WHERE service = 'survey_follow_up'") == 1);
  // The deadline engine treats it like any case: overdue after its due date.
  CHECK(s.cases.overdue(*parse_instant("2024-01-19 10:00"), CaseFilter{}).size() >= 1);
}

TEST_CASE("survey calls: high scores open no follow-up") {
  SurveyLedger s;
  const std::string ref = s.member("", false, 1);
  auto effect = s.answer(ref, {4, 4, std::nullopt}, "2024-01-12 10:00");
  REQUIRE(effect);
  CHECK(!effect->follow_up_ref);
  CHECK(s.count("SELECT count(*) FROM case_file WHERE service = 'survey_follow_up'") == 0);
}

TEST_CASE("survey calls: an opt-out puts the case's phone on the list once") {
  SurveyLedger s;
  const std::string ref = s.member("", false, 1);
  auto first = s.calls.opt_out(test::at("2024-01-12 10:00"), ref, "不願受訪");
  REQUIRE(first);
  CHECK(*first);
  CHECK(s.count("SELECT count(*) FROM survey_opt_out WHERE phone = '0912345678' AND reason = '不願受訪'") == 1);
  auto again = s.calls.opt_out(test::at("2024-01-13 10:00"), ref, "");
  REQUIRE(again);
  CHECK(!*again);
  CHECK(s.count("SELECT count(*) FROM event WHERE action = 'survey-opt-out'") == 1);
  auto unknown = s.calls.opt_out(test::at("2024-01-13 10:00"), "PET-113-999999", "");
  REQUIRE(!unknown);
  CHECK(unknown.error().fault == Fault::not_found);
}

TEST_CASE("survey calls: answers are parsed from a comma list") {
  auto parsed = parse_answers("5, 4,,3");
  REQUIRE(parsed);
  CHECK(*parsed == std::vector<std::optional<int>>{5, 4, std::nullopt, 3});
  CHECK(!parse_answers("5,x,3"));
  CHECK(!parse_answers("5,4.5"));
  CHECK(parse_answers("")->empty());
  CHECK(parse_call_outcome("wrong-number") == CallOutcome::wrong_number);
  CHECK(!parse_call_outcome("busy"));
}

TEST_CASE("survey calls: a follow-up service the configuration lacks refuses the low score, writing nothing") {
  SurveyLedger s;
  s.cfg.survey.questionnaires[0].follow_up_service = "nosuch";
  const std::string ref = s.member("", false, 1);
  auto refused = s.answer(ref, {1, 5, 5}, "2024-01-12 10:00");
  REQUIRE(!refused);
  CHECK(refused.error().why.find("'nosuch' is not a configured service") != std::string::npos);
  CHECK(s.count("SELECT count(*) FROM survey_attempt") == 0);
  CHECK(s.count("SELECT count(*) FROM survey_answer") == 0);
  // Without a follow-up service the questionnaire asks for no second reply.
  s.cfg.survey.questionnaires[0].follow_up_service.clear();
  auto answered = s.answer(ref, {1, 5, 5}, "2024-01-12 10:00");
  REQUIRE(answered);
  CHECK(!answered->follow_up_ref);
}
