// WaterImportTarget: the national system's declaration export through the import engine.
#include "epb/fee/water_import.hpp"

#include <fmt/format.h>

#include <array>

namespace epb {
namespace {

enum Field : std::size_t { ubn, business, period, amount, declared_on };

constexpr std::array<FieldSpec, 5> k_fields{{
    {"ubn", true, TextKind::code},
    {"business", false, TextKind::name},
    {"period", true, TextKind::code},
    {"amount", true, TextKind::code},
    {"declared_on", false, TextKind::code},
}};

// The headers of the national system's export (水污染防治費申報資料).
constexpr std::array<std::pair<std::string_view, std::string_view>, 5> k_aliases{{
    {"統一編號", "ubn"},
    {"事業名稱", "business"},
    {"申報期別", "period"},
    {"申報金額", "amount"},
    {"申報日期", "declared_on"},
}};

struct PreparedWater final : PreparedRow {
  PreparedWater(WaterDeclaration d, std::size_t at) : declaration(std::move(d)), line(at) {}
  WaterDeclaration declaration;
  std::size_t line = 0;
};

} // namespace

std::span<const std::pair<std::string_view, std::string_view>> water_import_aliases() { return k_aliases; }

WaterImportTarget::WaterImportTarget(Ledger& ledger, const FeeSettings& fee, const Stamp& stamp)
    : m_ledger(ledger), m_fee(fee), m_stamp(stamp), m_desk(ledger, fee) {}

std::span<const FieldSpec> WaterImportTarget::fields() const { return k_fields; }

Result<std::unique_ptr<PreparedRow>> WaterImportTarget::prepare(const FieldValues& row) const {
  const WaterDeclarationText text{std::string(row.get(ubn)), std::string(row.get(business)),
                                  std::string(row.get(period)), std::string(row.get(amount)),
                                  std::string(row.get(declared_on))};
  auto checked = check_water_declaration(m_fee.water, text, m_stamp.at, WaterFieldNames::columns);
  if (!checked) return std::unexpected(checked.error());
  checked->source = "import";
  return std::make_unique<PreparedWater>(std::move(*checked), row.line());
}

Result<RowOutcome> WaterImportTarget::store(PreparedRow& row, OnDuplicate on_duplicate) {
  auto& prepared = static_cast<PreparedWater&>(row);
  const WaterDeclaration& d = prepared.declaration;
  const std::string period_code = d.period.code();
  if (auto existing = m_desk.store().find(d.ubn, period_code)) {
    if (auto seen = m_lines.find(existing->id); seen != m_lines.end())
      return invalid("ubn", fmt::format("{} {} is also on line {} of this file", d.ubn, period_code, seen->second));
    if (on_duplicate == OnDuplicate::error)
      return invalid("ubn", fmt::format("{} {} is already declared (NT${})", d.ubn, period_code, existing->declared));
  }
  const WaterChange change = on_duplicate == OnDuplicate::update ? WaterChange::amend : WaterChange::refuse;
  auto stored = m_desk.record(m_stamp, d, change);
  if (!stored) {
    // Named by the column at fault, as the engine's errors are: "FILE:LINE: amount: ...".
    Problem problem = stored.error();
    problem.why = change == WaterChange::amend
                      ? fmt::format("{}: {}", problem.what, problem.why)
                      : fmt::format("{}: {} (--on-duplicate update records the change)", problem.what, problem.why);
    problem.what = "amount";
    return std::unexpected(problem);
  }
  switch (stored->outcome) {
  case WaterDeclared::unchanged: return RowOutcome::skipped;
  case WaterDeclared::amended: m_lines.emplace(stored->fee.id, prepared.line); return RowOutcome::updated;
  case WaterDeclared::added: break;
  }
  m_lines.emplace(stored->fee.id, prepared.line);
  added(stored->fee.id);
  return RowOutcome::imported;
}

void WaterImportTarget::record_batch(const CommittedBatch& batch) { record_import_batch(m_ledger, m_stamp, batch); }

} // namespace epb
