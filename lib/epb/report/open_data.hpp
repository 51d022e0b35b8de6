#pragma once
// `epb report open-data` (epb-report(1) OPEN DATA): the two datasets the bureau publishes on
// the city's open-data platform without personal data (DOMAIN.md §9, lib/epb/privacy/open_data.hpp).
// requests: one row per case received in a year, in the Open311 GeoReport v2 `requests`
// shape (open_data_requests.hpp); aggregate: per month, unit and service, counted in SQL
// (open_data_aggregate.hpp).
#include "epb/ledger/sqlite.hpp"
#include "epb/time/date.hpp"
#include "epb/time/period.hpp"

#include <string>

#include <optional>
#include <string_view>

namespace epb::report {

enum class OpenDataset { requests, aggregate };
std::optional<OpenDataset> parse_open_dataset(std::string_view name);
std::string_view open_dataset_name(OpenDataset dataset);

struct OpenDataScope {
  Period year;          // the Taipei dates of the year: cases received (requests) or counted (aggregate)
  Instant as_of;        // --as-of: the ledger as it stood then (later receipts and closings left out)
  bool english = false; // service and unit names in English
};

// "case_as_of AS (...)": the cases as they stood at scope.as_of (cases_as_of.hpp), with the
// cases it rebuilds from their events prepared first. Both datasets read it.
std::string open_data_cases(sql::Database& db, const OpenDataScope& scope);

} // namespace epb::report
