#pragma once
// [fee]: the construction air-pollution control fee (營建工程空氣污染防制費) and the water
// pollution control fee (水污染防治費) as the city tracks them (DOMAIN.md §6). Every rate, rule,
// term and limit is config: the rate table is a secondary source, Kaohsiung's own choices are
// unverified. Read and validated by config_fee.cpp; documented in epb.toml(5).
#include "epb/fee/decimal.hpp"
#include "epb/time/date.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace epb {

// The basis a category's rate is per: building/construction/deck area in m², area-development
// area in hectares, dredged loose volume in m³, or the contract amount in NT$ (category Z).
enum class FeeBasis { m2, ha, m3, ntd };
std::string_view fee_basis_name(FeeBasis basis);

// One row of the rate table ([fee.categories.CODE]).
struct FeeCategory {
  std::string code; // "1".."9", "A", "B", "Z"
  std::string name_zh;
  std::string name_en;
  FeeBasis basis = FeeBasis::m2;
  bool timed = true;                  // the fee is basis × months × rate; false (3, B, Z): basis × rate
  std::array<Decimal, 3> rates{};     // NT$ per unit of the basis (per month when timed): levels 1, 2, 3
  std::optional<Decimal> level1_from; // level 1 when the scale (basis × months, or basis) is at least this
  Decimal local_factor{1};            // the city's factor on the national rate: 0.7 .. 1.3 (Act §17 ¶3)
  bool operator==(const FeeCategory&) const = default;
};

// Level 3 (營建工程空氣污染防制設施管理辦法 §3): works outside the control-facility rules, i.e.
// the fee at the level-3 rate is below `max_fee` AND the area below `max_area_m2` (categories
// with an area basis) AND the duration below `max_days` (timed categories). Level 2 otherwise,
// unless level 1.
struct FeeLevel3Rule {
  std::int64_t max_fee = 2000;
  Decimal max_area_m2{10000};
  int max_days = 365;
  bool operator==(const FeeLevel3Rule&) const = default;
};

// Payment terms by amount (§6): up to `full_until` in full before the start; from there up to
// below `instalments_from` in full or in two halves (the second before the use permit); from
// `instalments_from` in full or in equal instalments on dates the city sets (at most
// `max_instalments`).
struct FeeTerms {
  std::int64_t full_until = 10000;
  std::int64_t instalments_from = 5000000;
  int max_instalments = 12;
  bool operator==(const FeeTerms&) const = default;
};

// The postal 1-year fixed-deposit rate (郵政儲金一年期定期存款利率) from a date on, in percent a
// year: interest on late fees uses the rate in force on the day that decides (construction: the
// payment day; water: the due date).
struct PostalRate {
  Date from;
  Decimal percent; // e.g. 1.72
  bool operator==(const PostalRate&) const = default;
};

// One row of the shortfall instalment table (§15–16): a shortfall of at least `from` NT$ may be
// paid in `min_periods`..`max_periods` monthly periods of at least `min_each`.
struct FeeShortfallTier {
  std::int64_t from = 0;
  int min_periods = 2;
  int max_periods = 6;
  std::int64_t min_each = 0;
  bool needs_security = false; // the ≥ 20 M tier: with a security only
  bool operator==(const FeeShortfallTier&) const = default;
};

// Late payment (Act §74): a surcharge of `surcharge_permille_per_day` ‰ of the overdue amount a
// day for at most `surcharge_max_days` days, then interest a day at the postal rate; `day_basis`
// days a year for the interest. Grace before the surcharge counts from the start or the approval,
// whichever is later; none for works declared after they started.
struct FeeLateRules {
  Decimal surcharge_permille_per_day{5}; // 0.5 % = 5 ‰
  int surcharge_max_days = 30;
  int grace_days_private = 3;
  int grace_days_public = 30;
  int interest_day_basis = 365;
  Rounding rounding = Rounding::half_away_from_zero; // of surcharge and interest
  int referral_after_days = 60; // calendar days late: proposed for referral to the enforcement agency
  int topup_days = 90;          // a settlement's top-up is due this many days after it
  bool operator==(const FeeLateRules&) const = default;
};

// Undeclared works found under way (§5 ¶3), without a permit: the start is counted back from
// the discovery by at most these many days.
struct FeeCountBack {
  int per_floor_above = 90;
  int per_basement_floor = 120;
  int miscellaneous = 180;
  bool operator==(const FeeCountBack&) const = default;
};

// A fixed-width collection file's layout ([fee.layouts.CODE]): each field's 1-based first
// character and width. Fields: slip, amount, paid_on, txn_id (required), collector, payer.
struct FixedWidthField {
  std::string name;
  int start = 1; // 1-based character position
  int width = 1;
  bool operator==(const FixedWidthField&) const = default;
};
struct FixedWidthLayout {
  std::string code;      // e.g. "bank-a", "cvs"
  std::string collector; // the collector's name recorded with each payment, unless a field gives it
  std::vector<FixedWidthField> fields;
  int skip_head = 0; // header lines before the records
  // When set, every head line must start with it: a file sent without its head would otherwise
  // lose its first payment as the "head" without a word.
  std::string head_prefix;
  std::string trailer_prefix;      // lines starting with this are trailers (totals), not records
  std::string date_format = "iso"; // "iso" (YYYYMMDD or YYYY-MM-DD) or "roc" (YYYMMDD)
  bool operator==(const FixedWidthLayout&) const = default;
};

// The water pollution control fee as the city tracks it (fees are computed nationally).
struct WaterFeeRules {
  std::int64_t exempt_below = 50;          // a period's fee below this is exempt (still declared)
  int fine_after_days = 90;                // unpaid this long after the due date: a fine candidate
  std::int64_t interest_waived_below = 10; // total interest below this is waived
  std::int64_t credit_below = 2000;        // an overpayment below this is credited, not refunded
  bool operator==(const WaterFeeRules&) const = default;
};

struct FeeSettings {
  std::string service; // the declaration review SOP: a service of kind fee; empty: no [fee]
  Rounding rounding = Rounding::half_away_from_zero;
  std::int64_t exempt_up_to = 100; // a fee at most this is not paid, but still declared (§21)
  std::vector<FeeCategory> categories;
  FeeLevel3Rule level3;
  FeeTerms terms;
  FeeLateRules late;
  FeeCountBack count_back;
  std::vector<PostalRate> postal_rates;    // sorted by `from`
  std::vector<FeeShortfallTier> shortfall; // sorted by `from`
  std::vector<FixedWidthLayout> layouts;
  WaterFeeRules water;

  const FeeCategory* category(std::string_view code) const;
  const FixedWidthLayout* layout(std::string_view code) const;
  // The rate in force on `day`; none before the first row.
  std::optional<Decimal> postal_rate_on(Date day) const;
  bool operator==(const FeeSettings&) const = default;
};

} // namespace epb
