#pragma once
// The call centre's results file as a record type of the import engine (`epb survey import ID
// FILE`): one row per call, recorded through CallDesk::record_in_transaction, so a row does
// exactly what `epb survey record` does.
//
// Fields: ref (required); outcome (answered, no-answer, refused, wrong-number; default
// answered when answers are given); attempt (the call centre's number; default the next);
// called_at (ISO or ROC date and time; default the command's clock); one column per
// questionnaire item, named by its code, or `answers` with every score in item order
// ("5,4,5"); comment (the free-text item). The scale, the outcome and the attempt are checked
// by prepare(); membership of the sample, the attempt numbering and the member's status by
// store(). Idempotent: a row recorded before, identically, is skipped; differently, refused.
#include "epb/io/import_engine.hpp"
#include "epb/survey/call_desk.hpp"

#include <string>
#include <vector>

namespace epb {

class AnswerImportTarget final : public ImportTarget {
public:
  AnswerImportTarget(CallDesk& desk, Ledger& ledger, const Stamp& stamp, std::int64_t sample_id,
                     const Questionnaire& questionnaire);

  std::span<const FieldSpec> fields() const override { return m_fields; }
  Result<std::unique_ptr<PreparedRow>> prepare(const FieldValues& row) const override;
  Result<RowOutcome> store(PreparedRow& row, OnDuplicate on_duplicate) override;
  std::string_view record_type() const override { return "survey"; }
  // The batch as an import event (record_import_batch); its ids are survey_attempt rows.
  void record_batch(const CommittedBatch& batch) override;
  // A row writes the attempt, the answers, the member, maybe a spare's promotion and a
  // follow-up case: a refusal after the first write (the follow-up case's intake) must take
  // them all back.
  bool row_savepoint() const override { return true; }

private:
  CallDesk& m_desk;
  Ledger& m_ledger;
  Stamp m_stamp;
  std::int64_t m_sample_id;
  const Questionnaire& m_questionnaire;
  std::vector<FieldSpec> m_fields;
  std::size_t m_first_item = 0; // the fields of the items start here, in questionnaire order
};

} // namespace epb
