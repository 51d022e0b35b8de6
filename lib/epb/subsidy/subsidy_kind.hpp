#pragma once
// The subsidy case kind (config `kind = "subsidy"`): the rules every verb on a subsidy case
// keeps, whether `epb subsidy approve` or a generic `epb case move` asks (case_kind.hpp).
#include "epb/cases/case_kind.hpp"

namespace epb {

// The code of the subsidy intake (DomainIntake::kind()).
inline constexpr std::string_view k_subsidy_kind = "subsidy";

class SubsidyCaseKind : public CaseKind {
public:
  std::string_view code() const override { return k_subsidy_kind; }
  // Refuses generic intake: an application needs its subsidy row.
  Result<void> check_intake(const KindScope& scope, const Case& c, const DomainIntake* domain) const override;
  // approved: eligibility and budget re-run; paid: only after the payment engine recorded the
  // payment; rejected: a reason; the pause state (補件): once; a correction after
  // correction_days only when the case was extended under the SOP's policy.
  Result<void> guard_move(const KindScope& scope, const Case& c, const CaseMove& move) const override;
  // approved: the amount is frozen (and so committed against the budget); the pause state:
  // the correction is counted with what is missing; rejected or withdrawn: the reason kept.
  Result<void> entered(const KindScope& scope, const Case& c, const CaseMove& move) const override;
  // An extension is the SOP's way to give a late correction more time: only while paused.
  Result<void> guard_change(const KindScope& scope, const Case& c, CaseVerb verb) const override;
};

const CaseKind& subsidy_case_kind();

} // namespace epb
