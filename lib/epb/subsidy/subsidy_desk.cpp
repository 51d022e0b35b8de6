// SubsidyDesk: intake, review, decisions, payment results, household answers, lookup, budget.
#include "epb/subsidy/subsidy_desk.hpp"
#include "epb/core/subject.hpp"
#include "epb/core/text.hpp"
#include "epb/core/text_policy.hpp"
#include "epb/output/json.hpp"
#include "epb/subsidy/subsidy_kind.hpp"
#include "epb/subsidy/subsidy_notices.hpp"
#include "epb/validate/contact.hpp"
#include "epb/validate/person_id.hpp"
#include "epb/validate/plate.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace epb {
namespace {

// Stores the validated subsidy row right after its case, in the desk's transaction.
class SubsidyIntake : public DomainIntake {
public:
  explicit SubsidyIntake(SubsidyApplication a) : m_application(std::move(a)) {}
  std::string_view kind() const override { return k_subsidy_kind; }
  Result<void> store(const KindScope& scope, const Case& opened) override {
    SubsidyStore store(scope.ledger);
    const SubsidyApplication& a = m_application;
    if (!a.dealer_application.empty())
      if (auto earlier = store.find_dealer_application(a.dealer_ubn, a.dealer_application))
        return invalid("dealer_application", fmt::format("dealer {} application {} is already in the ledger",
                                                         a.dealer_ubn, a.dealer_application));
    m_application.case_id = opened.id;
    m_application.id = store.insert(m_application);
    return {};
  }

private:
  SubsidyApplication m_application;
};

std::vector<std::string> missing_codes(std::string_view missing) {
  std::vector<std::string> out;
  std::string current;
  for (const char ch : std::string(missing) + ",") {
    if (ch == ',' || ch == ' ' || ch == ';') {
      if (!current.empty()) out.push_back(current);
      current.clear();
    } else {
      current += ch;
    }
  }
  return out;
}

} // namespace

Result<SubsidyCase> validate_subsidy_application(const Config& config, const OfficeCalendar& calendar,
                                                 NewCase& applicant, const NewSubsidy& subsidy, Instant now) {
  if (config.subsidy.service.empty())
    return invalid("subsidy", "the configuration has no [subsidy] section (no programmes, no review service)");
  applicant.service = config.subsidy.service;
  // What a case list shows: the programme applied for, unless the clerk wrote something.
  if (trim(applicant.subject).empty())
    applicant.subject = fmt::format("補助申請 {} {}", trim(subsidy.programme_year), trim(subsidy.kind));
  if (auto checked = check_new_case_text(applicant); !checked) return std::unexpected(checked.error());
  auto c = validate_new_case(config, calendar, applicant, now);
  if (!c) return std::unexpected(c.error());
  const bool business = c->applicant.kind == Applicant::Kind::organisation;
  if (c->applicant.kind == Applicant::Kind::anonymous)
    return invalid("applicant_kind", "a subsidy applicant is a person or a business");
  auto a = validate_new_subsidy(config.subsidy, subsidy, business,
                                business ? c->applicant.business_number : c->applicant.id_number,
                                c->received_at.taipei_date());
  if (!a) return std::unexpected(a.error());
  return SubsidyCase{std::move(*c), std::move(*a)};
}

Result<Case> SubsidyDesk::apply(const Stamp& stamp, NewCase applicant, const NewSubsidy& subsidy) {
  auto checked = validate_subsidy_application(m_config, m_calendar, applicant, subsidy, stamp.at);
  if (!checked) return std::unexpected(checked.error());
  SubsidyIntake intake(std::move(checked->a));
  return m_desk.open(stamp, applicant, &intake);
}

Result<SubsidyCase> SubsidyDesk::find(std::string_view ref) {
  auto c = m_desk.find(ref);
  if (!c) return std::unexpected(c.error());
  auto a = m_store.find_by_case(c->id);
  if (!a) return not_found(fmt::format("subsidy application {}", c->ref));
  return SubsidyCase{std::move(*c), std::move(*a)};
}

Result<SubsidyCheck> SubsidyDesk::check(std::string_view ref) {
  auto found = find(ref);
  if (!found) return std::unexpected(found.error());
  auto failures = check_eligibility(m_ledger, m_config.subsidy, found->c, found->a);
  return SubsidyCheck{std::move(*found), std::move(failures)};
}

void SubsidyDesk::check_all(const std::function<void(const SubsidyCheck&)>& visit) {
  m_store.for_each_case_id([&](std::int64_t case_id) {
    auto c = m_desk.store().find_by_id(case_id);
    auto a = m_store.find_by_case(case_id);
    if (!c || !a) return;
    auto failures = check_eligibility(m_ledger, m_config.subsidy, *c, *a);
    visit(SubsidyCheck{SubsidyCase{std::move(*c), std::move(*a)}, std::move(failures)});
  });
}

Result<SubsidyReview> SubsidyDesk::review(std::string_view ref) {
  auto checked = check(ref);
  if (!checked) return std::unexpected(checked.error());
  SubsidyReview review;
  review.application = std::move(checked->application);
  review.failures = std::move(checked->failures);
  const SubsidyApplication& a = review.application.a;
  review.programme = m_config.subsidy.programme(a.programme_year, a.kind);
  if (review.programme) {
    review.amount = a.amount.value_or(subsidy_amount(*review.programme, a.low_income));
    const auto missing = missing_codes(a.documents_missing);
    for (const auto& code : review.programme->documents)
      if (const SubsidyDocument* d = m_config.subsidy.document(code))
        review.documents.push_back(DocumentItem{*d, std::find(missing.begin(), missing.end(), code) != missing.end()});
  }
  return review;
}

// The desk runs the subsidy kind's hooks (config `kind = "subsidy"`) inside its move: the
// eligibility, budget, correction and payment rules hold for `epb case move` as well.
Result<Case> SubsidyDesk::move_with_rules(const Stamp& stamp, std::string_view ref, std::string_view state,
                                          std::string_view note) {
  return m_desk.move(stamp, ref, state, note);
}

Result<Case> SubsidyDesk::move(const Stamp& stamp, std::string_view ref, std::string_view state,
                               std::string_view note) {
  return move_with_rules(stamp, ref, state, note);
}

Result<Case> SubsidyDesk::request_docs(const Stamp& stamp, std::string_view ref, std::string_view missing) {
  if (auto checked = check_text(TextKind::line, "--missing", missing); !checked)
    return std::unexpected(checked.error());
  if (trim(missing).empty()) return invalid("--missing", "name the documents that are missing");
  auto c = m_desk.find(ref);
  if (!c) return c;
  const Service& service = *m_config.service(c->service);
  const State* current = service.state(c->status);
  for (const auto& next : current ? current->next : std::vector<std::string>{})
    if (const State* s = service.state(next); s && s->pauses_clock)
      return move_with_rules(stamp, ref, next, trim(missing));
  return invalid(fmt::format("case {}", c->ref),
                 fmt::format("documents cannot be requested in state '{}' (review it first)", c->status));
}

Result<Case> SubsidyDesk::documents_received(const Stamp& stamp, std::string_view ref, std::string_view note) {
  auto c = m_desk.find(ref);
  if (!c) return c;
  const Service& service = *m_config.service(c->service);
  const State* current = service.state(c->status);
  if (!c->is_paused() || !current)
    return invalid(fmt::format("case {}", c->ref), fmt::format("is not waiting for documents ({})", c->status));
  for (const auto& next : current->next)
    if (const State* s = service.state(next); s && !s->pauses_clock && !s->final)
      return move_with_rules(stamp, ref, next, note);
  return invalid(fmt::format("case {}", c->ref), fmt::format("no running state can be reached from '{}'", c->status));
}

Result<Case> SubsidyDesk::approve(const Stamp& stamp, std::string_view ref, std::string_view note) {
  return move_with_rules(stamp, ref, "approved", note);
}

Result<Case> SubsidyDesk::reject(const Stamp& stamp, std::string_view ref, std::string_view reason) {
  if (auto checked = check_text(TextKind::line, "--reason", reason); !checked) return std::unexpected(checked.error());
  if (trim(reason).empty()) return invalid("--reason", "a rejection needs a reason");
  return move_with_rules(stamp, ref, "rejected", trim(reason));
}

Result<Case> SubsidyDesk::record_paid(const Stamp& stamp, std::string_view ref, std::string_view batch,
                                      std::optional<Date> paid_on) {
  sql::Transaction transaction(m_ledger.db());
  auto found = find(ref);
  if (!found) return std::unexpected(found.error());
  if (found->a.paid_at)
    return invalid(fmt::format("case {}", found->c.ref),
                   fmt::format("was paid already (batch {}): it is never paid twice", found->a.payment_batch));
  m_store.mark_paid(found->c.id, stamp.at, batch);
  auto moved = move_with_rules(stamp, ref, "paid", fmt::format("batch {}", batch));
  if (!moved) return moved;
  queue_subsidy_decision(m_ledger, found->c.id, SubsidyDecision::paid, stamp.at, found->a.amount, {},
                         paid_on.value_or(stamp.at.taipei_date()));
  transaction.commit();
  return moved;
}

Result<void> SubsidyDesk::record_payment_failed(const Stamp& stamp, std::string_view ref, std::string_view reason) {
  sql::Transaction transaction(m_ledger.db());
  auto found = find(ref);
  if (!found) return std::unexpected(found.error());
  if (found->c.status != "approved")
    return invalid(
        fmt::format("case {}", found->c.ref),
        fmt::format("is {}, not approved: a failed transfer applies to an approved application", found->c.status));
  m_store.clear_paid(found->c.id);
  m_ledger.record(stamp, subject::of_case(found->c.ref), "payment-failed",
                  JsonObject().add("reason", trim(reason)).str());
  transaction.commit();
  return {};
}

void SubsidyDesk::record_exchange(const HouseholdExchange& exchange) {
  sql::Transaction transaction(m_ledger.db());
  m_store.record_exchange(exchange);
  transaction.commit();
}

Result<SubsidyCheck> SubsidyDesk::record_household(const Stamp& stamp, const HouseholdAnswer& answer) {
  auto id = validate_person_id(answer.id_number);
  if (!id) return invalid("id_number", id.error().message());
  if (auto checked = check_text(TextKind::line, "district", answer.district); !checked)
    return std::unexpected(checked.error());
  // The office answers what is registered, so a registration dated after the clock is a bad answer.
  if (answer.registered_on && *answer.registered_on > stamp.at.taipei_date())
    return invalid("registered_on", fmt::format("{} is after the clock's date ({})", answer.registered_on->iso(),
                                                stamp.at.taipei_date().iso()));
  sql::Transaction transaction(m_ledger.db());
  const auto pending = m_store.household_pending_for(*id);
  if (pending.empty()) return not_found(fmt::format("id_number {}", mask_person_id(*id)), "no application awaits it");
  const HouseholdCheck check{answer.registered, std::string(trim(answer.district)), answer.registered_on, stamp.at};
  std::optional<SubsidyCheck> last;
  for (const auto case_id : pending) {
    m_store.record_household(case_id, check);
    auto c = m_desk.store().find_by_id(case_id);
    auto a = m_store.find_by_case(case_id);
    m_ledger.record(stamp, subject::of_case(c->ref), "household-check",
                    JsonObject().add("registered", check.registered).add("district", check.district).str());
    auto failures = check_eligibility(m_ledger, m_config.subsidy, *c, *a);
    last = SubsidyCheck{SubsidyCase{std::move(*c), std::move(*a)}, std::move(failures)};
  }
  transaction.commit();
  return std::move(*last);
}

Result<Case> SubsidyDesk::status(const Stamp& stamp, std::string_view plate, std::string_view phone_last4) {
  const auto nothing = [] {
    return not_found("subsidy application", "no application matches this plate and phone number");
  };
  auto normalised = validate_motorcycle_plate(plate);
  if (!normalised) return nothing();
  const auto ids = m_store.cases_by_plate(*normalised);
  if (ids.empty()) {
    // Checked the same way as a known plate, so the answer cannot tell them apart.
    auto shape = m_desk.lookup(stamp, "", phone_last4);
    if (!shape && shape.error().fault != Fault::not_found) return std::unexpected(shape.error());
    return nothing();
  }
  // A plate can be on several applications (a new owner, a dealer's and a counter's): the
  // newest whose phone ends in the digits given is the one asked about; with none, the newest
  // takes the failed attempt, so the answer is the same as for any wrong factor.
  std::string ref = m_desk.store().find_by_id(ids.front())->ref;
  const std::string digits(trim(phone_last4));
  for (const std::int64_t id : ids) {
    auto candidate = m_desk.store().find_by_id(id);
    if (candidate && !candidate->applicant.phone.empty() && epb::phone_last4(candidate->applicant.phone) == digits) {
      ref = candidate->ref;
      break;
    }
  }
  auto found = m_desk.lookup(stamp, ref, phone_last4);
  if (!found && found.error().fault != Fault::not_found) return std::unexpected(found.error());
  if (!found) return nothing();
  return found;
}

std::vector<BudgetLine> SubsidyDesk::budget() {
  const auto uses = m_store.budget_use();
  std::vector<BudgetLine> out;
  const auto remaining = [](const SubsidyProgramme& p, const BudgetUse& use) -> std::optional<std::int64_t> {
    if (!p.budget) return std::nullopt;
    return std::max<std::int64_t>(0, *p.budget - use.committed - use.paid);
  };
  for (const SubsidyProgramme& p : m_config.subsidy.programmes) {
    BudgetUse use{p.year, p.kind};
    for (const auto& u : uses)
      if (u.year == p.year && u.kind == p.kind) use = u;
    out.push_back(BudgetLine{&p, use, remaining(p, use)});
  }
  for (const auto& u : uses)
    if (!m_config.subsidy.programme(u.year, u.kind)) out.push_back(BudgetLine{nullptr, u, std::nullopt});
  return out;
}

} // namespace epb
