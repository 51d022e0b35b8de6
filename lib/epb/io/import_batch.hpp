#pragma once
// The import batch: what one commit of an import added, recorded once per commit for every
// record type, so that the ledger says which run brought each row in. The engine works the
// batch out (the counts, the source) and hands it to ImportTarget::record_batch(), whose one
// call puts it in the ledger: record_import_batch() below, or a record type's own store of
// batches when its history shows them (cases: CaseDesk::record_import_batch).
#include "epb/ledger/ledger.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace epb {

struct CommittedBatch {
  std::string record_type; // "case", "subsidy", ...: ImportTarget::record_type()
  std::string source;      // the file's name, or "<stdin>"
  // The rows added, ids first_id..last_id of the record type's table (0 when it added none):
  // the target reports each id with ImportTarget::added().
  std::int64_t first_id = 0;
  std::int64_t last_id = 0;
  // The rows of this batch, as the summary counts them.
  std::int64_t imported = 0;
  std::int64_t updated = 0;
  std::int64_t skipped = 0;
  std::int64_t rejected = 0;
};

// Records the batch as an event (subject subject::imports_of(), action "import", the batch as
// JSON detail) inside the caller's transaction.
void record_import_batch(Ledger& ledger, const Stamp& stamp, const CommittedBatch& batch);

} // namespace epb
