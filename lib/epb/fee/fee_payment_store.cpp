#include "epb/fee/fee_payment_store.hpp"
#include "epb/ledger/stored_date.hpp"

namespace epb {
namespace {

constexpr std::string_view k_instalment_by_slip = R"sql(
SELECT i.id, i.case_id, c.ref, i.seq, i.slip, i.amount, i.due_date, i.state, i.paid_on, i.paid_total,
       i.cancelled_reason, d.declared_at
FROM fee_instalment i JOIN case_file c ON c.id = i.case_id JOIN fee_declaration d ON d.id = i.declaration_id
WHERE i.slip = :slip)sql";

constexpr std::string_view k_payment_columns = R"sql(
SELECT f.id, f.instalment_id, f.case_id, c.ref, f.slip, f.amount, f.principal, f.surcharge, f.interest, f.paid_on,
       f.collector, f.txn_id, f.recorded_at, f.actor
FROM fee_payment f JOIN case_file c ON c.id = f.case_id)sql";
// Once per imported row: the unique (collector, txn_id) index, nothing joined.
constexpr std::string_view k_payment_by_txn = R"sql(
SELECT id, slip, amount, paid_on FROM fee_payment WHERE collector = :collector AND txn_id = :txn_id)sql";
constexpr std::string_view k_payments_of_case = " WHERE f.case_id = :case_id ORDER BY f.paid_on, f.id";

// The id is handed out, not RETURNed (a statement journal per row in a bulk import; see
// Ledger::record): the writer's transaction makes max(id) + 1 safe.
constexpr std::string_view k_next_payment_id = "SELECT coalesce(max(id), 0) + 1 FROM fee_payment";
constexpr std::string_view k_insert_payment = R"sql(
INSERT INTO fee_payment (id, instalment_id, case_id, slip, amount, principal, surcharge, interest, paid_on, collector,
                         txn_id, recorded_at, actor)
VALUES (:id, :instalment_id, :case_id, :slip, :amount, :principal, :surcharge, :interest, :paid_on, :collector,
        :txn_id, :recorded_at, :actor))sql";

constexpr std::string_view k_mark_paid = R"sql(
UPDATE fee_instalment SET state = 'paid', paid_on = :paid_on, paid_total = :paid_total
WHERE id = :id AND state = 'open')sql";

// The ledger as of a day: open instalments through fee_instalment_open_due (partial index on
// open rows, by due date), then those paid by a payment recorded after the day and those a
// settlement recorded after the day cancelled (open then); an instalment issued after the day
// is left out. So an earlier day's arrears read the same after later payments and settlements.
constexpr std::string_view k_open_past_due = R"sql(
SELECT i.case_id, c.ref, i.slip, i.seq, i.amount, i.due_date
FROM fee_instalment i INDEXED BY fee_instalment_open_due JOIN case_file c ON c.id = i.case_id
JOIN fee_declaration d ON d.id = i.declaration_id
WHERE i.state = 'open' AND i.due_date < :as_of AND d.declared_at < :recorded_after
UNION ALL
SELECT i.case_id, c.ref, i.slip, i.seq, i.amount, i.due_date
FROM fee_payment f JOIN fee_instalment i ON i.id = f.instalment_id JOIN case_file c ON c.id = i.case_id
JOIN fee_declaration d ON d.id = i.declaration_id
WHERE f.recorded_at >= :recorded_after AND i.state = 'paid' AND i.due_date < :as_of
  AND d.declared_at < :recorded_after
UNION ALL
SELECT i.case_id, c.ref, i.slip, i.seq, i.amount, i.due_date
FROM fee_instalment i JOIN case_file c ON c.id = i.case_id JOIN fee_declaration d ON d.id = i.declaration_id
WHERE i.state = 'cancelled' AND i.due_date < :as_of AND d.declared_at < :recorded_after
  AND EXISTS (SELECT 1 FROM fee_declaration s WHERE s.case_id = i.case_id AND s.kind = 'settlement'
              AND s.declared_at >= :recorded_after)
ORDER BY 6, 1, 4)sql";

std::string sql_of(std::string_view head, std::string_view tail) {
  std::string sql(head);
  sql += tail;
  return sql;
}

FeePaymentRow read_payment(sql::Statement& s) {
  FeePaymentRow p;
  p.id = s.int64(0);
  p.instalment_id = s.int64(1);
  p.case_id = s.int64(2);
  p.ref = s.text(3);
  p.slip = s.text(4);
  p.amount = s.int64(5);
  p.principal = s.int64(6);
  p.surcharge = s.int64(7);
  p.interest = s.int64(8);
  p.paid_on = stored_date(s.text(9), "fee_payment.paid_on");
  p.collector = s.text(10);
  p.txn_id = s.text(11);
  p.recorded_at = Instant(s.int64(12));
  p.actor = s.text(13);
  return p;
}

} // namespace

std::optional<PayableInstalment> FeePaymentStore::instalment_by_slip(std::string_view slip) {
  auto& s = m_db.prepare(k_instalment_by_slip);
  s.bind(":slip", slip);
  std::optional<PayableInstalment> found;
  if (s.step()) {
    PayableInstalment i;
    i.id = s.int64(0);
    i.case_id = s.int64(1);
    i.ref = s.text(2);
    i.seq = s.integer(3);
    i.slip = s.text(4);
    i.amount = s.int64(5);
    i.due = stored_date(s.text(6), "fee_instalment.due_date");
    i.state = s.text(7);
    if (auto paid_on = s.optional_text(8)) i.paid_on = stored_date(*paid_on, "fee_instalment.paid_on");
    i.paid_total = s.int64(9);
    i.cancelled_reason = s.text(10);
    i.issued_on = Instant(s.int64(11)).taipei_date();
    found = std::move(i);
  }
  s.reset();
  return found;
}

std::optional<FeePaymentRow> FeePaymentStore::payment_by_txn(std::string_view collector, std::string_view txn_id) {
  auto& s = m_db.prepare(k_payment_by_txn);
  s.bind(":collector", collector).bind(":txn_id", txn_id);
  std::optional<FeePaymentRow> found;
  if (s.step()) {
    FeePaymentRow p;
    p.id = s.int64(0);
    p.slip = s.text(1);
    p.amount = s.int64(2);
    p.paid_on = stored_date(s.text(3), "fee_payment.paid_on");
    p.collector = std::string(collector);
    p.txn_id = std::string(txn_id);
    found = std::move(p);
  }
  s.reset();
  return found;
}

std::int64_t FeePaymentStore::insert_payment(const FeePaymentRow& p) {
  auto& next = m_db.prepare(k_next_payment_id);
  next.step();
  const std::int64_t id = next.int64(0);
  next.reset();
  m_db.prepare(k_insert_payment)
      .bind(":id", id)
      .bind(":instalment_id", p.instalment_id)
      .bind(":case_id", p.case_id)
      .bind(":slip", p.slip)
      .bind(":amount", p.amount)
      .bind(":principal", p.principal)
      .bind(":surcharge", p.surcharge)
      .bind(":interest", p.interest)
      .bind(":paid_on", p.paid_on.iso())
      .bind(":collector", p.collector)
      .bind(":txn_id", p.txn_id)
      .bind(":recorded_at", p.recorded_at.unix_seconds())
      .bind(":actor", p.actor)
      .run();
  return id;
}

bool FeePaymentStore::mark_paid(std::int64_t instalment_id, Date paid_on, std::int64_t paid_total) {
  m_db.prepare(k_mark_paid)
      .bind(":paid_on", paid_on.iso())
      .bind(":paid_total", paid_total)
      .bind(":id", instalment_id)
      .run();
  return m_db.changes() == 1;
}

std::vector<FeePaymentRow> FeePaymentStore::payments_of_case(std::int64_t case_id) {
  auto& s = m_db.prepare(sql_of(k_payment_columns, k_payments_of_case));
  s.bind(":case_id", case_id);
  std::vector<FeePaymentRow> out;
  while (s.step())
    out.push_back(read_payment(s));
  return out;
}

void FeePaymentStore::open_past_due(Date as_of, const std::function<void(const OpenInstalment&)>& visit) {
  auto& s = m_db.prepare(k_open_past_due);
  s.bind(":as_of", as_of.iso()).bind(":recorded_after", Instant::taipei_midnight(as_of + 1).unix_seconds());
  OpenInstalment row;
  while (s.step()) {
    row.case_id = s.int64(0);
    row.ref = s.text(1);
    row.slip = s.text(2);
    row.seq = s.integer(3);
    row.amount = s.int64(4);
    row.due = stored_date(s.text(5), "fee_instalment.due_date");
    visit(row);
  }
}

} // namespace epb
