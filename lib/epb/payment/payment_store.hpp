#pragma once
// The payment engine's SQL (payment_batch, payment_item: ledger migration 9), in one place.
#include "epb/payment/payment.hpp"

namespace epb {

struct NewBatch {
  std::string purpose;
  std::string prefix;
  int roc_year = 0;
  int seq = 0;
  std::string ref;
  Instant created_at;
  std::string actor;
  std::string roster_file;
  std::string roster_sha256;
  std::int64_t item_count = 0;
  std::int64_t total = 0;
};

class PaymentStore {
public:
  explicit PaymentStore(Ledger& ledger) : m_ledger(ledger) {}

  // The case has an item in an open batch, or a paid one, for this purpose.
  bool blocked(std::string_view purpose, std::int64_t case_id);
  // The next free sequence number for the prefix and ROC year.
  int next_seq(std::string_view prefix, int roc_year);
  std::int64_t insert_batch(const NewBatch& batch);
  void insert_item(std::int64_t batch_id, std::string_view purpose, const PaymentCandidate& item);

  std::optional<PaymentBatch> batch(std::string_view ref);
  // Only the batch's id and purpose, without counting its items: once per result row.
  struct BatchKey {
    std::int64_t id = 0;
    std::string purpose;
    Instant created_at;
  };
  std::optional<BatchKey> batch_key(std::string_view ref);
  std::vector<PaymentBatch> batches(std::string_view purpose);
  // A batch's items in roster order, the case reference joined.
  void items(std::int64_t batch_id, const std::function<void(PaymentItem&&)>& each);
  std::vector<PaymentItem> items_of_case(std::int64_t case_id);
  // The item of case `ref` in batch `batch_id`.
  std::optional<PaymentItem> item(std::int64_t batch_id, std::string_view ref);
  // The batch that holds the case's paid item, if any.
  std::optional<std::string> paid_in(std::string_view purpose, std::int64_t case_id);

  void mark_paid(std::int64_t item_id, Date paid_on, Instant at);
  void mark_failed(std::int64_t item_id, std::string_view reason, Instant at);
  std::int64_t awaiting(std::int64_t batch_id);
  void confirm(std::int64_t batch_id, Instant at);

  std::vector<PaymentTotals> totals(std::string_view purpose);

private:
  Ledger& m_ledger;
};

} // namespace epb
