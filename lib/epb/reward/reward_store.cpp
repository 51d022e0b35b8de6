// RewardStore: the SQL of whistleblower rewards.
#include "epb/reward/reward_store.hpp"

#include "epb/ledger/stored_date.hpp"

#include <string>

namespace epb {
namespace {

constexpr std::string_view k_insert = R"sql(
INSERT INTO case_reward (case_id, payee, id_number, bank_code, account_number, amount, reason, decided_at, actor)
VALUES (:case_id, :payee, :id_number, :bank_code, :account_number, :amount, :reason, :decided_at, :actor))sql";

// The columns read_reward() reads, in its order; `r` is case_reward, `c` its case.
constexpr std::string_view k_select = R"sql(
SELECT r.id, r.case_id, c.ref, r.payee, r.id_number, r.bank_code, r.account_number, r.amount, r.reason, r.state,
  r.decided_at, r.actor, r.paid_on, r.payment_batch
FROM case_reward r JOIN case_file c ON c.id = r.case_id)sql";

std::string select_where(std::string_view rest) { return std::string(k_select) + std::string(rest); }

const std::string k_find = select_where(" WHERE c.ref = :ref");
const std::string k_all = select_where(" ORDER BY r.decided_at, r.id");
const std::string k_payable = select_where(" WHERE r.state = 'decided' ORDER BY r.decided_at, r.case_id");

constexpr std::string_view k_mark_paid = R"sql(
UPDATE case_reward SET state = 'paid', paid_on = :paid_on, payment_batch = :batch
WHERE case_id = :case_id AND state = 'decided')sql";

Reward read_reward(const sql::Statement& s) {
  Reward r;
  r.id = s.int64(0);
  r.case_id = s.int64(1);
  r.ref = s.text(2);
  r.payee = s.text(3);
  r.id_number = s.text(4);
  r.bank_code = s.text(5);
  r.account_number = s.text(6);
  r.amount = s.int64(7);
  r.reason = s.text(8);
  r.state = s.text(9) == "paid" ? RewardState::paid : RewardState::decided;
  r.decided_at = Instant(s.int64(10));
  r.actor = s.text(11);
  if (!s.is_null(12)) r.paid_on = stored_date(s.text_view(12), "case_reward.paid_on");
  r.payment_batch = s.text(13);
  return r;
}

} // namespace

void RewardStore::insert(const Reward& r) {
  m_db.prepare(k_insert)
      .bind(":case_id", r.case_id)
      .bind(":payee", r.payee)
      .bind(":id_number", r.id_number)
      .bind(":bank_code", r.bank_code)
      .bind(":account_number", r.account_number)
      .bind(":amount", r.amount)
      .bind(":reason", r.reason)
      .bind(":decided_at", r.decided_at.unix_seconds())
      .bind(":actor", r.actor)
      .run();
}

std::optional<Reward> RewardStore::find(std::string_view ref) {
  auto& s = m_db.prepare(k_find).bind(":ref", ref);
  if (!s.step()) return std::nullopt;
  Reward r = read_reward(s);
  s.reset();
  return r;
}

std::vector<Reward> RewardStore::all() {
  std::vector<Reward> rewards;
  auto& s = m_db.prepare(k_all);
  while (s.step())
    rewards.push_back(read_reward(s));
  return rewards;
}

void RewardStore::for_each_payable(const std::function<void(const Reward&)>& visit) {
  auto& s = m_db.prepare(k_payable);
  while (s.step())
    visit(read_reward(s));
}

void RewardStore::mark_paid(std::int64_t case_id, Date paid_on, std::string_view batch) {
  m_db.prepare(k_mark_paid).bind(":paid_on", paid_on.iso()).bind(":batch", batch).bind(":case_id", case_id).run();
}

} // namespace epb
