#pragma once
// The call centre's side of a sample: the call list (`epb survey export`), call attempts and
// answers (`epb survey record`, `epb survey import` through answer_import.hpp), spares taking
// the place of unreachable cases, opt-outs, and the follow-up case a low score calls for.
#include "epb/config/config.hpp"
#include "epb/core/error.hpp"
#include "epb/ledger/ledger.hpp"
#include "epb/survey/sample_store.hpp"

#include <optional>
#include <string>
#include <vector>

namespace epb {

class OfficeCalendar;

enum class CallOutcome { answered, no_answer, refused, wrong_number };
std::string_view call_outcome_name(CallOutcome outcome); // "answered", "no-answer", ...
std::optional<CallOutcome> parse_call_outcome(std::string_view name);

// One call to a member: an attempt that failed, or the answers.
struct CallResult {
  std::string ref;
  CallOutcome outcome = CallOutcome::answered;
  std::optional<int> attempt;              // the call centre's attempt number; none: the next one
  std::vector<std::optional<int>> answers; // one per questionnaire item, in order; none: not answered
  std::string comment;                     // the free-text item
  std::optional<Instant> called_at;        // none: the stamp's time
};

// What a recorded call did.
struct CallEffect {
  SampleMember member;                      // after the call
  bool unchanged = false;                   // the same call was recorded before (idempotent import)
  std::optional<SampleMember> replacement;  // the spare that took an unreachable member's place
  bool no_spare_left = false;               // unreachable, and its stratum has no spare left
  std::optional<std::string> follow_up_ref; // the second-reply case opened for a low score
};

// One line of the call list.
struct CallListRow {
  std::int64_t sample_id = 0;
  SampleMember member;
  std::string service;
  std::string unit;
  Date closed;
  std::string district;
  std::string name;  // in full: the caller masks it unless --reveal-pii
  std::string phone; // in full: only with --reveal-pii
};

class CallDesk {
public:
  CallDesk(Ledger& ledger, const Config& config, const OfficeCalendar& calendar)
      : m_ledger(ledger), m_config(config), m_calendar(calendar) {}

  // Called members first (stored order), then the spares not yet called, marked.
  Result<std::vector<CallListRow>> call_list(std::int64_t sample_id);
  // One transaction: the attempt, the answers, a spare's promotion, the follow-up case.
  Result<CallEffect> record(const Stamp& stamp, std::int64_t sample_id, const CallResult& call);
  // The person's phone (of the case `ref`) goes on the opt-out list: no later frame has it.
  Result<void> opt_out(const Stamp& stamp, std::string_view ref, std::string_view reason);

  // For the import target: the same as record() inside the caller's transaction.
  Result<CallEffect> record_in_transaction(const Stamp& stamp, std::int64_t sample_id, const CallResult& call);

private:
  Ledger& m_ledger;
  const Config& m_config;
  const OfficeCalendar& m_calendar;
};

} // namespace epb
