// The open-data requests query: one prepared statement over case_file in received order (the
// case_by_received index), each row's times written as W3C datetimes in Taipei time.
#include "epb/report/open_data_requests.hpp"

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

// A case changed after as-of is looked up in its events: the last close (a move into a final
// state says "closed": true) or reopen at or before as-of, as a signed instant (positive: it
// was closed then; negative: reopened), and its last event then. Cases unchanged since as-of
// (every case when as-of is now) need neither subquery.
constexpr std::string_view k_requests = R"sql(
SELECT c.ref, c.service, c.unit, c.district, c.received_at, c.due_at, c.closed_at, c.updated_at,
  CASE WHEN c.updated_at > :as_of THEN (
    SELECT CASE WHEN e.action = 'reopen' THEN -e.at ELSE e.at END FROM event e
    WHERE e.subject = 'case:' || c.ref AND e.at <= :as_of
      AND (e.action = 'reopen' OR json_extract(e.detail, '$.closed') = 1)
    ORDER BY e.id DESC LIMIT 1) END,
  CASE WHEN c.updated_at > :as_of THEN (
    SELECT max(e.at) FROM event e WHERE e.subject = 'case:' || c.ref AND e.at <= :as_of) END
FROM case_file c
WHERE c.received_date >= :from AND c.received_date <= :to AND c.received_at <= :as_of
ORDER BY c.received_date, c.id)sql";

// The policy decides, not this file: a column whose field the policy drops is a bug.
void check_columns_against_policy() {
  const auto kept = open_data_fields(case_record_fields());
  for (const OpenDataColumn& column : k_columns)
    if (std::ranges::find(kept, column.source) == kept.end())
      throw Error(fmt::format("open data: column {} shows the case field '{}', which the open-data policy drops",
                              column.name, column.source));
}

// The ledger is read once from end to end: mapped, SQLite copies no page into its cache.
constexpr std::int64_t k_mapped_bytes = std::int64_t{1} << 34; // 16 GiB of address space at most

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

} // namespace

std::span<const OpenDataColumn> open_data_request_columns() { return k_columns; }

std::vector<epb::Column> open_data_request_row_columns() {
  std::vector<epb::Column> columns;
  for (const OpenDataColumn& column : k_columns)
    columns.push_back(epb::Column{std::string(column.name)});
  return columns;
}

std::int64_t open_data_requests(Ledger& ledger, const Config& config, const OpenDataScope& scope,
                                const std::function<void(const Row&)>& emit) {
  check_columns_against_policy();
  const auto names = service_names(config, scope.english);
  sql::Database& db = ledger.db();
  const sql::ScopedPragma mapped(db, "mmap_size", k_mapped_bytes, true);
  auto& query = db.prepare(k_requests);
  query.bind(":as_of", scope.as_of.unix_seconds())
      .bind(":from", scope.year.from.iso())
      .bind(":to", scope.year.to.iso());
  const std::int64_t as_of = scope.as_of.unix_seconds();
  Row row(k_columns.size());
  std::int64_t count = 0;
  while (query.step()) {
    row[0] = query.text_view(0);
    const std::string_view service = query.text_view(1);
    const auto known = names.find(service);
    const std::int64_t updated_at = query.int64(7);
    std::optional<std::int64_t> closed_at;
    std::int64_t updated = updated_at;
    if (!query.is_null(6) && query.int64(6) <= as_of) closed_at = query.int64(6);
    if (updated_at > as_of) {
      // Changed after as-of: the state then comes from the events (see k_requests).
      if (!closed_at && !query.is_null(8) && query.int64(8) > 0) closed_at = query.int64(8);
      updated = query.is_null(9) ? query.int64(4) : query.int64(9);
    }
    row[1] = closed_at ? "closed" : "open";
    row[2] = service;
    row[3] = known != names.end() ? known->second.service : std::string(service);
    row[4] = known != names.end() && known->second.unit_code == query.text_view(2)
                 ? known->second.unit
                 : unit_name(config, query.text_view(2), scope.english);
    row[5] = Instant(query.int64(4)).iso();
    row[6] = Instant(closed_at ? *closed_at : updated).iso();
    row[7] = Instant(query.int64(5)).iso();
    row[8] = query.text_view(3);
    emit(row);
    ++count;
  }
  return count;
}

} // namespace epb::report
