#pragma once
// Subsidy applications as a record type of the import engine (`epb subsidy import`, dealers'
// batches): the fields `epb subsidy export` writes (subsidy_fields.hpp), each row checked as
// `epb subsidy apply` checks it, stored as its case and its subsidy row in one savepoint.
//
// Idempotent by the dealer's UBN and application number: a row whose pair is in the ledger
// from an earlier run is skipped. Refused (the whole file, or the row into the rejects file):
// the same dealer application twice in the file, and double-dipping at intake, a scrapped
// plate, recycling certificate, new plate, new frame or (persons) applicant in the same
// programme year already held by an open or subsidised application, or by an earlier row of
// the file (man epb-subsidy(1), IMPORT).
#include "epb/cases/case_desk.hpp"
#include "epb/io/import_engine.hpp"

#include <string>
#include <utility>
#include <vector>

namespace epb {

class SubsidyImportTarget final : public ImportTarget {
public:
  // `source` names the file in messages; the desk stores the cases (in batch mode).
  SubsidyImportTarget(CaseDesk& desk, Ledger& ledger, const OfficeCalendar& calendar, const Stamp& stamp,
                      std::string source);

  std::span<const FieldSpec> fields() const override;
  bool ignores(std::string_view column) const override;
  Result<std::unique_ptr<PreparedRow>> prepare(const FieldValues& row) const override;
  Result<RowOutcome> store(PreparedRow& row, OnDuplicate on_duplicate) override;
  void before_commit() override;
  std::string_view record_type() const override { return "subsidy"; }
  // Into CaseDesk::record_import_batch: the batch names the cases it added, whose history
  // shows it, as for `epb case import`.
  void record_batch(const CommittedBatch& batch) override;
  // No savepoint per row: store() decides every refusal (the double-dipping rules, the kind's
  // intake check) before the row's first write, and what it writes then cannot be refused, so
  // there is nothing to take back. A savepoint's page copies cost a third of the import.
  bool row_savepoint() const override { return false; }

private:
  // The line of the row of this run that added case `case_id`, or 0 when an earlier run did.
  std::size_t line_of(std::int64_t case_id) const;

  CaseDesk& m_desk;
  Ledger& m_ledger;
  const OfficeCalendar& m_calendar;
  Stamp m_stamp;
  std::string m_source;
  std::int64_t m_first_new_id; // cases with a larger id were added by this run
  // The cases this run added, with their lines, in increasing id order.
  std::vector<std::pair<std::int64_t, std::size_t>> m_lines;
};

} // namespace epb
