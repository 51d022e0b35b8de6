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

// "5,4,,5": one score per item, a blank one not answered; a Problem (what: "answers") names
// what is not a whole number. Scale and count are check_call()'s.
Result<std::vector<std::optional<int>>> parse_answers(std::string_view text);

// One call to a member: an attempt that failed, or the answers.
struct CallResult {
  std::string ref;
  CallOutcome outcome = CallOutcome::answered;
  std::optional<int> attempt;              // the call centre's attempt number; none: the next one
  std::vector<std::optional<int>> answers; // one per questionnaire item, in order; none: not answered
  std::string comment;                     // the free-text item
  std::optional<Instant> called_at;        // none: the stamp's time
};

// Checks a call against its questionnaire without the ledger (the import's prepare()): answers
// only with outcome answered, one per item, each on the scale or blank, at least one given;
// the comment through the text policy (a note); the attempt at least 1. The Problem's `what`
// names the field: `item_field` for the answers ("answers", "--answers"; empty: the score's
// item code, when each item came in a column of its own), "comment", "attempt".
Result<void> check_call(const Questionnaire& questionnaire, const CallResult& call,
                        std::string_view item_field = "answers");

// The scale's values, highest first: the questionnaire's, else 5..1.
std::vector<int> scale_values(const Questionnaire& questionnaire);

// What a recorded call did.
struct CallEffect {
  SampleMember member;                      // after the call
  int attempt = 0;                          // the attempt number recorded (or found, when unchanged)
  std::int64_t attempt_id = 0;              // the survey_attempt row written; 0 when unchanged
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

  // The questionnaire a stored sample was drawn for: not_found for no such sample, a Problem
  // when the configuration has no such questionnaire any more.
  Result<const Questionnaire*> questionnaire(std::int64_t sample_id);
  // Called members first (stored order), then the spares not yet called, marked.
  Result<std::vector<CallListRow>> call_list(std::int64_t sample_id);
  // One transaction: the attempt, the answers, a spare's promotion, the follow-up case.
  // A ref that is no case is not_found; a case not in the sample, a spare not yet called, a
  // member who answered, refused or is unreachable, an attempt recorded differently before:
  // invalid. The same call recorded again is `unchanged`. A no-answer counts towards the
  // questionnaire's max_attempts (survey_member.attempts counts unanswered calls only); a
  // wrong number makes the member unreachable at once. An unreachable member's place goes to
  // the next spare of its stratum. A score at or below follow_up_at_or_below on any item opens
  // the second-reply case (service follow_up_service, source "survey" "SAMPLE:REF": once).
  Result<CallEffect> record(const Stamp& stamp, std::int64_t sample_id, const CallResult& call);
  // The person's phone (of the case `ref`) goes on the opt-out list: no later frame has it.
  // False when the phone was on the list already (nothing written).
  Result<bool> opt_out(const Stamp& stamp, std::string_view ref, std::string_view reason);

  // For the import target: the same as record() inside the caller's transaction.
  Result<CallEffect> record_in_transaction(const Stamp& stamp, std::int64_t sample_id, const CallResult& call);

private:
  Ledger& m_ledger;
  const Config& m_config;
  const OfficeCalendar& m_calendar;

  // The second-reply case for low scores: the one opened before for this member, else a new one.
  Result<std::string> follow_up(const Stamp& stamp, std::int64_t sample_id, const Questionnaire& questionnaire,
                                const SampleMember& member, const CallResult& call);
  // An unreachable member's place to the next spare of its stratum.
  void replace(const Stamp& stamp, std::int64_t sample_id, const SampleMember& member, CallEffect& effect);
};

} // namespace epb
