// The water pollution control fee's rules (water_fee.hpp).
#include "epb/fee/water_fee.hpp"

#include "epb/core/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace epb {
namespace {

constexpr std::string_view k_yuan = "元";
constexpr int k_last_year = 9999;

bool all_digits(std::string_view text) {
  return !text.empty() && std::ranges::all_of(text, [](char c) { return c >= '0' && c <= '9'; });
}

std::unexpected<Problem> bad_period(std::string_view field, std::string_view text) {
  return invalid(
      std::string(field),
      fmt::format("'{}' is not a half-year: YYYY-H1 or YYYY-H2 (e.g. 2024-H1), or the ROC year (113-H1)", text));
}

} // namespace

std::string WaterPeriod::code() const { return fmt::format("{:04}-H{}", year, half); }

Date WaterPeriod::first_day() const { return *Date::from_ymd(year, half == 1 ? 1 : 7, 1); }

Date WaterPeriod::last_day() const { return *Date::from_ymd(year, half == 1 ? 6 : 12, half == 1 ? 30 : 31); }

Date WaterPeriod::due() const { return half == 1 ? *Date::from_ymd(year, 7, 31) : *Date::from_ymd(year + 1, 1, 31); }

Result<WaterPeriod> parse_water_period(std::string_view field, std::string_view text) {
  const std::string_view t = trim(text);
  const auto dash = t.find('-');
  if (dash == std::string_view::npos || dash + 3 != t.size() || (t[dash + 1] != 'H' && t[dash + 1] != 'h') ||
      (t[dash + 2] != '1' && t[dash + 2] != '2'))
    return bad_period(field, t);
  const std::string_view year_text = t.substr(0, dash);
  // Four digits are a Gregorian year; two or three the ROC year (民國), as the national system writes it.
  if (!all_digits(year_text) || year_text.size() < 2 || year_text.size() > 4) return bad_period(field, t);
  int year = std::stoi(std::string(year_text));
  if (year_text.size() < 4) year += 1911;
  if (year < k_water_fee_first_year || year > k_last_year)
    return invalid(std::string(field), fmt::format("'{}': the water pollution fee is collected from {} ({}) on", t,
                                                   k_water_fee_first_year, k_water_fee_first_year - 1911));
  return WaterPeriod{year, t[dash + 2] - '0'};
}

Result<std::int64_t> parse_water_amount(std::string_view field, std::string_view text) {
  std::string_view rest = trim(text);
  if (rest.empty()) return invalid(std::string(field), "must not be empty");
  const std::string shown(rest);
  if (rest.size() >= 3 && (rest.substr(0, 3) == "NT$" || rest.substr(0, 3) == "nt$")) rest = trim(rest.substr(3));
  if (rest.ends_with(k_yuan)) rest = trim(rest.substr(0, rest.size() - k_yuan.size()));
  auto amount = Decimal::parse(rest);
  if (!amount)
    return invalid(std::string(field), fmt::format("'{}' is not an amount in NT$ (e.g. 1234 or 1234.5): {}", shown,
                                                   amount.error().message()));
  if (amount->is_negative()) return invalid(std::string(field), fmt::format("'{}' is negative", shown));
  // The fee is truncated to whole NT$ (收費辦法): 1234.9 declares 1234.
  auto whole = Ratio(*amount).round(Rounding::truncate);
  if (!whole) return invalid(std::string(field), fmt::format("'{}': {}", shown, whole.error().message()));
  return *whole;
}

bool water_fee_exempt(const WaterFeeRules& rules, std::int64_t declared) { return declared < rules.exempt_below; }

Result<WaterLate> water_late(const FeeSettings& fee, std::int64_t declared, Date due,
                             std::span<const WaterPaid> payments, Date on) {
  std::vector<WaterPaid> paid(payments.begin(), payments.end());
  std::ranges::stable_sort(paid, {}, &WaterPaid::on);
  WaterLate late;
  // What was unpaid when the fee fell due: payments on or before the due date are on time.
  std::int64_t unpaid = declared;
  auto next = paid.begin();
  for (; next != paid.end() && next->on <= due && next->on <= on; ++next)
    unpaid -= next->principal;
  late.unpaid = std::max<std::int64_t>(unpaid, 0);
  if (on <= due || late.unpaid == 0) {
    for (; next != paid.end() && next->on <= on; ++next)
      unpaid -= next->principal;
    late.unpaid = std::max<std::int64_t>(unpaid, 0);
    return late;
  }
  late.postal_rate = fee.postal_rate_on(due);
  if (!late.postal_rate)
    return invalid("fee.postal_rates", fmt::format("no postal 1-year rate in force on {}, the due date", due.iso()));
  // Interest a day on what was unpaid that day, from the day after the due date to `on`; a
  // payment on day d ends the day's interest on what it paid (it is counted up to d).
  Ratio exact(0);
  Date from = due;
  int last_unpaid_day = 0;
  const auto accrue = [&](Date to) {
    if (unpaid > 0 && to > from) {
      exact = exact + Ratio(unpaid) * *late.postal_rate / 100 * (to - from) / fee.late.interest_day_basis;
      last_unpaid_day = to - due;
    }
    from = std::max(from, to);
  };
  for (; next != paid.end() && next->on <= on; ++next) {
    accrue(next->on);
    unpaid -= next->principal;
  }
  accrue(on);
  late.unpaid = std::max<std::int64_t>(unpaid, 0);
  late.days_late = late.unpaid > 0 ? on - due : last_unpaid_day;
  auto accrued = exact.round(Rounding::truncate);
  if (!accrued) return std::unexpected(accrued.error());
  late.accrued = *accrued;
  late.waived = late.accrued > 0 && late.accrued < fee.water.interest_waived_below;
  late.interest = late.waived ? 0 : late.accrued;
  late.fine_candidate = late.unpaid > 0 && late.days_late > fee.water.fine_after_days;
  return late;
}

WaterApplied apply_water_payment(const WaterFeeRules& rules, std::int64_t amount, std::int64_t unpaid,
                                 std::int64_t interest_owed) {
  WaterApplied applied;
  applied.principal = std::clamp<std::int64_t>(unpaid, 0, amount);
  applied.interest = std::clamp<std::int64_t>(interest_owed, 0, amount - applied.principal);
  applied.overpaid = amount - applied.principal - applied.interest;
  applied.credited = water_overpayment_credited(rules, applied.overpaid);
  return applied;
}

} // namespace epb
