#pragma once
// The national system's water pollution fee declarations as a record type of the import engine
// (`epb fee water import`): one row per business and half-year, each checked as `epb fee water
// declare` checks it and stored with its "declare" event.
//
// Idempotent by UBN and period: a row the ledger holds with the same amount is skipped, so the
// same export imported twice changes nothing. A row with another amount is an invalid row
// unless --on-duplicate update, which records it as an amendment; --on-duplicate error makes
// every row already held invalid. The same business and period twice in one file is invalid
// (man epb-fee(1), WATER POLLUTION FEE).
#include "epb/fee/water_desk.hpp"
#include "epb/io/import_engine.hpp"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace epb {

// The export's column names (統一編號, 事業名稱, ...) → the fields: the verb's own aliases.
std::span<const std::pair<std::string_view, std::string_view>> water_import_aliases();

class WaterImportTarget final : public ImportTarget {
public:
  WaterImportTarget(Ledger& ledger, const FeeSettings& fee, const Stamp& stamp);

  std::span<const FieldSpec> fields() const override;
  Result<std::unique_ptr<PreparedRow>> prepare(const FieldValues& row) const override;
  Result<RowOutcome> store(PreparedRow& row, OnDuplicate on_duplicate) override;
  std::string_view record_type() const override { return "water-fee"; }
  void record_batch(const CommittedBatch& batch) override;

private:
  Ledger& m_ledger;
  const FeeSettings& m_fee;
  Stamp m_stamp;
  WaterDesk m_desk;
  // The fees this run added or amended, with the line of the row that did.
  std::map<std::int64_t, std::size_t> m_lines;
};

} // namespace epb
