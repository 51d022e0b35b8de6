// FeeDesk: registering a project and declaring it (the fee, the schedule, the slips, 核定).
#include "epb/fee/fee_desk.hpp"
#include "epb/core/subject.hpp"
#include "epb/core/text.hpp"
#include "epb/fee/fee_kind.hpp"
#include "epb/output/json.hpp"
#include "epb/validate/money.hpp"

#include <fmt/format.h>

namespace epb {
namespace {

// Stores the validated fee_project row right after its case, in the desk's transaction.
class FeeIntake : public DomainIntake {
public:
  explicit FeeIntake(FeeProject p) : m_project(std::move(p)) {}
  std::string_view kind() const override { return k_fee_kind; }
  Result<void> store(const KindScope& scope, const Case& opened) override {
    FeeStore store(scope.ledger);
    CaseStore cases(scope.ledger);
    // One live project per permit: `PROJECT` may be the permit number.
    for (const std::int64_t case_id : store.cases_by_permit(m_project.permit))
      if (auto other = cases.find_by_id(case_id); other && other->status != "rejected")
        return invalid("--permit", fmt::format("{} is already registered as {}", m_project.permit, other->ref));
    m_project.case_id = opened.id;
    m_project.id = store.insert_project(m_project);
    JsonObject detail;
    detail.add("category", m_project.category)
        .add("quantity", m_project.quantity.str())
        .add("permit", m_project.permit)
        .add("planned_start", m_project.planned_start.iso())
        .add("planned_end", m_project.planned_end.iso())
        .add("public_works", m_project.public_works);
    if (m_project.started_on) detail.add("started_on", m_project.started_on->iso());
    scope.ledger.record(scope.stamp, subject::of_case(opened.ref), "fee-project", detail.str());
    return {};
  }
  const FeeProject& project() const { return m_project; }

private:
  FeeProject m_project;
};

std::string what(const Case& c) { return fmt::format("project {}", c.ref); }

std::string slips_text(const std::vector<FeeInstalment>& instalments) {
  std::string out;
  for (const FeeInstalment& i : instalments)
    out += (out.empty() ? "" : ",") + i.slip;
  return out;
}

} // namespace

Result<FeeProjectCase> FeeDesk::add_project(const Stamp& stamp, const NewFeeProject& input) {
  auto checked = validate_new_fee_project(m_config, input, stamp.at.taipei_date());
  if (!checked) return std::unexpected(checked.error());
  FeeIntake intake(std::move(checked->second));
  auto c = m_desk.open(stamp, checked->first, &intake);
  if (!c) return std::unexpected(c.error());
  return FeeProjectCase{std::move(*c), intake.project()};
}

Result<FeeProjectCase> FeeDesk::find(std::string_view project) {
  const std::string key(trim(project));
  if (key.empty()) return invalid("PROJECT", "give the case number (CFD-…) or the permit number");
  if (auto c = m_desk.store().find(key)) {
    auto p = m_store.project_by_case(c->id);
    if (!p) return not_found(fmt::format("project {}", key), "the case is not a construction fee project");
    return FeeProjectCase{std::move(*c), std::move(*p)};
  }
  const auto ids = m_store.cases_by_permit(key);
  std::optional<FeeProjectCase> found;
  for (const std::int64_t id : ids) {
    auto c = m_desk.store().find_by_id(id);
    auto p = m_store.project_by_case(id);
    if (!c || !p) continue;
    // The live project of the permit; a rejected one only when it is the only one.
    if (!found || (found->c.status == "rejected" && c->status != "rejected"))
      found = FeeProjectCase{std::move(*c), std::move(*p)};
  }
  if (!found) return not_found(fmt::format("project {}", key), "no case number or permit number matches");
  return std::move(*found);
}

Result<FeeProjectDetail> FeeDesk::detail(std::string_view project) {
  auto found = find(project);
  if (!found) return std::unexpected(found.error());
  const std::int64_t id = found->c.id;
  return FeeProjectDetail{std::move(found->c), std::move(found->p), m_store.declarations(id), m_store.instalments(id),
                          m_store.stops(id)};
}

Result<FeeProjectCase> FeeDesk::find_changeable(const Stamp& stamp, std::string_view project) {
  auto found = find(project);
  if (!found) return found;
  if (auto c = m_desk.find_changeable(stamp, found->c.ref); !c) return std::unexpected(c.error());
  if (found->p.state == FeeProjectState::settled)
    return invalid(what(found->c), "is settled (結算): its figures are final");
  return found;
}

FeeInstalment FeeDesk::issue(const FeeProjectCase& project, std::int64_t declaration_id, InstalmentKind kind,
                             std::int64_t amount, Date due) {
  // The slip carries the case's own year and number, which together are unique; the desk
  // numbers every case it opens so (declare refuses any other reference before writing).
  const auto parts = case_ref_parts(project.c.ref);
  if (!parts) throw Error(parts.error().message());
  FeeInstalment i;
  i.case_id = project.c.id;
  i.declaration_id = declaration_id;
  i.seq = m_store.next_instalment_seq(project.c.id);
  i.kind = kind;
  i.amount = amount;
  i.due = due;
  i.slip = payment_slip(parts->first, parts->second, i.seq);
  i.id = m_store.insert_instalment(i);
  return i;
}

Result<std::pair<FeeQuote, FeeDeclaration>> FeeDesk::assess(const Stamp& stamp, const FeeProjectCase& project,
                                                            FeeDeclarationKind kind, Decimal quantity, Date end) {
  const FeeProject& p = project.p;
  const FeeCategory* category = m_config.fee.category(p.category);
  if (!category)
    return invalid(what(project.c), fmt::format("its category '{}' is not in [fee.categories] any more", p.category));
  const Date start = p.start();
  const int counted = counted_days(start, end, stop_periods(m_store.stops(p.case_id)));
  FeeQuoteInput input{p.category, quantity, std::nullopt, std::nullopt, false};
  if (category->timed) input.days = counted;
  auto quote = quote_fee(m_config.fee, input);
  if (!quote) return std::unexpected(quote.error());
  FeeDeclaration d;
  d.case_id = p.case_id;
  d.kind = kind;
  d.category = p.category;
  d.quantity = quantity;
  d.start_date = start;
  d.end_date = end;
  d.stop_days = category->timed ? (end - start + 1) - counted : 0;
  d.days = category->timed ? counted : 0;
  d.level = quote->level;
  d.rate = quote->rate;
  d.factor = quote->factor;
  d.months = quote->months.str(6);
  d.fee = quote->fee;
  d.exempt = quote->exempt;
  d.declared_at = stamp.at;
  d.actor = stamp.actor;
  return std::pair{std::move(*quote), std::move(d)};
}

Result<FeeAssessment> FeeDesk::declare(const Stamp& stamp, std::string_view project, const FeeDeclareInput& input) {
  const FeeSettings& fee = m_config.fee;
  const auto plan = parse_payment_plan(trim(input.plan));
  if (!plan) return invalid("--plan", fmt::format("'{}' is not full, halves or instalments", trim(input.plan)));
  const Date today = stamp.at.taipei_date();
  std::vector<Date> dates;
  for (const std::string& text : input.instalment_dates) {
    auto date = parse_date(trim(text));
    if (!date) return invalid("--instalment-dates", date.error().message());
    // The city sets the dates when it approves the declaration: none can have passed already.
    if (*date < today)
      return invalid("--instalment-dates",
                     fmt::format("{} is before the declaration ({}): an instalment is not due in the past", date->iso(),
                                 today.iso()));
    dates.push_back(*date);
  }
  if (!dates.empty() && *plan != PaymentPlan::instalments)
    return invalid("--instalment-dates", "are the dates of --plan instalments");
  sql::Transaction transaction(m_ledger.db());
  auto found = find_changeable(stamp, project);
  if (!found) return std::unexpected(found.error());
  const Case& c = found->c;
  const FeeProject& p = found->p;
  if (p.state != FeeProjectState::registered)
    return invalid(what(c), fmt::format("was declared already ({}): a project is declared once; changed figures are "
                                        "settled with epb fee settle",
                                        fee_project_state_name(p.state)));
  if (!c.is_open()) return invalid(what(c), fmt::format("is closed ({}); it cannot be declared", c.status));
  if (c.is_paused())
    return invalid(what(c), fmt::format("is waiting for documents ({}): resume the review first", c.status));
  if (auto parts = case_ref_parts(c.ref); !parts) return std::unexpected(parts.error());
  auto assessed = assess(stamp, *found, FeeDeclarationKind::start, p.quantity, p.planned_end);
  if (!assessed) return std::unexpected(assessed.error());
  const FeeQuote& quote = assessed->first;
  const Date start = p.start();
  // Declared after the works started (found under way, or simply late): due at the start, no grace.
  const bool declared_late = p.started_on.has_value() || today > p.planned_start;
  std::vector<PlannedInstalment> planned;
  if (!quote.exempt) {
    const Date first_due = first_due_date(fee.late, start, today, p.public_works, declared_late);
    auto schedule = payment_schedule(fee, ScheduleInput{quote.fee, *plan, first_due, p.planned_end, dates});
    if (!schedule) {
      // The schedule's Problem names its input; the clerk typed the option.
      Problem problem = schedule.error();
      if (problem.what == "plan") problem.what = "--plan";
      if (problem.what == "dates") problem.what = "--instalment-dates";
      return std::unexpected(std::move(problem));
    }
    planned = std::move(*schedule);
  }

  FeeAssessment out{c, p, quote, std::move(assessed->second), {}, {}};
  FeeDeclaration& d = out.declaration;
  d.plan = quote.exempt ? PaymentPlan::full : *plan;
  d.id = m_store.insert_declaration(d);
  for (const PlannedInstalment& i : planned)
    out.issued.push_back(issue(*found, d.id, i.kind, i.amount, i.due));
  m_store.set_project_state(c.id, FeeProjectState::declared);
  out.p.state = FeeProjectState::declared;
  m_desk.record_change(stamp, c.ref, "fee-declare",
                       JsonObject()
                           .add("fee", d.fee)
                           .add("level", d.level)
                           .add("days", d.days)
                           .add("exempt", d.exempt)
                           .add("plan", payment_plan_name(d.plan))
                           .add("late", declared_late)
                           .add("slips", slips_text(out.issued))
                           .str());
  const std::string note = d.exempt ? fmt::format("申報核定 NT${} (≤ NT${}: declared, not paid)", format_money(d.fee),
                                                  format_money(fee.exempt_up_to))
                                    : fmt::format("申報核定 NT${}", format_money(d.fee));
  auto moved = m_desk.move(stamp, c.ref, "approved", note);
  if (!moved) return std::unexpected(moved.error());
  out.c = std::move(*moved);
  transaction.commit();
  return out;
}

} // namespace epb
