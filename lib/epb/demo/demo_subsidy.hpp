#pragma once
// Internal to the demo: a season of subsidy applications (DOMAIN.md §5) played through the
// SubsidyDesk and the payment engine, after the year of casework.
//
// Why programme year 2018, whatever the demo's clock: the configuration's programmes are the
// ones DOMAIN.md documents (2018, 民國107); the amounts of later years are not known, and a
// programme the demo invented for its own year would exist only in the demo's epb.toml, so
// `epb --ledger DEMO subsidy budget` with the bureau's configuration would show it as not
// configured. The demo therefore replays the latest programme year the configuration has that
// is not after the clock (2018 in the shipped config): applications from January to the
// deadline (2019-01-10), decisions, one paid batch in December. Nothing happens after the
// clock: with a clock inside the season only what came before it is played.
#include "epb/demo/demo.hpp"
#include "epb/demo/demo_plan.hpp"
#include "epb/payment/payment.hpp"
#include "epb/subsidy/subsidy.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace epb {

// One application as the demo plans it: what the applicant brings, and how it will go.
struct SubsidyPlan {
  Instant received;
  NewCase applicant;
  NewSubsidy subsidy;
  bool dealer = false;         // sent in a dealer's batch
  bool not_registered = false; // the household office will answer "not registered in the city"
  bool documents = false;      // one request for documents (補件)
  int documents_days = 0;      // calendar days until the correction arrives
  std::string missing;         // the document codes requested
  bool double_dip = false;     // the same scrapped plate, or the same person, as an earlier plan
};

// The season's plans, in no particular order; `year` is the programme year, `end` the last day
// applications arrive (the programmes' deadline). Deterministic for the random generator.
std::vector<SubsidyPlan> plan_subsidy_season(SamplePeople& people, const Config& config, const OfficeCalendar& calendar,
                                             int year, Date end, int count);

// The programme year the demo plays at `now` (see above), or 0 when there is none.
int subsidy_season_year(const Config& config, const OfficeCalendar& calendar, Instant now);

// Plays the plans through the desk up to `now` (its own transactions, outside any other), with
// the household exchange in weekly batches and, when `options.directory` is set, one paid batch.
Result<SubsidySeasonSummary> play_subsidy_season(Ledger& ledger, const Config& config, const OfficeCalendar& calendar,
                                                 Instant now, const DemoOptions& options,
                                                 const std::vector<Staff>& staff);

// December's batch of every approved application, its roster written beside the demo ledger
// (subsidy-roster.csv, 0600); none when nothing is due.
Result<std::optional<BuiltBatch>> build_demo_batch(Ledger& ledger, const PaymentSource& source, const Stamp& stamp,
                                                   const DemoOptions& options);
// The bank's result for `batch` (subsidy-bank-result.csv): every transfer paid on the stamp's
// day but one, which failed with a reason; imported through the payment engine. Fills the
// summary's paid figures.
Result<void> confirm_demo_batch(Ledger& ledger, const PaymentSource& source, const Stamp& stamp,
                                const DemoOptions& options, const BuiltBatch& batch, SampleRandom& random,
                                SubsidySeasonSummary& summary);

} // namespace epb
