#include "epb/notify/notice_store.hpp"
#include "epb/core/subject.hpp"

#include <fmt/format.h>

#include <unordered_map>

namespace epb {
namespace {

constexpr std::string_view k_columns =
    "id, case_id, ref, source, item, level, trigger, deadline_version, cycle, audience, transport, recipient_name, "
    "recipient, lang, "
    "subject, body, message_id, state, attempts, last_error, planned_at, next_attempt_at, "
    "sent_at";

constexpr std::string_view k_exists =
    "SELECT 1 FROM notice WHERE case_id = :case AND source = :source AND item = :item AND level = :level "
    "AND deadline_version = :version AND cycle = :cycle";
constexpr std::string_view k_insert =
    "INSERT INTO notice(case_id, ref, source, item, level, trigger, deadline_version, cycle, audience, transport, "
    "recipient_name, recipient, lang, subject, body, message_id, state, attempts, last_error, planned_at, "
    "next_attempt_at) VALUES (:case, :ref, :source, :item, :level, :trigger, :version, :cycle, :audience, "
    ":transport, :recipient_name, :recipient, :lang, :subject, :body, :message_id, :state, 0, :last_error, "
    ":planned, :next) RETURNING id";
// Filled in with the window (a WHERE over c) and the list of service parameters. Only the
// deadline ladder's own notices (source 'deadline', no item) count: another source's notice of
// a level with the same name is another notice.
constexpr std::string_view k_cases_without_notice =
    "SELECT c.id FROM case_file c {} AND c.closed_at IS NULL AND c.paused_at IS NULL AND c.due_at < :to "
    "AND c.service IN ({}) AND NOT EXISTS (SELECT 1 FROM notice n WHERE n.case_id = c.id "
    "AND n.source = 'deadline' AND n.item = '' AND n.level = :level AND n.deadline_version = c.deadline_version "
    "AND n.cycle = 0) ORDER BY c.due_at, c.id";
constexpr std::string_view k_stale =
    "SELECT closed_at IS NOT NULL, deadline_version, paused_at IS NOT NULL FROM case_file WHERE id = :id";
// The open pause's note, else the latest pause's.
constexpr std::string_view k_pause_note =
    "SELECT note FROM case_pause WHERE case_id = :id ORDER BY resumed_at IS NULL DESC, paused_at DESC, id DESC LIMIT 1";
constexpr std::string_view k_max_case_id = "SELECT coalesce(max(id), 0) FROM case_file";
constexpr std::string_view k_cancel =
    "UPDATE notice SET state = 'cancelled', last_error = :reason, next_attempt_at = :at WHERE id = :id";
// Through notice_by_item; a notice being sent ('sending') is left to finish.
constexpr std::string_view k_cancel_pending =
    "UPDATE notice SET state = 'cancelled', last_error = :reason, next_attempt_at = :at "
    "WHERE case_id = :case_id AND source = :source AND item = :item AND item <> '' "
    "AND (state = 'planned' OR state = 'failed')";
constexpr std::string_view k_cursor =
    "SELECT threshold, scanned_on, last_case_id FROM notify_cursor WHERE ladder = :ladder AND level = :level";
constexpr std::string_view k_set_cursor =
    "INSERT INTO notify_cursor(ladder, level, threshold, scanned_on, last_case_id) "
    "VALUES (:ladder, :level, :threshold, :day, :last) ON CONFLICT(ladder, level) DO UPDATE SET "
    "threshold = excluded.threshold, scanned_on = excluded.scanned_on, last_case_id = excluded.last_case_id";
constexpr std::string_view k_pending_where = "WHERE state NOT IN ('sent', 'cancelled') AND next_attempt_at <= :now "
                                             "AND (attempts < :max OR state = 'sending') ORDER BY id";
constexpr std::string_view k_list_where =
    "WHERE (:state = '' OR state = :state) AND (:ref = '' OR ref = :ref) ORDER BY id LIMIT :limit";
constexpr std::string_view k_by_id_where = "WHERE id = :id";
constexpr std::string_view k_mark_sending =
    "UPDATE notice SET state = 'sending', attempts = attempts + 1 WHERE id = :id";
constexpr std::string_view k_mark_sent =
    "UPDATE notice SET state = 'sent', sent_at = :at, last_error = '' WHERE id = :id";
constexpr std::string_view k_mark_failed =
    "UPDATE notice SET state = 'failed', last_error = :error, next_attempt_at = :next WHERE id = :id";
constexpr std::string_view k_reset =
    "UPDATE notice SET state = 'planned', attempts = 0, last_error = '', next_attempt_at = :at WHERE id = :id";
constexpr std::string_view k_untold_extensions =
    "SELECT e.id, e.case_id, e.workdays, e.reason FROM case_extension e JOIN case_file c ON c.id = e.case_id "
    "WHERE e.notify_applicant = 1 AND e.notified_at IS NULL AND c.closed_at IS NULL ORDER BY e.id";
constexpr std::string_view k_mark_extension_told = "UPDATE case_extension SET notified_at = :at WHERE id = :id";

Notice read_notice(const sql::Statement& s) {
  int i = 0;
  Notice n;
  n.id = s.int64(i++);
  n.case_id = s.int64(i++);
  n.ref = s.text(i++);
  n.source = s.text(i++);
  n.item = s.text(i++);
  n.level = s.text(i++);
  n.trigger = s.text(i++);
  n.deadline_version = s.integer(i++);
  n.cycle = s.int64(i++);
  n.audience = s.text(i++);
  n.transport = s.text(i++);
  n.recipient_name = s.text(i++);
  n.recipient = s.text(i++);
  n.lang = s.text(i++);
  n.subject = s.text(i++);
  n.body = s.text(i++);
  n.message_id = s.text(i++);
  const std::string state = s.text(i++);
  const auto parsed = parse_notice_state(state);
  // The schema's CHECK admits only the named states: anything else is a damaged ledger.
  if (!parsed) throw Error(fmt::format("ledger: notice {}: unknown state '{}'", n.id, state));
  n.state = *parsed;
  n.attempts = s.integer(i++);
  n.last_error = s.text(i++);
  n.planned_at = Instant(s.int64(i++));
  n.next_attempt_at = Instant(s.int64(i++));
  if (!s.is_null(i)) n.sent_at = Instant(s.int64(i));
  return n;
}

const std::string& select_notices(std::string_view where) {
  static std::unordered_map<std::string_view, std::string> built;
  auto [slot, added] = built.try_emplace(where);
  if (added) slot->second = fmt::format("SELECT {} FROM notice {}", k_columns, where);
  return slot->second;
}

} // namespace

std::string notice_message_id(std::string_view ref, std::string_view source, std::string_view item,
                              std::string_view level, int deadline_version, std::int64_t cycle) {
  // A deadline notice keeps the Message-ID it had before notices had sources, so a resend
  // after an upgrade is still recognised as the same message.
  if (source == k_deadline_source && item.empty())
    return fmt::format("notice-{}-{}-v{}-c{}@epb.ksepb.gov.tw", ref, level, deadline_version, cycle);
  return fmt::format("notice-{}-{}-{}-{}-v{}-c{}@epb.ksepb.gov.tw", ref, source, item, level, deadline_version, cycle);
}

bool NoticeStore::exists(std::int64_t case_id, std::string_view source, std::string_view item, std::string_view level,
                         int deadline_version, std::int64_t cycle) {
  auto& s = m_db.prepare(k_exists);
  s.bind(":case", case_id)
      .bind(":source", source)
      .bind(":item", item)
      .bind(":level", level)
      .bind(":version", deadline_version)
      .bind(":cycle", cycle);
  const bool found = s.step();
  s.reset();
  return found;
}

std::int64_t NoticeStore::insert(const Notice& n) {
  return m_db.prepare(k_insert)
      .bind(":case", n.case_id)
      .bind(":ref", n.ref)
      .bind(":source", n.source)
      .bind(":item", n.item)
      .bind(":level", n.level)
      .bind(":trigger", n.trigger)
      .bind(":version", n.deadline_version)
      .bind(":cycle", n.cycle)
      .bind(":audience", n.audience)
      .bind(":transport", n.transport)
      .bind(":recipient_name", n.recipient_name)
      .bind(":recipient", n.recipient)
      .bind(":lang", n.lang)
      .bind(":subject", n.subject)
      .bind(":body", n.body)
      .bind(":message_id", n.message_id)
      .bind(":state", notice_state_name(n.state))
      .bind(":last_error", n.last_error)
      .bind(":planned", n.planned_at.unix_seconds())
      .bind(":next", n.next_attempt_at.unix_seconds())
      .run_returning_id();
}

// Open, running cases of `services` whose cases match `window` (a constant SQL fragment over
// c with :from/:to/:after) and that have no notice of `level` for their current deadline.
std::vector<std::int64_t> NoticeStore::cases_without_notice(std::string_view window,
                                                            const std::vector<std::string>& services,
                                                            std::string_view level, const Window& bounds) {
  std::string in;
  for (std::size_t i = 0; i < services.size(); ++i)
    in += fmt::format("{}:service{}", i ? ", " : "", i);
  auto& s = m_db.prepare(fmt::format(k_cases_without_notice, window, in));
  for (std::size_t i = 0; i < services.size(); ++i)
    s.bind_named(fmt::format(":service{}", i), services[i]);
  s.bind(":to", bounds.to.unix_seconds()).bind(":level", level);
  if (bounds.from) s.bind(":from", bounds.from->unix_seconds());
  if (bounds.after_id) s.bind(":after", *bounds.after_id);
  std::vector<std::int64_t> ids;
  while (s.step())
    ids.push_back(s.int64(0));
  return ids;
}

std::vector<std::int64_t> NoticeStore::unnotified(const std::vector<std::string>& services, std::string_view level,
                                                  Instant from, Instant to) {
  return cases_without_notice("INDEXED BY case_open_by_due WHERE c.due_at >= :from", services, level, {from, {}, to});
}

std::vector<std::int64_t> NoticeStore::new_unnotified(const std::vector<std::string>& services, std::string_view level,
                                                      std::int64_t after_id, Instant to) {
  return cases_without_notice("WHERE c.id > :after", services, level, {{}, after_id, to});
}

std::optional<std::string> NoticeStore::stale_reason(const Notice& notice) {
  auto& s = m_db.prepare(k_stale);
  s.bind(":id", notice.case_id);
  std::optional<std::string> reason;
  if (!s.step())
    reason = "the case is gone";
  else if (s.integer(0))
    reason = "case closed";
  else if (notice.trigger != "extension" && s.integer(1) != notice.deadline_version)
    reason = "the due date changed";
  else if (s.integer(2) && (notice.trigger == "before_due" || notice.trigger == "overdue"))
    reason = "the case is paused";
  s.reset();
  return reason;
}

std::string NoticeStore::pause_note(std::int64_t case_id) {
  auto& s = m_db.prepare(k_pause_note);
  s.bind(":id", case_id);
  std::string note;
  if (s.step()) note = s.text(0);
  s.reset();
  return note;
}

std::int64_t NoticeStore::max_case_id() {
  auto& s = m_db.prepare(k_max_case_id);
  s.step();
  const std::int64_t id = s.int64(0);
  s.reset();
  return id;
}

void NoticeStore::cancel(std::int64_t id, std::string_view reason, Instant at) {
  m_db.prepare(k_cancel).bind(":id", id).bind(":reason", reason).bind(":at", at.unix_seconds()).run();
}

int NoticeStore::cancel_pending(std::int64_t case_id, std::string_view source, std::string_view item,
                                std::string_view reason, Instant at) {
  m_db.prepare(k_cancel_pending)
      .bind(":reason", reason)
      .bind(":at", at.unix_seconds())
      .bind(":case_id", case_id)
      .bind(":source", source)
      .bind(":item", item)
      .run();
  return m_db.changes();
}

std::optional<NoticeStore::Cursor> NoticeStore::cursor(std::string_view ladder, std::string_view level) {
  auto& s = m_db.prepare(k_cursor);
  s.bind(":ladder", ladder).bind(":level", level);
  std::optional<Cursor> out;
  if (s.step())
    if (auto day = parse_date(s.text(1))) out = Cursor{Instant(s.int64(0)), *day, s.int64(2)};
  s.reset();
  return out;
}

void NoticeStore::set_cursor(std::string_view ladder, std::string_view level, const Cursor& cursor) {
  m_db.prepare(k_set_cursor)
      .bind(":ladder", ladder)
      .bind(":level", level)
      .bind(":threshold", cursor.threshold.unix_seconds())
      .bind(":day", cursor.scanned_on.iso())
      .bind(":last", cursor.last_case_id)
      .run();
}

std::vector<Notice> NoticeStore::pending(Instant now, int max_attempts) {
  auto& s = m_db.prepare(select_notices(k_pending_where));
  s.bind(":now", now.unix_seconds()).bind(":max", max_attempts);
  std::vector<Notice> out;
  while (s.step())
    out.push_back(read_notice(s));
  return out;
}

std::vector<Notice> NoticeStore::list(std::optional<NoticeState> state, const std::string& ref, std::int64_t limit) {
  auto& s = m_db.prepare(select_notices(k_list_where));
  s.bind(":state", state ? notice_state_name(*state) : std::string_view(""))
      .bind(":ref", ref)
      .bind(":limit", limit > 0 ? limit : std::int64_t{-1});
  std::vector<Notice> out;
  while (s.step())
    out.push_back(read_notice(s));
  return out;
}

std::optional<Notice> NoticeStore::find(std::int64_t id) {
  auto& s = m_db.prepare(select_notices(k_by_id_where));
  s.bind(":id", id);
  std::optional<Notice> out;
  if (s.step()) out = read_notice(s);
  s.reset();
  return out;
}

void NoticeStore::mark_sending(std::int64_t id) { m_db.prepare(k_mark_sending).bind(":id", id).run(); }

void NoticeStore::mark_sent(std::int64_t id, Instant at) {
  m_db.prepare(k_mark_sent).bind(":id", id).bind(":at", at.unix_seconds()).run();
}

void NoticeStore::mark_failed(std::int64_t id, std::string_view error, Instant next_attempt) {
  m_db.prepare(k_mark_failed).bind(":id", id).bind(":error", error).bind(":next", next_attempt.unix_seconds()).run();
}

void NoticeStore::reset(std::int64_t id, Instant at) {
  m_db.prepare(k_reset).bind(":id", id).bind(":at", at.unix_seconds()).run();
}

std::vector<NoticeStore::PendingExtension> NoticeStore::untold_extensions() {
  auto& s = m_db.prepare(k_untold_extensions);
  std::vector<PendingExtension> out;
  while (s.step())
    out.push_back({s.int64(0), s.int64(1), s.integer(2), s.text(3)});
  return out;
}

void NoticeStore::mark_extension_told(std::int64_t id, Instant at) {
  m_db.prepare(k_mark_extension_told).bind(":id", id).bind(":at", at.unix_seconds()).run();
}

} // namespace epb
