#include "epb/cases/case_import.hpp"

#include "epb/cases/case_fields.hpp"
#include "epb/cases/case_record.hpp"
#include "epb/core/text.hpp"
#include "epb/io/field_parsers.hpp"
#include "epb/output/json.hpp"
#include "epb/privacy/mask.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace epb {
namespace {

// The fields of the case record that the import reads (case_fields.hpp), by position.
using Field = std::size_t;
const Field f_ref = case_import_index("ref");
const Field f_service = case_import_index("service");
const Field f_channel = case_import_index("channel");
const Field f_status = case_import_index("status");
const Field f_name = case_import_index("name");
const Field f_id_number = case_import_index("id_number");
const Field f_business_number = case_import_index("business_number");
const Field f_phone = case_import_index("phone");
const Field f_subject = case_import_index("subject");
const Field f_place = case_import_index("place");
const Field f_received = case_import_index("received");
const Field f_assignee = case_import_index("assignee");
const Field f_closed = case_import_index("closed");
const Field f_outcome = case_import_index("outcome");
const Field f_source_id = case_import_index("source_id");
const Field f_deadline_rule = case_import_index("deadline_rule");
const Field f_paused_since = case_import_index("paused_since");
const Field f_closed_late = case_import_index("closed_late");
const Field f_repeat_of = case_import_index("repeat_of");
const Field f_updated = case_import_index("updated");
const Field f_clock_start = case_import_index("clock_start");
const Field f_pauses = case_import_index("pauses");
const Field f_extension_log = case_import_index("extension_log");

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
  PreparedCase(Case validated, CarriedRecord record) : c(std::move(validated)), carried(std::move(record)) {}
  Case c;
  CarriedRecord carried;
  std::size_t line = 0;     // where the row starts in the file
  std::string content_what; // for a row recognised by its content: the columns that make it up
};

// The columns a row's content key is made of, as far as the file has them: duplicates found by
// content are reported under those, not under a source_id column the file may not have.
std::string content_columns(const FieldValues& row) {
  std::string out;
  for (Field field :
       {f_service, f_channel, f_name, f_id_number, f_business_number, f_phone, f_subject, f_place, f_received})
    if (row.given(field)) out += (out.empty() ? "" : ", ") + std::string(case_import_fields()[field].name);
  return out;
}

// A row refused by its service's kind (a subsidy is imported by `epb subsidy import`) is
// refused for its `service` column, whatever the kind's problem named.
Problem as_service_problem(Problem problem) {
  if (problem.what == "service") return problem;
  return Problem{problem.fault, "service", problem.message()};
}

} // namespace

CaseImportTarget::CaseImportTarget(CaseDesk& desk, const OfficeCalendar& calendar, const Stamp& stamp,
                                   std::string source)
    : m_desk(desk), m_calendar(calendar), m_stamp(stamp), m_source(std::move(source)),
      m_first_new_id(desk.store().max_id() + 1), m_rows_before_batch(m_first_new_id - 1) {
  m_desk.set_batch_mode(true);
  (void)m_calendar.version(); // computed once, here, before prepare() runs on the reading thread
}

void CaseImportTarget::before_commit() {
  m_desk.flush();
  m_desk.store().create_indexes(m_dropped_indexes);
  m_dropped_indexes.clear();
  m_rows_before_batch += m_imported_in_batch;
  m_imported_in_batch = 0;
}

void CaseImportTarget::record_batch(const CommittedBatch& batch) {
  // Updates are in each case's own history; the batch record names the cases it added.
  if (batch.imported > 0)
    m_desk.record_import_batch(m_stamp, ImportBatch{batch.source, batch.first_id, batch.last_id, batch.imported});
}

void CaseImportTarget::defer_indexes_when_worth_it() {
  // Past this, rebuilding the indexes after the batch costs less than keeping them up to
  // date: the batch has added at least as many cases as the ledger held.
  constexpr std::int64_t k_min_rows = 20000;
  if (m_dropped_indexes.empty() && m_imported_in_batch == std::max(k_min_rows, m_rows_before_batch))
    m_dropped_indexes = m_desk.store().drop_deferrable_indexes();
}

std::span<const FieldSpec> CaseImportTarget::fields() const { return case_import_fields(); }

// Derived columns of `epb case export`: accepted, recomputed here rather than trusted.
bool CaseImportTarget::ignores(std::string_view column) const {
  for (const auto& field : case_record_fields())
    if (field.derived && field.name == column) return true;
  return false;
}

Result<Case> CaseImportTarget::build(const FieldValues& row, CarriedRecord& carried) const {
  const auto specs = case_import_fields();
  for (Field field = 0; field < specs.size(); ++field)
    if (specs[field].required && cell(row, field).empty()) return invalid(std::string(specs[field].name), "required");
  // The intake's fields, checked the way `epb case open` checks them.
  NewCase in;
  Field field = 0;
  for (const auto& each : case_fields()) {
    if (each.field.derived) continue;
    if (each.intake) in.*each.intake = cell(row, field);
    ++field;
  }
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
      auto at = parse::instant("closed", closed);
      if (!at) return std::unexpected(at.error());
      if (*at < c->received_at) return invalid("closed", "before the case was received");
      if (*at > m_stamp.at) return invalid("closed", fmt::format("{} is in the future", at->iso()));
      c->closed_at = *at;
      c->outcome = cell(row, f_outcome);
    }
  } else if (!cell(row, f_closed).empty()) {
    return invalid("closed", "needs a closing status");
  }
  if (auto timed = carry_timing(row, service, *c, carried); !timed) return std::unexpected(timed.error());
  c->assignee = cell(row, f_assignee);
  if (c->source_id.empty() && c->ref.empty()) {
    c->source_system = "row";
    c->source_id = content_key(*c, !cell(row, f_received).empty());
  }
  return c;
}

// The record a due date is computed from, as another ledger's export carries it: the rule the
// case was opened under, when its clock started, its pauses and extensions; and what that
// ledger recorded about the case (closed late or not, the case it repeats, when it last changed).
// Without those columns: the SOP's rule from receipt, and a pause state paused from now.
Result<void> CaseImportTarget::carry_timing(const FieldValues& row, const Service& service, Case& c,
                                            CarriedRecord& carried) const {
  const State* state = service.state(c.status);
  DeadlineRule rule = service.deadline;
  if (const std::string text = cell(row, f_deadline_rule); !text.empty()) {
    auto parsed = parse_deadline_rule(text);
    if (!parsed) return invalid("deadline_rule", parsed.error().message());
    rule = *parsed;
  }
  c.deadline_rule = rule.text();
  if (const std::string text = cell(row, f_clock_start); !text.empty()) {
    auto at = record_instant("clock_start", text, c, m_stamp.at);
    if (!at) return std::unexpected(at.error());
    c.clock_start = *at;
  }
  auto pauses = read_pauses(cell(row, f_pauses), c, m_stamp.at);
  if (!pauses) return std::unexpected(pauses.error());
  carried.pauses = std::move(*pauses);
  const std::string paused_since = cell(row, f_paused_since);
  const bool open_pause = !carried.pauses.empty() && !carried.pauses.back().to;
  if (state->pauses_clock) {
    Instant since = m_stamp.at;
    if (!paused_since.empty()) {
      auto at = record_instant("paused_since", paused_since, c, m_stamp.at);
      if (!at) return std::unexpected(at.error());
      since = *at;
    }
    if (open_pause && !paused_since.empty() && carried.pauses.back().from != since)
      return invalid("paused_since", "differs from the open pause in pauses");
    if (!open_pause) {
      if (!carried.pauses.empty() && since < *carried.pauses.back().to)
        return invalid("paused_since", "before the last pause in pauses ended");
      carried.pauses.push_back(Pause{since, std::nullopt});
    }
    c.paused_at = carried.pauses.back().from;
  } else if (!paused_since.empty()) {
    return invalid("paused_since", fmt::format("'{}' is not a pause state", c.status));
  } else if (open_pause) {
    return invalid("pauses", fmt::format("the last pause has not ended, but '{}' is not a pause state", c.status));
  }
  auto extensions = read_extensions(cell(row, f_extension_log), c, m_stamp.at);
  if (!extensions) return std::unexpected(extensions.error());
  carried.extensions = std::move(*extensions);
  c.extensions = static_cast<int>(carried.extensions.size());

  // The intake computed the due date from receipt by the SOP: again only when the record differs.
  if (c.clock_start != c.received_at || rule.text() != service.deadline.text() || !carried.pauses.empty() ||
      !carried.extensions.empty()) {
    auto deadline =
        compute_case_deadline(m_calendar, case_timing(c.clock_start, rule, carried.pauses, carried.extensions));
    if (!deadline) return invalid("received", deadline.error().message());
    c.due_date = deadline->due_date;
    c.due_at = deadline->due_at;
    c.calendar_version = deadline->calendar_version;
    c.due_provisional = deadline->provisional; // a pause or extension may reach a provisional year
  }

  const std::string late = cell(row, f_closed_late);
  if (!late.empty() && !c.closed_at) return invalid("closed_late", "only for a closed case");
  if (c.closed_at) {
    if (late.empty()) {
      c.closed_late = *c.closed_at > c.due_at;
    } else {
      auto said = parse::flag("closed_late", late);
      if (!said) return std::unexpected(said.error());
      c.closed_late = *said;
    }
  }

  if (row.given(f_repeat_of)) {
    carried.keeps_repeat_of = true;
    c.repeat_of = cell(row, f_repeat_of);
    if (!c.repeat_of.empty() && !looks_like_ref(c.repeat_of))
      return invalid("repeat_of", fmt::format("'{}' is not a reference like PET-113-000042", c.repeat_of));
    if (!c.repeat_of.empty() && c.repeat_of == c.ref) return invalid("repeat_of", "names the case itself");
  }
  if (const std::string text = cell(row, f_updated); !text.empty()) {
    auto at = record_instant("updated", text, c, m_stamp.at);
    if (!at) return std::unexpected(at.error());
    carried.keeps_updated = true;
    c.updated_at = *at;
  }
  return {};
}

Result<RowOutcome> CaseImportTarget::update_existing(Case existing, const Case& incoming, std::size_t line) {
  const Case before = existing;
  existing.applicant = incoming.applicant;
  existing.subject = incoming.subject;
  existing.description = incoming.description;
  existing.place = incoming.place;
  existing.district = incoming.district;
  if (!incoming.assignee.empty()) existing.assignee = incoming.assignee;
  // What changed, old → new, personal data masked as everywhere else in the history.
  const Disclosure masked = Disclosure::masked();
  const auto name_mask = [&](std::string_view name) {
    Applicant applicant = existing.applicant;
    applicant.name = std::string(name);
    return applicant_name_text(applicant, masked);
  };
  const auto mask_of = [](PersonalData kind) {
    return [kind](std::string_view value) { return mask_personal(kind, value); };
  };
  const auto as_is = [](std::string_view text) { return std::string(text); };
  std::string changes = "{";
  const auto compare = [&changes](std::string_view field, const std::string& from, const std::string& to,
                                  const auto& shown) {
    if (from == to) return;
    if (changes.size() > 1) changes += ',';
    append_json_string(changes, field);
    changes += ':';
    changes += JsonObject()
                   .add("from", from.empty() ? std::string() : shown(from))
                   .add("to", to.empty() ? std::string() : shown(to))
                   .str();
  };
  const Applicant& a = before.applicant;
  const Applicant& b = existing.applicant;
  compare("applicant_kind", std::string(applicant_kind_name(a.kind)), std::string(applicant_kind_name(b.kind)), as_is);
  compare("name", a.name, b.name, name_mask);
  compare("id_number", a.id_number, b.id_number, mask_of(PersonalData::id_number));
  compare("business_number", a.business_number, b.business_number, as_is);
  compare("phone", a.phone, b.phone, mask_of(PersonalData::phone));
  compare("email", a.email, b.email, mask_of(PersonalData::email));
  compare("address", a.address, b.address, mask_of(PersonalData::address));
  compare("lang", a.lang, b.lang, as_is);
  compare("subject", before.subject, existing.subject, as_is);
  compare("description", before.description, existing.description, as_is);
  compare("place", before.place, existing.place, as_is);
  compare("assignee", before.assignee, existing.assignee, as_is);
  changes += '}';
  if (changes == "{}") return RowOutcome::skipped;
  // An update is a change like a desk verb's: dated before the case's receipt or its last
  // change (`--as-of 2019`), it would put the history out of order.
  if (auto clock = m_desk.find_changeable(m_stamp, existing.ref); !clock) return std::unexpected(clock.error());
  if (auto allowed = m_desk.check_change(m_stamp, existing, CaseVerb::import); !allowed)
    return std::unexpected(allowed.error());
  existing.updated_at = m_stamp.at;
  m_desk.store().update(existing);
  m_desk.record_change(m_stamp, existing.ref, "import-update",
                       JsonObject()
                           .add("file", m_source)
                           .add("line", static_cast<std::int64_t>(line))
                           .add_raw("changes", changes)
                           .str());
  return RowOutcome::updated;
}

Result<std::unique_ptr<PreparedRow>> CaseImportTarget::prepare(const FieldValues& row) const {
  CarriedRecord carried;
  auto c = build(row, carried);
  if (!c) return std::unexpected(c.error());
  const bool by_content = c->ref.empty() && c->source_system == "row" && cell(row, f_source_id).empty();
  auto prepared = std::make_unique<PreparedCase>(std::move(*c), std::move(carried));
  prepared->line = row.line();
  if (by_content) prepared->content_what = content_columns(row);
  return prepared;
}

Result<RowOutcome> CaseImportTarget::store(PreparedRow& row, OnDuplicate on_duplicate) {
  auto& prepared = static_cast<PreparedCase&>(row);
  Case& c = prepared.c;
  const auto existing_id =
      c.ref.empty() ? m_desk.store().id_by_source(c.source_system, c.source_id) : m_desk.store().id_of(c.ref);
  if (existing_id) {
    auto existing = m_desk.store().find_by_id(*existing_id);
    const std::string what = !c.ref.empty()                   ? std::string("ref")
                             : !prepared.content_what.empty() ? prepared.content_what
                                                              : std::string("source_id");
    const bool by_content = !prepared.content_what.empty();
    if (existing->id >= m_first_new_id)
      return invalid(what, fmt::format("{} an earlier row of this file ({})",
                                       by_content ? "the same content as" : "duplicate of", existing->ref));
    switch (on_duplicate) {
    case OnDuplicate::skip: return RowOutcome::skipped;
    case OnDuplicate::error:
      return invalid(what, fmt::format("{} in the ledger as {}", by_content ? "the same content is already" : "already",
                                       existing->ref));
    case OnDuplicate::update: return update_existing(std::move(*existing), c, prepared.line);
    }
  }
  auto stored = m_desk.store_validated(m_stamp, std::move(c), &prepared.carried);
  if (!stored) return std::unexpected(as_service_problem(std::move(stored.error())));
  added(stored->id);
  ++m_imported_in_batch;
  defer_indexes_when_worth_it();
  return RowOutcome::imported;
}

} // namespace epb
