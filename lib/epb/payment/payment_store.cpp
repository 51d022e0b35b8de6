#include "epb/payment/payment_store.hpp"

namespace epb {
namespace {

constexpr std::string_view k_blocked = R"sql(
SELECT 1 FROM payment_item
WHERE case_id = :case_id AND purpose = :purpose AND (state = 'in_batch' OR state = 'paid') LIMIT 1)sql";

constexpr std::string_view k_next_seq = R"sql(
SELECT coalesce(max(seq), 0) + 1 FROM payment_batch WHERE prefix = :prefix AND roc_year = :roc_year)sql";

constexpr std::string_view k_insert_batch = R"sql(
INSERT INTO payment_batch (purpose, ref, prefix, roc_year, seq, state, created_at, actor, roster_file, roster_sha256,
                           item_count, total)
VALUES (:purpose, :ref, :prefix, :roc_year, :seq, 'open', :created_at, :actor, :roster_file, :roster_sha256,
        :item_count, :total)
RETURNING id)sql";

constexpr std::string_view k_insert_item = R"sql(
INSERT INTO payment_item (batch_id, purpose, case_id, payee, bank_code, account, amount)
VALUES (:batch_id, :purpose, :case_id, :payee, :bank_code, :account, :amount)
RETURNING id)sql";

// A batch with its items' counts.
constexpr std::string_view k_batch_columns = R"sql(
SELECT b.id, b.ref, b.purpose, b.state, b.created_at, b.actor, b.roster_file, b.roster_sha256, b.item_count, b.total,
       b.confirmed_at,
       (SELECT count(*) FROM payment_item i WHERE i.batch_id = b.id AND i.state = 'in_batch'),
       (SELECT count(*) FROM payment_item i WHERE i.batch_id = b.id AND i.state = 'paid'),
       (SELECT coalesce(sum(i.amount), 0) FROM payment_item i WHERE i.batch_id = b.id AND i.state = 'paid'),
       (SELECT count(*) FROM payment_item i WHERE i.batch_id = b.id AND i.state = 'failed')
FROM payment_batch b)sql";
constexpr std::string_view k_batch_by_ref = " WHERE b.ref = :ref";
constexpr std::string_view k_batches_all = " ORDER BY b.id DESC";
constexpr std::string_view k_batches_of_purpose = " WHERE b.purpose = :purpose ORDER BY b.id DESC";

constexpr std::string_view k_batch_key = "SELECT id, purpose, created_at FROM payment_batch WHERE ref = :ref";

constexpr std::string_view k_item_columns = R"sql(
SELECT i.id, i.batch_id, b.ref, i.purpose, i.case_id, c.ref, i.payee, i.bank_code, i.account, i.amount, i.state,
       i.failure_reason, i.paid_on, i.result_at
FROM payment_item i JOIN payment_batch b ON b.id = i.batch_id JOIN case_file c ON c.id = i.case_id)sql";
constexpr std::string_view k_items_of_batch = " WHERE i.batch_id = :batch_id ORDER BY i.id";
constexpr std::string_view k_items_of_case = " WHERE i.case_id = :case_id ORDER BY i.id";
constexpr std::string_view k_item_in_batch = " WHERE i.batch_id = :batch_id AND c.ref = :ref";

constexpr std::string_view k_paid_in = R"sql(
SELECT b.ref FROM payment_item i JOIN payment_batch b ON b.id = i.batch_id
WHERE i.case_id = :case_id AND i.purpose = :purpose AND i.state = 'paid')sql";

constexpr std::string_view k_mark_paid = R"sql(
UPDATE payment_item SET state = 'paid', paid_on = :paid_on, result_at = :at WHERE id = :id AND state = 'in_batch')sql";
constexpr std::string_view k_mark_failed = R"sql(
UPDATE payment_item SET state = 'failed', failure_reason = :reason, result_at = :at
WHERE id = :id AND state = 'in_batch')sql";
constexpr std::string_view k_awaiting = R"sql(
SELECT count(*) FROM payment_item WHERE batch_id = :batch_id AND state = 'in_batch')sql";
constexpr std::string_view k_confirm = R"sql(
UPDATE payment_batch SET state = 'confirmed', confirmed_at = :at WHERE id = :id AND state = 'open')sql";

constexpr std::string_view k_totals = R"sql(
SELECT purpose,
       sum(CASE WHEN state = 'paid' THEN 1 ELSE 0 END), sum(CASE WHEN state = 'paid' THEN amount ELSE 0 END),
       sum(CASE WHEN state = 'in_batch' THEN 1 ELSE 0 END), sum(CASE WHEN state = 'in_batch' THEN amount ELSE 0 END),
       sum(CASE WHEN state = 'failed' THEN 1 ELSE 0 END)
FROM payment_item WHERE :purpose = '' OR purpose = :purpose GROUP BY purpose ORDER BY purpose)sql";

std::string sql_of(std::string_view head, std::string_view tail) {
  std::string sql(head);
  sql += tail;
  return sql;
}

PaymentBatch read_batch(sql::Statement& s) {
  PaymentBatch b;
  b.id = s.int64(0);
  b.ref = s.text(1);
  b.purpose = s.text(2);
  b.state = s.text(3) == "confirmed" ? BatchState::confirmed : BatchState::open;
  b.created_at = Instant(s.int64(4));
  b.actor = s.text(5);
  b.roster_file = s.text(6);
  b.roster_sha256 = s.text(7);
  b.item_count = s.int64(8);
  b.total = s.int64(9);
  if (!s.is_null(10)) b.confirmed_at = Instant(s.int64(10));
  b.awaiting = s.int64(11);
  b.paid = s.int64(12);
  b.paid_total = s.int64(13);
  b.failed = s.int64(14);
  return b;
}

PaymentState state_of(std::string_view name) {
  if (name == "paid") return PaymentState::paid;
  if (name == "failed") return PaymentState::failed;
  return PaymentState::in_batch;
}

PaymentItem read_item(sql::Statement& s) {
  PaymentItem item;
  item.id = s.int64(0);
  item.batch_id = s.int64(1);
  item.batch_ref = s.text(2);
  item.purpose = s.text(3);
  item.case_id = s.int64(4);
  item.ref = s.text(5);
  item.payee = s.text(6);
  item.bank_code = s.text(7);
  item.account = s.text(8);
  item.amount = s.int64(9);
  item.state = state_of(s.text(10));
  item.failure_reason = s.text(11);
  if (auto paid_on = s.optional_text(12)) item.paid_on = parse_date(*paid_on).value();
  if (!s.is_null(13)) item.result_at = Instant(s.int64(13));
  return item;
}

} // namespace

std::string_view payment_state_name(PaymentState state) {
  switch (state) {
  case PaymentState::in_batch: return "in_batch";
  case PaymentState::paid: return "paid";
  case PaymentState::failed: return "failed";
  }
  return "in_batch";
}

std::string_view batch_state_name(BatchState state) { return state == BatchState::confirmed ? "confirmed" : "open"; }

bool PaymentStore::blocked(std::string_view purpose, std::int64_t case_id) {
  auto& s = m_ledger.db().prepare(k_blocked).bind(":case_id", case_id).bind(":purpose", purpose);
  const bool found = s.step();
  s.reset();
  return found;
}

int PaymentStore::next_seq(std::string_view prefix, int roc_year) {
  auto& s = m_ledger.db().prepare(k_next_seq).bind(":prefix", prefix).bind(":roc_year", roc_year);
  s.step();
  const int seq = s.integer(0);
  s.reset();
  return seq;
}

std::int64_t PaymentStore::insert_batch(const NewBatch& batch) {
  auto& s = m_ledger.db()
                .prepare(k_insert_batch)
                .bind(":purpose", batch.purpose)
                .bind(":ref", batch.ref)
                .bind(":prefix", batch.prefix)
                .bind(":roc_year", batch.roc_year)
                .bind(":seq", batch.seq)
                .bind(":created_at", batch.created_at.unix_seconds())
                .bind(":actor", batch.actor)
                .bind(":roster_file", batch.roster_file)
                .bind(":roster_sha256", batch.roster_sha256)
                .bind(":item_count", batch.item_count)
                .bind(":total", batch.total);
  s.step();
  const std::int64_t id = s.int64(0);
  s.reset();
  return id;
}

void PaymentStore::insert_item(std::int64_t batch_id, std::string_view purpose, const PaymentCandidate& item) {
  auto& s = m_ledger.db()
                .prepare(k_insert_item)
                .bind(":batch_id", batch_id)
                .bind(":purpose", purpose)
                .bind(":case_id", item.case_id)
                .bind_in_place(":payee", item.payee)
                .bind_in_place(":bank_code", item.bank_code)
                .bind_in_place(":account", item.account)
                .bind(":amount", item.amount);
  s.step();
  s.reset();
}

std::optional<PaymentBatch> PaymentStore::batch(std::string_view ref) {
  auto& s = m_ledger.db().prepare(sql_of(k_batch_columns, k_batch_by_ref)).bind(":ref", ref);
  std::optional<PaymentBatch> out;
  if (s.step()) out = read_batch(s);
  s.reset();
  return out;
}

std::optional<PaymentStore::BatchKey> PaymentStore::batch_key(std::string_view ref) {
  auto& s = m_ledger.db().prepare(k_batch_key).bind(":ref", ref);
  std::optional<BatchKey> out;
  if (s.step()) out = BatchKey{s.int64(0), s.text(1), Instant(s.int64(2))};
  s.reset();
  return out;
}

std::vector<PaymentBatch> PaymentStore::batches(std::string_view purpose) {
  auto& s = purpose.empty()
                ? m_ledger.db().prepare(sql_of(k_batch_columns, k_batches_all))
                : m_ledger.db().prepare(sql_of(k_batch_columns, k_batches_of_purpose)).bind(":purpose", purpose);
  std::vector<PaymentBatch> out;
  while (s.step())
    out.push_back(read_batch(s));
  return out;
}

void PaymentStore::items(std::int64_t batch_id, const std::function<void(PaymentItem&&)>& each) {
  auto& s = m_ledger.db().prepare(sql_of(k_item_columns, k_items_of_batch)).bind(":batch_id", batch_id);
  while (s.step())
    each(read_item(s));
}

std::vector<PaymentItem> PaymentStore::items_of_case(std::int64_t case_id) {
  auto& s = m_ledger.db().prepare(sql_of(k_item_columns, k_items_of_case)).bind(":case_id", case_id);
  std::vector<PaymentItem> out;
  while (s.step())
    out.push_back(read_item(s));
  return out;
}

std::optional<PaymentItem> PaymentStore::item(std::int64_t batch_id, std::string_view ref) {
  auto& s =
      m_ledger.db().prepare(sql_of(k_item_columns, k_item_in_batch)).bind(":batch_id", batch_id).bind(":ref", ref);
  std::optional<PaymentItem> out;
  if (s.step()) out = read_item(s);
  s.reset();
  return out;
}

std::optional<std::string> PaymentStore::paid_in(std::string_view purpose, std::int64_t case_id) {
  auto& s = m_ledger.db().prepare(k_paid_in).bind(":case_id", case_id).bind(":purpose", purpose);
  std::optional<std::string> out;
  if (s.step()) out = s.text(0);
  s.reset();
  return out;
}

void PaymentStore::mark_paid(std::int64_t item_id, Date paid_on, Instant at) {
  m_ledger.db()
      .prepare(k_mark_paid)
      .bind(":paid_on", paid_on.iso())
      .bind(":at", at.unix_seconds())
      .bind(":id", item_id)
      .run();
}

void PaymentStore::mark_failed(std::int64_t item_id, std::string_view reason, Instant at) {
  m_ledger.db()
      .prepare(k_mark_failed)
      .bind(":reason", reason)
      .bind(":at", at.unix_seconds())
      .bind(":id", item_id)
      .run();
}

std::int64_t PaymentStore::awaiting(std::int64_t batch_id) {
  auto& s = m_ledger.db().prepare(k_awaiting).bind(":batch_id", batch_id);
  s.step();
  const std::int64_t n = s.int64(0);
  s.reset();
  return n;
}

void PaymentStore::confirm(std::int64_t batch_id, Instant at) {
  m_ledger.db().prepare(k_confirm).bind(":at", at.unix_seconds()).bind(":id", batch_id).run();
}

std::vector<PaymentTotals> PaymentStore::totals(std::string_view purpose) {
  // An empty view may carry no pointer, which would bind NULL.
  auto& s = m_ledger.db().prepare(k_totals).bind(":purpose", purpose.empty() ? std::string_view("") : purpose);
  std::vector<PaymentTotals> out;
  while (s.step())
    out.push_back(PaymentTotals{s.text(0), s.int64(1), s.int64(2), s.int64(3), s.int64(4), s.int64(5)});
  return out;
}

} // namespace epb
