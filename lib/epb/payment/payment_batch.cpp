// Building a payment batch and writing its roster; the order of the steps is what keeps a
// kill -9 harmless (see payment.hpp).
#include "epb/core/sha256.hpp"
#include "epb/output/json.hpp"
#include "epb/output/rows.hpp"
#include "epb/payment/payment.hpp"
#include "epb/payment/payment_store.hpp"
#include "epb/privacy/reveal.hpp"
#include "epb/validate/bank_account.hpp"

#include <fmt/format.h>

#include <unordered_set>

namespace epb {
namespace {

// A CSV field, quoted when it holds a comma, quote or line end (RFC 4180). A payee's name that
// a spreadsheet would run as a formula is kept text.
void append_field(std::string& line, std::string_view field) {
  const std::string safe = neutralise_formula(field);
  if (safe.find_first_of(",\"\r\n") == std::string::npos) {
    line += safe;
    return;
  }
  line += '"';
  for (const char c : safe) {
    if (c == '"') line += '"';
    line += c;
  }
  line += '"';
}

// Writes the roster's lines to `out` and returns their SHA-256.
class RosterWriter {
public:
  RosterWriter(std::ostream& out, std::string_view batch_ref) : m_out(out), m_batch(batch_ref) {
    emit("batch,ref,payee,bank_code,account,amount\n");
  }
  void item(std::string_view ref, std::string_view payee, std::string_view bank_code, std::string_view account,
            std::int64_t amount) {
    m_line.clear();
    append_field(m_line, m_batch);
    m_line += ',';
    append_field(m_line, ref);
    m_line += ',';
    append_field(m_line, payee);
    m_line += ',';
    append_field(m_line, bank_code);
    m_line += ',';
    append_field(m_line, account);
    fmt::format_to(std::back_inserter(m_line), ",{}\n", amount);
    emit(m_line);
    ++m_count;
    m_total += amount;
  }
  std::string finish() {
    m_line.clear();
    append_field(m_line, m_batch);
    fmt::format_to(std::back_inserter(m_line), ",TOTAL,{},,,{}\n", m_count, m_total);
    emit(m_line);
    return m_hash.hex();
  }

private:
  void emit(std::string_view text) {
    m_out.write(text.data(), static_cast<std::streamsize>(text.size()));
    m_hash.update(text);
  }

  std::ostream& m_out;
  std::string m_batch;
  std::string m_line;
  Sha256 m_hash;
  std::size_t m_count = 0;
  std::int64_t m_total = 0;
};

// Why a candidate cannot be paid as offered; empty when it can.
std::optional<Problem> unpayable(const PaymentCandidate& c) {
  if (c.amount <= 0)
    return Problem{Fault::invalid, c.ref, fmt::format("amount: NT${} is not a positive amount", c.amount)};
  if (c.payee.empty()) return Problem{Fault::invalid, c.ref, "payee: empty"};
  auto account = validate_bank_account(c.bank_code, c.account);
  if (!account) return Problem{Fault::invalid, c.ref, account.error().message()};
  if (account->bank_code != c.bank_code || account->number != c.account)
    return Problem{Fault::invalid, c.ref, "account: not in its normal form (digits only)"};
  return std::nullopt;
}

struct Collected {
  std::vector<PaymentCandidate> items;
  std::vector<Problem> left_out;
};

// The candidates that can go into a batch now: not in an open batch, never paid, payable.
Collected collect(Ledger& ledger, const PaymentSource& source, const Stamp& stamp, std::size_t max_items,
                  const std::unordered_set<std::int64_t>* revealed) {
  PaymentStore store(ledger);
  Collected out;
  const PaymentScope scope{ledger, stamp};
  source.candidates(scope, [&](const PaymentCandidate& c) {
    if (max_items > 0 && out.items.size() >= max_items) return;
    if (store.blocked(source.purpose(), c.case_id)) return;
    if (auto problem = unpayable(c)) return out.left_out.push_back(std::move(*problem));
    if (revealed && !revealed->contains(c.case_id)) return; // became due after the reveal: next batch
    out.items.push_back(c);
  });
  return out;
}

void reveal(Ledger& ledger, const Stamp& stamp, const std::vector<PaymentCandidate>& items) {
  std::vector<std::string> refs;
  refs.reserve(items.size());
  for (const auto& item : items)
    refs.push_back(item.ref);
  record_reveal(ledger, stamp, refs);
}

// The roster must be a real file: a device would get the bytes before the ledger commits.
BatchRequest regular_file(BatchRequest request) {
  request.output.regular_only = true;
  return request;
}

} // namespace

Result<BuiltBatch> build_payment_batch(Ledger& ledger, const PaymentSource& source, const Stamp& stamp,
                                       const BatchRequest& given) {
  if (!given.protect) throw Error("build_payment_batch: no protected files given");
  const BatchRequest request = regular_file(given);
  if (auto path = check_output_path(request.option, request.roster_path, *request.protect, request.output); !path)
    return std::unexpected(path.error());
  const std::string nothing_due = fmt::format("no {} payment is due", source.purpose());

  // 1. The reveal of every case the roster may list, committed before the file gets a byte.
  std::unordered_set<std::int64_t> revealed;
  {
    Collected first;
    {
      sql::Transaction reading(ledger.db()); // one snapshot; rolled back, nothing written
      first = collect(ledger, source, stamp, request.max_items, nullptr);
    }
    if (first.items.empty()) return not_found(nothing_due, first.left_out.empty() ? "nothing to pay" : "none payable");
    reveal(ledger, stamp, first.items);
    for (const auto& item : first.items)
      revealed.insert(item.case_id);
  }

  // 2. One transaction: the batch, its items and the roster in a temporary file.
  sql::Transaction transaction(ledger.db());
  Collected due = collect(ledger, source, stamp, request.max_items, &revealed);
  if (due.items.empty()) return not_found(nothing_due, "paid or batched meanwhile");
  PaymentStore store(ledger);
  NewBatch batch;
  batch.purpose = std::string(source.purpose());
  batch.prefix = std::string(source.batch_prefix());
  batch.roc_year = stamp.at.taipei_date().roc_year();
  batch.seq = store.next_seq(batch.prefix, batch.roc_year);
  batch.ref = fmt::format("{}-{}-{:04}", batch.prefix, batch.roc_year, batch.seq);
  batch.created_at = stamp.at;
  batch.actor = stamp.actor;
  batch.roster_file = request.roster_path;
  for (const auto& item : due.items)
    batch.total += item.amount;
  batch.item_count = static_cast<std::int64_t>(due.items.size());

  OutputFile file(request.option, request.roster_path, *request.protect, request.output);
  RosterWriter roster(file.stream(), batch.ref);
  for (const auto& item : due.items)
    roster.item(item.ref, item.payee, item.bank_code, item.account, item.amount);
  batch.roster_sha256 = roster.finish();
  // On disk before the batch is recorded: a full disk refuses the batch, not just its roster.
  file.sync();

  const std::int64_t batch_id = store.insert_batch(batch);
  for (const auto& item : due.items)
    store.insert_item(batch_id, batch.purpose, item);
  ledger.record(stamp, "payment:" + batch.ref, "batch",
                JsonObject()
                    .add("purpose", batch.purpose)
                    .add("items", batch.item_count)
                    .add("total", batch.total)
                    .add("roster", batch.roster_file)
                    .add("sha256", batch.roster_sha256)
                    .str());
  transaction.commit();

  // 3. The rename, after the commit (see payment.hpp).
  try {
    file.commit();
  } catch (const Error& e) {
    throw Error(fmt::format("payment batch {} is recorded, but its roster was not written: {}; write it again with "
                            "its batch reference",
                            batch.ref, e.what()));
  }
  return BuiltBatch{batch_id,
                    batch.ref,
                    due.items.size(),
                    batch.total,
                    request.roster_path,
                    batch.roster_sha256,
                    std::move(due.left_out)};
}

Result<std::string> write_payment_roster(Ledger& ledger, const Stamp& stamp, std::string_view batch_ref,
                                         const BatchRequest& given) {
  if (!given.protect) throw Error("write_payment_roster: no protected files given");
  const BatchRequest request = regular_file(given);
  PaymentStore store(ledger);
  const auto batch = store.batch(batch_ref);
  if (!batch) return not_found(fmt::format("payment batch {}", batch_ref));
  if (auto path = check_output_path(request.option, request.roster_path, *request.protect, request.output); !path)
    return std::unexpected(path.error());
  std::vector<PaymentItem> items;
  store.items(batch->id, [&](PaymentItem&& item) { items.push_back(std::move(item)); });
  std::vector<std::string> refs;
  for (const auto& item : items)
    refs.push_back(item.ref);
  record_reveal(ledger, stamp, refs);

  OutputFile file(request.option, request.roster_path, *request.protect, request.output);
  RosterWriter roster(file.stream(), batch->ref);
  for (const auto& item : items)
    roster.item(item.ref, item.payee, item.bank_code, item.account, item.amount);
  const std::string sha256 = roster.finish();
  if (sha256 != batch->roster_sha256)
    throw Error(fmt::format("payment batch {}: its items no longer give the roster recorded (SHA-256 {}, now {}); "
                            "the ledger was changed outside epb",
                            batch->ref, batch->roster_sha256, sha256));
  file.commit();
  return sha256;
}

std::vector<PaymentBatch> list_payment_batches(Ledger& ledger, std::string_view purpose) {
  return PaymentStore(ledger).batches(purpose);
}

std::optional<PaymentBatch> find_payment_batch(Ledger& ledger, std::string_view ref) {
  return PaymentStore(ledger).batch(ref);
}

std::vector<PaymentItem> payment_batch_items(Ledger& ledger, std::int64_t batch_id, AccountShown shown) {
  std::vector<PaymentItem> out;
  PaymentStore(ledger).items(batch_id, [&](PaymentItem&& item) {
    if (shown == AccountShown::masked) item.account = mask_account_number(item.account);
    out.push_back(std::move(item));
  });
  return out;
}

std::vector<PaymentItem> payment_items_of_case(Ledger& ledger, std::int64_t case_id) {
  auto items = PaymentStore(ledger).items_of_case(case_id);
  for (auto& item : items)
    item.account = mask_account_number(item.account);
  return items;
}

std::vector<PaymentTotals> payment_totals(Ledger& ledger, std::string_view purpose) {
  return PaymentStore(ledger).totals(purpose);
}

} // namespace epb
