// SubsidyImportTarget: dealers' batches through the import engine.
#include "epb/subsidy/subsidy_import.hpp"

#include "epb/core/text.hpp"
#include "epb/io/field_parsers.hpp"
#include "epb/privacy/mask.hpp"
#include "epb/subsidy/subsidy_desk.hpp"
#include "epb/subsidy/subsidy_fields.hpp"
#include "epb/subsidy/subsidy_kind.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace epb {
namespace {

using Field = std::size_t;

// What a row arriving without a channel came through.
constexpr std::string_view k_dealer_channel = "dealer";

constexpr std::array<std::string_view, 5> k_kinds{"scrap_only", "scrap_buy_heavy", "scrap_buy_other", "buy_heavy",
                                                  "buy_other"};
constexpr std::array<std::string_view, 2> k_applicant_kinds{"person", "organisation"};

// A CSV export protects formula-like cells with a leading apostrophe; take it off again.
std::string cell(const FieldValues& row, Field field) {
  std::string_view value = row.get(field);
  if (value.size() > 1 && value[0] == '\'' && std::string_view("=+-@").find(value[1]) != std::string_view::npos)
    value.remove_prefix(1);
  return std::string(trim(value));
}

struct PreparedApplication final : PreparedRow {
  PreparedApplication(SubsidyCase checked, std::size_t at) : application(std::move(checked)), line(at) {}
  SubsidyCase application;
  std::size_t line = 0;
};

// Stores the subsidy row right after its case, inside the row's savepoint.
class ImportedApplication final : public DomainIntake {
public:
  explicit ImportedApplication(SubsidyApplication& a) : m_application(a) {}
  std::string_view kind() const override { return k_subsidy_kind; }
  Result<void> store(const KindScope& scope, const Case& opened) override {
    m_application.case_id = opened.id;
    m_application.id = SubsidyStore(scope.ledger).insert(m_application);
    return {};
  }

private:
  SubsidyApplication& m_application;
};

// One intake rule against double-dipping: the field a refusal names, the value it shows and the rule.
struct IntakeRule {
  IntakeKey key;
  std::string_view field;
  std::string_view rule;
};

constexpr std::array<IntakeRule, 5> k_rules{{
    {IntakeKey::scrapped_plate, "scrapped_plate", "one subsidy per scrapped vehicle"},
    {IntakeKey::recycling_certificate, "recycling_certificate", "one subsidy per recycling certificate"},
    {IntakeKey::new_plate, "new_plate", "one subsidy per new vehicle"},
    {IntakeKey::new_frame, "new_frame", "one subsidy per new vehicle"},
    {IntakeKey::person, "id_number", "one vehicle per person and programme year"},
}};

std::string_view value_of(const SubsidyApplication& a, IntakeKey key) {
  switch (key) {
  case IntakeKey::scrapped_plate: return a.scrapped_plate;
  case IntakeKey::recycling_certificate: return a.recycling_certificate;
  case IntakeKey::new_plate: return a.new_plate;
  case IntakeKey::new_frame: return a.new_frame;
  case IntakeKey::person: return a.business ? std::string_view() : std::string_view(a.applicant_id);
  }
  return {};
}

} // namespace

SubsidyImportTarget::SubsidyImportTarget(CaseDesk& desk, Ledger& ledger, const OfficeCalendar& calendar,
                                         const Stamp& stamp, std::string source)
    : m_desk(desk), m_ledger(ledger), m_calendar(calendar), m_stamp(stamp), m_source(std::move(source)),
      m_first_new_id(desk.store().max_id() + 1) {
  m_desk.set_batch_mode(true);
  (void)m_calendar.version(); // computed once, here, before prepare() runs on the reading thread
}

std::span<const FieldSpec> SubsidyImportTarget::fields() const { return subsidy_import_fields(); }

// Derived columns of `epb subsidy export`: accepted, worked out afresh rather than trusted.
bool SubsidyImportTarget::ignores(std::string_view column) const {
  return std::ranges::any_of(subsidy_record_fields(),
                             [&](const RecordField& field) { return field.derived && field.name == column; });
}

Result<std::unique_ptr<PreparedRow>> SubsidyImportTarget::prepare(const FieldValues& row) const {
  const auto specs = subsidy_import_fields();
  NewCase applicant;
  NewSubsidy subsidy;
  for (Field field = 0; field < specs.size(); ++field) {
    std::string value = cell(row, field);
    if (specs[field].required && value.empty()) return invalid(std::string(specs[field].name), "required");
    const SubsidyField& each = subsidy_import_field(field);
    if (each.applicant) applicant.*each.applicant = std::move(value);
    if (each.subsidy) subsidy.*each.subsidy = std::move(value);
  }
  // The typed parsers first, for their messages (the nearest code suggested); the rules of
  // `epb subsidy apply` then check every field.
  if (auto kind = parse::choice("kind", subsidy.kind, k_kinds); !kind) return std::unexpected(kind.error());
  if (!applicant.applicant_kind.empty())
    if (auto kind = parse::choice("applicant_kind", applicant.applicant_kind, k_applicant_kinds); !kind)
      return std::unexpected(kind.error());
  if (!subsidy.low_income.empty()) {
    auto low = parse::flag("low_income", subsidy.low_income);
    if (!low) return std::unexpected(low.error());
    subsidy.low_income = *low ? "yes" : "no";
  }
  if (applicant.channel.empty() && m_desk.config().channel(k_dealer_channel))
    applicant.channel = std::string(k_dealer_channel);
  auto checked = validate_subsidy_application(m_desk.config(), m_calendar, applicant, subsidy, m_stamp.at);
  if (!checked) return std::unexpected(checked.error());
  return std::make_unique<PreparedApplication>(std::move(*checked), row.line());
}

std::size_t SubsidyImportTarget::line_of(std::int64_t case_id) const {
  const auto found = std::ranges::lower_bound(m_lines, case_id, {}, &std::pair<std::int64_t, std::size_t>::first);
  return found != m_lines.end() && found->first == case_id ? found->second : 0;
}

Result<RowOutcome> SubsidyImportTarget::store(PreparedRow& row, OnDuplicate /*on_duplicate*/) {
  auto& prepared = static_cast<PreparedApplication&>(row);
  SubsidyApplication& a = prepared.application.a;
  SubsidyStore store(m_ledger);
  if (!a.dealer_application.empty())
    if (const auto existing = store.find_dealer_application(a.dealer_ubn, a.dealer_application)) {
      if (*existing < m_first_new_id) return RowOutcome::skipped; // sent before: the batch again
      return invalid("dealer_application", fmt::format("{} of dealer {} is also on line {} of this file",
                                                       a.dealer_application, a.dealer_ubn, line_of(*existing)));
    }
  for (const IntakeRule& rule : k_rules) {
    const std::string_view value = value_of(a, rule.key);
    const auto held = store.held_by(rule.key, value, a.programme_year);
    if (!held) continue;
    const std::string shown = rule.key == IntakeKey::person ? mask_person_id(value) : std::string(value);
    const std::string year = rule.key == IntakeKey::person ? fmt::format(" in {}", a.programme_year) : "";
    std::string why;
    if (held->case_id >= m_first_new_id)
      why = fmt::format("{}{} is also on line {} of this file", shown, year, line_of(held->case_id));
    else if (held->subsidised)
      why = fmt::format("{} was subsidised{} before ({})", shown, year, held->ref);
    else
      why = fmt::format("{} is in open application {}{}", shown, held->ref, year);
    return invalid(std::string(rule.field), fmt::format("{}: {}", why, rule.rule));
  }
  ImportedApplication intake(a);
  auto stored = m_desk.store_validated(m_stamp, std::move(prepared.application.c), nullptr, &intake);
  if (!stored) return std::unexpected(stored.error());
  added(stored->id);
  m_lines.emplace_back(stored->id, prepared.line);
  return RowOutcome::imported;
}

void SubsidyImportTarget::before_commit() { m_desk.flush(); }

void SubsidyImportTarget::record_batch(const CommittedBatch& batch) {
  if (batch.imported > 0)
    m_desk.record_import_batch(m_stamp, ImportBatch{batch.source, batch.first_id, batch.last_id, batch.imported});
}

} // namespace epb
