// WaterStore: the SQL of water pollution fees and their payments.
#include "epb/fee/water_store.hpp"
#include "epb/ledger/stored_date.hpp"

#include <fmt/format.h>

namespace epb {
namespace {

constexpr std::string_view k_by_key = R"sql(
SELECT id, ubn, business, period, declared, exempt, due_date, paid, paid_on, source, declared_at, actor
FROM water_fee WHERE ubn = :ubn AND period = :period)sql";
constexpr std::string_view k_by_id = R"sql(
SELECT id, ubn, business, period, declared, exempt, due_date, paid, paid_on, source, declared_at, actor
FROM water_fee WHERE id = :id)sql";
constexpr std::string_view k_insert = R"sql(
INSERT INTO water_fee (ubn, business, period, declared, exempt, due_date, paid, paid_on, source, declared_at, actor)
VALUES (:ubn, :business, :period, :declared, :exempt, :due, 0, NULL, :source, :declared_at, :actor) RETURNING id)sql";
constexpr std::string_view k_update_declaration = R"sql(
UPDATE water_fee SET business = :business, declared = :declared, exempt = :exempt, source = :source,
  declared_at = :declared_at, actor = :actor
WHERE id = :id)sql";
constexpr std::string_view k_update_paid = "UPDATE water_fee SET paid = :paid, paid_on = :paid_on WHERE id = :id";
constexpr std::string_view k_max_id = "SELECT coalesce(max(id), 0) FROM water_fee";

// Unpaid on :as_of: unpaid now (through the partial index water_fee_unpaid), or paid in full
// only after :as_of (a replay of an earlier day).
constexpr std::string_view k_unpaid = R"sql(
SELECT id, ubn, business, period, declared, exempt, due_date, paid, paid_on, source, declared_at, actor FROM (
  SELECT * FROM water_fee WHERE exempt = 0 AND paid < declared AND due_date < :as_of
  UNION ALL
  SELECT * FROM water_fee WHERE exempt = 0 AND paid >= declared AND paid_on > :as_of AND due_date < :as_of)
ORDER BY due_date, ubn, period)sql";

constexpr std::string_view k_payment_by_txn = R"sql(
SELECT id, water_fee_id, amount, interest, paid_on, txn_id, recorded_at, actor
FROM water_payment WHERE txn_id = :txn)sql";
constexpr std::string_view k_payments_of = R"sql(
SELECT id, water_fee_id, amount, interest, paid_on, txn_id, recorded_at, actor
FROM water_payment WHERE water_fee_id = :fee ORDER BY paid_on, id)sql";
constexpr std::string_view k_insert_payment = R"sql(
INSERT INTO water_payment (water_fee_id, amount, interest, paid_on, txn_id, recorded_at, actor)
VALUES (:fee, :amount, :interest, :paid_on, :txn, :recorded_at, :actor) RETURNING id)sql";

WaterFee read_fee(const sql::Statement& s) {
  WaterFee fee;
  fee.id = s.int64(0);
  fee.ubn = s.text(1);
  fee.business = s.text(2);
  fee.period = s.text(3);
  fee.declared = s.int64(4);
  fee.exempt = s.int64(5) != 0;
  fee.due = stored_date(s.text(6), "water_fee.due_date");
  fee.paid = s.int64(7);
  if (auto paid_on = s.optional_text(8)) fee.paid_on = stored_date(*paid_on, "water_fee.paid_on");
  fee.source = s.text(9);
  fee.declared_at = Instant(s.int64(10));
  fee.actor = s.text(11);
  return fee;
}

WaterPayment read_payment(const sql::Statement& s) {
  WaterPayment p;
  p.id = s.int64(0);
  p.water_fee_id = s.int64(1);
  p.amount = s.int64(2);
  p.interest = s.int64(3);
  p.paid_on = stored_date(s.text(4), "water_payment.paid_on");
  p.txn_id = s.text(5);
  p.recorded_at = Instant(s.int64(6));
  p.actor = s.text(7);
  return p;
}

} // namespace

std::optional<WaterFee> WaterStore::find(std::string_view ubn, std::string_view period) {
  auto& s = m_ledger.db().prepare(k_by_key).bind(":ubn", ubn).bind(":period", period);
  if (!s.step()) return std::nullopt;
  WaterFee fee = read_fee(s);
  s.reset();
  return fee;
}

std::optional<WaterFee> WaterStore::find(std::int64_t id) {
  auto& s = m_ledger.db().prepare(k_by_id).bind(":id", id);
  if (!s.step()) return std::nullopt;
  WaterFee fee = read_fee(s);
  s.reset();
  return fee;
}

std::int64_t WaterStore::insert(const WaterFee& fee) {
  return m_ledger.db()
      .prepare(k_insert)
      .bind(":ubn", fee.ubn)
      .bind(":business", fee.business)
      .bind(":period", fee.period)
      .bind(":declared", fee.declared)
      .bind(":exempt", fee.exempt ? 1 : 0)
      .bind(":due", fee.due.iso())
      .bind(":source", fee.source)
      .bind(":declared_at", fee.declared_at.unix_seconds())
      .bind(":actor", fee.actor)
      .run_returning_id();
}

void WaterStore::update_declaration(const WaterFee& fee) {
  m_ledger.db()
      .prepare(k_update_declaration)
      .bind(":business", fee.business)
      .bind(":declared", fee.declared)
      .bind(":exempt", fee.exempt ? 1 : 0)
      .bind(":source", fee.source)
      .bind(":declared_at", fee.declared_at.unix_seconds())
      .bind(":actor", fee.actor)
      .bind(":id", fee.id)
      .run();
}

void WaterStore::update_paid(std::int64_t id, std::int64_t paid, std::optional<Date> paid_on) {
  auto& s = m_ledger.db().prepare(k_update_paid).bind(":paid", paid);
  if (paid_on)
    s.bind(":paid_on", paid_on->iso());
  else
    s.bind_null(":paid_on");
  s.bind(":id", id).run();
}

std::optional<WaterPayment> WaterStore::payment_by_txn(std::string_view txn_id) {
  auto& s = m_ledger.db().prepare(k_payment_by_txn).bind(":txn", txn_id);
  if (!s.step()) return std::nullopt;
  WaterPayment p = read_payment(s);
  s.reset();
  return p;
}

std::vector<WaterPayment> WaterStore::payments_of(std::int64_t water_fee_id) {
  auto& s = m_ledger.db().prepare(k_payments_of).bind(":fee", water_fee_id);
  std::vector<WaterPayment> payments;
  while (s.step())
    payments.push_back(read_payment(s));
  return payments;
}

std::int64_t WaterStore::insert_payment(const WaterPayment& p) {
  return m_ledger.db()
      .prepare(k_insert_payment)
      .bind(":fee", p.water_fee_id)
      .bind(":amount", p.amount)
      .bind(":interest", p.interest)
      .bind(":paid_on", p.paid_on.iso())
      .bind(":txn", p.txn_id)
      .bind(":recorded_at", p.recorded_at.unix_seconds())
      .bind(":actor", p.actor)
      .run_returning_id();
}

void WaterStore::for_each_unpaid(Date as_of, const std::function<void(const WaterFee&)>& visit) {
  // Read all first: the visitor reads each fee's payments on the same connection.
  auto& s = m_ledger.db().prepare(k_unpaid).bind(":as_of", as_of.iso());
  std::vector<WaterFee> fees;
  while (s.step())
    fees.push_back(read_fee(s));
  for (const auto& fee : fees)
    visit(fee);
}

std::int64_t WaterStore::max_id() {
  auto& s = m_ledger.db().prepare(k_max_id);
  s.step();
  const std::int64_t id = s.int64(0);
  s.reset();
  return id;
}

} // namespace epb
