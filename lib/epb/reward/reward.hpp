#pragma once
// Whistleblower rewards (檢舉獎勵金): a reward decided for a case, paid to its payee by bank
// transfer through the payment engine (lib/epb/payment/, purpose 'reward', batches RWD-107-0001).
// One reward per case. The payee's name, ID number and account are stored as a subsidy
// application stores its applicant's: personal data, masked wherever they are shown.
#include "epb/core/error.hpp"
#include "epb/ledger/ledger.hpp"
#include "epb/payment/payment_source.hpp"
#include "epb/time/date.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace epb {

// A reward as typed on the command line: RewardDesk::add checks every field.
struct NewReward {
  std::string case_ref;
  std::string payee;          // the payee's name (text policy: a name)
  std::string id_number;      // national ID or resident certificate number, with its checksum
  std::string bank_code;      // three digits
  std::string account_number; // 10 to 16 digits once spaces and dashes are dropped
  std::string amount;         // whole NT$, more than 0: 5000, 5,000, NT$5,000
  std::string reason;         // why it is paid, e.g. the fine it follows (optional, one line)
};

enum class RewardState { decided, paid };
std::string_view reward_state_name(RewardState state);

struct Reward {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::string ref; // the case's reference
  std::string payee;
  std::string id_number;
  std::string bank_code;
  std::string account_number;
  std::int64_t amount = 0;
  std::string reason;
  RewardState state = RewardState::decided;
  Instant decided_at;
  std::string actor;
  std::optional<Date> paid_on;
  std::string payment_batch; // the batch that paid it
};

class RewardDesk {
public:
  explicit RewardDesk(Ledger& ledger) : m_ledger(ledger) {}

  // Checks `in` and stores the reward with a `reward` event on its case, in one transaction.
  // invalid naming the field (payee, id_number, bank_code, account_number, amount, reason),
  // or the case when it has a reward already; not_found for an unknown case.
  Result<Reward> add(const Stamp& stamp, const NewReward& in);

  std::optional<Reward> find(std::string_view ref);
  // Every reward, oldest decision first.
  std::vector<Reward> list();

  // The payment engine's hooks (RewardPaymentSource), inside its transaction: the bank paid
  // the item (the reward is paid, once), or the transfer failed (it stays decided, due again).
  Result<void> record_paid(const Stamp& stamp, const PaymentItem& item);
  Result<void> record_failed(const Stamp& stamp, const PaymentItem& item, std::string_view reason);

private:
  Ledger& m_ledger;
};

// Rewards as a purpose of the payment engine: decided, unpaid rewards are the candidates.
class RewardPaymentSource final : public PaymentSource {
public:
  std::string_view purpose() const override { return "reward"; }
  std::string_view batch_prefix() const override { return "RWD"; }
  void candidates(const PaymentScope& scope, const std::function<void(const PaymentCandidate&)>& each) const override;
  Result<void> on_paid(const PaymentScope& scope, const PaymentItem& item) const override;
  Result<void> on_failed(const PaymentScope& scope, const PaymentItem& item, std::string_view reason) const override;
};

} // namespace epb
