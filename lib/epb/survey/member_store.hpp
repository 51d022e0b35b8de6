#pragma once
// The call centre's side of the stored samples (schema version 12): members' status, attempts,
// answers and follow-up cases, and the opt-out list. All SQL over survey_member's call columns,
// survey_attempt, survey_answer and survey_opt_out lives here; the sample-level columns and the
// members' insertion are SampleStore's (sample_store.hpp). Callers run inside their verb's
// transaction.
#include "epb/ledger/ledger.hpp"
#include "epb/survey/sample_store.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace epb {

// "pending" ... "refused" → the status (member_status.cpp, beside member_status_name).
std::optional<MemberStatus> parse_member_status(std::string_view name);

// One recorded call of a member (survey_attempt).
struct StoredAttempt {
  int attempt = 0;
  std::string outcome; // "answered", "no-answer", "refused", "wrong-number"
  Instant called_at;
  std::string actor;
};

// What a member's row holds beyond SampleMember: the answer's time and comment, its follow-up.
struct MemberCall {
  std::optional<Instant> responded_at;
  std::string comment;
  std::optional<std::int64_t> follow_up_case;
  std::optional<Instant> promoted_at;
};

// One stored answer: the item's code and its score (none: not answered).
struct StoredAnswer {
  std::string item;
  std::optional<int> score;
  bool operator==(const StoredAnswer&) const = default;
};

class MemberStore {
public:
  explicit MemberStore(Ledger& ledger) : m_db(ledger.db()) {}

  // The questionnaire of a stored sample; none when there is no such sample.
  std::optional<std::string> questionnaire_of(std::int64_t sample_id);
  // When a stored sample was drawn (the command's clock); none when there is no such sample.
  std::optional<Instant> drawn_at(std::int64_t sample_id);
  // Members in stored order: stratum by stratum (byte order), chosen by position, then spares.
  std::vector<SampleMember> members(std::int64_t sample_id);
  std::optional<SampleMember> member(std::int64_t sample_id, std::string_view ref);
  std::optional<SampleMember> member_by_id(std::int64_t id);
  MemberCall call_of(std::int64_t member_id);

  // A member's calls, by attempt number.
  std::vector<StoredAttempt> attempts(std::int64_t member_id);
  // Returns the survey_attempt row's id.
  std::int64_t insert_attempt(std::int64_t member_id, const StoredAttempt& attempt);
  // The member's answers by item position (1-based, in the questionnaire's order).
  std::vector<StoredAnswer> answers(std::int64_t member_id);
  void insert_answers(std::int64_t member_id, const std::vector<StoredAnswer>& answers);

  void set_status(std::int64_t member_id, MemberStatus status, int attempts);
  void set_responded(std::int64_t member_id, Instant at, std::string_view comment);
  void set_follow_up(std::int64_t member_id, std::int64_t case_id);

  // The spare of `stratum` a place goes to next: the lowest position not yet called.
  std::optional<SampleMember> next_spare(std::int64_t sample_id, std::string_view stratum);
  // The spare goes on the call list in the place of member `replaces`.
  void promote(std::int64_t spare_id, std::int64_t replaces, Instant at);

  // The opt-out list, by normalised phone number.
  bool opted_out(std::string_view phone);
  void insert_opt_out(std::string_view phone, Instant at, std::string_view actor, std::string_view ref,
                      std::string_view reason);

private:
  sql::Database& m_db;
};

} // namespace epb
