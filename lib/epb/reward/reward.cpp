// RewardDesk and RewardPaymentSource: whistleblower rewards decided and paid.
#include "epb/reward/reward.hpp"

#include "epb/cases/case_store.hpp"
#include "epb/core/subject.hpp"
#include "epb/core/text.hpp"
#include "epb/core/text_policy.hpp"
#include "epb/output/json.hpp"
#include "epb/reward/reward_store.hpp"
#include "epb/validate/bank_account.hpp"
#include "epb/validate/money.hpp"
#include "epb/validate/person_id.hpp"

#include <fmt/format.h>

namespace epb {
namespace {

// A field's own message under the field's name (`--payee`'s field is payee).
template <class T> Result<T> as_field(std::string_view field, Result<T> checked) {
  if (!checked) return invalid(std::string(field), checked.error().message());
  return checked;
}

Result<std::int64_t> reward_amount(std::string_view text) {
  auto amount = parse_money(trim(text));
  if (!amount) return invalid("amount", fmt::format("'{}': {}", trim(text), amount.error().why));
  if (*amount <= 0) return invalid("amount", fmt::format("'{}': a reward is more than NT$0, in whole NT$", trim(text)));
  return amount;
}

// Checks every field of `in`, in the order the options are listed.
Result<Reward> checked_reward(const NewReward& in) {
  Reward r;
  const std::string_view payee = trim(in.payee);
  if (auto text = check_text(TextKind::name, "payee", payee); !text) return std::unexpected(text.error());
  if (payee.empty()) return invalid("payee", "required: the name the bank account is held in");
  r.payee = std::string(payee);
  auto id = as_field("id_number", validate_person_id(in.id_number));
  if (!id) return std::unexpected(id.error());
  r.id_number = *id;
  auto code = as_field("bank_code", validate_bank_code(in.bank_code));
  if (!code) return std::unexpected(code.error());
  r.bank_code = *code;
  auto account = as_field("account_number", validate_account_number(in.account_number));
  if (!account) return std::unexpected(account.error());
  r.account_number = *account;
  auto amount = reward_amount(in.amount);
  if (!amount) return std::unexpected(amount.error());
  r.amount = *amount;
  const std::string_view reason = trim(in.reason);
  if (auto text = check_text(TextKind::line, "reason", reason); !text) return std::unexpected(text.error());
  r.reason = std::string(reason);
  return r;
}

} // namespace

std::string_view reward_state_name(RewardState state) { return state == RewardState::paid ? "paid" : "decided"; }

Result<Reward> RewardDesk::add(const Stamp& stamp, const NewReward& in) {
  auto checked = checked_reward(in);
  if (!checked) return checked;
  Reward r = std::move(*checked);
  sql::Transaction transaction(m_ledger.db());
  const auto c = CaseStore(m_ledger).find(trim(in.case_ref));
  if (!c) return not_found(fmt::format("case {}", trim(in.case_ref)));
  RewardStore store(m_ledger);
  if (const auto had = store.find(c->ref))
    return invalid(fmt::format("case {}", c->ref),
                   fmt::format("has a reward already (NT${}, {}): one reward per case", format_money(had->amount),
                               reward_state_name(had->state)));
  r.case_id = c->id;
  r.ref = c->ref;
  r.decided_at = stamp.at;
  r.actor = stamp.actor;
  store.insert(r);
  // The event says what was decided, not who is paid: the log is read without a reveal.
  m_ledger.record(stamp, subject::of_case(r.ref), "reward",
                  JsonObject().add("amount", r.amount).add("reason", r.reason).str());
  transaction.commit();
  return r;
}

std::optional<Reward> RewardDesk::find(std::string_view ref) { return RewardStore(m_ledger).find(trim(ref)); }

std::vector<Reward> RewardDesk::list() { return RewardStore(m_ledger).all(); }

Result<void> RewardDesk::record_paid(const Stamp& stamp, const PaymentItem& item) {
  RewardStore store(m_ledger);
  const auto reward = store.find(item.ref);
  if (!reward) return not_found(fmt::format("reward of case {}", item.ref));
  if (reward->state == RewardState::paid)
    return invalid(
        fmt::format("case {}", item.ref),
        fmt::format("its reward was paid already (batch {}): it is never paid twice", reward->payment_batch));
  store.mark_paid(reward->case_id, *item.paid_on, item.batch_ref);
  m_ledger.record(stamp, subject::of_case(item.ref), "reward-paid",
                  JsonObject().add("batch", item.batch_ref).add("paid_on", item.paid_on->iso()).str());
  return {};
}

Result<void> RewardDesk::record_failed(const Stamp& stamp, const PaymentItem& item, std::string_view reason) {
  if (!RewardStore(m_ledger).find(item.ref)) return not_found(fmt::format("reward of case {}", item.ref));
  m_ledger.record(stamp, subject::of_case(item.ref), "reward-payment-failed",
                  JsonObject().add("batch", item.batch_ref).add("reason", trim(reason)).str());
  return {};
}

void RewardPaymentSource::candidates(const PaymentScope& scope,
                                     const std::function<void(const PaymentCandidate&)>& each) const {
  RewardStore(scope.ledger).for_each_payable([&each](const Reward& r) {
    each(PaymentCandidate{r.case_id, r.ref, r.payee, r.bank_code, r.account_number, r.amount});
  });
}

Result<void> RewardPaymentSource::on_paid(const PaymentScope& scope, const PaymentItem& item) const {
  return RewardDesk(scope.ledger).record_paid(scope.stamp, item);
}

Result<void> RewardPaymentSource::on_failed(const PaymentScope& scope, const PaymentItem& item,
                                            std::string_view reason) const {
  return RewardDesk(scope.ledger).record_failed(scope.stamp, item, reason);
}

} // namespace epb
