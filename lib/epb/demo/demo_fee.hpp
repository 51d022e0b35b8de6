#pragma once
// Internal to the demo: a year of construction projects (DOMAIN.md §6) played through the
// FeeDesk, apply_fee_payment and the import engine, after the subsidy season.
//
// The year ends at the demo's clock D. Most projects declare, pay on time (at the counter, or
// through the bank's collection file imported on the last working day before D) and some
// settle; a few pay late with the surcharge; a few are still unpaid at D, their due dates
// chosen so that on D itself one instalment's reminder, one's first, one's second and one's
// final notice fall due, and on the working days after it the next levels of others: the
// first `notify run` at D plans several stages, and each later day its own.
//
// The dunning of the year before D is history: every working day of the year the fee's
// dunning levels (and only those) are planned and delivered through the outbox with a
// transport that sends nothing, so each level that fell due before D is on record as sent on
// its day, and `notify run` from D on plans only what falls due from D (fee_notices.hpp plans
// every level already due for an instalment it has not told).
#include "epb/demo/demo.hpp"
#include "epb/demo/demo_plan.hpp"
#include "epb/fee/fee.hpp"
#include "epb/fee/fee_desk.hpp"

#include <optional>
#include <string>
#include <vector>

namespace epb {

// How one project's year goes.
enum class FeeRole {
  ordinary,   // declares, pays on time (counter or bank)
  exempt,     // a fee ≤ [fee] exempt_up_to: declared, nothing to pay
  demolition, // category 3, untimed
  big,        // ≥ [fee.terms] instalments_from: paid in instalments on the city's dates
  found,      // found under way: the start counted back, due at once, paid late
  refund,     // paid in full, a stop, settled on less: a refund
  topup,      // paid in full, settled on more: a top-up due within 90 days
  late_paid,  // paid some weeks late with the surcharge
  bank_late,  // paid late through the bank's collection file
  unpaid,     // unpaid at the clock; its due date set by `dunning_stage`/`dunning_days`
};

struct FeeProjectPlan {
  FeeRole role = FeeRole::ordinary;
  NewFeeProject project;
  Date received;
  Date declared;
  std::string plan = "full"; // full, halves or instalments
  std::vector<std::string> instalment_dates;
  bool bank = false;           // pays through the bank's collection file
  int late_days = 0;           // late payers: calendar days after the due date
  std::optional<Date> stop;    // work stood still from this day
  std::optional<Date> resume;  // and resumed on this one (none: still stopped at the clock)
  std::optional<Date> settle;  // settled on this day
  std::string settle_quantity; // on these figures
  std::optional<Date> settle_end;
};

// The plans of `count` projects over the year before `now`, deterministic for the generator.
std::vector<FeeProjectPlan> plan_fee_season(SamplePeople& people, const Config& config, const OfficeCalendar& calendar,
                                            Instant now, int count);

// Plays the plans up to `now` (transactions of its own, outside any other), with the bank's
// collection file written beside the demo ledger (fee-bank-collection.txt, layout "bank") when
// `options.directory` is set.
Result<FeeSeasonSummary> play_fee_season(Ledger& ledger, const Config& config, const OfficeCalendar& calendar,
                                         Instant now, const DemoOptions& options, const std::vector<Staff>& staff);

// A payment at the bank, for its collection file.
struct FeeBankRow {
  std::string slip;
  std::int64_t amount = 0;
  Date paid_on;
};

// Writes the bank's collection file of `rows` beside the demo ledger (fee-bank-collection.txt,
// in `layout`: a header, the records by day, a trailer with the count and the total) and
// imports it as `epb fee import-payments FILE --layout CODE` does. Any row refused is a failure.
Result<void> import_demo_bank_file(Ledger& ledger, const FeeSettings& fee, const FixedWidthLayout& layout,
                                   const Stamp& stamp, const DemoOptions& options, std::vector<FeeBankRow> rows);

// The last working day strictly before `day`.
std::optional<Date> working_day_before(const OfficeCalendar& calendar, Date day);

} // namespace epb
