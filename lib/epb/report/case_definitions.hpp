#pragma once
// The words of the case sections, defined: printed with every report (epb-report(1) DEFINITIONS
// says the same), so "on time" and "overdue" mean one thing on every page and every year.
#include "epb/report/document.hpp"

#include <string>
#include <vector>

namespace epb::report {

struct CalendarUsed {
  std::string version;                // OfficeCalendar::version()
  std::string published;              // "2018–2026"
  std::vector<int> provisional_years; // predicted years the period's counts touch
};

std::vector<Definition> case_definitions(bool english, const CalendarUsed& calendar);

} // namespace epb::report
