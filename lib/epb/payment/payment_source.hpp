#pragma once
// The payment engine (DESIGN.md "One payment engine"): batches of bank transfers for any
// purpose. A purpose (subsidy now, whistleblower rewards later) plugs in as a PaymentSource:
// it says what is due for payment and what becomes of a case once the bank reports the transfer
// paid or failed. The engine owns the batches, the roster file, the bank's results and the
// invariants (an item is in at most one open batch, a paid item is never paid again), which
// the schema enforces too (ledger migration 9).
#include "epb/core/error.hpp"
#include "epb/ledger/ledger.hpp"
#include "epb/time/date.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace epb {

// What a source offers for a new batch: a case due for payment and how to pay it.
struct PaymentCandidate {
  std::int64_t case_id = 0;
  std::string ref; // the case reference, SUB-107-000001: the item's name in the roster and results
  std::string payee;
  std::string bank_code;   // three digits
  std::string account;     // digits only
  std::int64_t amount = 0; // whole NT$
};

enum class PaymentState { in_batch, paid, failed };
std::string_view payment_state_name(PaymentState state);

// One transfer in a batch, as the ledger holds it (account in full: mask it for display).
struct PaymentItem {
  std::int64_t id = 0;
  std::int64_t batch_id = 0;
  std::string batch_ref;
  std::string purpose;
  std::int64_t case_id = 0;
  std::string ref;
  std::string payee;
  std::string bank_code;
  std::string account;
  std::int64_t amount = 0;
  PaymentState state = PaymentState::in_batch;
  std::string failure_reason;
  std::optional<Date> paid_on;
  std::optional<Instant> result_at;
};

// What the hooks may use: the ledger inside the engine's transaction, and the run's stamp.
struct PaymentScope {
  Ledger& ledger;
  const Stamp& stamp;
};

class PaymentSource {
public:
  virtual ~PaymentSource() = default;
  // The purpose stored on batches and items: 'subsidy', 'reward'. Lowercase, stable.
  virtual std::string_view purpose() const = 0;
  // The batch reference prefix: PAY gives PAY-107-0001.
  virtual std::string_view batch_prefix() const = 0;
  // Calls `each` for every case due for payment (for a subsidy: approved and unpaid), in the
  // order the roster lists them, streamed from the source's own SQL. The engine itself leaves
  // out cases already in an open batch or paid, so the source need not join payment_item.
  // Runs inside a transaction of the engine: `each` may write to the ledger.
  virtual void candidates(const PaymentScope& scope,
                          const std::function<void(const PaymentCandidate&)>& each) const = 0;
  // The bank paid the item: called inside the engine's transaction, after the item was marked
  // paid (a subsidy moves its case to paid). A Problem refuses that result row and undoes it.
  virtual Result<void> on_paid(const PaymentScope& scope, const PaymentItem& item) const = 0;
  // The transfer failed: the case is due again (a subsidy returns it to approved with the
  // reason) and may go into a later batch. A Problem refuses the row and undoes it.
  virtual Result<void> on_failed(const PaymentScope& scope, const PaymentItem& item, std::string_view reason) const = 0;
};

} // namespace epb
