#pragma once
// The case counts behind a period report, each computed by SQL aggregates over the ledger
// (GROUP BY unit and service, month, notice level): never one case at a time in C++. The
// working days to close come back as a histogram per unit and service (a few dozen distinct
// values), from which median and 90th percentile are read.
#include "epb/ledger/sqlite.hpp"
#include "epb/report/case_then.hpp"
#include "epb/time/date.hpp"
#include "epb/time/period.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace epb::report {

// Working days to close -> cases.
using WorkdayHistogram = std::map<int, std::int64_t>;

// Nearest rank: the smallest value with at least `percent` % of the cases at or below it
// (the median is percent 50). None for an empty histogram.
std::optional<int> nearest_rank(const WorkdayHistogram& histogram, int percent);

struct ServiceCounts {
  std::string unit;
  std::string service;
  std::int64_t received = 0;
  std::int64_t closed = 0;
  std::int64_t closed_on_time = 0;
  std::int64_t open_at_end = 0;
  std::int64_t overdue_at_end = 0;
  std::int64_t extensions = 0;
  std::int64_t pauses = 0;
  std::int64_t repeats = 0;
  std::int64_t notices_sent = 0;
  WorkdayHistogram workdays_to_close;
  std::int64_t closed_outside_calendar = 0; // closed, but a date the working-day index does not cover

  void add(const ServiceCounts& other); // for unit totals
};

struct MonthCounts {
  std::string month; // "2018-03"
  std::int64_t received = 0;
  std::int64_t closed = 0;
  std::int64_t closed_on_time = 0;
};

struct NoticeCounts {
  std::string unit;
  std::string service;
  std::string level;
  std::int64_t sent = 0;
};

struct CaseQuery {
  Period period;
  Instant start; // the first second of the period (Taipei)
  Instant end;   // period_end(): its last second, or the as-of moment when that comes first
  std::optional<std::string> unit;
  std::optional<std::string> service;
  CasesThen then; // which rows the as-of tables correct
};

struct CaseCounts {
  std::vector<ServiceCounts> services; // sorted by unit, service
  std::vector<MonthCounts> months;     // every month of the period, in order
  std::vector<NoticeCounts> notices;   // sorted by unit, service, level
};

// Needs epb_workdays() registered on `db` (workday_function.hpp).
CaseCounts count_cases(sql::Database& db, const CaseQuery& query);

} // namespace epb::report
