// check_eligibility(): the national rules and the city's household check, double-dipping
// across every programme and year, and the budget.
#include "epb/subsidy/eligibility.hpp"
#include "epb/subsidy/subsidy_store.hpp"
#include "epb/validate/money.hpp"

#include <fmt/format.h>

namespace epb {
namespace {

void add(std::vector<RuleFailure>& out, std::string_view code, std::string text) {
  out.push_back(RuleFailure{std::string(code), std::move(text)});
}

void check_dates(const SubsidySettings& settings, const SubsidyProgramme& p, const SubsidyApplication& a,
                 std::vector<RuleFailure>& out) {
  if (programme_scraps(a.kind) && a.scrapped_made && *a.scrapped_made > settings.manufactured_by)
    add(out, "made_after_cutoff",
        fmt::format("the scrapped vehicle was made on {}, after {}: not a qualifying two-stroke",
                    a.scrapped_made->iso(), settings.manufactured_by.iso()));
  const auto decisive = a.year_date(p.year_by);
  const std::string_view which = p.year_by == SubsidyYearBy::invoice ? "invoice" : "scrapping";
  if (!decisive)
    add(out, "outside_year", fmt::format("no {} date: the programme year is decided by it", which));
  else if (decisive->year() != p.year)
    add(out, "outside_year",
        fmt::format("the {} date {} is outside the programme year {}", which, decisive->iso(), p.year));
  if (a.applied > p.deadline)
    add(out, "applied_late",
        fmt::format("applied on {}, after the deadline {} of programme {}", a.applied.iso(), p.deadline.iso(),
                    p.code()));
}

// Registration in the city, by vehicle kind (DOMAIN.md §5). The scrapped two-stroke and a new
// e-motorcycle (heavy, light, small-light) count by their vehicle registration (車籍), which
// the deregistration record and the new licence show at review; an e-bike or power-assisted
// bicycle has no vehicle registration, so it counts by the applicant's household registration
// (設籍), which is what the household office answers. The city's plan checks 設籍 for every
// person in its batches, so a person's application waits for the answer whatever the vehicle,
// and the rule's text says which registration the law itself looks at. A business has no
// household registration: it is never sent to the office, and its seat in the city is shown by
// its registration certificate (document id_copy) at review.
bool needs_household_by_law(const SubsidyApplication& a) {
  return a.new_class == VehicleClass::e_bike || a.new_class == VehicleClass::assisted;
}

void check_household(const SubsidyApplication& a, std::vector<RuleFailure>& out) {
  if (a.business) return;
  const std::string_view why = needs_household_by_law(a)
                                   ? "e-bike or assisted bicycle: the applicant's 設籍 in the city decides"
                                   : "the city checks every applicant's 設籍; the vehicles' 車籍 is on their documents";
  if (!a.household)
    add(out, "household_pending", fmt::format("the household-registration check has not been answered yet ({})", why));
  else if (!a.household->registered)
    add(out, "not_registered",
        fmt::format("the household-registration office answered: not registered in the city ({})", why));
}

void check_double_dipping(SubsidyStore& store, const SubsidyApplication& a, std::vector<RuleFailure>& out) {
  if (auto earlier = store.subsidised_scrapped_plate(a.case_id, a.scrapped_plate))
    add(out, "scrapped_plate_subsidised",
        fmt::format("the scrapped plate {} was subsidised before ({})", a.scrapped_plate, *earlier));
  if (auto earlier = store.subsidised_certificate(a.case_id, a.recycling_certificate))
    add(out, "certificate_subsidised",
        fmt::format("the recycling certificate {} was subsidised before ({})", a.recycling_certificate, *earlier));
  if (!a.business)
    if (auto earlier = store.subsidised_person(a.case_id, a.applicant_id, a.programme_year))
      add(out, "person_subsidised",
          fmt::format("the applicant was subsidised already in {} ({}): one vehicle per person", a.programme_year,
                      *earlier));
  if (auto earlier = store.subsidised_new_plate(a.case_id, a.new_plate))
    add(out, "new_plate_subsidised",
        fmt::format("the new vehicle's plate {} was subsidised before ({})", a.new_plate, *earlier));
  if (auto earlier = store.subsidised_new_frame(a.case_id, a.new_frame))
    add(out, "new_frame_subsidised",
        fmt::format("the new vehicle's frame number {} was subsidised before ({})", a.new_frame, *earlier));
}

void check_budget(SubsidyStore& store, const SubsidyProgramme& p, const SubsidyApplication& a,
                  std::vector<RuleFailure>& out) {
  if (a.amount) return; // approved already: its amount is in the budget
  const BudgetUse use = store.budget_use(p.year, p.kind);
  const std::int64_t amount = subsidy_amount(p, a.low_income);
  const std::int64_t spent = use.committed + use.paid;
  if (p.budget && spent + amount > *p.budget)
    add(out, "budget_exhausted",
        fmt::format("programme {} has NT${} left of NT${}, this application needs NT${}", p.code(),
                    format_money(std::max<std::int64_t>(0, *p.budget - spent)), format_money(*p.budget),
                    format_money(amount)));
  else if (p.budget_count && use.approved + use.paid_count >= *p.budget_count)
    add(out, "budget_exhausted",
        fmt::format("programme {} has approved its {} applications", p.code(), *p.budget_count));
}

} // namespace

std::vector<RuleFailure> check_eligibility(Ledger& ledger, const SubsidySettings& settings, const Case& /*c*/,
                                           const SubsidyApplication& a) {
  std::vector<RuleFailure> out;
  const SubsidyProgramme* p = settings.programme(a.programme_year, a.kind);
  if (!p) {
    add(out, "no_programme",
        fmt::format("the configuration has no programme {}/{}", a.programme_year, programme_kind_name(a.kind)));
    return out;
  }
  SubsidyStore store(ledger);
  check_dates(settings, *p, a, out);
  check_household(a, out);
  check_double_dipping(store, a, out);
  check_budget(store, *p, a, out);
  return out;
}

std::string describe_failures(const std::vector<RuleFailure>& failures) {
  std::string out;
  for (const auto& f : failures)
    out += (out.empty() ? "" : "; ") + f.code + ": " + f.text;
  return out;
}

} // namespace epb
