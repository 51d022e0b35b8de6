#include "epb/io/import_batch.hpp"

#include "epb/core/subject.hpp"

#include "epb/output/json.hpp"

namespace epb {

void record_import_batch(Ledger& ledger, const Stamp& stamp, const CommittedBatch& batch) {
  JsonObject detail;
  detail.add("file", batch.source)
      .add("first_id", batch.first_id)
      .add("last_id", batch.last_id)
      .add("imported", batch.imported)
      .add("updated", batch.updated)
      .add("skipped", batch.skipped)
      .add("rejected", batch.rejected);
  ledger.record(stamp, subject::imports_of(batch.record_type), "import", detail.str());
}

} // namespace epb
