#pragma once
// The fee case kind (config `kind = "fee"`): a construction project's declaration review is a
// case, but its fee, schedule, slips and settlement live in the fee tables, so the generic case
// verbs must not open, approve, reopen or close a project behind the fee rules' back
// (case_kind.hpp). `epb fee project add` and `epb fee declare` are the ways in.
#include "epb/cases/case_kind.hpp"

namespace epb {

// The code of the fee intake (DomainIntake::kind()).
inline constexpr std::string_view k_fee_kind = "fee";

class FeeCaseKind : public CaseKind {
public:
  std::string_view code() const override { return k_fee_kind; }
  // Refuses generic intake (`epb case open`, `epb case import`): a project needs its fee_project
  // row, written by `epb fee project add`.
  Result<void> check_intake(const KindScope& scope, const Case& c, const DomainIntake* domain) const override;
  // approved (核定): only once the declaration is recorded (`epb fee declare` writes it, then
  // moves); rejected: a reason, and never after a declaration; any other closing state: not
  // while instalments are unpaid; reopen: never once declared (the fee, slips and payments
  // stand; a changed project is settled).
  Result<void> guard_move(const KindScope& scope, const Case& c, const CaseMove& move) const override;
  // The owner is the fee_project row's too: an import's --on-duplicate update would split them.
  // A case without its fee_project row (its service made a fee service later) is not changed.
  Result<void> guard_change(const KindScope& scope, const Case& c, CaseVerb verb) const override;
};

const CaseKind& fee_case_kind();

} // namespace epb
