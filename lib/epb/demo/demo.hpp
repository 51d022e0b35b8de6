#pragma once
// `epb demo`: a year of a bureau's casework, simulated through the real CaseDesk into a
// separate ledger, so the case commands can be tried on realistic data.
#include "epb/calendar/office_calendar.hpp"
#include "epb/cases/case_desk.hpp"
#include "epb/config/config.hpp"
#include "epb/io/output_file.hpp"
#include "epb/ledger/ledger.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace epb {

constexpr std::uint64_t k_default_demo_seed = 20180101;

struct DemoOptions {
  int cases = 1500;
  std::uint64_t seed = k_default_demo_seed;
  int subsidies = 300;   // applications of the subsidy season (0: none)
  int fee_projects = 40; // construction projects of the fee year (0: none)
  // Where the season's payment roster and bank result are written (the demo ledger's folder);
  // empty: the season ends without its paid batch.
  std::string directory;
  const ProtectedFiles* protect = nullptr; // files the roster must never replace; required with directory
};

// The subsidy season the demo plays (see demo_subsidy.hpp for why it is programme year 2018).
struct SubsidySeasonSummary {
  int year = 0; // the programme year played; 0: the configuration has none the demo can play
  std::int64_t applications = 0;
  std::int64_t approved = 0; // approved or paid
  std::int64_t rejected = 0;
  std::int64_t documents_requested = 0; // 補件
  std::int64_t double_dipping = 0;      // rejected for a plate, certificate, person or vehicle subsidised before
  std::int64_t not_registered = 0;      // rejected on the household office's answer
  std::string batch;                    // the paid batch's reference; empty without one
  std::int64_t paid = 0;
  std::int64_t paid_total = 0; // NT$
  std::int64_t payment_failed = 0;

  bool operator==(const SubsidySeasonSummary&) const = default;
};

// The year of construction projects the demo plays through the FeeDesk (demo_fee.hpp).
struct FeeSeasonSummary {
  std::int64_t projects = 0;
  std::int64_t assessed = 0;    // NT$: the fees as last assessed (the settlement's where settled)
  std::int64_t collected = 0;   // NT$: every payment, surcharges and interest included
  std::int64_t outstanding = 0; // NT$: the principal of the instalments still open at the clock
  std::int64_t late_payers = 0; // projects with an instalment paid late or still unpaid past due
  std::int64_t refunds = 0;
  std::int64_t refunded = 0; // NT$
  std::int64_t topups = 0;
  std::int64_t topped_up = 0;     // NT$
  std::int64_t bank_payments = 0; // rows of the bank collection file
  std::int64_t notices = 0;       // dunning notices of the year (history, sent before the clock)

  bool operator==(const FeeSeasonSummary&) const = default;
};

// The satisfaction survey of the subsidy season (demo_survey.hpp): one sample, called.
struct SurveySeasonSummary {
  std::int64_t sample_id = 0; // 0: no survey (no questionnaire, nothing paid, or the clock is too early)
  int year = 0;               // the cases closed (paid) in this year
  std::int64_t frame = 0;     // paid cases with a phone
  std::int64_t strata = 0;
  std::int64_t chosen = 0;
  std::int64_t spares = 0;
  std::int64_t calls = 0; // attempts recorded
  std::int64_t answered = 0;
  std::int64_t refused = 0;
  std::int64_t unreachable = 0;
  std::int64_t spares_called = 0; // spares that took an unreachable member's place
  std::int64_t follow_ups = 0;    // second-reply cases opened for a low score

  bool operator==(const SurveySeasonSummary&) const = default;
};

// One unit's open work at the demo's clock.
struct UnitOverdue {
  std::string unit;
  std::string name_zh;
  std::string name_en;
  std::int64_t open = 0;
  std::int64_t overdue = 0;
  std::optional<Date> oldest_due; // the earliest due date among its overdue cases
  int max_workdays_late = 0;

  bool operator==(const UnitOverdue&) const = default;
};

struct DemoSummary {
  Instant now;
  std::int64_t cases = 0;
  std::int64_t open = 0;
  std::int64_t closed = 0;
  std::int64_t closed_late = 0;
  std::int64_t paused = 0;
  std::int64_t overdue = 0;
  std::int64_t repeats = 0;
  std::vector<UnitOverdue> units; // every unit of the config, in its order
  SubsidySeasonSummary subsidy;
  SurveySeasonSummary survey;
  FeeSeasonSummary fee;

  bool operator==(const DemoSummary&) const = default;
};

// The clock a demo runs at: `now`, unless that leaves too little of the office calendar
// after it for the cases still open (due dates, extensions and pauses must stay inside it);
// then 2 November 09:00 of the calendar's last year. Fails for a clock before the calendar.
Result<Instant> demo_clock(const OfficeCalendar& calendar, Instant now);

// Simulates about a year of work up to `now` (cases of every plain service, moved along their
// SOPs, some paused, extended, closed late, repeated or left overdue) in one transaction, then
// a subsidy season (demo_subsidy.hpp) and its satisfaction survey (demo_survey.hpp) in
// transactions of their own. The summary's case figures
// are the casework's, its units' open and overdue figures everything open. The same options
// give the same ledger. Fails when `now` is outside the calendar.
Result<DemoSummary> build_demo(Ledger& ledger, const Config& config, const OfficeCalendar& calendar, Instant now,
                               const DemoOptions& options);

// Open and overdue figures per unit of `config`, at `now`.
std::vector<UnitOverdue> overdue_by_unit(CaseDesk& desk, const Config& config, Instant now);

// $XDG_DATA_HOME/epb/demo/ledger.sqlite, falling back to ~/.local/share/epb/demo/ledger.sqlite.
std::string default_demo_ledger_path();

// True when `path` holds a ledger made by epb demo: only those may be replaced.
bool is_demo_ledger(const std::string& path);

// Replaces any demo ledger at `path` (with its -wal and -shm files) by a new, migrated one
// carrying the demo's mark. Refuses a file that is not a demo ledger.
Result<std::unique_ptr<Ledger>> create_demo_ledger(const std::string& path, const Stamp& stamp);

} // namespace epb
