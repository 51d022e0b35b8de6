#include "epb/survey/member_store.hpp"

#include "epb/core/error.hpp"

#include <fmt/format.h>

namespace epb {
namespace {

constexpr std::string_view k_questionnaire_of = "SELECT questionnaire FROM survey_sample WHERE id = :id";
constexpr std::string_view k_drawn_at = "SELECT drawn_at FROM survey_sample WHERE id = :id";

// Stored order: stratum by stratum (BINARY collation is byte order), chosen before spares.
constexpr std::string_view k_member_columns = R"sql(
SELECT m.id, m.case_id, c.ref, m.stratum, m.role, m.position, m.status, m.called, m.replaces, m.attempts
FROM survey_member m JOIN case_file c ON c.id = m.case_id)sql";
constexpr std::string_view k_members = R"sql(
 WHERE m.sample_id = :sample_id ORDER BY m.stratum, m.role = 'spare', m.position)sql";
constexpr std::string_view k_member_by_ref = " WHERE m.sample_id = :sample_id AND c.ref = :ref";
constexpr std::string_view k_member_by_id = " WHERE m.id = :id";
constexpr std::string_view k_next_spare = R"sql(
 WHERE m.sample_id = :sample_id AND m.stratum = :stratum AND m.role = 'spare' AND m.called = 0
ORDER BY m.position LIMIT 1)sql";

constexpr std::string_view k_call_of =
    "SELECT responded_at, comment, follow_up_case, promoted_at FROM survey_member WHERE id = :id";

constexpr std::string_view k_attempts = R"sql(
SELECT attempt, outcome, called_at, actor FROM survey_attempt WHERE member_id = :member_id ORDER BY attempt)sql";
constexpr std::string_view k_insert_attempt = R"sql(
INSERT INTO survey_attempt (member_id, attempt, outcome, called_at, actor)
VALUES (:member_id, :attempt, :outcome, :called_at, :actor) RETURNING id)sql";

constexpr std::string_view k_answers =
    "SELECT item, score FROM survey_answer WHERE member_id = :member_id ORDER BY position";
constexpr std::string_view k_insert_answer = R"sql(
INSERT INTO survey_answer (member_id, item, position, score) VALUES (:member_id, :item, :position, :score))sql";

constexpr std::string_view k_set_status =
    "UPDATE survey_member SET status = :status, attempts = :attempts WHERE id = :id";
constexpr std::string_view k_set_responded =
    "UPDATE survey_member SET responded_at = :at, comment = :comment WHERE id = :id";
constexpr std::string_view k_set_follow_up = "UPDATE survey_member SET follow_up_case = :case_id WHERE id = :id";
constexpr std::string_view k_promote = R"sql(
UPDATE survey_member SET called = 1, replaces = :replaces, promoted_at = :at WHERE id = :id AND called = 0)sql";

constexpr std::string_view k_opted_out = "SELECT 1 FROM survey_opt_out WHERE phone = :phone";
constexpr std::string_view k_insert_opt_out = R"sql(
INSERT INTO survey_opt_out (phone, at, actor, ref, reason) VALUES (:phone, :at, :actor, :ref, :reason))sql";

std::string sql_of(std::string_view head, std::string_view tail) {
  std::string sql(head);
  sql += tail;
  return sql;
}

SampleMember read_member(sql::Statement& s) {
  SampleMember m;
  m.id = s.int64(0);
  m.case_id = s.int64(1);
  m.ref = s.text(2);
  m.stratum = s.text(3);
  m.spare = s.text(4) == "spare";
  m.position = s.integer(5);
  const std::string status = s.text(6);
  const auto parsed = parse_member_status(status);
  if (!parsed) throw Error(fmt::format("survey_member {} has an unknown status '{}'", m.id, status));
  m.status = *parsed;
  m.called = s.int64(7) != 0;
  if (!s.is_null(8)) m.replaces = s.int64(8);
  m.attempts = s.integer(9);
  return m;
}

std::vector<SampleMember> read_members(sql::Statement& s) {
  std::vector<SampleMember> members;
  while (s.step())
    members.push_back(read_member(s));
  s.reset();
  return members;
}

std::optional<SampleMember> first_member(sql::Statement& s) {
  std::optional<SampleMember> found;
  if (s.step()) found = read_member(s);
  s.reset();
  return found;
}

} // namespace

std::optional<std::string> MemberStore::questionnaire_of(std::int64_t sample_id) {
  auto& s = m_db.prepare(k_questionnaire_of);
  s.bind(":id", sample_id);
  std::optional<std::string> found;
  if (s.step()) found = s.text(0);
  s.reset();
  return found;
}

std::optional<Instant> MemberStore::drawn_at(std::int64_t sample_id) {
  auto& s = m_db.prepare(k_drawn_at);
  s.bind(":id", sample_id);
  std::optional<Instant> found;
  if (s.step()) found = Instant(s.int64(0));
  s.reset();
  return found;
}

std::vector<SampleMember> MemberStore::members(std::int64_t sample_id) {
  static const std::string sql = sql_of(k_member_columns, k_members);
  auto& s = m_db.prepare(sql);
  s.bind(":sample_id", sample_id);
  return read_members(s);
}

std::optional<SampleMember> MemberStore::member(std::int64_t sample_id, std::string_view ref) {
  static const std::string sql = sql_of(k_member_columns, k_member_by_ref);
  auto& s = m_db.prepare(sql);
  s.bind(":sample_id", sample_id).bind(":ref", ref);
  return first_member(s);
}

std::optional<SampleMember> MemberStore::member_by_id(std::int64_t id) {
  static const std::string sql = sql_of(k_member_columns, k_member_by_id);
  auto& s = m_db.prepare(sql);
  s.bind(":id", id);
  return first_member(s);
}

MemberCall MemberStore::call_of(std::int64_t member_id) {
  auto& s = m_db.prepare(k_call_of);
  s.bind(":id", member_id);
  MemberCall call;
  if (s.step()) {
    if (!s.is_null(0)) call.responded_at = Instant(s.int64(0));
    call.comment = s.text(1);
    if (!s.is_null(2)) call.follow_up_case = s.int64(2);
    if (!s.is_null(3)) call.promoted_at = Instant(s.int64(3));
  }
  s.reset();
  return call;
}

std::vector<StoredAttempt> MemberStore::attempts(std::int64_t member_id) {
  auto& s = m_db.prepare(k_attempts);
  s.bind(":member_id", member_id);
  std::vector<StoredAttempt> attempts;
  while (s.step())
    attempts.push_back(StoredAttempt{s.integer(0), s.text(1), Instant(s.int64(2)), s.text(3)});
  s.reset();
  return attempts;
}

std::int64_t MemberStore::insert_attempt(std::int64_t member_id, const StoredAttempt& attempt) {
  return m_db.prepare(k_insert_attempt)
      .bind(":member_id", member_id)
      .bind(":attempt", attempt.attempt)
      .bind(":outcome", attempt.outcome)
      .bind(":called_at", attempt.called_at.unix_seconds())
      .bind(":actor", attempt.actor)
      .run_returning_id();
}

std::vector<StoredAnswer> MemberStore::answers(std::int64_t member_id) {
  auto& s = m_db.prepare(k_answers);
  s.bind(":member_id", member_id);
  std::vector<StoredAnswer> answers;
  while (s.step()) {
    StoredAnswer a{s.text(0), std::nullopt};
    if (!s.is_null(1)) a.score = s.integer(1);
    answers.push_back(std::move(a));
  }
  s.reset();
  return answers;
}

void MemberStore::insert_answers(std::int64_t member_id, const std::vector<StoredAnswer>& answers) {
  int position = 0;
  for (const StoredAnswer& a : answers)
    m_db.prepare(k_insert_answer)
        .bind(":member_id", member_id)
        .bind(":item", a.item)
        .bind(":position", ++position)
        .bind(":score", a.score)
        .run();
}

void MemberStore::set_status(std::int64_t member_id, MemberStatus status, int attempts) {
  m_db.prepare(k_set_status)
      .bind(":status", member_status_name(status))
      .bind(":attempts", attempts)
      .bind(":id", member_id)
      .run();
}

void MemberStore::set_responded(std::int64_t member_id, Instant at, std::string_view comment) {
  m_db.prepare(k_set_responded).bind(":at", at.unix_seconds()).bind(":comment", comment).bind(":id", member_id).run();
}

void MemberStore::set_follow_up(std::int64_t member_id, std::int64_t case_id) {
  m_db.prepare(k_set_follow_up).bind(":case_id", case_id).bind(":id", member_id).run();
}

std::optional<SampleMember> MemberStore::next_spare(std::int64_t sample_id, std::string_view stratum) {
  static const std::string sql = sql_of(k_member_columns, k_next_spare);
  auto& s = m_db.prepare(sql);
  s.bind(":sample_id", sample_id).bind(":stratum", stratum);
  return first_member(s);
}

void MemberStore::promote(std::int64_t spare_id, std::int64_t replaces, Instant at) {
  m_db.prepare(k_promote).bind(":replaces", replaces).bind(":at", at.unix_seconds()).bind(":id", spare_id).run();
}

bool MemberStore::opted_out(std::string_view phone) {
  auto& s = m_db.prepare(k_opted_out);
  s.bind(":phone", phone);
  const bool found = s.step();
  s.reset();
  return found;
}

void MemberStore::insert_opt_out(std::string_view phone, Instant at, std::string_view actor, std::string_view ref,
                                 std::string_view reason) {
  m_db.prepare(k_insert_opt_out)
      .bind(":phone", phone)
      .bind(":at", at.unix_seconds())
      .bind(":actor", actor)
      .bind(":ref", ref)
      .bind(":reason", reason)
      .run();
}

} // namespace epb
