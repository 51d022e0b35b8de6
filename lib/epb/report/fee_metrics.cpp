// The fee sections of the period report (period_report.hpp): the table "fees" (one row per unit
// and service of the construction air-pollution control fee's projects), "water_fees" (one row
// per half-year of the water pollution control fee), a summary and the definitions. Counts come
// from fee_counts.cpp; this file lays them out.
#include "epb/fee/fee.hpp"
#include "epb/report/fee_counts.hpp"
#include "epb/report/fee_definitions.hpp"
#include "epb/report/metric_cells.hpp"
#include "epb/report/period_report.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace epb::report {
namespace {

// Every fee service of the config the scope names, in the config's order, then any other
// service the fee tables hold (one retired from the config): a fee service with no data still
// gets its row of zeros.
std::vector<FeeCounts> fee_rows(const Config& config, const ReportScope& scope, std::vector<FeeCounts> counted) {
  std::vector<FeeCounts> rows;
  for (const Service& service : config.services) {
    if (service.kind != "fee") continue;
    if ((scope.unit && service.unit != *scope.unit) || (scope.service && service.code != *scope.service)) continue;
    auto found = std::ranges::find_if(
        counted, [&](const FeeCounts& c) { return c.unit == service.unit && c.service == service.code; });
    if (found != counted.end()) {
      rows.push_back(std::move(*found));
      counted.erase(found);
    } else {
      rows.push_back(FeeCounts{.unit = service.unit, .service = service.code});
    }
  }
  for (FeeCounts& rest : counted)
    rows.push_back(std::move(rest));
  return rows;
}

Table fees_table(const std::vector<FeeCounts>& rows, const Words& w) {
  Table table{"fees", w("營建工程空氣污染防制費", "Construction air-pollution control fee"), {}, {}, {}};
  table.columns = {{"unit", w("單位", "Unit"), CellType::text},
                   {"service", w("服務", "Service"), CellType::text},
                   {"declarations", w("申報數", "Declarations"), CellType::integer},
                   {"assessed", w("核定金額", "Assessed"), CellType::money},
                   {"payments", w("繳費筆數", "Payments"), CellType::integer},
                   {"collected", w("實收金額", "Collected"), CellType::money},
                   {"late_charges", w("其中滯納金及利息", "Of it late charges"), CellType::money},
                   {"outstanding_at_end", w("期末未繳", "Outstanding at end"), CellType::money},
                   {"overdue_at_end", w("期末逾期未繳", "Overdue at end"), CellType::money},
                   {"refunds", w("退費件數", "Refunds"), CellType::integer},
                   {"refunded", w("退費金額", "Refunded"), CellType::money},
                   {"dunning_sent", w("催繳通知數", "Dunning notices"), CellType::integer},
                   {"late_payers_contacted", w("已催繳逾期案件", "Late payers contacted"), CellType::integer}};
  for (const FeeCounts& r : rows)
    table.rows.push_back({r.unit, r.service, count_cell(r.declarations), money_cell(r.assessed), count_cell(r.payments),
                          money_cell(r.collected), money_cell(r.late_charges), money_cell(r.outstanding_at_end),
                          money_cell(r.overdue_at_end), count_cell(r.refunds), money_cell(r.refunded),
                          count_cell(r.dunning_sent), count_cell(r.late_payers)});
  return table;
}

bool any_data(const FeeCounts& r) {
  return r.declarations || r.assessed || r.payments || r.outstanding_at_end || r.refunds || r.dunning_sent;
}

Table water_table(const std::vector<WaterCounts>& rows, const ReportScope& scope, const Words& w) {
  Table table{
      "water_fees", w("水污染防治費（依費用期別）", "Water pollution control fee, by fee half-year"), {}, {}, {}};
  table.columns = {{"fee_period", w("費用期別", "Fee half-year"), CellType::text},
                   {"declarations", w("申報數", "Declarations"), CellType::integer},
                   {"assessed", w("申報金額", "Declared"), CellType::money},
                   {"payments", w("繳費筆數", "Payments"), CellType::integer},
                   {"collected", w("實收金額", "Collected"), CellType::money},
                   {"interest", w("其中利息", "Of it interest"), CellType::money},
                   {"outstanding_at_end", w("期末未繳", "Outstanding at end"), CellType::money},
                   {"overdue_at_end", w("期末逾期未繳", "Overdue at end"), CellType::money}};
  if (scope.unit || scope.service) {
    table.note = w("水污染防治費依事業追蹤，不屬任何單位或服務：指定 --unit 或 --service 時不列。",
                   "The water fee is tracked per business, not per unit or service: left out under --unit or "
                   "--service.");
    return table;
  }
  for (const WaterCounts& r : rows)
    table.rows.push_back({r.fee_period, count_cell(r.declarations), money_cell(r.assessed), count_cell(r.payments),
                          money_cell(r.collected), money_cell(r.interest), money_cell(r.outstanding_at_end),
                          money_cell(r.overdue_at_end)});
  if (rows.empty()) table.note = w("期間內無水污染防治費資料。", "No water fee data for the period.");
  return table;
}

std::string summary(const std::vector<FeeCounts>& rows, const Words& w) {
  FeeCounts all;
  for (const FeeCounts& row : rows)
    all.add(row);
  if (w.english)
    return fmt::format("Construction fee: {} assessed and {} collected ({} of it late charges); {} outstanding at the "
                       "period end, {} of it overdue; {} refunds ({}); {} late payers contacted.",
                       format_ntd(all.assessed), format_ntd(all.collected), format_ntd(all.late_charges),
                       format_ntd(all.outstanding_at_end), format_ntd(all.overdue_at_end), all.refunds,
                       format_ntd(all.refunded), all.late_payers);
  return fmt::format(
      "營建工程空污費：核定 {}、實收 {}（其中滯納金及利息 {}）；期末未繳 {}，其中逾期 {}；退費 {} 件（{}）；"
      "已催繳逾期案件 {} 件。",
      format_ntd(all.assessed), format_ntd(all.collected), format_ntd(all.late_charges),
      format_ntd(all.outstanding_at_end), format_ntd(all.overdue_at_end), all.refunds, format_ntd(all.refunded),
      all.late_payers);
}

} // namespace

Result<void> add_fee_sections(Document& document, const ReportInputs& inputs, const ReportScope& scope) {
  const Words w{scope.english};
  sql::Database& db = inputs.ledger.db();
  const FeeQuery query{scope.period,      Instant::taipei_midnight(scope.period.from),
                       period_end(scope), scope.as_of,
                       scope.unit,        scope.service};
  const std::vector<FeeCounts> rows = fee_rows(inputs.config, scope, count_fees(db, query));
  const std::vector<WaterCounts> water =
      scope.unit || scope.service ? std::vector<WaterCounts>{} : count_water_fees(db, query);

  Table fees = fees_table(rows, w);
  if (std::ranges::none_of(rows, any_data))
    fees.note = w("期間內無營建工程空污費申報、繳費、未繳、退費或催繳。",
                  "No construction fee declared, paid, outstanding, refunded or dunned in the period.");
  document.tables.push_back(std::move(fees));
  document.tables.push_back(water_table(water, scope, w));
  for (Definition& definition : fee_definitions(scope.english))
    document.definitions.push_back(std::move(definition));
  document.sections.push_back(Section{"fees", w("規費徵收", "Fees"), {summary(rows, w)}, {"fees", "water_fees"}, {}});
  return {};
}

} // namespace epb::report
