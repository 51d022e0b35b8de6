#pragma once
// The payment engine's verbs: build a batch and write its roster (the bank file), write a
// batch's roster again, and the queries behind the payment commands. The bank's results come
// back through the import engine (payment_result.hpp).
//
// The roster (bank file) layout, UTF-8, LF line ends, RFC 4180 quoting where needed:
//   batch,ref,payee,bank_code,account,amount
//   PAY-107-0001,SUB-107-000001,王小明,004,12345678901234,16000
//   ...
//   PAY-107-0001,TOTAL,3,,,46000
// One line per item in the order the source listed them; account numbers in full (the one
// file that holds them: mode 0600, a recorded reveal of every case it names); amounts in whole
// NT$ without separators. The last line is the total: TOTAL in the ref column, the number of
// items in the payee column and the sum of the amounts in the amount column.
//
// Crash safety of build_payment_batch, in this order:
//   1. the reveal of every case to be listed is committed (record_reveal);
//   2. in one transaction: the candidates are read again (only revealed ones are kept), the
//      roster is written to a temporary file beside the target (OutputFile, 0600) and fsynced,
//      the batch and its items are inserted with the roster's SHA-256, and the ledger commits;
//   3. the temporary file is renamed onto the roster's name.
// A kill -9 before 2 commits leaves no batch, and at most a temporary file (never the roster):
// the cases are due again. The ledger commits before the rename, never after, so no roster
// exists for a batch the ledger does not hold (a file the bank could pay from with nothing in
// the ledger to stop a second payment). A kill -9 between the commit and the rename leaves the
// batch without its file: write_payment_roster() writes the same bytes again from the ledger
// (checked against the SHA-256 recorded with the batch). An item is never in two batches: the
// transaction and the unique index on open items see to it.
#include "epb/io/output_file.hpp"
#include "epb/payment/payment_source.hpp"

#include <vector>

namespace epb {

struct BatchRequest {
  std::string option = "roster"; // names the path in messages (the command's option)
  std::string roster_path;
  const ProtectedFiles* protect = nullptr; // required: the ledger, config and inputs
  OutputOptions output;                    // replace: --force
  std::size_t max_items = 0;               // 0: every candidate
};

struct BuiltBatch {
  std::int64_t id = 0;
  std::string ref;
  std::size_t items = 0;
  std::int64_t total = 0;
  std::string roster_path;
  std::string roster_sha256;
  // Candidates the source offered that cannot be paid as they are (a bad account shape, a
  // non-positive amount): `what` is the case reference, `why` names the field. Not batched.
  std::vector<Problem> left_out;
};

// Builds a batch of every payable candidate of `source` and writes its roster (see above).
// not_found when nothing is due; invalid when the roster path is refused (protected, a
// directory, an existing file without `output.replace`, a device or FIFO: the roster must be a
// regular file, renamed into place after the commit): nothing is written. Call it outside any
// transaction (the reveal commits on its own). A kill -9 leaves at most a temporary file
// `.NAME.epb-XXXXXX` beside the roster.
Result<BuiltBatch> build_payment_batch(Ledger& ledger, const PaymentSource& source, const Stamp& stamp,
                                       const BatchRequest& request);

// Writes the roster of an existing batch again, byte for byte as built (every item the batch
// was built with, whatever its result since): after a crash between the commit and the rename,
// or for a lost file. Records the reveal first. not_found for an unknown batch; throws Error if
// the bytes differ from the recorded SHA-256 (the ledger was altered behind epb's back).
Result<std::string> write_payment_roster(Ledger& ledger, const Stamp& stamp, std::string_view batch_ref,
                                         const BatchRequest& request);

enum class BatchState { open, confirmed };
std::string_view batch_state_name(BatchState state);

struct PaymentBatch {
  std::int64_t id = 0;
  std::string ref;
  std::string purpose;
  BatchState state = BatchState::open;
  Instant created_at;
  std::string actor;
  std::string roster_file;
  std::string roster_sha256;
  std::int64_t item_count = 0;
  std::int64_t total = 0;
  std::optional<Instant> confirmed_at;
  // From the items: how many await their result, were paid (and for how much), failed.
  std::int64_t awaiting = 0;
  std::int64_t paid = 0;
  std::int64_t paid_total = 0;
  std::int64_t failed = 0;
};

// Batches, newest first; of one purpose when `purpose` is not empty.
std::vector<PaymentBatch> list_payment_batches(Ledger& ledger, std::string_view purpose = {});
std::optional<PaymentBatch> find_payment_batch(Ledger& ledger, std::string_view ref);

enum class AccountShown { masked, full };
// A batch's items in roster order. Masked account numbers (mask_account_number) unless `shown`
// is full, which the caller records as a reveal (record_reveal) before showing anything.
std::vector<PaymentItem> payment_batch_items(Ledger& ledger, std::int64_t batch_id,
                                             AccountShown shown = AccountShown::masked);

// Every item a case has had, oldest first (masked): a case's payment history.
std::vector<PaymentItem> payment_items_of_case(Ledger& ledger, std::int64_t case_id);

struct PaymentTotals {
  std::string purpose;
  std::int64_t paid = 0; // items paid, and their sum in NT$
  std::int64_t paid_total = 0;
  std::int64_t awaiting = 0; // items in open batches awaiting the bank's result
  std::int64_t awaiting_total = 0;
  std::int64_t failed = 0; // failed transfers (the cases were due again)
};
// Per purpose (all purposes when empty), alphabetical: for a budget's paid column.
std::vector<PaymentTotals> payment_totals(Ledger& ledger, std::string_view purpose = {});

} // namespace epb
