#pragma once
// The open-data `requests` dataset: one row per case whose Taipei received date falls in the
// year, in the Open311 GeoReport v2 `GET requests` shape plus `district` (DOMAIN.md §9). Every
// column comes from a case field the open-data policy keeps (lib/epb/privacy/open_data.hpp):
// no name, ID, phone, e-mail, address, place, description, outcome, assignee or repeat link.
// Rows stream from one SQL statement in received order: a million cases are never held.
#include "epb/config/config.hpp"
#include "epb/ledger/ledger.hpp"
#include "epb/output/rows.hpp"
#include "epb/report/open_data.hpp"

#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

namespace epb::report {

struct OpenDataColumn {
  std::string_view name;   // the Open311 member name
  std::string_view source; // the case record field (case_fields.hpp) it is derived from
};

// The columns in output order, each with the case field it shows.
std::span<const OpenDataColumn> open_data_request_columns();
// The same as RowWriter columns (all text: ids, codes and W3C datetimes).
std::vector<epb::Column> open_data_request_row_columns();

// How many rows open_data_requests() would emit (one count(*), for a format with a row limit).
std::int64_t open_data_request_count(Ledger& ledger, const OpenDataScope& scope);

// Calls `emit` once per request row (cells in column order; the row is reused between calls)
// and returns how many. Throws epb::Error when a column's source is a field the open-data
// policy drops: a wrong column list never reaches the public.
std::int64_t open_data_requests(Ledger& ledger, const Config& config, const OpenDataScope& scope,
                                const std::function<void(const Row&)>& emit);

} // namespace epb::report
