#include "epb/privacy/reveal.hpp"

#include "epb/core/subject.hpp"
#include "epb/output/json.hpp"

#include <fmt/format.h>

#include <unordered_set>

namespace epb {

void record_reveal(Ledger& ledger, const Stamp& stamp, std::span<const std::string> refs) {
  if (refs.empty()) return;
  // A reveal must never be recorded as part of someone else's transaction, which could still
  // roll back after the data was shown.
  if (ledger.db().in_transaction())
    throw Error("reveal-pii: must be recorded in a transaction of its own, before anything is shown");
  if (ledger.db().read_only())
    throw Error(
        fmt::format("ledger {}: read-only; showing personal data in full must be recorded first", ledger.path()));
  const std::string detail = JsonObject().add("command", stamp.command).str();
  std::unordered_set<std::string_view> seen;
  sql::Transaction transaction(ledger.db());
  for (const auto& ref : refs)
    if (seen.insert(ref).second) ledger.record(stamp, subject::of_case(ref), "reveal-pii", detail);
  transaction.commit();
}

Disclosure Disclosure::reveal(Ledger& ledger, const Stamp& stamp, std::span<const std::string> refs) {
  record_reveal(ledger, stamp, refs);
  return Disclosure(true);
}

} // namespace epb
