// SubsidyCaseKind: eligibility, budget, payment and the one-correction rule as move guards.
#include "epb/subsidy/subsidy_kind.hpp"
#include "epb/calendar/deadline.hpp"
#include "epb/cases/case_store.hpp"
#include "epb/config/config.hpp"
#include "epb/core/text.hpp"
#include "epb/subsidy/eligibility.hpp"
#include "epb/subsidy/subsidy_notices.hpp"
#include "epb/subsidy/subsidy_store.hpp"

#include <fmt/format.h>

namespace epb {
namespace {

constexpr std::int64_t k_seconds_per_day = 86400;

std::string what(const Case& c) { return fmt::format("case {}", c.ref); }

Result<SubsidyApplication> application(const KindScope& scope, const Case& c) {
  auto a = SubsidyStore(scope.ledger).find_by_case(c.id);
  if (!a) return invalid(what(c), "has no subsidy application row (opened outside epb subsidy apply/import)");
  return *a;
}

} // namespace

Result<void> SubsidyCaseKind::check_intake(const KindScope& /*scope*/, const Case& c,
                                           const DomainIntake* domain) const {
  if (!domain || domain->kind() != k_subsidy_kind)
    return invalid(fmt::format("service {}", c.service),
                   "a subsidy application is opened with epb subsidy apply or epb subsidy import");
  return {};
}

Result<void> SubsidyCaseKind::guard_move(const KindScope& scope, const Case& c, const CaseMove& move) const {
  auto a = application(scope, c);
  if (!a) return std::unexpected(a.error());
  const SubsidySettings& settings = scope.config.subsidy;
  // A paid application stays paid: reopened, it would be approved (and payable) again.
  if (move.verb == CaseVerb::reopen && a->paid_at)
    return invalid(what(c), fmt::format("was paid (batch {}): a paid application is never reopened", a->payment_batch));
  if (move.to.code == "approved") {
    const auto failures = check_eligibility(scope.ledger, settings, c, *a);
    if (!failures.empty()) return invalid(what(c), "cannot be approved: " + describe_failures(failures));
  } else if (move.to.code == "paid") {
    if (!a->paid_at) return invalid(what(c), "paid only through epb subsidy pay --confirm");
  } else if (move.to.code == "rejected") {
    if (trim(move.note).empty()) return invalid(what(c), "a rejection needs a reason (--reason)");
  }
  if (move.to.pauses_clock && a->corrections >= 1)
    return invalid(what(c), fmt::format("documents were requested once already ({}): the rules allow one correction",
                                        a->documents_missing.empty() ? "補件" : a->documents_missing));
  // The 補件 notice tells the applicant what to bring: `epb case pause` without a note would
  // send it empty.
  if (move.to.pauses_clock && trim(move.note).empty())
    return invalid(what(c), "a request for documents names what is missing (epb subsidy request-docs --missing)");
  // A correction (back from the pause to a running state) within the limit, or extended.
  if (move.from && move.from->pauses_clock && !move.to.pauses_clock && !move.to.final && c.paused_at) {
    const Instant limit = *c.paused_at + std::int64_t{settings.correction_days} * k_seconds_per_day;
    if (scope.stamp.at > limit) {
      // An extension during this 補件 moves the limit by its working days, not without end.
      int extended = 0;
      for (const Extension& e : CaseStore(scope.ledger).extensions(c.id))
        if (e.at >= *c.paused_at) extended += e.days;
      if (extended == 0)
        return invalid(what(c), fmt::format("the correction came after {} days (documents requested {}); it can only "
                                            "be accepted after an extension (epb case extend), else reject it",
                                            settings.correction_days, c.paused_at->taipei_date().iso()));
      auto last = add_working_days(scope.calendar, limit.taipei_date(), extended);
      if (!last) return std::unexpected(last.error());
      if (scope.stamp.at.taipei_date() > *last)
        return invalid(what(c),
                       fmt::format("the correction came after {} days and the extension's {} working days "
                                   "(documents requested {}, extended to {}); reject it",
                                   settings.correction_days, extended, c.paused_at->taipei_date().iso(), last->iso()));
    }
  }
  return {};
}

Result<void> SubsidyCaseKind::entered(const KindScope& scope, const Case& c, const CaseMove& move) const {
  auto a = application(scope, c);
  if (!a) return std::unexpected(a.error());
  SubsidyStore store(scope.ledger);
  if (move.to.code == "approved") {
    const SubsidyProgramme* p = scope.config.subsidy.programme(a->programme_year, a->kind);
    if (!p)
      return invalid(what(c), fmt::format("the configuration has no programme {}/{}", a->programme_year,
                                          programme_kind_name(a->kind)));
    store.freeze_amount(c.id, subsidy_amount(*p, a->low_income), scope.stamp.at);
    queue_subsidy_decision(scope.ledger, c.id, SubsidyDecision::approved, scope.stamp.at,
                           a->amount.value_or(subsidy_amount(*p, a->low_income)));
  } else if (move.to.pauses_clock) {
    store.record_correction(c.id, trim(move.note));
    queue_subsidy_decision(scope.ledger, c.id, SubsidyDecision::documents, scope.stamp.at, {}, trim(move.note));
  } else if (move.verb == CaseVerb::reopen) {
    store.set_decision_reason(c.id, ""); // the decision reopened is no longer the application's
  } else if (move.to.final && move.to.code != "paid") {
    store.set_decision_reason(c.id, trim(move.note));
    if (move.to.code == "rejected")
      queue_subsidy_decision(scope.ledger, c.id, SubsidyDecision::rejected, scope.stamp.at, {}, trim(move.note));
  }
  return {};
}

Result<void> SubsidyCaseKind::guard_change(const KindScope& /*scope*/, const Case& c, CaseVerb verb) const {
  // The applicant is the subsidy row's too (double-dipping keys, the roster's payee): an edit
  // by a generic case file would split the two.
  if (verb == CaseVerb::import)
    return invalid(what(c), "a subsidy application is not changed by epb case import (--on-duplicate update)");
  if (verb == CaseVerb::extend && !c.is_paused())
    return invalid(what(c), "a subsidy application is extended only while waiting for documents (補件)");
  return {};
}

const CaseKind& subsidy_case_kind() {
  static const SubsidyCaseKind kind;
  return kind;
}

} // namespace epb
