// A project's statement (fee_statement.hpp).
#include "epb/fee/fee_statement.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace epb {

FeeStatement fee_statement(const FeeSettings& fee, const FeeProjectDetail& d,
                           const std::vector<FeePaymentRow>& payments, Date as_of) {
  FeeStatement out;
  auto& lines = out.lines;
  // As of `as_of` the ledger holds what was recorded by the end of that day: a statement of a
  // past day reads the same whatever was recorded after it (payments, a settlement).
  const auto recorded = [&](Instant at) { return at.taipei_date() <= as_of; };
  const bool settled_later = std::any_of(d.declarations.begin(), d.declarations.end(), [&](const FeeDeclaration& x) {
    return x.kind == FeeDeclarationKind::settlement && !recorded(x.declared_at);
  });
  const auto issued = [&](const FeeInstalment& i) {
    return std::none_of(d.declarations.begin(), d.declarations.end(),
                        [&](const FeeDeclaration& x) { return x.id == i.declaration_id && !recorded(x.declared_at); });
  };
  const auto counts = [&](const FeePaymentRow& p) { return recorded(p.recorded_at); };
  const auto paid_as_of = [&](const FeeInstalment& i) {
    return std::any_of(payments.begin(), payments.end(),
                       [&](const FeePaymentRow& p) { return p.instalment_id == i.id && counts(p); });
  };
  const auto open_as_of = [&](const FeeInstalment& i) {
    switch (i.state) {
    case FeeInstalmentState::open: return true;
    case FeeInstalmentState::paid: return !paid_as_of(i);
    case FeeInstalmentState::cancelled: return settled_later;
    }
    return false;
  };
  lines.push_back({.entry = "project",
                   .date = d.p.start(),
                   .item = d.c.ref,
                   .state = std::string(fee_project_state_name(
                       settled_later && d.p.state == FeeProjectState::settled ? FeeProjectState::declared : d.p.state)),
                   .note = fmt::format("category {}, quantity {}, {} to {}{}", d.p.category, d.p.quantity.str(),
                                       d.p.planned_start.iso(), d.p.planned_end.iso(),
                                       d.p.permit.empty() ? "" : ", permit " + d.p.permit)});
  for (const FeeDeclaration& x : d.declarations) {
    if (!recorded(x.declared_at)) continue;
    const bool settlement = x.kind == FeeDeclarationKind::settlement;
    lines.push_back({.entry = settlement ? "settlement" : "declaration",
                     .date = x.declared_at.taipei_date(),
                     .item = fmt::format("level {}", x.level),
                     .amount = x.fee,
                     .state = x.exempt ? "exempt" : std::string(payment_plan_name(x.plan)),
                     // The quantity too: a settlement's actual figure is what changed the fee.
                     .note = fmt::format("quantity {}, {} to {}, {} days counted ({} stopped), rate {}{}",
                                         x.quantity.str(), x.start_date.iso(), x.end_date.iso(), x.days, x.stop_days,
                                         x.rate.str(), x.double_rate ? ", double rate: " + x.reason : "")});
    if (settlement && x.refund > 0) {
      lines.push_back({.entry = "refund", .date = x.declared_at.taipei_date(), .amount = x.refund});
      out.refund += x.refund;
    }
    if (settlement && x.topup > 0)
      lines.push_back({.entry = "topup", .date = x.declared_at.taipei_date(), .amount = x.topup});
  }
  std::int64_t principal = 0, surcharge = 0, interest = 0;
  for (const FeeInstalment& i : d.instalments) {
    if (!issued(i)) continue;
    StatementLine line{.entry = "instalment",
                       .date = i.due,
                       .item = i.slip,
                       .amount = i.amount,
                       .principal = i.amount,
                       .state = std::string(fee_instalment_state_name(i.state)),
                       .note = std::string(instalment_kind_name(i.kind))};
    if (open_as_of(i)) {
      line.state = std::string(fee_instalment_state_name(FeeInstalmentState::open));
      const LateCharge charge = late_charge(fee, i.amount, i.due, as_of);
      line.surcharge = charge.surcharge;
      line.interest = charge.interest;
      line.amount = charge.total;
      if (charge.days_late > 0) line.note += fmt::format(", {} days late", charge.days_late);
      principal += i.amount;
      surcharge += charge.surcharge;
      interest += charge.interest;
    } else if (i.state == FeeInstalmentState::cancelled) {
      line.note += ", " + i.cancelled_reason;
    }
    lines.push_back(std::move(line));
  }
  for (const FeePaymentRow& p : payments)
    if (counts(p))
      lines.push_back({.entry = "payment",
                       .date = p.paid_on,
                       .item = p.slip,
                       .amount = p.amount,
                       .principal = p.principal,
                       .surcharge = p.surcharge,
                       .interest = p.interest,
                       .state = "paid",
                       .note = fmt::format("{} {}", p.collector, p.txn_id)});
  for (const FeeStop& s : d.stops)
    lines.push_back({.entry = "stop",
                     .date = s.stopped_on,
                     .state = s.resumed_on ? "resumed" : "stopped",
                     .note = s.resumed_on ? "resumed " + s.resumed_on->iso() : "work stands still"});
  out.balance = principal + surcharge + interest;
  lines.push_back({.entry = "balance",
                   .date = as_of,
                   .item = d.c.ref,
                   .amount = out.balance,
                   .principal = principal,
                   .surcharge = surcharge,
                   .interest = interest,
                   .state = out.balance > 0  ? "owed"
                            : out.refund > 0 ? "refund due"
                                             : "settled",
                   .note = out.refund > 0 ? fmt::format("refund NT${} to the payer", out.refund) : ""});
  return out;
}

} // namespace epb
