#include "epb/cases/case_store.hpp"

#include "epb/core/subject.hpp"
#include "epb/validate/contact.hpp"

#include <fmt/format.h>

#include <unordered_map>

namespace epb {
namespace {

constexpr std::string_view k_insert =
    "INSERT INTO case_file(id, ref, service, unit, channel, status, applicant_kind, applicant_name, id_number, "
    "business_number, phone, phone_last4, email, address, lang, subject, description, place, district, received_at, "
    "received_date, due_date, due_at, deadline_rule, deadline_version, calendar_version, paused_at, "
    "extensions, assignee, closed_at, closed_date, outcome, closed_late, repeat_of, source_system, source_id, "
    "updated_at, clock_start_at, repeat_key, due_provisional) VALUES (:id, :ref, :service, :unit, :channel, :status, "
    ":kind, "
    ":name, "
    ":id_number, :business_number, "
    ":phone, :phone_last4, :email, :address, :lang, :subject, :description, :place, :district, :received_at, "
    ":received_date, :due_date, :due_at, :rule, :deadline_version, :calendar_version, :paused_at, "
    ":extensions, :assignee, :closed_at, :closed_date, :outcome, :closed_late, :repeat_of, :source_system, "
    ":source_id, :updated_at, :clock_start, :repeat_key, :due_provisional)";

constexpr std::string_view k_update =
    "UPDATE case_file SET unit = :unit, status = :status, applicant_kind = :kind, applicant_name = :name, "
    "id_number = :id_number, business_number = :business_number, phone = :phone, phone_last4 = :phone_last4, "
    "email = :email, address = :address, lang = :lang, subject = :subject, description = :description, "
    "place = :place, district = :district, channel = :channel, received_at = :received_at, "
    "received_date = :received_date, due_date = :due_date, due_at = :due_at, deadline_rule = :rule, "
    "deadline_version = :deadline_version, calendar_version = :calendar_version, "
    "paused_at = :paused_at, extensions = :extensions, assignee = :assignee, closed_at = :closed_at, "
    "closed_date = :closed_date, outcome = :outcome, closed_late = :closed_late, repeat_of = :repeat_of, "
    "source_system = :source_system, source_id = :source_id, updated_at = :updated_at, clock_start_at = :clock_start, "
    "repeat_key = :repeat_key, due_provisional = :due_provisional, ref = :ref, "
    "service = :service WHERE id = :id";

constexpr std::string_view k_sequence_last =
    "SELECT last FROM case_sequence WHERE prefix = :prefix AND roc_year = :year";
constexpr std::string_view k_sequence_write =
    "INSERT INTO case_sequence(prefix, roc_year, last) VALUES (:prefix, :year, :last) "
    "ON CONFLICT(prefix, roc_year) DO UPDATE SET last = max(case_sequence.last, excluded.last)";
constexpr std::string_view k_max_id = "SELECT coalesce(max(id), 0) FROM case_file";
constexpr std::string_view k_plain_indexes =
    "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'case_file' "
    "AND sql NOT LIKE 'CREATE UNIQUE %' AND sql NOT LIKE '% WHERE %' ORDER BY name";
constexpr std::string_view k_id_of = "SELECT id FROM case_file WHERE ref = :ref";
constexpr std::string_view k_id_by_source =
    "SELECT id FROM case_file WHERE source_system = :system AND source_id = :id AND source_id <> ''";
constexpr std::string_view k_pauses =
    "SELECT paused_at, resumed_at FROM case_pause WHERE case_id = :id ORDER BY paused_at, id";
constexpr std::string_view k_add_pause =
    "INSERT INTO case_pause(case_id, paused_at, resumed_at, note) VALUES (:id, :at, :resumed, :note)";
constexpr std::string_view k_end_pause =
    "UPDATE case_pause SET resumed_at = :at WHERE case_id = :id AND resumed_at IS NULL";
constexpr std::string_view k_pause_note =
    "UPDATE case_pause SET note = :note WHERE case_id = :id AND resumed_at IS NULL";
constexpr std::string_view k_extensions =
    "SELECT workdays, reason, at, notify_applicant, notified_at FROM case_extension WHERE case_id = :id ORDER BY id";
constexpr std::string_view k_add_extension =
    "INSERT INTO case_extension(case_id, at, workdays, reason, notify_applicant, notified_at) "
    "VALUES (:id, :at, :days, :reason, :notify, :notified) RETURNING id";
constexpr std::string_view k_set_closed_from = "UPDATE case_file SET closed_from = :state WHERE id = :id";
constexpr std::string_view k_closed_from = "SELECT closed_from FROM case_file WHERE id = :id";
constexpr std::string_view k_assignees =
    "SELECT DISTINCT assignee FROM case_file WHERE assignee <> '' ORDER BY assignee";
constexpr std::string_view k_insert_import_batch =
    "INSERT INTO import_batch(record_type, source, first_case_id, last_case_id, imported, at, actor, event_id) "
    "VALUES ('case', :source, :first, :last, :imported, :at, :actor, :event) RETURNING id";
// A case's own events and the event of the import batch that brought it in.
constexpr std::string_view k_history =
    "SELECT id, at, actor, command, subject, action, detail, recorded_at FROM event WHERE subject = :subject "
    "OR id IN (SELECT event_id FROM import_batch WHERE record_type = 'case' AND first_case_id <= :id "
    "AND last_case_id >= :id) ORDER BY id";

// Statements that select whole cases, built once: they run for every imported row.
const std::string& select_cases(std::string_view where) {
  static std::unordered_map<std::string_view, std::string> built;
  auto [slot, added] = built.try_emplace(where);
  if (added) slot->second = fmt::format("SELECT {} FROM case_file {}", case_columns(), where);
  return slot->second;
}

constexpr std::string_view k_by_ref = "WHERE ref = :ref";
constexpr std::string_view k_by_id = "WHERE id = :id";
constexpr std::string_view k_by_source = "WHERE source_system = :system AND source_id = :id AND source_id <> ''";
constexpr std::string_view k_by_repeat_key =
    "WHERE repeat_key = :key AND repeat_key <> '' AND closed_at >= :since AND closed_at <= :received "
    "AND ref <> :ref ORDER BY closed_at DESC LIMIT 1";

std::optional<std::int64_t> seconds(const std::optional<Instant>& at) {
  return at ? std::optional<std::int64_t>(at->unix_seconds()) : std::nullopt;
}

// The case's own text is bound in place: callers step the statement while `c` is alive.
void bind_case(sql::Statement& s, const Case& c) {
  s.bind_in_place(":ref", c.ref)
      .bind_in_place(":service", c.service)
      .bind_in_place(":unit", c.unit)
      .bind_in_place(":channel", c.channel)
      .bind_in_place(":status", c.status)
      .bind_in_place(":kind", applicant_kind_name(c.applicant.kind))
      .bind_in_place(":name", c.applicant.name)
      .bind_in_place(":id_number", c.applicant.id_number)
      .bind_in_place(":business_number", c.applicant.business_number)
      .bind_in_place(":phone", c.applicant.phone)
      .bind(":phone_last4", phone_last4(c.applicant.phone))
      .bind_in_place(":email", c.applicant.email)
      .bind_in_place(":address", c.applicant.address)
      .bind_in_place(":lang", c.applicant.lang)
      .bind_in_place(":subject", c.subject)
      .bind_in_place(":description", c.description)
      .bind_in_place(":place", c.place)
      .bind_in_place(":district", c.district)
      .bind(":received_at", c.received_at.unix_seconds())
      .bind(":received_date", c.received_at.taipei_date().iso())
      .bind(":due_date", c.due_date.iso())
      .bind(":due_at", c.due_at.unix_seconds())
      .bind_in_place(":rule", c.deadline_rule)
      .bind(":deadline_version", c.deadline_version)
      .bind_in_place(":calendar_version", c.calendar_version)
      .bind(":paused_at", seconds(c.paused_at))
      .bind(":extensions", c.extensions)
      .bind_in_place(":assignee", c.assignee)
      .bind(":closed_at", seconds(c.closed_at))
      .bind(":closed_date", c.closed_at ? std::optional<std::string>(c.closed_at->taipei_date().iso()) : std::nullopt)
      .bind_in_place(":outcome", c.outcome)
      .bind(":closed_late", c.closed_late ? std::optional<std::int64_t>(*c.closed_late ? 1 : 0) : std::nullopt)
      .bind_in_place(":repeat_of", c.repeat_of)
      .bind_in_place(":source_system", c.source_system)
      .bind_in_place(":source_id", c.source_id)
      .bind(":updated_at", c.updated_at.unix_seconds())
      .bind(":clock_start", c.clock_start.unix_seconds())
      .bind_in_place(":repeat_key", c.repeat_key)
      .bind(":due_provisional", c.due_provisional ? 1 : 0);
}

// The first column of the first row, if there is a row.
std::optional<std::int64_t> first_int64(sql::Statement& s) {
  std::optional<std::int64_t> value;
  if (s.step()) value = s.int64(0);
  s.reset();
  return value;
}

std::optional<Instant> instant_at(const sql::Statement& s, int column) {
  if (s.is_null(column)) return std::nullopt;
  return Instant(s.int64(column));
}

} // namespace

std::int64_t& CaseStore::sequence_slot(std::string_view prefix, int roc_year) {
  auto [slot, added] = m_sequences.try_emplace({std::string(prefix), roc_year}, 0);
  if (added) {
    auto& s = m_db.prepare(k_sequence_last);
    s.bind(":prefix", prefix).bind(":year", roc_year);
    if (s.step()) slot->second = s.int64(0);
    s.reset();
  }
  return slot->second;
}

std::int64_t CaseStore::next_sequence(std::string_view prefix, int roc_year) {
  return ++sequence_slot(prefix, roc_year);
}

void CaseStore::reserve_sequence(std::string_view prefix, int roc_year, std::int64_t number) {
  std::int64_t& last = sequence_slot(prefix, roc_year);
  last = std::max(last, number);
}

void CaseStore::release_sequence(std::string_view prefix, int roc_year, std::int64_t number) {
  const auto slot = m_sequences.find({std::string(prefix), roc_year});
  if (slot != m_sequences.end() && slot->second == number) --slot->second;
}

void CaseStore::flush_sequences() {
  for (const auto& [key, last] : m_sequences)
    m_db.prepare(k_sequence_write).bind(":prefix", key.first).bind(":year", key.second).bind(":last", last).run();
  m_sequences.clear();
  m_next_id.reset();
}

std::int64_t CaseStore::max_id() { return first_int64(m_db.prepare(k_max_id)).value_or(0); }

std::int64_t CaseStore::insert(const Case& c) {
  // The id is handed out here rather than returned (RETURNING): SQLite runs RETURNING as a
  // trigger and keeps a statement journal for it, which cost a bulk import a quarter of its
  // time. Inside the writer's transaction max(id) + 1 is the next id; the count is forgotten
  // with the sequences, so another writer may go next.
  if (!m_next_id) m_next_id = max_id() + 1;
  const std::int64_t id = (*m_next_id)++;
  auto& s = m_db.prepare(k_insert);
  s.bind(":id", id);
  bind_case(s, c);
  s.run();
  return id;
}

void CaseStore::update(const Case& c) {
  auto& s = m_db.prepare(k_update);
  bind_case(s, c);
  s.bind(":id", c.id);
  s.run();
}

std::optional<Case> CaseStore::find(std::string_view ref) {
  auto& s = m_db.prepare(select_cases(k_by_ref));
  s.bind(":ref", ref);
  if (!s.step()) return std::nullopt;
  Case c = read_case(s);
  s.reset();
  return c;
}

std::optional<Case> CaseStore::find_by_id(std::int64_t id) {
  auto& s = m_db.prepare(select_cases(k_by_id));
  s.bind(":id", id);
  if (!s.step()) return std::nullopt;
  Case c = read_case(s);
  s.reset();
  return c;
}

std::optional<Case> CaseStore::find_by_source(std::string_view system, std::string_view source_id) {
  auto& s = m_db.prepare(select_cases(k_by_source));
  s.bind(":system", system).bind(":id", source_id);
  if (!s.step()) return std::nullopt;
  Case c = read_case(s);
  s.reset();
  return c;
}

std::vector<std::string> CaseStore::drop_deferrable_indexes() {
  // Unique indexes are looked up (and keep duplicates out); a partial index holds few rows,
  // open cases or repeats, and costs less to keep up to date than a scan of the table to
  // build it again. That leaves the plain indexes over every case.
  auto& s = m_db.prepare(k_plain_indexes);
  std::vector<std::pair<std::string, std::string>> indexes;
  while (s.step())
    indexes.emplace_back(s.text(0), s.text(1));
  std::vector<std::string> rebuild;
  for (const auto& [name, sql] : indexes) {
    m_db.exec(fmt::format("DROP INDEX \"{}\"", name));
    rebuild.push_back(sql);
  }
  return rebuild;
}

void CaseStore::create_indexes(const std::vector<std::string>& statements) {
  for (const auto& sql : statements)
    m_db.exec(sql);
}

std::optional<std::int64_t> CaseStore::id_of(std::string_view ref) {
  auto& s = m_db.prepare(k_id_of);
  return first_int64(s.bind(":ref", ref));
}

std::optional<std::int64_t> CaseStore::id_by_source(std::string_view system, std::string_view source_id) {
  auto& s = m_db.prepare(k_id_by_source);
  return first_int64(s.bind(":system", system).bind(":id", source_id));
}

std::optional<Case> CaseStore::find_repeat(const Case& c, Instant since) {
  if (c.repeat_key.empty()) return std::nullopt;
  auto& s = m_db.prepare(select_cases(k_by_repeat_key));
  s.bind(":key", c.repeat_key)
      .bind(":since", since.unix_seconds())
      .bind(":received", c.received_at.unix_seconds())
      .bind(":ref", c.ref);
  if (!s.step()) return std::nullopt;
  Case found = read_case(s);
  s.reset();
  return found;
}

std::vector<Pause> CaseStore::pauses(std::int64_t case_id) {
  auto& s = m_db.prepare(k_pauses);
  s.bind(":id", case_id);
  std::vector<Pause> out;
  while (s.step())
    out.push_back(Pause{Instant(s.int64(0)), instant_at(s, 1)});
  return out;
}

void CaseStore::add_pause(std::int64_t case_id, Instant at, std::optional<Instant> resumed, std::string_view note) {
  m_db.prepare(k_add_pause)
      .bind(":id", case_id)
      .bind(":at", at.unix_seconds())
      .bind(":resumed", seconds(resumed))
      .bind(":note", note)
      .run();
}

void CaseStore::end_pause(std::int64_t case_id, Instant at) {
  m_db.prepare(k_end_pause).bind(":id", case_id).bind(":at", at.unix_seconds()).run();
}

void CaseStore::set_pause_note(std::int64_t case_id, std::string_view note) {
  m_db.prepare(k_pause_note).bind(":id", case_id).bind(":note", note).run();
}

std::vector<Extension> CaseStore::extensions(std::int64_t case_id) {
  auto& s = m_db.prepare(k_extensions);
  s.bind(":id", case_id);
  std::vector<Extension> out;
  while (s.step())
    out.push_back(Extension{s.integer(0), s.text(1), Instant(s.int64(2)), s.int64(3) != 0, instant_at(s, 4)});
  return out;
}

std::int64_t CaseStore::add_extension(std::int64_t case_id, const Extension& extension) {
  return m_db.prepare(k_add_extension)
      .bind(":id", case_id)
      .bind(":at", extension.at.unix_seconds())
      .bind(":days", extension.days)
      .bind(":reason", extension.reason)
      .bind(":notify", extension.notify_applicant ? 1 : 0)
      .bind(":notified", seconds(extension.notified))
      .run_returning_id();
}

void CaseStore::set_closed_from(std::int64_t case_id, std::string_view state) {
  m_db.prepare(k_set_closed_from).bind(":id", case_id).bind(":state", state).run();
}

std::optional<std::string> CaseStore::state_before_close(std::int64_t case_id) {
  auto& s = m_db.prepare(k_closed_from);
  s.bind(":id", case_id);
  std::optional<std::string> state;
  if (s.step() && !s.text(0).empty()) state = s.text(0);
  s.reset();
  return state;
}

std::int64_t CaseStore::add_import_batch(const ImportBatchRow& batch) {
  return m_db.prepare(k_insert_import_batch)
      .bind(":source", batch.source)
      .bind(":first", batch.first_case_id)
      .bind(":last", batch.last_case_id)
      .bind(":imported", batch.imported)
      .bind(":at", batch.at.unix_seconds())
      .bind(":actor", batch.actor)
      .bind(":event", batch.event_id)
      .run_returning_id();
}

std::vector<Event> CaseStore::history(std::string_view ref, std::int64_t case_id) {
  const std::string subject = subject::of_case(ref);
  return read_events(m_db.prepare(k_history).bind(":subject", subject).bind(":id", case_id));
}

void CaseStore::for_each(const CaseFilter& filter, const std::function<bool(const Case&)>& visit) {
  const CaseFilterSql where(filter);
  // Paused cases are few: their own small index beats any order the planner might prefer.
  const std::string_view indexed = filter.paused_only ? " INDEXED BY case_paused" : "";
  std::string sql = fmt::format("SELECT {} FROM case_file{} WHERE {} ORDER BY {}", case_columns(), indexed,
                                where.where(), where.order_by());
  if (filter.limit) sql += " LIMIT :limit";
  auto& s = m_db.prepare(sql);
  where.bind(s);
  if (filter.limit) s.bind(":limit", *filter.limit);
  while (s.step())
    if (!visit(read_case(s))) break;
  s.reset();
}

std::vector<std::string> CaseStore::assignees() {
  auto& s = m_db.prepare(k_assignees);
  std::vector<std::string> out;
  while (s.step())
    out.push_back(s.text(0));
  return out;
}

std::int64_t CaseStore::count(const CaseFilter& filter) {
  const CaseFilterSql where(filter);
  auto& s = m_db.prepare(fmt::format("SELECT count(*) FROM case_file WHERE {}", where.where()));
  where.bind(s);
  s.step();
  const std::int64_t n = s.int64(0);
  s.reset();
  return n;
}

} // namespace epb
