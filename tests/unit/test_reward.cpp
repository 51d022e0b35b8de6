// Whistleblower rewards: decided through the desk with every field checked, one per case, and
// paid through the payment engine once (a failed transfer leaves the reward due again).
#include "reward_test_support.hpp"

using namespace epb;
using test::RewardWorld;

namespace {

// The field a refused reward names.
std::string refused_field(RewardWorld& w, const NewReward& in) {
  auto added = w.add(in);
  REQUIRE(!added);
  CHECK(added.error().fault == Fault::invalid);
  return added.error().what;
}

} // namespace

TEST_CASE("reward: a decided reward is stored normalised with an event that names no personal data") {
  RewardWorld w;
  const std::string ref = w.open_case();
  NewReward in = RewardWorld::reward_for(ref, "NT$5,000");
  in.id_number = " a123456789 ";
  auto added = w.add(in);
  REQUIRE_MESSAGE(added, (added ? "" : added.error().message()));
  CHECK(added->amount == 5000);
  CHECK(added->id_number == "A123456789");
  CHECK(added->account_number == "123456789012");
  const auto found = w.desk.find(ref);
  REQUIRE(found);
  CHECK(found->state == RewardState::decided);
  CHECK(found->payee == "王小明");
  CHECK(found->actor == "clerk01");
  const auto events = w.ledger->events("case:" + ref);
  REQUIRE(!events.empty());
  CHECK(events.back().action == "reward");
  CHECK(events.back().detail == R"({"amount":5000,"reason":"裁處罰鍰"})");
  CHECK(w.desk.list().size() == 1);
}

TEST_CASE("reward: every bad field is refused naming it and nothing is stored") {
  RewardWorld w;
  const std::string ref = w.open_case();
  const auto with = [&](auto change) {
    NewReward in = RewardWorld::reward_for(ref);
    change(in);
    return refused_field(w, in);
  };
  CHECK(with([](NewReward& r) { r.id_number = "A123456788"; }).starts_with("id_number"));
  CHECK(with([](NewReward& r) { r.id_number = ""; }).starts_with("id_number"));
  CHECK(with([](NewReward& r) { r.payee = "王\x1b小明"; }) == "payee");
  CHECK(with([](NewReward& r) { r.payee = "  "; }) == "payee");
  CHECK(with([](NewReward& r) { r.bank_code = "04"; }) == "bank_code");
  CHECK(with([](NewReward& r) { r.account_number = "12345"; }) == "account_number");
  CHECK(with([](NewReward& r) { r.amount = "0"; }) == "amount");
  CHECK(with([](NewReward& r) { r.amount = "-500"; }) == "amount");
  CHECK(with([](NewReward& r) { r.amount = "500.5"; }) == "amount");
  CHECK(with([](NewReward& r) { r.amount = "lots"; }) == "amount");
  CHECK(with([](NewReward& r) { r.reason = "line\nbreak"; }) == "reason");
  CHECK(w.count_of("SELECT count(*) FROM case_reward") == 0);
  CHECK(w.count_of("SELECT count(*) FROM event WHERE action = 'reward'") == 0);
}

TEST_CASE("reward: an unknown case is not found and a second reward for a case is refused") {
  RewardWorld w;
  auto unknown = w.add(RewardWorld::reward_for("PET-107-999999"));
  REQUIRE(!unknown);
  CHECK(unknown.error().fault == Fault::not_found);
  const std::string ref = w.open_case();
  REQUIRE(w.add(RewardWorld::reward_for(ref)));
  auto second = w.add(RewardWorld::reward_for(ref, "7000"));
  REQUIRE(!second);
  CHECK(second.error().fault == Fault::invalid);
  CHECK(second.error().why.find("one reward per case") != std::string::npos);
  CHECK(w.count_of("SELECT count(*) FROM case_reward") == 1);
}

TEST_CASE("reward payment: batched once, paid once, a failed transfer due again") {
  RewardWorld w;
  const std::string a = w.open_case();
  const std::string b = w.open_case();
  REQUIRE(w.add(RewardWorld::reward_for(a, "5000")));
  NewReward other = RewardWorld::reward_for(b, "3000");
  other.payee = "林美華";
  other.id_number = "F131104093";
  REQUIRE(w.add(other, "2018-03-06 11:00"));
  auto built = w.batch("roster.csv");
  REQUIRE_MESSAGE(built, (built ? "" : built.error().message()));
  CHECK(built->ref == "RWD-107-0001");
  CHECK(built->items == 2);
  CHECK(built->total == 8000);
  // Both are in an open batch: nothing more to pay.
  auto again = w.batch("roster2.csv");
  REQUIRE(!again);
  CHECK(again.error().fault == Fault::not_found);

  const auto summary =
      w.confirm("result.csv", fmt::format("{}{},{},5000,paid,,2018-03-19\n{},{},3000,failed,帳號不符,\n",
                                          test::k_result_header, built->ref, a, built->ref, b));
  CHECK(summary.imported == 2);
  CHECK(w.desk.find(a)->state == RewardState::paid);
  CHECK(w.desk.find(a)->paid_on == Date::from_ymd(2018, 3, 19));
  CHECK(w.desk.find(a)->payment_batch == "RWD-107-0001");
  CHECK(w.desk.find(b)->state == RewardState::decided);
  CHECK(w.count_of("SELECT count(*) FROM event WHERE action = 'reward-payment-failed'") == 1);

  // The failed one goes into the next batch; the paid one never again.
  auto next = w.batch("roster3.csv", "2018-03-21 10:00");
  REQUIRE_MESSAGE(next, (next ? "" : next.error().message()));
  CHECK(next->items == 1);
  CHECK(next->total == 3000);
  CHECK(w.count_of("SELECT count(*) FROM payment_item WHERE state = 'paid'") == 1);
  CHECK(w.count_of("SELECT count(*) FROM payment_item p JOIN case_file c ON c.id = p.case_id WHERE c.ref = '" + a +
                   "'") == 1);
}

TEST_CASE("reward payment: the schema refuses a reward paid without its batch") {
  RewardWorld w;
  const std::string ref = w.open_case();
  REQUIRE(w.add(RewardWorld::reward_for(ref)));
  CHECK_THROWS(w.ledger->db().exec("UPDATE case_reward SET state = 'paid'"));
  CHECK_THROWS(w.ledger->db().exec("UPDATE case_reward SET amount = 0"));
}
