#pragma once
// The one log of personal data shown in full (`--reveal-pii`). Whoever reveals calls
// record_reveal() first and writes the first unmasked byte only after it returned: the event is
// committed before anything is shown, and when it cannot be committed (a bad clock, a ledger
// held by another writer past the busy timeout, a read-only ledger) nothing is shown at all.
#include "epb/ledger/ledger.hpp"

#include <span>
#include <string>

namespace epb {

// One `reveal-pii` event per case, in a transaction of its own, committed before it returns.
// `refs` are case references; duplicates are recorded once. Throws on failure.
void record_reveal(Ledger& ledger, const Stamp& stamp, std::span<const std::string> refs);

} // namespace epb
