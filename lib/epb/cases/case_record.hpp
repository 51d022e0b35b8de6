#pragma once
// Reading what a case brings from another ledger's export (`epb case export`): the instants,
// pauses and extensions of its record, for `epb case import` (case_import.cpp). A Problem's
// `what` names the column, and the item of a list ("pauses: item 2: from").
#include "epb/cases/case.hpp"
#include "epb/core/error.hpp"

#include <string_view>
#include <vector>

namespace epb {

// An instant of the case's record: not before it was received, not after the clock.
Result<Instant> record_instant(std::string_view field, std::string_view text, const Case& c, Instant now);
// `pauses`: [{"from": INSTANT, "to": INSTANT or empty while paused}], oldest first, not overlapping.
Result<std::vector<Pause>> read_pauses(std::string_view text, const Case& c, Instant now);
// `extension_log`: [{"at", "workdays", "reason", "notify_applicant", "notified"}] in the order granted.
Result<std::vector<Extension>> read_extensions(std::string_view text, const Case& c, Instant now);
// A reference as the import reads it in `ref`: PREFIX-YYY-NNNNNN.
bool looks_like_ref(std::string_view ref);

} // namespace epb
