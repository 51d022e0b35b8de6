#pragma once
// Applying a payment of the construction fee (DOMAIN.md §6, Act §74): matched by slip, checked
// against what the instalment costs on the day it was paid (principal + surcharge + interest),
// idempotent by the collector's transaction id, and never applied silently when it does not
// fit. Settling an instalment cancels its pending dunning notices in the same transaction.
// The counter (`epb fee pay`) and the collection-file import (FeePaymentTarget) share it.
#include "epb/config/fee_config.hpp"
#include "epb/core/error.hpp"
#include "epb/fee/fee.hpp"
#include "epb/fee/fee_payment_store.hpp"
#include "epb/io/import_batch.hpp"
#include "epb/io/import_engine.hpp"
#include "epb/ledger/ledger.hpp"

#include <string>

namespace epb {

// The notice source whose notices a payment cancels (the fee dunning source's name).
inline constexpr std::string_view k_fee_notice_source = "fee";
// The collector of payments taken at the counter.
inline constexpr std::string_view k_counter_collector = "counter";

struct FeePaymentInput {
  std::string slip;
  std::int64_t amount = 0;
  Date paid_on;
  std::string collector;
  std::string txn_id;
};

// A counter payment's transaction id when the clerk gives none: one per slip and day, so the
// same payment keyed in twice is recorded once.
std::string counter_txn_id(std::string_view slip, Date paid_on);

enum class FeePaymentOutcome { applied, already_recorded };

struct FeePaymentResult {
  FeePaymentOutcome outcome = FeePaymentOutcome::applied;
  PayableInstalment instalment;
  LateCharge charge; // what the instalment cost on the day paid
  std::int64_t payment_id = 0;
  int notices_cancelled = 0;
};

// Applies one payment in one transaction (a savepoint inside an import's). A Problem, with
// nothing written, names the field and says why: the slip's shape or check digit, an unknown
// slip (Fault::not_found: unmatched), an instalment paid or cancelled already, a paid_on in the
// future, a short or an over payment (by how much, and what was due: principal, surcharge for
// N days, interest), a transaction id recorded already for another payment. The same payment
// again (same collector and transaction id, same slip, amount and day) is already_recorded.
Result<FeePaymentResult> apply_fee_payment(Ledger& ledger, const FeeSettings& fee, const Stamp& stamp,
                                           const FeePaymentInput& input);
// The same inside the caller's transaction (an import's): every check comes before the first
// write, so a refused payment has written nothing and needs no savepoint of its own.
Result<FeePaymentResult> apply_fee_payment_in_transaction(Ledger& ledger, const FeeSettings& fee, const Stamp& stamp,
                                                          const FeePaymentInput& input);

// A collection file (CSV, TSV, JSON lines, or fixed-width by a [fee.layouts] layout) through the
// import engine. Fields: slip, amount, paid_on, txn_id (required), collector (required unless
// the layout names it); a `payer` column is accepted and not read. Unmatched, short and over
// payments are invalid rows; a row already recorded is skipped, so a file imported twice
// changes nothing.
class FeePaymentTarget final : public ImportTarget {
public:
  FeePaymentTarget(Ledger& ledger, const FeeSettings& fee, const Stamp& stamp, const FixedWidthLayout* layout)
      : m_ledger(ledger), m_fee(fee), m_stamp(stamp), m_layout(layout) {}

  std::span<const FieldSpec> fields() const override;
  bool ignores(std::string_view column) const override { return column == "payer"; }
  Result<std::unique_ptr<PreparedRow>> prepare(const FieldValues& row) const override;
  Result<RowOutcome> store(PreparedRow& row, OnDuplicate on_duplicate) override;
  std::string_view record_type() const override { return "fee-payment"; }
  void record_batch(const CommittedBatch& batch) override { record_import_batch(m_ledger, m_stamp, batch); }

private:
  Ledger& m_ledger;
  const FeeSettings& m_fee;
  const Stamp& m_stamp;
  const FixedWidthLayout* m_layout;
};

} // namespace epb
