#pragma once
// The water pollution control fee (水污染防治費, DOMAIN.md §6) as the city tracks it: the central
// authority assesses it; the city records what each business (UBN) declared and paid per
// half-year and works out what lateness costs. The pure rules: periods and their due dates,
// the declared amount truncated to whole NT$, the exemption, late interest (no surcharge),
// fine candidates and the credit of small overpayments. No ledger here (water_desk.hpp).
#include "epb/config/fee_config.hpp"
#include "epb/core/error.hpp"
#include "epb/fee/decimal.hpp"
#include "epb/time/date.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace epb {

// A half-year: January–June (H1) or July–December (H2).
struct WaterPeriod {
  int year = 0;             // Gregorian
  int half = 1;             // 1 or 2
  std::string code() const; // "2024-H1", as stored
  Date first_day() const;
  Date last_day() const;
  // The last day to pay without being late: 31 July (H1), 31 January of the next year (H2).
  Date due() const;
  auto operator<=>(const WaterPeriod&) const = default;
};

// The first year the fee was collected (businesses since 2015-05-01).
inline constexpr int k_water_fee_first_year = 2015;

// "2024-H1" or "2024-H2", or with the ROC year "113-H1" (H and h alike). A Problem named
// `field` otherwise, or for a year before k_water_fee_first_year.
Result<WaterPeriod> parse_water_period(std::string_view field, std::string_view text);

// A declared amount as the national system gives it: whole NT$ or an exact decimal
// ("1234.9", "1,234.56", with "NT$" in front or "元" after), truncated toward zero, never
// rounded ("1234.9" declares 1234). A Problem named `field` for anything else or a negative.
Result<std::int64_t> parse_water_amount(std::string_view field, std::string_view text);

// A period's fee below exempt_below is exempt: declared, not paid.
bool water_fee_exempt(const WaterFeeRules& rules, std::int64_t declared);

// A payment as far as interest is concerned: the day and what of it went to the fee.
struct WaterPaid {
  Date on;
  std::int64_t principal = 0;
};

// What a fee costs on `on` beyond itself: interest a day (no surcharge) at the postal 1-year
// rate in force on the due date, on what was unpaid each day after it, the total truncated to
// whole NT$ once and waived below interest_waived_below; unpaid more than fine_after_days
// after the due date, a fine candidate.
struct WaterLate {
  std::int64_t unpaid = 0;            // declared minus the fee paid by `on`, never negative
  int days_late = 0;                  // days after the due date up to `on`, while unpaid
  std::optional<Decimal> postal_rate; // the rate of the due date (none when not late)
  std::int64_t accrued = 0;           // interest before the waiver, truncated
  bool waived = false;                // 0 < accrued < interest_waived_below
  std::int64_t interest = 0;          // accrued, or 0 when waived
  bool fine_candidate = false;
};

// `payments` in any order; those after `on` are left out. A Problem when the fee is late and
// [fee.postal_rates] has no rate for its due date, or on an overflow. An exempt fee is never
// late: call it for fees that are not exempt.
Result<WaterLate> water_late(const FeeSettings& fee, std::int64_t declared, Date due,
                             std::span<const WaterPaid> payments, Date on);

// How a payment of `amount` is applied: the fee first, then the interest still owed, and what
// is left is an overpayment, credited below credit_below, else refunded.
struct WaterApplied {
  std::int64_t principal = 0;
  std::int64_t interest = 0;
  std::int64_t overpaid = 0;
  bool credited = false; // 0 < overpaid < credit_below
};
WaterApplied apply_water_payment(const WaterFeeRules& rules, std::int64_t amount, std::int64_t unpaid,
                                 std::int64_t interest_owed);

// An overpayment's fate, for reports of fees paid beyond their declared amount.
inline bool water_overpayment_credited(const WaterFeeRules& rules, std::int64_t overpaid) {
  return overpaid > 0 && overpaid < rules.credit_below;
}

} // namespace epb
