#pragma once
// The working-day index as an SQL function, so a report's GROUP BY can count working days to
// close without reading every case into C++: epb_workdays(from, to) takes two Taipei dates
// (YYYY-MM-DD text) and returns the working days in (from, to], NULL when either is NULL or
// outside the index. Registered on one connection for the life of the object.
#include "epb/calendar/workday_index.hpp"
#include "epb/ledger/sqlite.hpp"

namespace epb::report {

class WorkdayFunction {
public:
  WorkdayFunction(sql::Database& db, const WorkdayIndex& index);
  ~WorkdayFunction();
  WorkdayFunction(const WorkdayFunction&) = delete;
  WorkdayFunction& operator=(const WorkdayFunction&) = delete;

private:
  sql::Database& m_db;
};

// A Taipei date stored as YYYY-MM-DD, read without the general parser (a million a report).
std::optional<Date> stored_iso_date(std::string_view text);

} // namespace epb::report
