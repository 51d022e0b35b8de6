#include "epb/cases/case_store.hpp"

#include "epb/core/subject.hpp"
#include "epb/validate/contact.hpp"

#include <fmt/format.h>

#include <unordered_map>

namespace epb {
namespace {

constexpr std::string_view k_columns =
    "id, ref, service, unit, channel, status, applicant_kind, applicant_name, id_number, business_number, "
    "phone, email, address, lang, subject, description, place, district, unixepoch(received_at), due_date, "
    "unixepoch(due_at), deadline_rule, deadline_version, calendar_version, unixepoch(paused_at), "
    "extensions, assignee, unixepoch(closed_at), outcome, closed_late, repeat_of, source_system, source_id, "
    "unixepoch(updated_at), unixepoch(clock_start_at), repeat_key, due_provisional";

constexpr std::string_view k_insert =
    "INSERT INTO case_file(ref, service, unit, channel, status, applicant_kind, applicant_name, id_number, "
    "business_number, phone, phone_last4, email, address, lang, subject, description, place, district, received_at, "
    "received_date, due_date, due_at, deadline_rule, deadline_version, calendar_version, paused_at, "
    "extensions, assignee, closed_at, closed_date, outcome, closed_late, repeat_of, source_system, source_id, "
    "updated_at, clock_start_at, repeat_key, due_provisional) VALUES (:ref, :service, :unit, :channel, :status, :kind, "
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

// Statements that select whole cases, built once: they run for every imported row.
const std::string& select_cases(std::string_view where) {
  static std::unordered_map<std::string_view, std::string> built;
  auto [slot, added] = built.try_emplace(where);
  if (added) slot->second = fmt::format("SELECT {} FROM case_file {}", k_columns, where);
  return slot->second;
}

constexpr std::string_view k_by_ref = "WHERE ref = :ref";
constexpr std::string_view k_by_id = "WHERE id = :id";
constexpr std::string_view k_by_source = "WHERE source_system = :system AND source_id = :id AND source_id <> ''";
constexpr std::string_view k_by_repeat_key =
    "WHERE repeat_key = :key AND repeat_key <> '' AND closed_at >= :since AND closed_at <= :received "
    "AND ref <> :ref ORDER BY closed_at DESC LIMIT 1";

std::optional<std::string> utc(const std::optional<Instant>& at) {
  return at ? std::optional<std::string>(at->utc()) : std::nullopt;
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
      .bind(":received_at", c.received_at.utc())
      .bind(":received_date", c.received_at.taipei_date().iso())
      .bind(":due_date", c.due_date.iso())
      .bind(":due_at", c.due_at.utc())
      .bind_in_place(":rule", c.deadline_rule)
      .bind(":deadline_version", c.deadline_version)
      .bind_in_place(":calendar_version", c.calendar_version)
      .bind(":paused_at", utc(c.paused_at))
      .bind(":extensions", c.extensions)
      .bind_in_place(":assignee", c.assignee)
      .bind(":closed_at", utc(c.closed_at))
      .bind(":closed_date", c.closed_at ? std::optional<std::string>(c.closed_at->taipei_date().iso()) : std::nullopt)
      .bind_in_place(":outcome", c.outcome)
      .bind(":closed_late", c.closed_late ? std::optional<std::int64_t>(*c.closed_late ? 1 : 0) : std::nullopt)
      .bind_in_place(":repeat_of", c.repeat_of)
      .bind_in_place(":source_system", c.source_system)
      .bind_in_place(":source_id", c.source_id)
      .bind(":updated_at", c.updated_at.utc())
      .bind(":clock_start", c.clock_start.utc())
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

Case read_case(const sql::Statement& s) {
  // Columns in the order of k_columns.
  int i = 0;
  Case c;
  c.id = s.int64(i++);
  c.ref = s.text(i++);
  c.service = s.text(i++);
  c.unit = s.text(i++);
  c.channel = s.text(i++);
  c.status = s.text(i++);
  c.applicant.kind = parse_applicant_kind(s.text(i++)).value_or(Applicant::Kind::person);
  c.applicant.name = s.text(i++);
  c.applicant.id_number = s.text(i++);
  c.applicant.business_number = s.text(i++);
  c.applicant.phone = s.text(i++);
  c.applicant.email = s.text(i++);
  c.applicant.address = s.text(i++);
  c.applicant.lang = s.text(i++);
  c.subject = s.text(i++);
  c.description = s.text(i++);
  c.place = s.text(i++);
  c.district = s.text(i++);
  c.received_at = Instant(s.int64(i++));
  c.due_date = parse_date(s.text(i++)).value_or(Date());
  c.due_at = Instant(s.int64(i++));
  c.deadline_rule = s.text(i++);
  c.deadline_version = s.integer(i++);
  c.calendar_version = s.text(i++);
  c.paused_at = instant_at(s, i++);
  c.extensions = s.integer(i++);
  c.assignee = s.text(i++);
  c.closed_at = instant_at(s, i++);
  c.outcome = s.text(i++);
  if (!s.is_null(i)) c.closed_late = s.int64(i) != 0;
  ++i;
  c.repeat_of = s.text(i++);
  c.source_system = s.text(i++);
  c.source_id = s.text(i++);
  c.updated_at = Instant(s.int64(i++));
  c.clock_start = Instant(s.int64(i++));
  c.repeat_key = s.text(i++);
  c.due_provisional = s.integer(i++) != 0;
  return c;
}

// Appends "column IN (:p0, :p1, ...)" for a list filter; the values are bound, never spliced.
void add_in(std::string& where, std::string_view column, std::string_view param, std::size_t count) {
  if (count == 0) return;
  where += fmt::format(" AND {} IN (", column);
  for (std::size_t i = 0; i < count; ++i)
    where += fmt::format("{}:{}{}", i ? ", " : "", param, i);
  where += ')';
}

std::string where_clause(const CaseFilter& f) {
  std::string where = "WHERE 1";
  add_in(where, "service", "service", f.services.size());
  add_in(where, "unit", "unit", f.units.size());
  add_in(where, "status", "status", f.statuses.size());
  add_in(where, "channel", "channel", f.channels.size());
  if (f.assignee) where += " AND assignee = :assignee";
  if (f.received_from) where += " AND received_date >= :received_from";
  if (f.received_to) where += " AND received_date <= :received_to";
  if (f.due_from) where += " AND due_date >= :due_from";
  if (f.due_to) where += " AND due_date <= :due_to";
  if (f.overdue_at) where += " AND closed_at IS NULL AND paused_at IS NULL AND due_at < :overdue_at";
  if (f.due_by) where += " AND closed_at IS NULL AND paused_at IS NULL AND due_at <= :due_by";
  if (f.open_only) where += " AND closed_at IS NULL";
  if (f.paused_only) where += " AND paused_at IS NOT NULL";
  if (f.repeated_only) where += " AND repeat_of <> ''";
  return where;
}

void bind_filter(sql::Statement& s, const CaseFilter& f) {
  const auto bind_list = [&s](std::string_view param, const std::vector<std::string>& values) {
    for (std::size_t i = 0; i < values.size(); ++i)
      s.bind_named(fmt::format(":{}{}", param, i), values[i]);
  };
  bind_list("service", f.services);
  bind_list("unit", f.units);
  bind_list("status", f.statuses);
  bind_list("channel", f.channels);
  if (f.assignee) s.bind(":assignee", *f.assignee);
  if (f.received_from) s.bind(":received_from", f.received_from->iso());
  if (f.received_to) s.bind(":received_to", f.received_to->iso());
  if (f.due_from) s.bind(":due_from", f.due_from->iso());
  if (f.due_to) s.bind(":due_to", f.due_to->iso());
  if (f.overdue_at) s.bind(":overdue_at", f.overdue_at->utc());
  if (f.due_by) s.bind(":due_by", f.due_by->utc());
}

std::string_view order_column(CaseFilter::Sort sort) {
  switch (sort) {
  case CaseFilter::Sort::ref: return "id";
  case CaseFilter::Sort::received: return "received_at";
  case CaseFilter::Sort::due: return "due_at";
  case CaseFilter::Sort::status: return "status";
  case CaseFilter::Sort::service: return "service";
  }
  return "id";
}

} // namespace

std::int64_t& CaseStore::sequence_slot(std::string_view prefix, int roc_year) {
  auto [slot, added] = m_sequences.try_emplace({std::string(prefix), roc_year}, 0);
  if (added) {
    auto& s = m_db.prepare("SELECT last FROM case_sequence WHERE prefix = :prefix AND roc_year = :year");
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

void CaseStore::flush_sequences() {
  for (const auto& [key, last] : m_sequences)
    m_db.prepare("INSERT INTO case_sequence(prefix, roc_year, last) VALUES (:prefix, :year, :last) "
                 "ON CONFLICT(prefix, roc_year) DO UPDATE SET last = max(last, excluded.last)")
        .bind(":prefix", key.first)
        .bind(":year", key.second)
        .bind(":last", last)
        .run();
  m_sequences.clear();
}

std::int64_t CaseStore::max_id() {
  return first_int64(m_db.prepare("SELECT coalesce(max(id), 0) FROM case_file")).value_or(0);
}

std::int64_t CaseStore::insert(const Case& c) {
  auto& s = m_db.prepare(k_insert);
  bind_case(s, c);
  s.run();
  return m_db.last_insert_rowid();
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
  auto& s = m_db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'case_file' "
                         "AND sql NOT LIKE 'CREATE UNIQUE %' AND sql NOT LIKE '% WHERE %' ORDER BY name");
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
  auto& s = m_db.prepare("SELECT id FROM case_file WHERE ref = :ref");
  return first_int64(s.bind(":ref", ref));
}

std::optional<std::int64_t> CaseStore::id_by_source(std::string_view system, std::string_view source_id) {
  auto& s =
      m_db.prepare("SELECT id FROM case_file WHERE source_system = :system AND source_id = :id AND source_id <> ''");
  return first_int64(s.bind(":system", system).bind(":id", source_id));
}

std::optional<Case> CaseStore::find_repeat(const Case& c, Instant since) {
  if (c.repeat_key.empty()) return std::nullopt;
  auto& s = m_db.prepare(select_cases(k_by_repeat_key));
  s.bind(":key", c.repeat_key).bind(":since", since.utc()).bind(":received", c.received_at.utc()).bind(":ref", c.ref);
  if (!s.step()) return std::nullopt;
  Case found = read_case(s);
  s.reset();
  return found;
}

std::vector<Pause> CaseStore::pauses(std::int64_t case_id) {
  auto& s = m_db.prepare("SELECT unixepoch(paused_at), unixepoch(resumed_at) FROM case_pause "
                         "WHERE case_id = :id ORDER BY paused_at");
  s.bind(":id", case_id);
  std::vector<Pause> out;
  while (s.step())
    out.push_back(Pause{Instant(s.int64(0)), instant_at(s, 1)});
  return out;
}

void CaseStore::add_pause(std::int64_t case_id, Instant at, std::optional<Instant> resumed) {
  m_db.prepare("INSERT INTO case_pause(case_id, paused_at, resumed_at) VALUES (:id, :at, :resumed)")
      .bind(":id", case_id)
      .bind(":at", at.utc())
      .bind(":resumed", utc(resumed))
      .run();
}

void CaseStore::end_pause(std::int64_t case_id, Instant at) {
  m_db.prepare("UPDATE case_pause SET resumed_at = :at WHERE case_id = :id AND resumed_at IS NULL")
      .bind(":id", case_id)
      .bind(":at", at.utc())
      .run();
}

std::vector<Extension> CaseStore::extensions(std::int64_t case_id) {
  auto& s = m_db.prepare("SELECT workdays, reason, unixepoch(at), notify_applicant, unixepoch(notified_at) "
                         "FROM case_extension WHERE case_id = :id ORDER BY rowid");
  s.bind(":id", case_id);
  std::vector<Extension> out;
  while (s.step())
    out.push_back(Extension{s.integer(0), s.text(1), Instant(s.int64(2)), s.int64(3) != 0, instant_at(s, 4)});
  return out;
}

void CaseStore::add_extension(std::int64_t case_id, const Extension& extension) {
  m_db.prepare("INSERT INTO case_extension(case_id, at, workdays, reason, notify_applicant, notified_at) "
               "VALUES (:id, :at, :days, :reason, :notify, :notified)")
      .bind(":id", case_id)
      .bind(":at", extension.at.utc())
      .bind(":days", extension.days)
      .bind(":reason", extension.reason)
      .bind(":notify", extension.notify_applicant ? 1 : 0)
      .bind(":notified", utc(extension.notified))
      .run();
}

std::optional<std::string> CaseStore::state_before_close(std::string_view ref) {
  auto& s = m_db.prepare("SELECT json_extract(detail, '$.from') FROM event WHERE subject = :subject "
                         "AND action IN ('close', 'move') AND json_extract(detail, '$.closed') = 1 "
                         "ORDER BY id DESC LIMIT 1");
  s.bind(":subject", subject::of_case(ref));
  std::optional<std::string> state;
  if (s.step()) state = s.optional_text(0);
  s.reset();
  return state;
}

void CaseStore::for_each(const CaseFilter& filter, const std::function<bool(const Case&)>& visit) {
  const std::string_view direction = filter.descending ? " DESC" : "";
  // Paused cases are few: their own small index beats any order the planner might prefer.
  const std::string_view indexed = filter.paused_only ? " INDEXED BY case_paused" : "";
  std::string sql = fmt::format("SELECT {} FROM case_file{} {} ORDER BY {}{}", k_columns, indexed, where_clause(filter),
                                order_column(filter.sort), direction);
  if (filter.sort != CaseFilter::Sort::ref) sql += fmt::format(", id{}", direction);
  if (filter.limit) sql += " LIMIT :limit";
  auto& s = m_db.prepare(sql);
  bind_filter(s, filter);
  if (filter.limit) s.bind(":limit", *filter.limit);
  while (s.step())
    if (!visit(read_case(s))) break;
  s.reset();
}

std::vector<std::string> CaseStore::assignees() {
  auto& s = m_db.prepare("SELECT DISTINCT assignee FROM case_file WHERE assignee <> '' ORDER BY assignee");
  std::vector<std::string> out;
  while (s.step())
    out.push_back(s.text(0));
  return out;
}

std::int64_t CaseStore::count(const CaseFilter& filter) {
  auto& s = m_db.prepare(fmt::format("SELECT count(*) FROM case_file {}", where_clause(filter)));
  bind_filter(s, filter);
  s.step();
  const std::int64_t n = s.int64(0);
  s.reset();
  return n;
}

} // namespace epb
