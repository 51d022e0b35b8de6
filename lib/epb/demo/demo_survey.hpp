#pragma once
// Internal to the demo: the satisfaction survey of the subsidy season (DOMAIN.md §8: at least 1
// in 10 paid applications is phoned), played through the real SampleDesk and CallDesk after the
// season. In January after the programme year, one sample of the year's paid cases is drawn, 1
// in 10 stratified by district with 2 spares per stratum and the demo's seed, and called over the
// following working days: most members answer (scores drawn deterministically from the seed),
// some only at a second or third call, one refuses, one is not reached in 3 calls (the next
// spare of its district takes the place), and a low score opens the second-reply case, which
// the planning unit answers and closes the same day. Nothing happens after the clock.
#include "epb/demo/demo.hpp"
#include "epb/demo/demo_plan.hpp"

#include <vector>

namespace epb {

// The survey of programme year `year`'s paid subsidies, in transactions of its own (each draw
// and each call one); an empty summary when the configuration has no questionnaire for the
// subsidy service, the clock is before the draw day, or no paid case has a phone.
Result<SurveySeasonSummary> play_subsidy_survey(Ledger& ledger, const Config& config, const OfficeCalendar& calendar,
                                                Instant now, const DemoOptions& options, int year,
                                                const std::vector<Staff>& staff);

} // namespace epb
