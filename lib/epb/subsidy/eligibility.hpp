#pragma once
// Eligibility of a subsidy application (DOMAIN.md §5): every rule that fails, with a stable
// reason code (for csv/json and tests) and a sentence for people.
#include "epb/cases/case.hpp"
#include "epb/config/config.hpp"
#include "epb/ledger/ledger.hpp"
#include "epb/subsidy/subsidy.hpp"

#include <string>
#include <vector>

namespace epb {

struct RuleFailure {
  std::string code; // made_after_cutoff, outside_year, applied_late, household_pending, not_registered,
                    // scrapped_plate_subsidised, certificate_subsidised, person_subsidised,
                    // new_plate_subsidised, new_frame_subsidised, budget_exhausted, no_programme
  std::string text;
};

// Every failed rule, in the order above. The budget rule counts the other applications
// already approved or paid against the programme's caps; an application approved already
// (its amount frozen) is not checked against the budget again.
std::vector<RuleFailure> check_eligibility(Ledger& ledger, const SubsidySettings& settings, const Case& c,
                                           const SubsidyApplication& a);

// "code: text; code: text" for a refusal's `why`.
std::string describe_failures(const std::vector<RuleFailure>& failures);

} // namespace epb
