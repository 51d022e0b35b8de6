#pragma once
// The batch exchange with the household-registration office (DOMAIN.md §5): the query file
// holds only the ID number and name of each application awaiting the check; the answer file
// says, per ID number, registered in the city yes/no, the district and the registration date.
#include "epb/subsidy/subsidy_desk.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace epb {

// The query file, CSV with the header "id_number,name" and CRLF line ends.
std::string render_household_query(const std::vector<HouseholdQuery>& queries);

// The answer file, CSV with the header "id_number,registered,district,registered_on"
// (registered: yes/no, Y/N, 1/0; registered_on: ISO or ROC, may be empty). Every problem is
// "FILE:LINE: field: why".
Result<std::vector<HouseholdAnswer>> parse_household_answers(std::string_view text, std::string_view file);

struct HouseholdImport {
  std::int64_t records = 0;
  std::int64_t eligible = 0; // answered applications that now pass every rule
  std::string sha256;
};

// Records every answer and logs the exchange, in one transaction: an answer for an ID no
// open application awaits, a bad ID number and a second answer for the same ID are refused as
// FILE:LINE, and nothing is recorded. `file_sha256` is the hash of the file's bytes as read
// (TextSource::raw_sha256), which the exchange log keeps: the file the office sent, not the
// text it was converted to.
Result<HouseholdImport> import_household_answers(SubsidyDesk& desk, Ledger& ledger, const Stamp& stamp,
                                                 std::string_view text, std::string_view file,
                                                 std::string_view file_sha256);

} // namespace epb
