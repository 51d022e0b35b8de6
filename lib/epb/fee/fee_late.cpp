// Late charges (空氣污染防制法 §74): a surcharge per day for at most 30 days, then interest a day at
// the postal 1-year fixed rate in force on the payment day. Each is rounded once.
#include "epb/fee/fee.hpp"

#include <algorithm>

namespace epb {

LateCharge late_charge(const FeeSettings& fee, std::int64_t principal, Date due, Date on) {
  const FeeLateRules& late = fee.late;
  LateCharge charge;
  charge.total = principal;
  if (on <= due || principal <= 0) return charge;
  charge.days_late = on - due;
  charge.surcharge_days = std::min(charge.days_late, late.surcharge_max_days);
  const Ratio surcharge =
      Ratio(principal) * late.surcharge_permille_per_day * std::int64_t{charge.surcharge_days} / 1000;
  // Amounts of NT$ below 10^12 cannot overflow here; value_or keeps a broken input visible as 0.
  charge.surcharge = surcharge.round(late.rounding).value_or(0);
  charge.interest_days = std::max(0, charge.days_late - late.surcharge_max_days);
  if (charge.interest_days > 0) {
    charge.postal_rate = fee.postal_rate_on(on);
    if (charge.postal_rate) {
      const Ratio interest = Ratio(principal) * *charge.postal_rate * std::int64_t{charge.interest_days} / 100 /
                             std::max(1, late.interest_day_basis);
      charge.interest = interest.round(late.rounding).value_or(0);
    }
  }
  charge.total = principal + charge.surcharge + charge.interest;
  return charge;
}

} // namespace epb
