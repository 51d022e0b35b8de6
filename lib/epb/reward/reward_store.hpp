#pragma once
// The SQL of whistleblower rewards (case_reward: ledger migration 13), in one place.
#include "epb/reward/reward.hpp"

#include <functional>

namespace epb {

class RewardStore {
public:
  explicit RewardStore(Ledger& ledger) : m_db(ledger.db()) {}

  void insert(const Reward& reward);
  std::optional<Reward> find(std::string_view ref);
  std::vector<Reward> all();
  // Decided, unpaid rewards, oldest decision first: the payment source's candidates.
  void for_each_payable(const std::function<void(const Reward&)>& visit);
  void mark_paid(std::int64_t case_id, Date paid_on, std::string_view batch);

private:
  sql::Database& m_db;
};

} // namespace epb
