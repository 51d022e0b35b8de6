// The subsidy section of the period report (period_report.hpp): per programme (year and kind,
// DOMAIN.md §5), applications received, approved, rejected and paid in the period, and the
// budget used by the period end — one GROUP BY over the applications and their decisions.
// The application row's dated facts (applied_date, approved_at, paid_at) and the decision log
// (subsidy_decision.decided_at) make it as of a moment: nothing dated after the period end,
// itself never after --as-of, is counted.
#include "epb/report/metric_cells.hpp"
#include "epb/report/period_report.hpp"

#include <fmt/format.h>

#include <map>

namespace epb::report {
namespace {

struct ProgrammeCounts {
  std::int64_t applications = 0;
  std::int64_t approved = 0;
  std::int64_t rejected = 0;
  std::int64_t paid_count = 0;
  std::int64_t paid = 0;      // NT$ paid in the period
  std::int64_t committed = 0; // NT$ approved (paid or not) by the period end
};

// Applications received in the period go by applied_date; approvals and payments by the
// moment they were recorded; rejections by their decision.
constexpr const char* k_by_programme = R"sql(
SELECT s.programme_year, s.programme_kind,
  sum(s.applied_date BETWEEN :from AND :to),
  sum(s.approved_at BETWEEN :start AND :end),
  sum(EXISTS (SELECT 1 FROM subsidy_decision d WHERE d.case_id = s.case_id AND d.decision = 'rejected'
    AND d.decided_at BETWEEN :start AND :end)),
  sum(s.paid_at BETWEEN :start AND :end),
  coalesce(sum(CASE WHEN s.paid_at BETWEEN :start AND :end THEN s.amount END), 0),
  coalesce(sum(CASE WHEN s.approved_at <= :end THEN s.amount END), 0)
FROM subsidy_application s JOIN case_file c ON c.id = s.case_id
WHERE c.received_at <= :end
GROUP BY s.programme_year, s.programme_kind ORDER BY s.programme_year, s.programme_kind
)sql";

Cell percent_of(std::int64_t part, std::optional<std::int64_t> whole) {
  return whole ? ratio_percent_cell(part, *whole) : std::nullopt;
}

// The subsidy review service is in the report's scope unless --unit or --service names another.
bool in_scope(const Config& config, const ReportScope& scope) {
  const std::string& service = config.subsidy.service;
  if (service.empty()) return false;
  if (scope.service && *scope.service != service) return false;
  const Service* configured = config.service(service);
  return !(scope.unit && (!configured || configured->unit != *scope.unit));
}

std::vector<Definition> definitions(const Words& w) {
  return {
      {"subsidy_applications", w("補助申請", "Subsidy applications"),
       w("申請日期在期間內之申請件數。", "Applications whose application date falls in the period.")},
      {"subsidy_approved", w("核准", "Approved"),
       w("期間內核准（金額凍結）之申請；駁回為期間內之駁回決定。",
         "Applications approved (their amount frozen) in the period; rejected: rejection decisions made in it.")},
      {"subsidy_paid", w("撥款", "Paid"),
       w("期間內記錄撥款成功之件數與金額（新臺幣元）。",
         "Payments recorded as paid by the bank in the period: how many, and NT$.")},
      {"budget_used", w("預算使用率", "Budget used"),
       w("期末前核准之金額（已撥或待撥）÷ 該計畫預算 × 100；無預算上限者不計。",
         "NT$ approved by the period end (paid or still to pay) ÷ the programme's budget × 100; none for a "
         "programme without a cap.")},
  };
}

} // namespace

Result<void> add_subsidy_sections(Document& document, const ReportInputs& inputs, const ReportScope& scope) {
  if (!in_scope(inputs.config, scope)) return {};
  const Words w{scope.english};
  const Instant end = period_end(scope);
  std::map<std::pair<int, std::string>, ProgrammeCounts> counted;
  auto& s = inputs.ledger.db().prepare(k_by_programme);
  s.bind(":from", scope.period.from.iso())
      .bind(":to", scope.period.to.iso())
      .bind(":start", Instant::taipei_midnight(scope.period.from).unix_seconds())
      .bind(":end", end.unix_seconds());
  while (s.step())
    counted[{s.integer(0), s.text(1)}] = {s.int64(2), s.int64(3), s.int64(4), s.int64(5), s.int64(6), s.int64(7)};
  // Every configured programme of the period's years, with applications or not, then any other
  // programme with activity in the period.
  for (const SubsidyProgramme& programme : inputs.config.subsidy.programmes)
    if (programme.year >= scope.period.from.year() && programme.year <= scope.period.to.year())
      counted.try_emplace({programme.year, std::string(programme_kind_name(programme.kind))});

  Table table{"subsidies", w("補助計畫執行情形", "Subsidy programmes"), {}, {}, {}};
  table.columns = {{"programme", w("計畫", "Programme"), CellType::text},
                   {"applications", w("申請", "Applications"), CellType::integer},
                   {"approved", w("核准", "Approved"), CellType::integer},
                   {"rejected", w("駁回", "Rejected"), CellType::integer},
                   {"paid_count", w("撥款件數", "Paid"), CellType::integer},
                   {"paid_ntd", w("撥款金額", "Paid NT$"), CellType::money},
                   {"committed_ntd", w("期末核准金額", "Approved NT$ by end"), CellType::money},
                   {"budget_ntd", w("預算", "Budget NT$"), CellType::money},
                   {"budget_used_pct", w("預算使用率", "Budget used %"), CellType::percent}};
  ProgrammeCounts total;
  for (const auto& [key, c] : counted) {
    const auto kind = parse_programme_kind(key.second);
    const SubsidyProgramme* programme = kind ? inputs.config.subsidy.programme(key.first, *kind) : nullptr;
    const std::optional<std::int64_t> budget = programme ? programme->budget : std::nullopt;
    const bool active = c.applications + c.approved + c.rejected + c.paid_count > 0;
    if (!programme && !active) continue;
    table.rows.push_back({fmt::format("{}/{}", key.first, key.second), std::to_string(c.applications),
                          std::to_string(c.approved), std::to_string(c.rejected), std::to_string(c.paid_count),
                          money_cell(c.paid), money_cell(c.committed), budget ? money_cell(*budget) : std::nullopt,
                          percent_of(c.committed, budget)});
    total.applications += c.applications;
    total.paid_count += c.paid_count;
    total.paid += c.paid;
  }
  if (table.rows.empty()) table.note = w("期間內無補助計畫。", "No subsidy programme in the period.");
  const std::string summary = scope.english ? fmt::format("{} applications received; {} paid, NT${} in all.",
                                                          total.applications, total.paid_count, total.paid)
                                            : fmt::format("受理申請 {} 件；撥款 {} 件，共新臺幣 {} 元。",
                                                          total.applications, total.paid_count, total.paid);
  document.tables.push_back(std::move(table));
  document.sections.push_back(
      {"subsidies", w("補助審核與撥款", "Subsidy review and payment"), {summary}, {"subsidies"}, {}});
  for (Definition& definition : definitions(w))
    document.definitions.push_back(std::move(definition));
  return {};
}

} // namespace epb::report
