// The quote (試算, DOMAIN.md §6): the level by the rules, months = days / 30 unrounded, and the
// fee quantity × rate × factor × days / 30 in exact arithmetic, rounded once.
#include "epb/fee/fee.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <vector>

namespace epb {

namespace {

constexpr int k_days_a_month = 30;

// A Ratio for people: two decimals at most, no trailing zeros ("6666.67", "3000").
std::string shown(const Ratio& r) {
  std::string text = r.str(2);
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0')
      text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return text;
}

// quantity × rate × factor (× days / 30 when timed): the exact amount before its one rounding.
Ratio exact_fee(const FeeCategory& category, const Decimal& quantity, const Decimal& rate, int days) {
  Ratio exact = Ratio(quantity) * rate * category.local_factor;
  if (category.timed) exact = exact * std::int64_t{days} / k_days_a_month;
  return exact;
}

struct LevelChoice {
  int level = 2;
  std::string reason;
};

Result<LevelChoice> derive_level(const FeeSettings& fee, const FeeCategory& category, const FeeQuoteInput& input,
                                 int days, const Ratio& scale) {
  const std::string scale_unit = category.timed ? fmt::format("{}·month", fee_basis_unit(category.basis))
                                                : std::string(fee_basis_unit(category.basis));
  const std::string scale_text = fmt::format("scale {} {}", shown(scale), scale_unit);
  if (category.level1_from && scale >= Ratio(*category.level1_from))
    return LevelChoice{1, fmt::format("{} ≥ {}", scale_text, category.level1_from->str())};

  // Level 3: every condition that applies holds; the reason lists them, or the ones that fail.
  std::vector<std::string> held;
  std::vector<std::string> failed;
  const auto level3 = exact_fee(category, input.quantity, category.rates[2], days).round(fee.rounding);
  if (!level3) return invalid("quantity", level3.error().why);
  const auto& rule = fee.level3;
  (*level3 < rule.max_fee ? held : failed)
      .push_back(fmt::format("level-3 fee {} {} {}", *level3, *level3 < rule.max_fee ? "<" : "≥", rule.max_fee));
  if (category.basis == FeeBasis::m2 || category.basis == FeeBasis::ha) {
    const Ratio area_m2 = category.basis == FeeBasis::ha ? Ratio(input.quantity) * 10000 : Ratio(input.quantity);
    const bool small = area_m2 < Ratio(rule.max_area_m2);
    (small ? held : failed)
        .push_back(fmt::format("area {} m² {} {} m²", shown(area_m2), small ? "<" : "≥", rule.max_area_m2.str()));
  }
  if (category.timed) {
    const bool short_works = days < rule.max_days;
    (short_works ? held : failed).push_back(fmt::format("{} days {} {}", days, short_works ? "<" : "≥", rule.max_days));
  }
  if (failed.empty()) return LevelChoice{3, fmt::format("{}", fmt::join(held, ", "))};
  const std::string not_level1 = category.level1_from ? fmt::format("{} < {}", scale_text, category.level1_from->str())
                                                      : fmt::format("{} (no level-1 threshold)", scale_text);
  return LevelChoice{2, fmt::format("{}, {}", not_level1, fmt::join(failed, ", "))};
}

} // namespace

Result<FeeQuote> quote_fee(const FeeSettings& fee, const FeeQuoteInput& input) {
  const FeeCategory* category = fee.category(input.category);
  if (!category) {
    std::vector<std::string> codes;
    for (const auto& c : fee.categories)
      codes.push_back(c.code);
    return invalid("category", fmt::format("unknown category '{}' (categories: {})", input.category,
                                           codes.empty() ? std::string("none configured")
                                                         : fmt::format("{}", fmt::join(codes, ", "))));
  }
  if (input.quantity.is_negative())
    return invalid("quantity", fmt::format("'{}' must not be negative", input.quantity.str()));
  if (category->timed && !input.days)
    return invalid("days", fmt::format("category {} ({}) is charged by the month: the days are required",
                                       category->code, category->name_en));
  if (!category->timed && input.days)
    return invalid("days", fmt::format("category {} ({}) is not charged by time: it takes no days", category->code,
                                       category->name_en));
  if (input.days && *input.days < 0) return invalid("days", fmt::format("{} must not be negative", *input.days));
  if (input.level && (*input.level < 1 || *input.level > 3))
    return invalid("level", fmt::format("level {} must be 1, 2 or 3", *input.level));

  FeeQuote quote;
  quote.category = category;
  quote.days = category->timed ? *input.days : 0;
  quote.months = category->timed ? Ratio(std::int64_t{quote.days}) / k_days_a_month : Ratio(1);
  quote.scale = Ratio(input.quantity) * quote.months;
  if (input.level) {
    quote.level = *input.level;
    quote.level_given = true;
    quote.level_reason = "given";
  } else {
    auto choice = derive_level(fee, *category, input, quote.days, quote.scale);
    if (!choice) return std::unexpected(choice.error());
    quote.level = choice->level;
    quote.level_reason = std::move(choice->reason);
  }
  quote.rate = category->rates[static_cast<std::size_t>(quote.level - 1)];
  quote.factor = category->local_factor;
  quote.exact = exact_fee(*category, input.quantity, quote.rate, quote.days);
  if (input.double_rate) quote.exact = quote.exact * 2; // Act §75
  auto rounded = quote.exact.round(fee.rounding);
  if (!rounded) return invalid("quantity", rounded.error().why);
  quote.fee = *rounded;
  quote.exempt = quote.fee <= fee.exempt_up_to;
  return quote;
}

} // namespace epb
