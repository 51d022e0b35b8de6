#pragma once
// The payment side of the fee tables (migration 11): an instalment as a payment finds it by its
// slip, the fee_payment rows (never changed, never deleted), and the open instalments past due
// that arrears list. All SQL here as named constants; callers run inside their verb's transaction.
#include "epb/ledger/ledger.hpp"
#include "epb/time/date.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace epb {

// An instalment with what a payment needs to know of it: its case's reference joined.
struct PayableInstalment {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::string ref; // the project's case reference
  int seq = 1;
  std::string slip;
  std::int64_t amount = 0; // the principal
  Date due;
  std::string state; // open, paid, cancelled
  std::optional<Date> paid_on;
  std::int64_t paid_total = 0;
  std::string cancelled_reason;
  Date issued_on; // the day the declaration that issued the slip was recorded
};

struct FeePaymentRow {
  std::int64_t id = 0;
  std::int64_t instalment_id = 0;
  std::int64_t case_id = 0;
  std::string ref;
  std::string slip;
  std::int64_t amount = 0;
  std::int64_t principal = 0;
  std::int64_t surcharge = 0;
  std::int64_t interest = 0;
  Date paid_on;
  std::string collector;
  std::string txn_id;
  Instant recorded_at;
  std::string actor;
};

// An open instalment past due, as the arrears query returns it (one indexed query).
struct OpenInstalment {
  std::int64_t case_id = 0;
  std::string ref;
  std::string slip;
  int seq = 1;
  std::int64_t amount = 0;
  Date due;
};

class FeePaymentStore {
public:
  explicit FeePaymentStore(Ledger& ledger) : m_db(ledger.db()) {}

  std::optional<PayableInstalment> instalment_by_slip(std::string_view slip);
  // The payment this collector reported with this transaction id, if it was recorded: its id,
  // slip, amount and paid_on only.
  std::optional<FeePaymentRow> payment_by_txn(std::string_view collector, std::string_view txn_id);
  std::int64_t insert_payment(const FeePaymentRow& payment);
  // Open → paid; false when the instalment was not open any more.
  bool mark_paid(std::int64_t instalment_id, Date paid_on, std::int64_t paid_total);
  // Every payment of a case, in the order they were paid.
  std::vector<FeePaymentRow> payments_of_case(std::int64_t case_id);
  // Every instalment open on `as_of` and due before it (late on it), oldest due first: a payment
  // or a settlement recorded after `as_of` does not count, an instalment issued after it neither.
  void open_past_due(Date as_of, const std::function<void(const OpenInstalment&)>& visit);

private:
  sql::Database& m_db;
};

} // namespace epb
