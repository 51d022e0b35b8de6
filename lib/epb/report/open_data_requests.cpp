// The open-data requests query: one prepared statement over case_file in received order (the
// case_by_received index), each row's times written as W3C datetimes in Taipei time.
#include "epb/report/open_data_requests.hpp"
#include "epb/report/open_data.hpp"

#include "epb/cases/case_fields.hpp"
#include "epb/core/error.hpp"
#include "epb/privacy/open_data.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <string>

namespace epb::report {
namespace {

// Open311's names, in its order, plus `district` (DOMAIN.md §9); each with the case field it
// shows. updated_datetime is the closing time of a closed request, else the last change.
constexpr std::array<OpenDataColumn, 9> k_columns{{
    {"service_request_id", "ref"},
    {"status", "closed"},
    {"service_code", "service"},
    {"service_name", "service"},
    {"agency_responsible", "unit"},
    {"requested_datetime", "received"},
    {"updated_datetime", "updated"},
    {"expected_datetime", "due"},
    {"district", "district"},
}};

// One statement over the cases as of as-of (open_data_cases()), in received order (the
// case_by_received index), so rows stream and a million cases are never held.
std::string requests_sql(std::string_view cases) {
  return fmt::format(R"sql(WITH {}
SELECT ref, service, unit, district, received_at, due_at, closed_at, updated_at FROM case_as_of
WHERE received_date >= :from AND received_date <= :to
ORDER BY received_date, id)sql",
                     cases);
}

// The policy decides, not this file: a column whose field the policy drops is a bug.
void check_columns_against_policy() {
  const auto kept = open_data_fields(case_record_fields());
  for (const OpenDataColumn& column : k_columns)
    if (std::ranges::find(kept, column.source) == kept.end())
      throw Error(fmt::format("open data: column {} shows the case field '{}', which the open-data policy drops",
                              column.name, column.source));
}

struct Names {
  std::string service;
  std::string unit_code; // the service's own unit
  std::string unit;
};

// Service code -> its name and its unit's name, in the run's language.
std::map<std::string, Names, std::less<>> service_names(const Config& config, bool english) {
  std::map<std::string, Names, std::less<>> names;
  for (const Service& service : config.services) {
    Names& n = names[service.code];
    n.service = english ? service.name_en : service.name_zh;
    n.unit_code = service.unit;
    if (const Unit* unit = config.unit(service.unit)) n.unit = english ? unit->name_en : unit->name_zh;
  }
  return names;
}

// A unit code the config no longer knows (a case moved before a config change) shows as its code.
std::string unit_name(const Config& config, std::string_view code, bool english) {
  if (const Unit* unit = config.unit(code)) return english ? unit->name_en : unit->name_zh;
  return std::string(code);
}

std::string count_sql(std::string_view cases) {
  return fmt::format("WITH {} SELECT count(*) FROM case_as_of WHERE received_date >= :from AND received_date <= :to",
                     cases);
}

} // namespace

std::span<const OpenDataColumn> open_data_request_columns() { return k_columns; }

std::vector<epb::Column> open_data_request_row_columns() {
  std::vector<epb::Column> columns;
  for (const OpenDataColumn& column : k_columns)
    columns.push_back(epb::Column{std::string(column.name)});
  return columns;
}

std::int64_t open_data_request_count(Ledger& ledger, const OpenDataScope& scope) {
  auto& query = ledger.db().prepare(count_sql(open_data_cases(ledger.db(), scope)));
  query.bind(":from", scope.year.from.iso()).bind(":to", scope.year.to.iso());
  query.step();
  return query.int64(0);
}

std::int64_t open_data_requests(Ledger& ledger, const Config& config, const OpenDataScope& scope,
                                const std::function<void(const Row&)>& emit) {
  check_columns_against_policy();
  const auto names = service_names(config, scope.english);
  sql::Database& db = ledger.db();
  auto& query = db.prepare(requests_sql(open_data_cases(db, scope)));
  query.bind(":from", scope.year.from.iso()).bind(":to", scope.year.to.iso());
  Row row(k_columns.size());
  std::int64_t count = 0;
  while (query.step()) {
    const std::string_view service = query.text_view(1);
    const std::string_view unit = query.text_view(2);
    const auto known = names.find(service);
    const bool closed = !query.is_null(6);
    row[0] = query.text_view(0);
    row[1] = closed ? "closed" : "open";
    row[2] = service;
    row[3] = known != names.end() ? known->second.service : std::string(service);
    row[4] = known != names.end() && known->second.unit_code == unit ? known->second.unit
                                                                     : unit_name(config, unit, scope.english);
    row[5] = Instant(query.int64(4)).iso();
    // A closed request was last updated when it closed (a later note is not the public's news).
    row[6] = Instant(query.int64(closed ? 6 : 7)).iso();
    row[7] = Instant(query.int64(5)).iso();
    row[8] = query.text_view(3);
    emit(row);
    ++count;
  }
  return count;
}

} // namespace epb::report
