#pragma once
// The construction air-pollution control fee (營建工程空氣污染防制費, DOMAIN.md §6): the pure rules
// every fee verb shares — the quote (rate, level, months, one rounding), the payment schedule by
// amount, payment slip numbers with their check digit, and the late charges (surcharge capped
// at 30 days, then interest at the dated postal rate). No ledger here: the desk
// (fee_desk.hpp) and the arrears and dunning code call these.
#include "epb/config/fee_config.hpp"
#include "epb/core/error.hpp"
#include "epb/fee/decimal.hpp"
#include "epb/time/date.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace epb {

// ---- text ---------------------------------------------------------------------------------------

// "NT$16,467" (thousands grouped): how amounts are shown to people.
std::string format_ntd(std::int64_t amount);
// The unit of a basis as people write it: "m²", "ha", "m³", "NT$".
std::string_view fee_basis_unit(FeeBasis basis);

// ---- the quote (試算) --------------------------------------------------------------------------

// The most calendar days of work a fee is computed over (about 270 years): more is a mistyped
// date (0107-03-01 is the year 107, not ROC 107), refused by the quote and the project alike.
constexpr int k_max_work_days = 100000;

struct FeeQuoteInput {
  std::string category;     // a code of [fee.categories]
  Decimal quantity;         // in the category's basis (m², ha, m³ or NT$)
  std::optional<int> days;  // calendar days counted (end − start + 1 − stop-work days); timed categories only
  std::optional<int> level; // 1..3 to impose; none: derived from the rules
  bool double_rate = false; // Act §75: a short or false declaration charged at twice the rate
};

struct FeeQuote {
  const FeeCategory* category = nullptr;
  int level = 2;
  bool level_given = false;
  std::string level_reason; // why this level: "scale 6666.67 m²·month ≥ 4600", "level-3 fee 1770 < 2000, ..."
  int days = 0;             // 0 for untimed categories
  Ratio months;             // days / 30, unrounded (1 for untimed categories)
  Ratio scale;              // quantity × months (timed) or quantity: what the level-1 threshold is compared with
  Decimal rate;             // the level's national rate
  Decimal factor;           // the local factor
  Ratio exact;              // quantity × rate × factor × days / 30 (× 2 at the double rate), before rounding
  std::int64_t fee = 0;     // exact, rounded once to whole NT$ by [fee] rounding
  bool exempt = false;      // fee ≤ exempt_up_to: declared, not paid (§21)
};

// A Problem names the option or field at fault: an unknown category (with the known ones),
// days given for an untimed category or missing for a timed one, a level outside 1..3, a
// negative quantity, an overflow.
Result<FeeQuote> quote_fee(const FeeSettings& fee, const FeeQuoteInput& input);

// Calendar days from `start` to `end` inclusive minus the days of `stops` inside them (a stop
// runs from its first day to the day before it resumed; an open stop to `end`).
struct StopPeriod {
  Date from;              // the first day work stood still (停工)
  std::optional<Date> to; // the day work resumed (復工); none while stopped
};
int counted_days(Date start, Date end, std::span<const StopPeriod> stops);

// ---- the payment schedule (§6) ------------------------------------------------------------------

enum class PaymentPlan { full, halves, instalments };
std::string_view payment_plan_name(PaymentPlan plan);
std::optional<PaymentPlan> parse_payment_plan(std::string_view name);

enum class InstalmentKind { full, half, instalment, topup };
std::string_view instalment_kind_name(InstalmentKind kind);

struct PlannedInstalment {
  int seq = 1; // 1-based within the project
  InstalmentKind kind = InstalmentKind::full;
  std::int64_t amount = 0;
  Date due; // the last day to pay without being late
};

// The instalments of a fee by the terms: up to full_until only `full`; below instalments_from
// `full` or `halves` (the first due `first_due`, the second `permit_due`: before the use permit,
// i.e. the planned end); from instalments_from `full` or `instalments` on `dates` (equal
// amounts, the remainder on the first). A Problem for a plan the amount does not allow, dates
// not increasing or more than max_instalments. An exempt fee has no instalments.
struct ScheduleInput {
  std::int64_t fee = 0;
  PaymentPlan plan = PaymentPlan::full;
  Date first_due;
  Date permit_due;
  std::vector<Date> dates; // instalments only
};
Result<std::vector<PlannedInstalment>> payment_schedule(const FeeSettings& fee, const ScheduleInput& input);

// The last day to pay an instalment due before the start without a surcharge: the start or the
// approval, whichever is later, plus the grace days of private or public works; the start
// itself when the works were declared after they started (no grace).
Date first_due_date(const FeeLateRules& late, Date start, Date approved_on, bool public_works, bool declared_late);

// ---- payment slips ---------------------------------------------------------------------------

// 12 digits: the ROC year (3) and the sequence (6) of the project's case reference (CFD-115-000042:
// unique together, while a declaration year would repeat a sequence of another year), the
// instalment (2) and a Luhn check digit (1), e.g. 115000042016. Documented in epb-fee(1).
std::string payment_slip(int roc_year, std::int64_t case_seq, int instalment);
// The slip's shape and check digit; a Problem says which is wrong ("check digit 7, expected 1").
Result<void> check_payment_slip(std::string_view slip);

// ---- late charges (Act §74) ------------------------------------------------------------------

struct LateCharge {
  int days_late = 0;                  // calendar days after `due` up to `on`
  int surcharge_days = 0;             // min(days_late, surcharge_max_days)
  std::int64_t surcharge = 0;         // principal × ‰/day × surcharge_days, rounded once
  int interest_days = 0;              // days after the surcharge's last day
  std::optional<Decimal> postal_rate; // the rate in force on `on`
  std::int64_t interest = 0;          // principal × rate % × interest_days / day basis, rounded once
  std::int64_t total = 0;             // principal + surcharge + interest
};
// What an instalment of `principal` due on `due` costs when paid on `on` (nothing extra on or
// before `due`).
LateCharge late_charge(const FeeSettings& fee, std::int64_t principal, Date due, Date on);

} // namespace epb
