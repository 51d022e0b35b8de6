// FeeCaseKind: the fee rules a generic `epb case` verb must keep on a construction project.
#include "epb/fee/fee_kind.hpp"
#include "epb/config/config.hpp"
#include "epb/core/text.hpp"
#include "epb/fee/fee_store.hpp"
#include "epb/validate/money.hpp"

#include <fmt/format.h>

namespace epb {
namespace {

std::string what(const Case& c) { return fmt::format("case {}", c.ref); }

} // namespace

Result<void> FeeCaseKind::check_intake(const KindScope& /*scope*/, const Case& c, const DomainIntake* domain) const {
  if (!domain || domain->kind() != k_fee_kind)
    return invalid(fmt::format("service {}", c.service),
                   "a construction fee project is registered with epb fee project add");
  return {};
}

Result<void> FeeCaseKind::guard_move(const KindScope& scope, const Case& c, const CaseMove& move) const {
  FeeStore store(scope.ledger);
  const auto project = store.project_by_case(c.id);
  if (!project) return invalid(what(c), "has no fee project row (opened outside epb fee project add)");
  const bool declared = project->state != FeeProjectState::registered;
  if (move.verb == CaseVerb::reopen) {
    if (declared)
      return invalid(what(c), fmt::format("is {}: a declared project is not reopened (its fee, slips and payments "
                                          "stand); changed figures are settled with epb fee settle",
                                          fee_project_state_name(project->state)));
    return {};
  }
  if (move.to.code == "approved") {
    // epb fee declare records the declaration first, in the same transaction, then moves.
    if (!store.declaration(c.id, FeeDeclarationKind::start))
      return invalid(what(c), "is approved (核定) only by epb fee declare, which computes the fee and its schedule");
    return {};
  }
  if (move.to.code == "rejected") {
    if (declared) return invalid(what(c), "was declared: a declared project is not rejected");
    if (trim(move.note).empty()) return invalid(what(c), "a rejection needs a reason");
    return {};
  }
  if (move.to.final) {
    const FeeAmounts amounts = store.amounts(c.id);
    if (amounts.open > 0)
      return invalid(what(c), fmt::format("has NT${} unpaid in open instalments: a project is closed when paid and "
                                          "settled",
                                          format_money(amounts.open)));
  }
  return {};
}

Result<void> FeeCaseKind::guard_change(const KindScope& scope, const Case& c, CaseVerb verb) const {
  // Fail closed: a case of a fee service without its project (the service's kind changed in
  // the config) is read, not changed.
  if (!FeeStore(scope.ledger).project_by_case(c.id))
    return invalid(what(c), "has no fee project row (opened outside epb fee project add)");
  if (verb == CaseVerb::import)
    return invalid(what(c), "a fee project is not changed by epb case import (--on-duplicate update)");
  return {};
}

const CaseKind& fee_case_kind() {
  static const FeeCaseKind kind;
  return kind;
}

} // namespace epb
