// Counted days, the payment schedule by amount and the first due date (DOMAIN.md §6, §5–6 of
// 空氣污染防制費收費辦法).
#include "epb/fee/fee.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <utility>

namespace epb {

namespace {

constexpr std::array<std::string_view, 3> k_plan_names{"full", "halves", "instalments"};
constexpr std::array<std::string_view, 4> k_kind_names{"full", "half", "instalment", "topup"};

} // namespace

std::string_view payment_plan_name(PaymentPlan plan) { return k_plan_names[static_cast<std::size_t>(plan)]; }

std::optional<PaymentPlan> parse_payment_plan(std::string_view name) {
  for (std::size_t i = 0; i < k_plan_names.size(); ++i)
    if (k_plan_names[i] == name) return static_cast<PaymentPlan>(i);
  return std::nullopt;
}

std::string_view instalment_kind_name(InstalmentKind kind) { return k_kind_names[static_cast<std::size_t>(kind)]; }

int counted_days(Date start, Date end, std::span<const StopPeriod> stops) {
  if (end < start) return 0;
  // Each stop clipped to [start, end] as inclusive day ranges, merged so overlaps count once.
  std::vector<std::pair<Date, Date>> stopped;
  for (const auto& stop : stops) {
    const Date from = std::max(stop.from, start);
    const Date to = std::min(stop.to ? *stop.to - 1 : end, end);
    if (from <= to) stopped.emplace_back(from, to);
  }
  std::sort(stopped.begin(), stopped.end());
  int days = (end - start) + 1;
  std::optional<std::pair<Date, Date>> run;
  for (const auto& range : stopped) {
    if (run && range.first <= run->second + 1) {
      run->second = std::max(run->second, range.second);
      continue;
    }
    if (run) days -= (run->second - run->first) + 1;
    run = range;
  }
  if (run) days -= (run->second - run->first) + 1;
  return days;
}

Result<std::vector<PlannedInstalment>> payment_schedule(const FeeSettings& fee, const ScheduleInput& input) {
  if (input.fee < 0) return invalid("fee", fmt::format("{} must not be negative", input.fee));
  if (input.fee <= fee.exempt_up_to) return std::vector<PlannedInstalment>{}; // §21: declared, not paid
  const FeeTerms& terms = fee.terms;
  std::vector<PlannedInstalment> plan;
  switch (input.plan) {
  case PaymentPlan::full: plan.push_back({1, InstalmentKind::full, input.fee, input.first_due}); return plan;
  case PaymentPlan::halves: {
    if (input.fee <= terms.full_until)
      return invalid("plan", fmt::format("a fee of {} is paid in full (halves from {})", format_ntd(input.fee),
                                         format_ntd(terms.full_until + 1)));
    if (input.fee >= terms.instalments_from)
      return invalid("plan", fmt::format("a fee of {} is paid in full or in instalments, not in halves (halves "
                                         "below {})",
                                         format_ntd(input.fee), format_ntd(terms.instalments_from)));
    if (input.permit_due < input.first_due)
      return invalid("plan", fmt::format("the second half's due date {} is before the first's {}",
                                         input.permit_due.iso(), input.first_due.iso()));
    const std::int64_t second = input.fee / 2;
    plan.push_back({1, InstalmentKind::half, input.fee - second, input.first_due});
    plan.push_back({2, InstalmentKind::half, second, input.permit_due});
    return plan;
  }
  case PaymentPlan::instalments: {
    if (input.fee < terms.instalments_from)
      return invalid("plan", fmt::format("a fee of {} cannot be paid in instalments (from {})", format_ntd(input.fee),
                                         format_ntd(terms.instalments_from)));
    const auto n = static_cast<std::int64_t>(input.dates.size());
    if (n < 2 || n > terms.max_instalments)
      return invalid("dates", fmt::format("instalments need 2 to {} due dates, not {}", terms.max_instalments, n));
    for (std::size_t i = 1; i < input.dates.size(); ++i)
      if (input.dates[i] <= input.dates[i - 1])
        return invalid("dates", fmt::format("instalment due dates must increase: {} is not after {}",
                                            input.dates[i].iso(), input.dates[i - 1].iso()));
    // Equal amounts; the remainder is paid with the first, so no instalment is a fraction.
    const std::int64_t each = input.fee / n;
    const std::int64_t remainder = input.fee - each * n;
    for (std::int64_t i = 0; i < n; ++i)
      plan.push_back({static_cast<int>(i + 1), InstalmentKind::instalment, each + (i == 0 ? remainder : 0),
                      input.dates[static_cast<std::size_t>(i)]});
    return plan;
  }
  }
  return invalid("plan", "unknown payment plan");
}

Date first_due_date(const FeeLateRules& late, Date start, Date approved_on, bool public_works, bool declared_late) {
  if (declared_late) return start; // found under way: no grace (§5 ¶3)
  const Date from = std::max(start, approved_on);
  return from + (public_works ? late.grace_days_public : late.grace_days_private);
}

} // namespace epb
