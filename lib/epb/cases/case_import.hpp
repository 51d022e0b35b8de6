#pragma once
// Cases as a record type of the import engine: the same fields `epb case export` writes,
// validated with the same rules as `epb case open`.
#include "epb/cases/case_desk.hpp"
#include "epb/io/import_engine.hpp"

namespace epb {

class CaseImportTarget final : public ImportTarget {
public:
  // `source` names the file in the import's update events ("<stdin>" for standard input).
  CaseImportTarget(CaseDesk& desk, const OfficeCalendar& calendar, const Stamp& stamp, std::string source);

  std::span<const FieldSpec> fields() const override;
  bool ignores(std::string_view column) const override;
  Result<std::unique_ptr<PreparedRow>> prepare(const FieldValues& row) const override;
  Result<RowOutcome> store(PreparedRow& row, OnDuplicate on_duplicate) override;
  void before_commit() override;
  std::string_view record_type() const override { return "case"; }
  // Into CaseDesk::record_import_batch, whose batches each imported case's history shows.
  void record_batch(const CommittedBatch& batch) override;

private:
  Result<Case> build(const FieldValues& row, CarriedRecord& carried) const;
  Result<void> carry_timing(const FieldValues& row, const Service& service, Case& c, CarriedRecord& carried) const;
  Result<RowOutcome> update_existing(Case existing, const Case& incoming, std::size_t line);
  void defer_indexes_when_worth_it();

  CaseDesk& m_desk;
  const OfficeCalendar& m_calendar;
  Stamp m_stamp;
  std::string m_source;                       // the file's name, for update events
  std::int64_t m_first_new_id;                // cases with a larger id were added by this import
  std::int64_t m_imported_in_batch = 0;       // cases added since the last commit
  std::int64_t m_rows_before_batch;           // cases in the ledger when the batch began
  std::vector<std::string> m_dropped_indexes; // to build again before the commit
};

} // namespace epb
