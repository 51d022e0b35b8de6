#include "epb/io/import_batch.hpp"

#include "epb/output/json.hpp"

namespace epb {

std::string import_batch_subject(std::string_view record_type) { return std::string(record_type) + "-import"; }

void record_import_batch(Ledger& ledger, const Stamp& stamp, const CommittedBatch& batch) {
  JsonObject detail;
  detail.add("file", batch.source)
      .add("first_id", batch.first_id)
      .add("last_id", batch.last_id)
      .add("imported", batch.imported)
      .add("updated", batch.updated)
      .add("skipped", batch.skipped)
      .add("rejected", batch.rejected);
  ledger.record(stamp, import_batch_subject(batch.record_type), "import", detail.str());
}

} // namespace epb
