#pragma once
// The calendar's ledger side: imported years and local closures (all SQL for them lives here).
#include "epb/calendar/office_calendar.hpp"
#include "epb/ledger/ledger.hpp"

namespace epb {

class CalendarStore {
public:
  explicit CalendarStore(Ledger& ledger) : m_ledger(ledger) {}

  // The built-in calendar with the ledger's imported years and closures applied.
  OfficeCalendar effective(const OfficeCalendar& builtin);

  // Declares a closure (停止上班); fails when the date is already closed, off or uncovered.
  Result<void> close_office(const Stamp& stamp, const OfficeCalendar& calendar, const Closure& closure);
  // Stores every year of `imported`, replacing earlier imports of the same years.
  void import_years(const Stamp& stamp, const OfficeCalendar& imported, std::string_view source);

private:
  Ledger& m_ledger;
};

} // namespace epb
