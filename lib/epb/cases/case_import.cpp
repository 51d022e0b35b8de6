#include "epb/cases/case_import.hpp"

#include "epb/core/text.hpp"
#include "epb/output/json.hpp"

#include <fmt/format.h>

#include <array>

namespace epb {
namespace {

// Field order = column order of the export, so export → import round-trips.
enum Field : std::size_t {
  f_ref,
  f_service,
  f_channel,
  f_status,
  f_applicant_kind,
  f_name,
  f_id_number,
  f_business_number,
  f_phone,
  f_email,
  f_address,
  f_lang,
  f_subject,
  f_description,
  f_place,
  f_received,
  f_assignee,
  f_closed,
  f_outcome,
  f_source_system,
  f_source_id,
  f_count
};

constexpr std::array<FieldSpec, f_count> k_fields = {{
    {"ref"},           {"service", true},   {"channel", true}, {"status"},   {"applicant_kind"}, {"name"},
    {"id_number"},     {"business_number"}, {"phone"},         {"email"},    {"address"},        {"lang"},
    {"subject", true}, {"description"},     {"place"},         {"received"}, {"assignee"},       {"closed"},
    {"outcome"},       {"source_system"},   {"source_id"},
}};

// Derived columns of `epb case export`: accepted, recomputed here rather than trusted.
constexpr std::array<std::string_view, 10> k_derived = {"unit",         "district",   "due",         "deadline_rule",
                                                        "paused_since", "extensions", "closed_late", "repeat_of",
                                                        "updated",      "provisional"};

// A CSV export protects formula-like cells with a leading apostrophe; take it off again.
std::string cell(const FieldValues& row, Field field) {
  std::string_view value = row.get(field);
  if (value.size() > 1 && value[0] == '\'' && std::string_view("=+-@").find(value[1]) != std::string_view::npos)
    value.remove_prefix(1);
  return std::string(trim(value));
}

// Rows without a reference or a source id are recognised on a second import by their content.
// The receipt time counts only when the file gave it: otherwise it is the clock of the run.
std::string content_key(const Case& c, bool dated) {
  std::uint64_t hash = 1469598103934665603ULL;
  for (const std::string* part : {&c.service, &c.channel, &c.applicant.name, &c.applicant.id_number,
                                  &c.applicant.business_number, &c.applicant.phone, &c.subject, &c.place}) {
    for (char ch : *part)
      hash = (hash ^ static_cast<unsigned char>(ch)) * 1099511628211ULL;
    hash = (hash ^ 0x1F) * 1099511628211ULL;
  }
  if (dated) {
    hash ^= static_cast<std::uint64_t>(c.received_at.unix_seconds());
    hash *= 1099511628211ULL;
  }
  return fmt::format("{:016x}", hash);
}

// A validated case with its due date, waiting to be numbered and stored.
struct PreparedCase final : PreparedRow {
  explicit PreparedCase(Case validated) : c(std::move(validated)) {}
  Case c;
};

} // namespace

CaseImportTarget::CaseImportTarget(CaseDesk& desk, const OfficeCalendar& calendar, const Stamp& stamp,
                                   std::string source)
    : m_desk(desk), m_calendar(calendar), m_stamp(stamp), m_first_new_id(desk.store().max_id() + 1),
      m_rows_before_batch(m_first_new_id - 1) {
  m_desk.set_batch_mode(true);
  m_batch.source = std::move(source);
  (void)m_calendar.version(); // computed once, here, before prepare() runs on the reading thread
}

void CaseImportTarget::before_commit() {
  m_desk.flush();
  if (m_batch.imported > 0) m_desk.record_import_batch(m_stamp, m_batch);
  m_desk.store().create_indexes(m_dropped_indexes);
  m_dropped_indexes.clear();
  m_rows_before_batch += m_batch.imported;
  m_batch.first_id = m_batch.last_id = m_batch.imported = 0;
}

void CaseImportTarget::defer_indexes_when_worth_it() {
  // Past this, rebuilding the indexes after the batch costs less than keeping them up to
  // date: the batch has added at least as many cases as the ledger held.
  constexpr std::int64_t k_min_rows = 20000;
  if (m_dropped_indexes.empty() && m_batch.imported == std::max(k_min_rows, m_rows_before_batch))
    m_dropped_indexes = m_desk.store().drop_deferrable_indexes();
}

std::span<const FieldSpec> CaseImportTarget::fields() const { return k_fields; }

bool CaseImportTarget::ignores(std::string_view column) const {
  for (auto derived : k_derived)
    if (derived == column) return true;
  return false;
}

Result<Case> CaseImportTarget::build(const FieldValues& row) const {
  for (const auto& field : {f_service, f_channel, f_subject})
    if (cell(row, field).empty()) return invalid(std::string(k_fields[field].name), "required");
  NewCase in;
  in.service = cell(row, f_service);
  in.channel = cell(row, f_channel);
  in.applicant_kind = cell(row, f_applicant_kind);
  in.name = cell(row, f_name);
  in.id_number = cell(row, f_id_number);
  in.business_number = cell(row, f_business_number);
  in.phone = cell(row, f_phone);
  in.email = cell(row, f_email);
  in.address = cell(row, f_address);
  in.lang = cell(row, f_lang);
  in.subject = cell(row, f_subject);
  in.description = cell(row, f_description);
  in.place = cell(row, f_place);
  in.received = cell(row, f_received);
  in.source_system = cell(row, f_source_system);
  in.source_id = cell(row, f_source_id);
  auto c = validate_new_case(m_desk.config(), m_calendar, in, m_stamp.at);
  if (!c) return c;
  const Service& service = *m_desk.config().service(c->service);

  if (const std::string ref = cell(row, f_ref); !ref.empty()) {
    const auto parts = ref.size() > service.prefix.size() ? ref.substr(service.prefix.size()) : std::string();
    unsigned year = 0, number = 0;
    char tail = 0;
    if (!ref.starts_with(service.prefix + "-") ||
        std::sscanf(parts.c_str(), "-%3u-%6u%c", &year, &number, &tail) != 2 || parts.size() != 11)
      return invalid("ref", fmt::format("'{}' is not a {} reference like {}-{:03}-000042", ref, service.code,
                                        service.prefix, c->received_at.taipei_date().roc_year()));
    c->ref = ref;
  }
  if (const std::string status = cell(row, f_status); !status.empty()) {
    const State* state = service.state(status);
    if (!state) return invalid("status", fmt::format("'{}' is not a state of service '{}'", status, service.code));
    c->status = status;
    const std::string closed = cell(row, f_closed);
    if (state->final && closed.empty())
      return invalid("closed", fmt::format("required for the closing state '{}'", status));
    if (!state->final && !closed.empty()) return invalid("closed", fmt::format("'{}' is not a closing state", status));
    if (state->final) {
      auto at = parse_instant(closed);
      if (!at) return invalid("closed", at.error().message());
      if (*at < c->received_at) return invalid("closed", "before the case was received");
      if (*at > m_stamp.at) return invalid("closed", fmt::format("{} is in the future", at->iso()));
      c->closed_at = *at;
      c->closed_late = *at > c->due_at;
      c->outcome = cell(row, f_outcome);
    }
    if (state->pauses_clock) c->paused_at = m_stamp.at;
  } else if (!cell(row, f_closed).empty()) {
    return invalid("closed", "needs a closing status");
  }
  c->assignee = cell(row, f_assignee);
  if (c->source_id.empty() && c->ref.empty()) {
    c->source_system = "row";
    c->source_id = content_key(*c, !cell(row, f_received).empty());
  }
  return c;
}

Result<RowOutcome> CaseImportTarget::update_existing(Case existing, const Case& incoming) {
  const Case before = existing;
  existing.applicant = incoming.applicant;
  existing.subject = incoming.subject;
  existing.description = incoming.description;
  existing.place = incoming.place;
  existing.district = incoming.district;
  if (!incoming.assignee.empty()) existing.assignee = incoming.assignee;
  const bool same =
      existing.applicant.name == before.applicant.name && existing.applicant.phone == before.applicant.phone &&
      existing.applicant.email == before.applicant.email && existing.applicant.address == before.applicant.address &&
      existing.applicant.id_number == before.applicant.id_number && existing.subject == before.subject &&
      existing.description == before.description && existing.place == before.place &&
      existing.assignee == before.assignee;
  if (same) return RowOutcome::skipped;
  existing.updated_at = m_stamp.at;
  m_desk.store().update(existing);
  m_desk.record_change(m_stamp, existing.ref, "import-update", "{}");
  return RowOutcome::updated;
}

Result<std::unique_ptr<PreparedRow>> CaseImportTarget::prepare(const FieldValues& row) const {
  auto c = build(row);
  if (!c) return std::unexpected(c.error());
  return std::make_unique<PreparedCase>(std::move(*c));
}

Result<RowOutcome> CaseImportTarget::store(PreparedRow& row, OnDuplicate on_duplicate) {
  Case& c = static_cast<PreparedCase&>(row).c;
  const auto existing_id =
      c.ref.empty() ? m_desk.store().id_by_source(c.source_system, c.source_id) : m_desk.store().id_of(c.ref);
  if (existing_id) {
    auto existing = m_desk.store().find_by_id(*existing_id);
    if (existing->id >= m_first_new_id)
      return invalid(c.ref.empty() ? "source_id" : "ref",
                     fmt::format("duplicate of an earlier row of this file ({})", existing->ref));
    switch (on_duplicate) {
    case OnDuplicate::skip: return RowOutcome::skipped;
    case OnDuplicate::error:
      return invalid(c.ref.empty() ? "source_id" : "ref", fmt::format("already in the ledger as {}", existing->ref));
    case OnDuplicate::update: return update_existing(std::move(*existing), c);
    }
  }
  const std::int64_t id = m_desk.store_validated(m_stamp, std::move(c)).id;
  if (m_batch.imported++ == 0) m_batch.first_id = id;
  m_batch.last_id = id;
  defer_indexes_when_worth_it();
  return RowOutcome::imported;
}

} // namespace epb
