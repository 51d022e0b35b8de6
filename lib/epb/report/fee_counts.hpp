#pragma once
// The fee counts behind a period report (fee_metrics.cpp lays them out): the construction
// air-pollution control fee per unit and service of its projects' cases, and the water
// pollution control fee per half-year, each by SQL aggregates (GROUP BY) over the fee tables of
// migration 11, as the ledger stood at the as-of moment: a declaration counts from its
// declared_at, a payment from its recorded_at, a cancellation from the settlement that made it.
#include "epb/ledger/sqlite.hpp"
#include "epb/time/date.hpp"
#include "epb/time/period.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace epb::report {

struct FeeQuery {
  Period period;
  Instant start; // the first second of the period (Taipei)
  Instant end;   // period_end(): its last second, or the as-of moment when that comes first
  Instant as_of;
  std::optional<std::string> unit;
  std::optional<std::string> service;
};

struct FeeCounts {
  std::string unit;
  std::string service;
  std::int64_t declarations = 0;       // start declarations and settlements recorded in the period
  std::int64_t assessed = 0;           // NT$ of slips issued in the period, less those settlements in it cancelled
  std::int64_t payments = 0;           // payments paid in the period
  std::int64_t collected = 0;          // NT$ of them: principal, surcharge and interest
  std::int64_t late_charges = 0;       // NT$ of them that was surcharge or interest
  std::int64_t outstanding_at_end = 0; // NT$ principal of slips issued and neither paid nor cancelled by the end
  std::int64_t overdue_at_end = 0;     // of it, slips past their due date at the end
  std::int64_t refunds = 0;            // settlements recorded in the period that owe the payer a refund
  std::int64_t refunded = 0;           // NT$ of those refunds
  std::int64_t dunning_sent = 0;       // fee dunning notices sent in the period (reminders too)
  std::int64_t late_payers = 0;        // projects sent a dunning notice in the period after the slip's due date

  void add(const FeeCounts& other);
};

struct WaterCounts {
  std::string fee_period;              // the half-year the fee is for: "2024-H1"
  std::int64_t declarations = 0;       // fees declared (or last amended) in the period, exempt ones too
  std::int64_t assessed = 0;           // NT$ declared by them, exempt ones left out
  std::int64_t payments = 0;           // payments paid in the period
  std::int64_t collected = 0;          // NT$ of them, interest included
  std::int64_t interest = 0;           // NT$ of them that paid interest
  std::int64_t outstanding_at_end = 0; // NT$ declared and not paid by the end (fees not exempt)
  std::int64_t overdue_at_end = 0;     // of it, fees past their due date at the end
};

// One row per unit and service with fee data, sorted by unit and service.
std::vector<FeeCounts> count_fees(sql::Database& db, const FeeQuery& query);
// One row per half-year with water fee data, sorted; unit and service filters do not apply
// (the water fee is tracked per business, not as cases).
std::vector<WaterCounts> count_water_fees(sql::Database& db, const FeeQuery& query);

} // namespace epb::report
