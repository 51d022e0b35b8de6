// epb fee quote: the calculator (試算) a counter clerk and a builder use. Reads only the config;
// the arithmetic is quote_fee()'s (lib/epb/fee/fee_quote.cpp), exact and rounded once.
#include "commands.hpp"
#include "fee_verbs.hpp"

#include "epb/fee/fee.hpp"

#include <fmt/format.h>

#include <memory>
#include <optional>
#include <string>

namespace epb::cli {

namespace {

struct QuoteOptions {
  std::string category;
  std::string quantity;
  std::optional<int> days;
  std::string start;
  std::string end;
  std::optional<int> level;
};

// A Ratio for people and for the JSON strings: `digits` decimals at most, no trailing zeros.
std::string trimmed(const Ratio& r, int digits) {
  std::string text = r.str(digits);
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0')
      text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return text;
}

// trimmed() for people: "≈ 3.333333" when the digits shown are not the whole value.
std::string shown(const Ratio& r, int digits) {
  const std::string text = trimmed(r, digits);
  const auto value = Decimal::parse(text);
  return value && Ratio(*value) == r ? text : "≈ " + text;
}

Decimal parse_quantity(std::string_view text) {
  auto quantity = Decimal::parse(text);
  if (!quantity) throw ProblemError(Problem{Fault::invalid, "--quantity", quantity.error().why});
  if (quantity->is_negative() || quantity->is_zero())
    throw ProblemError(Problem{Fault::invalid, "--quantity", fmt::format("'{}' must be greater than 0", text)});
  return *quantity;
}

// The days counted: --days, or --start to --end inclusive; none when neither is given.
std::optional<int> counted(const QuoteOptions& o) {
  const bool dates = !o.start.empty() || !o.end.empty();
  if (o.days && dates)
    throw ProblemError(Problem{Fault::usage, "--days", "give --days or --start and --end, not both"});
  if (!dates) return o.days;
  if (o.start.empty()) throw ProblemError(Problem{Fault::usage, "--start", "required with --end"});
  if (o.end.empty()) throw ProblemError(Problem{Fault::usage, "--end", "required with --start"});
  const Date start = parse_date_option("--start", o.start);
  const Date end = parse_date_option("--end", o.end);
  if (end < start)
    throw ProblemError(
        Problem{Fault::invalid, "--end", fmt::format("{} is before --start {}", end.iso(), start.iso())});
  // The dates get the bound --days has (a start typed as year 0107 must not quote 1,900 years).
  const int days = (end - start) + 1;
  if (days > k_max_work_days)
    throw ProblemError(Problem{Fault::invalid, "--end",
                               fmt::format("{} days from --start {}: at most {}", days, start.iso(), k_max_work_days)});
  return days;
}

const std::vector<Column>& columns() {
  using T = Column::Type;
  static const std::vector<Column> k_columns{
      {"category", T::text}, {"category_name", T::text},  {"basis", T::text},        {"timed", T::boolean},
      {"quantity", T::text}, {"days", T::integer},        {"months", T::text},       {"scale", T::text},
      {"level", T::integer}, {"level_given", T::boolean}, {"level_reason", T::text}, {"rate", T::text},
      {"factor", T::text},   {"exact", T::text},          {"fee", T::integer},       {"exempt", T::boolean}};
  return k_columns;
}

std::string_view flag(bool value) { return value ? "true" : "false"; }

void print_rows(Context& context, const FeeQuote& q, const Decimal& quantity) {
  const FeeCategory& c = *q.category;
  const Format format = context.format();
  // --format json is one object, like the other verbs that report one thing.
  auto writer = make_row_writer(format == Format::json ? Format::jsonl : format, context.out(), columns());
  writer->row({c.code, context.english() ? c.name_en : c.name_zh, std::string(fee_basis_name(c.basis)),
               std::string(flag(c.timed)), quantity.str(), c.timed ? std::to_string(q.days) : std::string(),
               trimmed(q.months, 6), trimmed(q.scale, 6), std::to_string(q.level), std::string(flag(q.level_given)),
               q.level_reason, q.rate.str(), q.factor.str(), trimmed(q.exact, 6), std::to_string(q.fee),
               std::string(flag(q.exempt))});
  writer->finish();
}

void print_table(Context& context, const FeeSettings& settings, const FeeQuote& q, const Decimal& quantity) {
  const FeeCategory& c = *q.category;
  const std::string_view unit = fee_basis_unit(c.basis);
  auto& out = context.out();
  out << fmt::format("fee       {}{}\n", format_ntd(q.fee),
                     q.exempt
                         ? fmt::format(" (exempt: at most {} is declared, not paid)", format_ntd(settings.exempt_up_to))
                         : std::string());
  out << fmt::format("category  {} {}\n", c.code, context.english() ? c.name_en : c.name_zh);
  out << fmt::format("level     {} ({})\n", q.level, q.level_reason);
  if (c.basis == FeeBasis::ntd)
    out << fmt::format("quantity  NT${} (the contract amount)\n", quantity.str());
  else
    out << fmt::format("quantity  {} {}\n", quantity.str(), unit);
  if (c.timed)
    out << fmt::format("months    {} ({} days / 30)\n", shown(q.months, 6), q.days);
  else
    out << "months    none: not charged by time\n";
  if (c.basis == FeeBasis::ntd)
    out << fmt::format("rate      {} of the amount\n", q.rate.str());
  else
    out << fmt::format("rate      NT${} per {}{}\n", q.rate.str(), unit, c.timed ? " a month" : "");
  out << fmt::format("factor    {}\n", q.factor.str());
  out << fmt::format("exact     {} ({}, once)\n", shown(q.exact, 6),
                     settings.rounding == Rounding::truncate ? "truncated" : "rounded half away from zero");
}

void run_quote(Context& context, const QuoteOptions& o) {
  const std::optional<int> days = counted(o);
  const Decimal quantity = parse_quantity(o.quantity);
  const FeeSettings& settings = context.config().fee;
  auto quote = quote_fee(settings, FeeQuoteInput{o.category, quantity, days, o.level});
  if (!quote) {
    Problem problem = std::move(quote.error());
    // The library names its field; the user typed an option.
    if (problem.what == "days")
      problem.what = o.start.empty() ? "--days" : "--start";
    else if (!problem.what.empty())
      problem.what = "--" + problem.what;
    throw ProblemError(std::move(problem));
  }
  if (context.format() == Format::table)
    print_table(context, settings, *quote, quantity);
  else
    print_rows(context, *quote, quantity);
}

} // namespace

void add_fee_quote(CLI::App& parent, Context& context) {
  auto o = std::make_shared<QuoteOptions>();
  auto* cmd = parent.add_subcommand(
      "quote", "Compute the fee of a category, quantity and duration (試算): whole NT$, exact, rounded once");
  cmd->add_option("--category", o->category, "the category code, 1-9, A, B or Z (see epb config show)")->required();
  cmd->add_option("--quantity", o->quantity,
                  "area (m² or ha), volume (m³) or contract amount (NT$) by the category, e.g. 1000 or 2.5")
      ->required();
  cmd->add_option("--days", o->days, "calendar days of work (timed categories)")
      ->check(whole_number("--days", 1, k_max_work_days));
  cmd->add_option("--start", o->start, "the first day of work (ISO or ROC), with --end instead of --days");
  cmd->add_option("--end", o->end, "the last day of work (ISO or ROC), counted");
  cmd->add_option("--level", o->level, "impose level 1, 2 or 3 instead of deriving it")
      ->check(whole_number("--level", 1, 3));
  text_checked(cmd, {{"--category", TextKind::code},
                     {"--quantity", TextKind::code},
                     {"--start", TextKind::code},
                     {"--end", TextKind::code}});
  cmd->callback([&context, o] { run_quote(context, *o); });
}

} // namespace epb::cli
