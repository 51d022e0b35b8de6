#pragma once
// The open-data `aggregate` dataset: per month of the year, unit and service, the cases
// received, closed, closed on time and open at the month's end — counts only, computed with
// one SQL GROUP BY (never one case at a time), so no row can carry anything about a person.
// Also the requests dataset as a document, for the formats that need one whole (ods).
#include "epb/config/config.hpp"
#include "epb/ledger/ledger.hpp"
#include "epb/report/document.hpp"
#include "epb/report/open_data.hpp"

namespace epb::report {

// The document of the aggregate dataset: its facts, definitions and one table "aggregate".
Document open_data_aggregate(Ledger& ledger, const Config& config, const OpenDataScope& scope, Instant generated_at);

// The requests dataset as a document (one table "requests"), every row in memory: for ods,
// whose file is written whole. csv, json and jsonl stream instead (open_data_requests.hpp).
Document open_data_requests_document(Ledger& ledger, const Config& config, const OpenDataScope& scope,
                                     Instant generated_at);

} // namespace epb::report
