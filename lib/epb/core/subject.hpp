#pragma once
// What an event of the ledger's log is about (event.subject): one spelling per kind of thing,
// made here and nowhere else, so `epb case history` and the desk's "latest change" queries find
// every event of a case whichever command wrote it.
//   case:PET-113-000042      a case (every family's cases: SUB-107-000001 too)
//   calendar:2024-07-25      one day of the office calendar (an office closure)
//   calendar:2024            one year of the office calendar (an import)
//   case-import              the import batches of a family ("case", later "subsidy")
//   water-fee:04595257/2024-H1  one business's water pollution fee for one half-year
#include "epb/time/date.hpp"

#include <string>
#include <string_view>

namespace epb::subject {

std::string of_case(std::string_view ref);
std::string calendar_day(Date day);
std::string calendar_year(int year);
std::string imports_of(std::string_view family);
std::string water_fee(std::string_view ubn, std::string_view period);

// The reference of a case subject ("case:PET-113-000042" -> "PET-113-000042"); empty for any
// other subject.
std::string_view case_ref(std::string_view subject);

} // namespace epb::subject
