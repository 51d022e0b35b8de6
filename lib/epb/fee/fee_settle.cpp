// FeeDesk: stop-work periods (停工 → 復工) and the settlement (結算) on actual figures.
#include "epb/core/subject.hpp"
#include "epb/core/text.hpp"
#include "epb/core/text_policy.hpp"
#include "epb/fee/fee_desk.hpp"
#include "epb/io/field_parsers.hpp"
#include "epb/output/json.hpp"
#include "epb/validate/money.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace epb {
namespace {

std::string what(const Case& c) { return fmt::format("project {}", c.ref); }

// A work date: ISO or ROC, not after the clock's date (a stop or an end is reported, not foreseen).
Result<Date> work_date(std::string_view option, std::string_view text, Date today) {
  auto date = parse::date(option, trim(text));
  if (!date) return date;
  if (*date > today)
    return invalid(std::string(option), fmt::format("{} is after the clock's date ({})", date->iso(), today.iso()));
  return date;
}

} // namespace

Result<FeeStop> FeeDesk::stop(const Stamp& stamp, std::string_view project, std::string_view on) {
  auto date = work_date("--on", on, stamp.at.taipei_date());
  if (!date) return std::unexpected(date.error());
  sql::Transaction transaction(m_ledger.db());
  auto found = find_changeable(stamp, project);
  if (!found) return std::unexpected(found.error());
  const FeeProject& p = found->p;
  const auto stops = m_store.stops(p.case_id);
  if (!stops.empty() && !stops.back().resumed_on)
    return invalid(what(found->c), fmt::format("work is stopped already since {} (epb fee resume it first)",
                                               stops.back().stopped_on.iso()));
  if (*date < p.start() || *date > p.planned_end)
    return invalid(
        "--on", fmt::format("{} is outside the project ({} to {})", date->iso(), p.start().iso(), p.planned_end.iso()));
  for (const FeeStop& s : stops)
    if (*date < *s.resumed_on)
      return invalid("--on", fmt::format("{} is before the end of an earlier stop ({} to {})", date->iso(),
                                         s.stopped_on.iso(), s.resumed_on->iso()));
  FeeStop stop{0, p.case_id, *date, std::nullopt};
  stop.id = m_store.insert_stop(p.case_id, *date);
  m_desk.record_change(stamp, found->c.ref, "fee-stop", JsonObject().add("on", date->iso()).str());
  transaction.commit();
  return stop;
}

Result<FeeStop> FeeDesk::resume(const Stamp& stamp, std::string_view project, std::string_view on) {
  auto date = work_date("--on", on, stamp.at.taipei_date());
  if (!date) return std::unexpected(date.error());
  sql::Transaction transaction(m_ledger.db());
  auto found = find_changeable(stamp, project);
  if (!found) return std::unexpected(found.error());
  auto open = m_store.open_stop(found->p.case_id);
  if (!open) return invalid(what(found->c), "work is not stopped (epb fee stop records a stop first)");
  if (*date <= open->stopped_on)
    return invalid("--on", fmt::format("{} is not after the stop ({})", date->iso(), open->stopped_on.iso()));
  m_store.resume_stop(open->id, *date);
  open->resumed_on = *date;
  m_desk.record_change(stamp, found->c.ref, "fee-resume",
                       JsonObject()
                           .add("on", date->iso())
                           .add("stopped_on", open->stopped_on.iso())
                           .add("days", *date - open->stopped_on)
                           .str());
  transaction.commit();
  return *open;
}

// What was assessed and still stands (paid + open) against the settled fee: a top-up beyond
// it; below it, open instalments cancelled from the latest due back ('settled'), the part of
// the last one cancelled that the settled fee still needs issued again with its kind and its due
// date (its lateness is not forgiven); below what was paid, a refund of the difference.
void FeeDesk::settle_instalments(const Stamp& stamp, FeeAssessment& out, std::int64_t fee) {
  const FeeAmounts amounts = m_store.amounts(out.c.id);
  const std::int64_t standing = amounts.paid + amounts.open;
  FeeDeclaration& d = out.declaration;
  const FeeProjectCase project{out.c, out.p};
  if (fee >= standing) {
    d.topup = fee - standing;
    if (d.topup > 0)
      out.issued.push_back(
          issue(project, d.id, InstalmentKind::topup, d.topup, stamp.at.taipei_date() + m_config.fee.late.topup_days));
    return;
  }
  d.refund = std::max<std::int64_t>(0, amounts.paid - fee);
  std::int64_t excess = standing - fee;
  auto instalments = m_store.instalments(out.c.id);
  std::ranges::stable_sort(instalments, [](const FeeInstalment& a, const FeeInstalment& b) { return a.due > b.due; });
  for (const FeeInstalment& i : instalments) {
    if (excess <= 0) break;
    if (i.state != FeeInstalmentState::open) continue;
    m_store.cancel_instalment(i.id, "settled");
    FeeInstalment cancelled = i;
    cancelled.state = FeeInstalmentState::cancelled;
    cancelled.cancelled_reason = "settled";
    out.cancelled.push_back(cancelled);
    excess -= i.amount;
    if (excess < 0) out.issued.push_back(issue(project, d.id, i.kind, -excess, i.due));
  }
}

Result<FeeAssessment> FeeDesk::settle(const Stamp& stamp, std::string_view project, const FeeSettleInput& input) {
  const Date today = stamp.at.taipei_date();
  auto quantity = Decimal::parse(trim(input.quantity));
  if (!quantity) return invalid("--quantity", quantity.error().message());
  if (quantity->is_negative() || quantity->is_zero())
    return invalid("--quantity", fmt::format("{} is not a positive quantity", quantity->str()));
  auto end = work_date("--end", input.end, today);
  if (!end) return std::unexpected(end.error());
  if (auto checked = check_text(TextKind::line, "--reason", input.reason); !checked)
    return std::unexpected(checked.error());
  const std::string reason(trim(input.reason));
  if (input.double_rate && reason.empty())
    return invalid("--reason", "the double rate (Act §75) needs the reason: a short or false declaration");
  if (!input.double_rate && !reason.empty()) return invalid("--reason", "is the reason for --double-rate");
  sql::Transaction transaction(m_ledger.db());
  auto found = find_changeable(stamp, project);
  if (!found) return std::unexpected(found.error());
  const Case& c = found->c;
  const FeeProject& p = found->p;
  if (p.state != FeeProjectState::declared)
    return invalid(what(c), "is not declared yet: epb fee declare comes before the settlement");
  const auto declared = m_store.declaration(c.id, FeeDeclarationKind::start);
  if (!declared) return invalid(what(c), "has no start declaration");
  if (auto parts = case_ref_parts(c.ref); !parts) return std::unexpected(parts.error());
  const Date start = p.start();
  if (*end < start) return invalid("--end", fmt::format("{} is before the start ({})", end->iso(), start.iso()));
  auto computed = assess(stamp, *found, FeeDeclarationKind::settlement, *quantity, *end);
  if (!computed) return std::unexpected(computed.error());
  const FeeQuote& quote = computed->first;
  std::int64_t settled = quote.fee;
  if (input.double_rate) {
    // Act §75: what the declaration left out is charged at twice the rate.
    if (settled <= declared->fee)
      return invalid("--double-rate", fmt::format("the settled fee NT${} is not above the declared NT${}: there is no "
                                                  "shortfall to charge at twice the rate",
                                                  format_money(settled), format_money(declared->fee)));
    // Checked: a fee near the int64 limit would wrap to a negative one.
    std::int64_t doubled = 0;
    if (__builtin_mul_overflow(settled - declared->fee, std::int64_t{2}, &doubled) ||
        __builtin_add_overflow(declared->fee, doubled, &settled))
      return invalid("--quantity", "the fee at twice the rate is too large for whole NT$");
  }

  FeeAssessment out{c, p, quote, std::move(computed->second), {}, {}};
  FeeDeclaration& d = out.declaration;
  d.fee = settled;
  d.exempt = settled <= m_config.fee.exempt_up_to; // §21: declared, not paid
  d.plan = declared->plan;
  d.double_rate = input.double_rate;
  d.reason = reason;
  d.id = m_store.insert_declaration(d);
  settle_instalments(stamp, out, d.exempt ? 0 : settled);
  m_store.set_settlement_result(d.id, d.refund, d.topup);
  m_store.set_project_state(c.id, FeeProjectState::settled);
  out.p.state = FeeProjectState::settled;
  std::string cancelled;
  for (const FeeInstalment& i : out.cancelled)
    cancelled += (cancelled.empty() ? "" : ",") + i.slip;
  std::string issued;
  for (const FeeInstalment& i : out.issued)
    issued += (issued.empty() ? "" : ",") + i.slip;
  JsonObject detail;
  detail.add("fee", d.fee)
      .add("declared", declared->fee)
      .add("days", d.days)
      .add("refund", d.refund)
      .add("topup", d.topup)
      .add("double_rate", d.double_rate)
      .add("cancelled", cancelled)
      .add("slips", issued);
  if (!reason.empty()) detail.add("reason", reason);
  m_desk.record_change(stamp, c.ref, "fee-settle", detail.str());
  transaction.commit();
  return out;
}

} // namespace epb
