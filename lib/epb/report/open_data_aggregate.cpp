// The aggregate dataset's GROUP BY, and both datasets' facts and definitions.
#include "epb/report/open_data_aggregate.hpp"

#include "epb/report/open_data.hpp"
#include "epb/report/open_data_requests.hpp"

#include <fmt/format.h>

#include <string>

namespace epb::report {
namespace {

// Month buckets: 1..12 for the year's months, 0 for before the year; a case received after
// the year (or closed after it, or not closed by as-of) has no receipt (closing) bucket.
// One pass over the cases counts each (unit, service, receipt month, closing month) pair —
// at most 13 x 14 per group — and the months are summed from those few rows. A month's
// open_at_end is the running sum of received - closed up to it, so cases received before the
// year and still open count too; months after as-of's are left out: they have not begun.
std::string aggregate_sql(std::string_view cases) {
  return fmt::format(R"sql(WITH RECURSIVE {},
months(month) AS (SELECT 0 UNION ALL SELECT month + 1 FROM months WHERE month < :last_month),
per_case AS (
  SELECT unit, service,
    CASE WHEN received_date < :from THEN 0 ELSE CAST(substr(received_date, 6, 2) AS INTEGER) END AS received_month,
    CASE WHEN closed_at IS NULL THEN NULL ELSE date(closed_at + 28800, 'unixepoch') END AS closed_date,
    closed_late
  FROM case_as_of WHERE received_date <= :to),
pairs AS (
  SELECT unit, service, received_month,
    CASE WHEN closed_date IS NULL OR closed_date > :to THEN NULL WHEN closed_date < :from THEN 0
      ELSE CAST(substr(closed_date, 6, 2) AS INTEGER) END AS closed_month,
    count(*) AS cases, sum(closed_late IS NOT 1) AS on_time
  FROM per_case GROUP BY 1, 2, 3, 4),
moves(unit, service, month, received, closed, on_time) AS (
  SELECT unit, service, received_month, cases, 0, 0 FROM pairs
  UNION ALL
  SELECT unit, service, closed_month, 0, cases, on_time FROM pairs WHERE closed_month IS NOT NULL),
counts AS (
  SELECT unit, service, month, sum(received) AS received, sum(closed) AS closed, sum(on_time) AS on_time
  FROM moves GROUP BY unit, service, month),
grid AS (
  SELECT g.unit, g.service, m.month, coalesce(c.received, 0) AS received, coalesce(c.closed, 0) AS closed,
    coalesce(c.on_time, 0) AS on_time,
    sum(coalesce(c.received, 0) - coalesce(c.closed, 0))
      OVER (PARTITION BY g.unit, g.service ORDER BY m.month) AS open_at_end
  FROM (SELECT DISTINCT unit, service FROM counts) g CROSS JOIN months m
  LEFT JOIN counts c ON c.unit = g.unit AND c.service = g.service AND c.month = m.month)
SELECT month, unit, service, received, closed, on_time, open_at_end FROM grid
WHERE month > 0 AND (received > 0 OR closed > 0 OR open_at_end > 0)
ORDER BY month, unit, service)sql",
                     cases);
}

// The last month of the year that has begun by as-of (0: none).
int last_month(const OpenDataScope& scope) {
  const Date day = scope.as_of.taipei_date();
  if (day < scope.year.from) return 0;
  if (day > scope.year.to) return 12;
  return day.month();
}

std::string unit_label(const Config& config, const std::string& code, bool english) {
  const Unit* unit = config.unit(code);
  return unit ? (english ? unit->name_en : unit->name_zh) : code;
}

std::string service_label(const Config& config, const std::string& code, bool english) {
  const Service* service = config.service(code);
  return service ? (english ? service->name_en : service->name_zh) : code;
}

// The facts and definitions both datasets carry.
Document open_data_document(const OpenDataScope& scope, OpenDataset dataset, Instant generated_at) {
  const bool en = scope.english;
  Document document;
  document.kind = "open-data";
  document.lang = en ? "en" : "zh-TW";
  const int year = scope.year.from.year();
  document.title =
      en ? fmt::format("Kaohsiung EPB service requests {} (open data: {})", year, open_dataset_name(dataset))
         : fmt::format("高雄市政府環境保護局 {} 年陳情案件開放資料（{}）", year,
                       dataset == OpenDataset::requests ? "逐案" : "統計");
  document.set_fact("dataset", std::string(open_dataset_name(dataset)));
  document.set_fact("period", scope.year.text());
  document.set_fact("as_of", scope.as_of.utc());
  document.set_fact("generated_at", generated_at.utc());
  document.definitions.push_back(
      {"personal_data", en ? "Personal data" : "個人資料",
       en ? "None: no name, ID, phone, e-mail, address, place, coordinates, free text or link between cases of "
            "one person (個資法 §16, 政府資訊公開法 §18); the location is the district only."
          : "不含任何個人資料：無姓名、身分證號、電話、電子郵件、地址、地點、座標、自由文字或可串連同一人案件之資訊（個"
            "資法第16條、政府資訊公開法第18條）；位置僅至行政區。"});
  document.definitions.push_back(
      {"as_of", en ? "As of" : "資料時點",
       en ? "The ledger as it stood at as-of: cases received later are left out, cases closed later count open."
          : "以資料時點之案件狀態計：其後收件者不列，其後結案者以未結計。"});
  return document;
}

} // namespace

Document open_data_aggregate(Ledger& ledger, const Config& config, const OpenDataScope& scope, Instant generated_at) {
  const bool en = scope.english;
  Document document = open_data_document(scope, OpenDataset::aggregate, generated_at);
  document.definitions.push_back(
      {"received", en ? "Received" : "收件",
       en ? "Cases whose Asia/Taipei received date falls in the month." : "收件日（臺北時間）在該月之案件數。"});
  document.definitions.push_back(
      {"closed", en ? "Closed" : "結案",
       en ? "Cases whose Asia/Taipei closing date falls in the month." : "結案日（臺北時間）在該月之案件數。"});
  document.definitions.push_back({"closed_on_time", en ? "Closed on time" : "如期結案",
                                  en ? "Cases closed in the month and not closed late (after their due moment)."
                                     : "該月結案且未逾期（未超過期限）之案件數。"});
  document.definitions.push_back({"open_at_end", en ? "Open at month end" : "月底未結",
                                  en ? "Cases received and not closed by the month's end (or as-of, if earlier)."
                                     : "至月底（或資料時點，取早者）已收件而未結案之案件數。"});
  Table table;
  table.key = "aggregate";
  table.title = en ? "Cases per month, unit and service" : "各月各科室各服務案件統計";
  table.columns = {
      {"month", en ? "Month" : "月份", CellType::text},
      {"unit", en ? "Unit code" : "科室代碼", CellType::text},
      {"unit_name", en ? "Unit" : "科室", CellType::text},
      {"service", en ? "Service code" : "服務代碼", CellType::text},
      {"service_name", en ? "Service" : "服務", CellType::text},
      {"received", en ? "Received" : "收件", CellType::integer},
      {"closed", en ? "Closed" : "結案", CellType::integer},
      {"closed_on_time", en ? "Closed on time" : "如期結案", CellType::integer},
      {"open_at_end", en ? "Open at month end" : "月底未結", CellType::integer},
  };
  auto& query = ledger.db().prepare(aggregate_sql(open_data_cases(ledger.db(), scope)));
  query.bind(":last_month", last_month(scope)).bind(":from", scope.year.from.iso()).bind(":to", scope.year.to.iso());
  const int year = scope.year.from.year();
  while (query.step()) {
    const std::string unit = query.text(1);
    const std::string service = query.text(2);
    table.rows.push_back({fmt::format("{:04}-{:02}", year, query.integer(0)), unit, unit_label(config, unit, en),
                          service, service_label(config, service, en), std::to_string(query.int64(3)),
                          std::to_string(query.int64(4)), std::to_string(query.int64(5)),
                          std::to_string(query.int64(6))});
  }
  document.tables.push_back(std::move(table));
  document.primary = "aggregate";
  document.sections.push_back({.key = "aggregate",
                               .title = document.tables.back().title,
                               .paragraphs = {},
                               .tables = {"aggregate"},
                               .charts = {}});
  return document;
}

Document open_data_requests_document(Ledger& ledger, const Config& config, const OpenDataScope& scope,
                                     Instant generated_at) {
  Document document = open_data_document(scope, OpenDataset::requests, generated_at);
  Table table;
  table.key = "requests";
  table.title = scope.english ? "Service requests (Open311 GeoReport v2)" : "陳情案件（Open311 GeoReport v2）";
  for (const OpenDataColumn& column : open_data_request_columns())
    table.columns.push_back({std::string(column.name), std::string(column.name), CellType::text});
  open_data_requests(ledger, config, scope, [&](const Row& row) {
    std::vector<Cell> cells(row.begin(), row.end());
    table.rows.push_back(std::move(cells));
  });
  document.tables.push_back(std::move(table));
  document.primary = "requests";
  document.sections.push_back({.key = "requests",
                               .title = document.tables.back().title,
                               .paragraphs = {},
                               .tables = {"requests"},
                               .charts = {}});
  return document;
}

} // namespace epb::report
