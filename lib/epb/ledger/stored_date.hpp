#pragma once
// Dates the ledger stores as YYYY-MM-DD, read back by the stores. A value that does not read
// back is a damaged ledger: an Error naming the column, never a default date or a skipped row.
// Read without the general date parser (ISO and ROC forms), since arrears read one a row.
#include "epb/time/date.hpp"

#include <string_view>

namespace epb {

Date stored_date(std::string_view text, std::string_view column);

} // namespace epb
