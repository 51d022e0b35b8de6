#pragma once
// The bank's result file, imported with the import engine (run_import) through this target.
//
// Layout (CSV, TSV or JSON lines; column names as below, in any order):
//   batch,ref,amount,status,reason,paid_on
//   PAY-107-0001,SUB-107-000001,16000,paid,,2018-06-05
//   PAY-107-0001,SUB-107-000002,16000,failed,帳號不符,
// batch   the batch reference from the roster (required)
// ref     the item's reference from the roster, i.e. the case (required)
// amount  the amount transferred, which must equal the roster's (required; 16000, 16,000, NT$16,000)
// status  paid or failed (required)
// reason  why the transfer failed (required when failed)
// paid_on the date the bank paid, YYYY-MM-DD or ROC 107/06/05 (required when paid; not before
//         the batch was built, not after the import's day)
// The roster's own columns (payee, bank_code, account) may be present and are not read, so a
// bank can return the roster with the result columns added; the roster's TOTAL line is skipped.
//
// Idempotent: a paid item reported paid again (same date) and a failed item reported failed
// again are duplicates (skipped; --on-duplicate error refuses them). A paid item reported
// failed, a paid item reported paid on another date, a failed item reported paid, an unknown
// batch or ref, a batch of another purpose and an amount that differs are refused naming the
// field. A failed item returns to its source (PaymentSource::on_failed) and may be batched
// again. Once every item of a batch has its result, the batch is confirmed (before the commit).
#include "epb/io/import_batch.hpp"
#include "epb/io/import_engine.hpp"
#include "epb/payment/payment_source.hpp"

#include <map>

namespace epb {

class PaymentResultTarget final : public ImportTarget {
public:
  PaymentResultTarget(Ledger& ledger, const PaymentSource& source, const Stamp& stamp)
      : m_ledger(ledger), m_source(source), m_stamp(stamp) {}

  std::span<const FieldSpec> fields() const override;
  bool ignores(std::string_view column) const override;
  Result<std::unique_ptr<PreparedRow>> prepare(const FieldValues& row) const override;
  Result<RowOutcome> store(PreparedRow& row, OnDuplicate on_duplicate) override;
  void before_commit() override;
  std::string_view record_type() const override { return "payment-result"; }
  // Each committed batch of results is one import event; every result is an event of its payment.
  void record_batch(const CommittedBatch& batch) override { record_import_batch(m_ledger, m_stamp, batch); }

  // Batches confirmed by this import so far (committed or not), in the order they completed.
  const std::vector<std::string>& confirmed() const { return m_confirmed; }

private:
  struct Touched {
    std::string ref;
    std::int64_t paid = 0;
    std::int64_t failed = 0;
  };

  Ledger& m_ledger;
  const PaymentSource& m_source;
  const Stamp& m_stamp;
  std::map<std::int64_t, Touched> m_touched; // batch id → results stored since the last commit
  std::vector<std::string> m_confirmed;
};

} // namespace epb
