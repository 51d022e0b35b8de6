// The case sections of the period report (period_report.hpp): the primary table "services"
// (one row per unit and service), "units", "months" and "notices", their charts, the as-of
// facts and the definitions. Counts come from case_counts.cpp; this file lays them out.
#include "epb/calendar/workday_index.hpp"
#include "epb/report/case_counts.hpp"
#include "epb/report/case_definitions.hpp"
#include "epb/report/case_then.hpp"
#include "epb/report/metric_cells.hpp"
#include "epb/report/period_report.hpp"
#include "epb/report/workday_function.hpp"

#include <fmt/format.h>

namespace epb::report {
namespace {

Cell optional_cell(std::optional<int> value) { return value ? Cell(std::to_string(*value)) : std::nullopt; }

std::vector<Column> count_columns(const Words& w) {
  return {{"received", w("收件數", "Received"), CellType::integer},
          {"closed", w("結案數", "Closed"), CellType::integer},
          {"closed_on_time", w("準時結案", "Closed on time"), CellType::integer},
          {"on_time_pct", w("準時率", "On time %"), CellType::percent},
          {"open_at_end", w("期末未結", "Open at end"), CellType::integer},
          {"overdue_at_end", w("期末逾期", "Overdue at end"), CellType::integer},
          {"median_workdays", w("結案工作天數中位數", "Median working days"), CellType::integer},
          {"p90_workdays", w("結案工作天數 P90", "P90 working days"), CellType::integer},
          {"extensions", w("展延", "Extensions"), CellType::integer},
          {"pauses", w("補件", "Pauses"), CellType::integer},
          {"repeats", w("重複陳情", "Repeats"), CellType::integer},
          {"notices_sent", w("通知數", "Notices sent"), CellType::integer}};
}

std::vector<Cell> count_cells(const ServiceCounts& c) {
  return {count_cell(c.received),
          count_cell(c.closed),
          count_cell(c.closed_on_time),
          ratio_percent_cell(c.closed_on_time, c.closed),
          count_cell(c.open_at_end),
          count_cell(c.overdue_at_end),
          optional_cell(nearest_rank(c.workdays_to_close, 50)),
          optional_cell(nearest_rank(c.workdays_to_close, 90)),
          count_cell(c.extensions),
          count_cell(c.pauses),
          count_cell(c.repeats),
          count_cell(c.notices_sent)};
}

// Every service of the config the scope names, in the config's order, then any other service
// the ledger holds (one retired from the config): a service with no cases still gets its row.
std::vector<ServiceCounts> rows_in_config_order(const Config& config, const ReportScope& scope,
                                                std::vector<ServiceCounts> counted) {
  std::vector<ServiceCounts> rows;
  auto take = [&](const std::string& unit, const std::string& service) {
    for (auto it = counted.begin(); it != counted.end(); ++it)
      if (it->unit == unit && it->service == service) {
        rows.push_back(std::move(*it));
        counted.erase(it);
        return;
      }
    ServiceCounts empty;
    empty.unit = unit;
    empty.service = service;
    rows.push_back(std::move(empty));
  };
  for (const Service& service : config.services)
    if ((!scope.unit || service.unit == *scope.unit) && (!scope.service || service.code == *scope.service))
      take(service.unit, service.code);
  for (auto& rest : counted)
    rows.push_back(std::move(rest));
  return rows;
}

Table services_table(const std::vector<ServiceCounts>& rows, const Words& w) {
  Table table{"services", w("各單位各服務處理時效", "SOP times per unit and service"), {}, {}, {}};
  table.columns = {{"unit", w("單位", "Unit"), CellType::text}, {"service", w("服務", "Service"), CellType::text}};
  for (Column& column : count_columns(w))
    table.columns.push_back(std::move(column));
  for (const ServiceCounts& row : rows) {
    std::vector<Cell> cells{row.unit, row.service};
    for (Cell& cell : count_cells(row))
      cells.push_back(std::move(cell));
    table.rows.push_back(std::move(cells));
  }
  return table;
}

Table units_table(const Config& config, const std::vector<ServiceCounts>& rows, const Words& w) {
  Table table{"units", w("各單位合計", "Totals per unit"), {}, {}, {}};
  table.columns = {{"unit", w("單位", "Unit"), CellType::text},
                   {"unit_name", w("單位名稱", "Unit name"), CellType::text}};
  for (Column& column : count_columns(w))
    table.columns.push_back(std::move(column));
  std::vector<ServiceCounts> units;
  for (const ServiceCounts& row : rows) {
    auto found = std::find_if(units.begin(), units.end(), [&](const ServiceCounts& u) { return u.unit == row.unit; });
    if (found == units.end()) {
      found = units.insert(units.end(), ServiceCounts{});
      found->unit = row.unit;
    }
    found->add(row);
  }
  for (const ServiceCounts& unit : units) {
    const Unit* known = config.unit(unit.unit);
    std::vector<Cell> cells{unit.unit, known ? (w.english ? known->name_en : known->name_zh) : unit.unit};
    for (Cell& cell : count_cells(unit))
      cells.push_back(std::move(cell));
    table.rows.push_back(std::move(cells));
  }
  return table;
}

Table months_table(const std::vector<MonthCounts>& months, const Words& w) {
  Table table{"months", w("每月收結案", "Received and closed per month"), {}, {}, {}};
  table.columns = {{"month", w("月份", "Month"), CellType::text},
                   {"received", w("收件數", "Received"), CellType::integer},
                   {"closed", w("結案數", "Closed"), CellType::integer},
                   {"closed_on_time", w("準時結案", "Closed on time"), CellType::integer},
                   {"on_time_pct", w("準時率", "On time %"), CellType::percent}};
  for (const MonthCounts& m : months)
    table.rows.push_back({m.month, count_cell(m.received), count_cell(m.closed), count_cell(m.closed_on_time),
                          ratio_percent_cell(m.closed_on_time, m.closed)});
  return table;
}

Table notices_table(const std::vector<NoticeCounts>& notices, const Words& w) {
  Table table{"notices", w("主動通知", "Notices sent"), {}, {}, {}};
  table.columns = {{"unit", w("單位", "Unit"), CellType::text},
                   {"service", w("服務", "Service"), CellType::text},
                   {"level", w("層級", "Level"), CellType::text},
                   {"sent", w("寄出數", "Sent"), CellType::integer}};
  for (const NoticeCounts& n : notices)
    table.rows.push_back({n.unit, n.service, n.level, count_cell(n.sent)});
  if (notices.empty()) table.note = w("期間內未寄出通知。", "No notice was sent in the period.");
  return table;
}

CalendarUsed calendar_used(const OfficeCalendar& calendar, Date first, Date last) {
  CalendarUsed used{calendar.version(), {}, {}};
  const auto& years = calendar.years();
  if (!years.empty()) used.published = fmt::format("{}–{}", *years.begin(), *years.rbegin());
  for (int year = first.year(); year <= last.year(); ++year)
    if (calendar.provisional(year)) used.provisional_years.push_back(year);
  return used;
}

// How many cases read differently now than at the as-of moment: 0 for a report as of now.
void add_as_of_facts(Document& document, const CasesThen& then) {
  document.set_fact("changed_after_as_of", std::to_string(then.changed_after));
  if (then.last_change) document.set_fact("last_change_after_as_of", then.last_change->utc());
}

std::string summary(const std::vector<ServiceCounts>& rows, const Words& w) {
  ServiceCounts all;
  for (const ServiceCounts& row : rows)
    all.add(row);
  const Cell pct = ratio_percent_cell(all.closed_on_time, all.closed);
  if (w.english)
    return fmt::format("{} cases received and {} closed, {} of them on time ({}%); {} open at the period end, {} "
                       "of them overdue.",
                       all.received, all.closed, all.closed_on_time, pct.value_or("–"), all.open_at_end,
                       all.overdue_at_end);
  return fmt::format("收件 {} 件、結案 {} 件，其中準時結案 {} 件（{}%）；期末未結 {} 件，其中逾期 {} 件。",
                     all.received, all.closed, all.closed_on_time, pct.value_or("–"), all.open_at_end,
                     all.overdue_at_end);
}

} // namespace

Result<void> add_case_sections(Document& document, const ReportInputs& inputs, const ReportScope& scope) {
  const Words w{scope.english};
  const Instant end = period_end(scope);
  const OfficeCalendar& calendar = inputs.calendar;
  if (calendar.years().empty()) return invalid("office calendar", "no published year: import one first");
  // Received dates reach back to the calendar's first year; closing dates to the period end.
  const int last_year = std::max(scope.period.to.year(), scope.as_of.taipei_date().year());
  auto index = WorkdayIndex::build(calendar, *calendar.years().begin(), last_year);
  if (!index) return std::unexpected(index.error());
  sql::Database& db = inputs.ledger.db();
  const WorkdayFunction workdays(db, *index);

  CaseQuery query{scope.period, Instant::taipei_midnight(scope.period.from), end, scope.unit, scope.service, {}};
  query.then = rebuild_cases_then(db, scope.as_of, end);
  CaseCounts counts = count_cases(db, query);
  const std::vector<ServiceCounts> rows = rows_in_config_order(inputs.config, scope, std::move(counts.services));

  const CalendarUsed used = calendar_used(calendar, scope.period.from, end.taipei_date());
  document.set_fact("calendar_version", used.version);
  if (!used.provisional_years.empty()) {
    std::string years;
    for (int year : used.provisional_years)
      years += (years.empty() ? "" : ",") + std::to_string(year);
    document.set_fact("provisional_years", years);
  }
  add_as_of_facts(document, query.then);
  for (Definition& definition : case_definitions(scope.english, used))
    document.definitions.push_back(std::move(definition));

  document.tables.push_back(services_table(rows, w));
  document.tables.push_back(units_table(inputs.config, rows, w));
  document.tables.push_back(months_table(counts.months, w));
  document.tables.push_back(notices_table(counts.notices, w));
  if (!used.provisional_years.empty())
    document.table("services")->note =
        w("含暫定日曆年度之工作天數為推估值。", "Working days in provisional calendar years are predictions.");
  document.primary = "services";

  Section section{"cases", w("案件處理時效", "Casework and SOP times"), {summary(rows, w)}, {}, {}};
  if (query.then.changed_after > 0)
    section.paragraphs.push_back(fmt::format(
        fmt::runtime(w("查詢時點 {} 之後有 {} 件案件異動或匯入（最後一次 {}）；本報告依其於該時點之狀態計算。",
                       "{1} cases were changed or brought in after the as-of moment {0} (the last at {2}); this "
                       "report counts them as they stood at that moment.")),
        scope.as_of.utc(), query.then.changed_after, query.then.last_change ? query.then.last_change->utc() : ""));
  section.charts.push_back(
      {Chart::Kind::bar,
       w("各單位準時率", "On-time % per unit"),
       w("各單位期間內結案之準時結案比率（%）。", "Share of each unit's cases closed in the period "
                                                  "that were closed on time, in per cent."),
       "units",
       "unit",
       {"on_time_pct"}});
  section.charts.push_back({Chart::Kind::line,
                            w("每月收件與結案", "Received and closed per month"),
                            w("期間內每月收件數與結案數。", "Cases received and closed in each month of the period."),
                            "months",
                            "month",
                            {"received", "closed"}});
  section.tables = {"services", "units", "months", "notices"};
  document.sections.push_back(std::move(section));
  return {};
}

} // namespace epb::report
