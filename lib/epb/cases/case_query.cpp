// The SQL of a whole case and of a CaseFilter, shared by CaseStore and the domain stores.
#include "epb/cases/case_query.hpp"

#include <fmt/format.h>

#include <array>
#include <iterator>

namespace epb {
namespace {

// The columns of case_file a Case is read from, in the order read_case() reads them (instants
// are INTEGER Unix seconds, read as they are).
constexpr std::array<std::string_view, k_case_column_count> k_columns{{
    "id",
    "ref",
    "service",
    "unit",
    "channel",
    "status",
    "applicant_kind",
    "applicant_name",
    "id_number",
    "business_number",
    "phone",
    "email",
    "address",
    "lang",
    "subject",
    "description",
    "place",
    "district",
    "received_at",
    "due_date",
    "due_at",
    "deadline_rule",
    "deadline_version",
    "calendar_version",
    "paused_at",
    "extensions",
    "assignee",
    "closed_at",
    "outcome",
    "closed_late",
    "repeat_of",
    "source_system",
    "source_id",
    "updated_at",
    "clock_start_at",
    "repeat_key",
    "due_provisional",
}};

std::optional<Instant> instant_at(const sql::Statement& s, int column) {
  if (s.is_null(column)) return std::nullopt;
  return Instant(s.int64(column));
}

// "alias." for a qualified column, or nothing.
std::string qualifier(std::string_view alias) { return alias.empty() ? std::string() : fmt::format("{}.", alias); }

// Appends " AND column IN (:p0, :p1, ...)" for a list filter; the values are bound, never spliced.
void add_in(std::string& where, std::string_view column, std::string_view param, std::size_t count) {
  if (count == 0) return;
  fmt::format_to(std::back_inserter(where), " AND {} IN (", column);
  for (std::size_t i = 0; i < count; ++i)
    fmt::format_to(std::back_inserter(where), "{}:cf_{}{}", i ? ", " : "", param, i);
  where += ')';
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

std::string case_columns(std::string_view alias) {
  const std::string q = qualifier(alias);
  std::string out;
  for (const std::string_view column : k_columns) {
    if (!out.empty()) out += ", ";
    out += q + std::string(column);
  }
  return out;
}

Case read_case(const sql::Statement& s, int first) {
  // Columns in the order of k_columns.
  int i = first;
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

CaseFilterSql::CaseFilterSql(const CaseFilter& f, std::string_view alias) : m_filter(f) {
  const std::string q = qualifier(alias);
  std::string& where = m_where;
  where = "1";
  add_in(where, q + "service", "service", f.services.size());
  add_in(where, q + "unit", "unit", f.units.size());
  add_in(where, q + "status", "status", f.statuses.size());
  add_in(where, q + "channel", "channel", f.channels.size());
  const auto add = [&](std::string_view condition) {
    // Each condition names its columns once per {}: the alias goes before every one.
    where += " AND ";
    where += fmt::format(fmt::runtime(condition), q);
  };
  if (f.assignee) add("{0}assignee = :cf_assignee");
  if (f.received_from) add("{0}received_date >= :cf_received_from");
  if (f.received_to) add("{0}received_date <= :cf_received_to");
  if (f.due_from) add("{0}due_date >= :cf_due_from");
  if (f.due_to) add("{0}due_date <= :cf_due_to");
  if (f.closed_from) add("{0}closed_date >= :cf_closed_from");
  if (f.closed_to) add("{0}closed_date <= :cf_closed_to");
  if (f.overdue_at) add("{0}closed_at IS NULL AND {0}paused_at IS NULL AND {0}due_at < :cf_overdue_at");
  if (f.due_by) add("{0}closed_at IS NULL AND {0}paused_at IS NULL AND {0}due_at <= :cf_due_by");
  if (f.open_only) add("{0}closed_at IS NULL");
  if (f.paused_only) add("{0}paused_at IS NOT NULL");
  if (f.repeated_only) add("{0}repeat_of <> ''");
  // "1 AND x" reads better as "x".
  if (where.starts_with("1 AND ")) where.erase(0, 6);

  const std::string_view direction = f.descending ? " DESC" : "";
  m_order_by = fmt::format("{}{}{}", q, order_column(f.sort), direction);
  if (f.sort != CaseFilter::Sort::ref) m_order_by += fmt::format(", {}id{}", q, direction);
}

void CaseFilterSql::bind(sql::Statement& s) const {
  const CaseFilter& f = m_filter;
  const auto bind_list = [&s](std::string_view param, const std::vector<std::string>& values) {
    for (std::size_t i = 0; i < values.size(); ++i)
      s.bind_named(fmt::format(":cf_{}{}", param, i), values[i]);
  };
  bind_list("service", f.services);
  bind_list("unit", f.units);
  bind_list("status", f.statuses);
  bind_list("channel", f.channels);
  if (f.assignee) s.bind(":cf_assignee", *f.assignee);
  if (f.received_from) s.bind(":cf_received_from", f.received_from->iso());
  if (f.received_to) s.bind(":cf_received_to", f.received_to->iso());
  if (f.due_from) s.bind(":cf_due_from", f.due_from->iso());
  if (f.due_to) s.bind(":cf_due_to", f.due_to->iso());
  if (f.closed_from) s.bind(":cf_closed_from", f.closed_from->iso());
  if (f.closed_to) s.bind(":cf_closed_to", f.closed_to->iso());
  if (f.overdue_at) s.bind(":cf_overdue_at", f.overdue_at->unix_seconds());
  if (f.due_by) s.bind(":cf_due_by", f.due_by->unix_seconds());
}

} // namespace epb
