// FeeStore: the SQL of fee projects, declarations, instalments and stop-work periods.
#include "epb/fee/fee_store.hpp"
#include "epb/core/error.hpp"
#include "epb/ledger/stored_date.hpp"

#include <fmt/format.h>

namespace epb {
namespace {

constexpr std::string_view k_insert_project = R"sql(
INSERT INTO fee_project (case_id, site_address, district, permit, owner_kind, owner_id, contractor, contractor_ubn,
  category, quantity, planned_start, planned_end, public_works, started_on, state)
VALUES (:case_id, :site_address, :district, :permit, :owner_kind, :owner_id, :contractor, :contractor_ubn,
  :category, :quantity, :planned_start, :planned_end, :public_works, :started_on, :state) RETURNING id)sql";

constexpr std::string_view k_project_columns =
    "p.id, p.case_id, p.site_address, p.district, p.permit, p.owner_kind, p.owner_id, p.contractor, "
    "p.contractor_ubn, p.category, p.quantity, p.planned_start, p.planned_end, p.public_works, p.started_on, p.state";

constexpr std::string_view k_cases_by_permit = R"sql(
SELECT case_id FROM fee_project WHERE permit = :permit AND permit <> '' ORDER BY case_id DESC)sql";

constexpr std::string_view k_set_project_state = "UPDATE fee_project SET state = :state WHERE case_id = :case_id";

constexpr std::string_view k_insert_declaration = R"sql(
INSERT INTO fee_declaration (case_id, kind, category, quantity, start_date, end_date, stop_days, days, level, rate,
  factor, months, fee, exempt, plan, double_rate, reason, refund, topup, declared_at, actor)
VALUES (:case_id, :kind, :category, :quantity, :start_date, :end_date, :stop_days, :days, :level, :rate,
  :factor, :months, :fee, :exempt, :plan, :double_rate, :reason, :refund, :topup, :declared_at, :actor)
RETURNING id)sql";

constexpr std::string_view k_set_settlement = R"sql(
UPDATE fee_declaration SET refund = :refund, topup = :topup WHERE id = :id AND kind = 'settlement')sql";

constexpr std::string_view k_declarations = R"sql(
SELECT id, case_id, kind, category, quantity, start_date, end_date, stop_days, days, level, rate, factor, months,
  fee, exempt, plan, double_rate, reason, refund, topup, declared_at, actor
FROM fee_declaration WHERE case_id = :case_id ORDER BY id)sql";

constexpr std::string_view k_insert_instalment = R"sql(
INSERT INTO fee_instalment (case_id, declaration_id, seq, kind, amount, due_date, slip)
VALUES (:case_id, :declaration_id, :seq, :kind, :amount, :due_date, :slip) RETURNING id)sql";

constexpr std::string_view k_instalments = R"sql(
SELECT id, case_id, declaration_id, seq, kind, amount, due_date, slip, state, paid_on, paid_total, cancelled_reason
FROM fee_instalment WHERE case_id = :case_id ORDER BY seq)sql";

constexpr std::string_view k_instalment_by_slip = R"sql(
SELECT id, case_id, declaration_id, seq, kind, amount, due_date, slip, state, paid_on, paid_total, cancelled_reason
FROM fee_instalment WHERE slip = :slip)sql";

constexpr std::string_view k_next_seq = "SELECT coalesce(max(seq), 0) + 1 FROM fee_instalment WHERE case_id = :case_id";

constexpr std::string_view k_cancel_instalment = R"sql(
UPDATE fee_instalment SET state = 'cancelled', cancelled_reason = :reason WHERE id = :id AND state = 'open')sql";

constexpr std::string_view k_amounts = R"sql(
SELECT coalesce(sum(CASE WHEN state = 'paid' THEN amount END), 0),
  coalesce(sum(CASE WHEN state = 'open' THEN amount END), 0),
  coalesce(sum(CASE WHEN state = 'cancelled' THEN amount END), 0)
FROM fee_instalment WHERE case_id = :case_id)sql";

constexpr std::string_view k_stops = R"sql(
SELECT id, case_id, stopped_on, resumed_on FROM fee_stop WHERE case_id = :case_id
ORDER BY resumed_on IS NULL, stopped_on, id)sql";

constexpr std::string_view k_insert_stop = R"sql(
INSERT INTO fee_stop (case_id, stopped_on) VALUES (:case_id, :stopped_on) RETURNING id)sql";

constexpr std::string_view k_resume_stop = R"sql(
UPDATE fee_stop SET resumed_on = :resumed_on WHERE id = :id AND resumed_on IS NULL)sql";

constexpr std::string_view k_by_state = " AND p.state = :state";
constexpr std::string_view k_by_category = " AND p.category = :category";
constexpr std::string_view k_by_district = " AND p.district = :district";

Date date_of(const sql::Statement& s, int column, std::string_view table) { return stored_date(s.text(column), table); }

std::optional<Date> optional_date(const sql::Statement& s, int column, std::string_view table) {
  if (s.is_null(column)) return std::nullopt;
  return date_of(s, column, table);
}

Decimal decimal_of(const sql::Statement& s, int column, std::string_view table) {
  auto value = Decimal::parse(s.text(column));
  if (!value) throw Error(fmt::format("{}: bad decimal '{}'", table, s.text(column)));
  return *value;
}

std::optional<std::string> iso(const std::optional<Date>& date) {
  if (!date) return std::nullopt;
  return date->iso();
}

InstalmentKind instalment_kind_of(std::string_view name) {
  if (name == "half") return InstalmentKind::half;
  if (name == "instalment") return InstalmentKind::instalment;
  if (name == "topup") return InstalmentKind::topup;
  return InstalmentKind::full;
}

FeeInstalmentState instalment_state_of(std::string_view name) {
  if (name == "paid") return FeeInstalmentState::paid;
  if (name == "cancelled") return FeeInstalmentState::cancelled;
  return FeeInstalmentState::open;
}

FeeProject read_project(const sql::Statement& s, int first) {
  const auto at = [first](int column) { return first + column; };
  constexpr std::string_view table = "fee_project";
  FeeProject p;
  p.id = s.int64(at(0));
  p.case_id = s.int64(at(1));
  p.site_address = s.text(at(2));
  p.district = s.text(at(3));
  p.permit = s.text(at(4));
  p.owner_kind = parse_fee_owner_kind(s.text(at(5))).value_or(FeeOwnerKind::person);
  p.owner_id = s.text(at(6));
  p.contractor = s.text(at(7));
  p.contractor_ubn = s.text(at(8));
  p.category = s.text(at(9));
  p.quantity = decimal_of(s, at(10), table);
  p.planned_start = date_of(s, at(11), table);
  p.planned_end = date_of(s, at(12), table);
  p.public_works = s.integer(at(13)) != 0;
  p.started_on = optional_date(s, at(14), table);
  p.state = parse_fee_project_state(s.text(at(15))).value_or(FeeProjectState::registered);
  return p;
}

FeeDeclaration read_declaration(const sql::Statement& s) {
  constexpr std::string_view table = "fee_declaration";
  FeeDeclaration d;
  d.id = s.int64(0);
  d.case_id = s.int64(1);
  d.kind = s.text(2) == "settlement" ? FeeDeclarationKind::settlement : FeeDeclarationKind::start;
  d.category = s.text(3);
  d.quantity = decimal_of(s, 4, table);
  d.start_date = date_of(s, 5, table);
  d.end_date = date_of(s, 6, table);
  d.stop_days = s.integer(7);
  d.days = s.integer(8);
  d.level = s.integer(9);
  d.rate = decimal_of(s, 10, table);
  d.factor = decimal_of(s, 11, table);
  d.months = s.text(12);
  d.fee = s.int64(13);
  d.exempt = s.integer(14) != 0;
  d.plan = parse_payment_plan(s.text(15)).value_or(PaymentPlan::full);
  d.double_rate = s.integer(16) != 0;
  d.reason = s.text(17);
  d.refund = s.int64(18);
  d.topup = s.int64(19);
  d.declared_at = Instant(s.int64(20));
  d.actor = s.text(21);
  return d;
}

FeeInstalment read_instalment(const sql::Statement& s) {
  constexpr std::string_view table = "fee_instalment";
  FeeInstalment i;
  i.id = s.int64(0);
  i.case_id = s.int64(1);
  i.declaration_id = s.int64(2);
  i.seq = s.integer(3);
  i.kind = instalment_kind_of(s.text(4));
  i.amount = s.int64(5);
  i.due = date_of(s, 6, table);
  i.slip = s.text(7);
  i.state = instalment_state_of(s.text(8));
  i.paid_on = optional_date(s, 9, table);
  i.paid_total = s.int64(10);
  i.cancelled_reason = s.text(11);
  return i;
}

} // namespace

std::int64_t FeeStore::insert_project(const FeeProject& p) {
  auto& s = m_db.prepare(k_insert_project);
  s.bind(":case_id", p.case_id)
      .bind(":site_address", p.site_address)
      .bind(":district", p.district)
      .bind(":permit", p.permit)
      .bind(":owner_kind", fee_owner_kind_name(p.owner_kind))
      .bind(":owner_id", p.owner_id)
      .bind(":contractor", p.contractor)
      .bind(":contractor_ubn", p.contractor_ubn)
      .bind(":category", p.category)
      .bind(":quantity", p.quantity.str())
      .bind(":planned_start", p.planned_start.iso())
      .bind(":planned_end", p.planned_end.iso())
      .bind(":public_works", p.public_works ? 1 : 0)
      .bind(":started_on", iso(p.started_on))
      .bind(":state", fee_project_state_name(p.state));
  return s.run_returning_id();
}

std::optional<FeeProject> FeeStore::project_by_case(std::int64_t case_id) {
  static const std::string sql =
      fmt::format("SELECT {} FROM fee_project p WHERE p.case_id = :case_id", k_project_columns);
  auto& s = m_db.prepare(sql);
  s.bind(":case_id", case_id);
  std::optional<FeeProject> out;
  if (s.step()) out = read_project(s, 0);
  s.reset();
  return out;
}

std::vector<std::int64_t> FeeStore::cases_by_permit(std::string_view permit) {
  auto& s = m_db.prepare(k_cases_by_permit);
  s.bind(":permit", permit);
  std::vector<std::int64_t> out;
  while (s.step())
    out.push_back(s.int64(0));
  s.reset();
  return out;
}

void FeeStore::set_project_state(std::int64_t case_id, FeeProjectState state) {
  m_db.prepare(k_set_project_state).bind(":state", fee_project_state_name(state)).bind(":case_id", case_id).run();
}

std::int64_t FeeStore::insert_declaration(const FeeDeclaration& d) {
  auto& s = m_db.prepare(k_insert_declaration);
  s.bind(":case_id", d.case_id)
      .bind(":kind", fee_declaration_kind_name(d.kind))
      .bind(":category", d.category)
      .bind(":quantity", d.quantity.str())
      .bind(":start_date", d.start_date.iso())
      .bind(":end_date", d.end_date.iso())
      .bind(":stop_days", d.stop_days)
      .bind(":days", d.days)
      .bind(":level", d.level)
      .bind(":rate", d.rate.str())
      .bind(":factor", d.factor.str())
      .bind(":months", d.months)
      .bind(":fee", d.fee)
      .bind(":exempt", d.exempt ? 1 : 0)
      .bind(":plan", payment_plan_name(d.plan))
      .bind(":double_rate", d.double_rate ? 1 : 0)
      .bind(":reason", d.reason)
      .bind(":refund", d.refund)
      .bind(":topup", d.topup)
      .bind(":declared_at", d.declared_at.unix_seconds())
      .bind(":actor", d.actor);
  return s.run_returning_id();
}

void FeeStore::set_settlement_result(std::int64_t declaration_id, std::int64_t refund, std::int64_t topup) {
  m_db.prepare(k_set_settlement).bind(":refund", refund).bind(":topup", topup).bind(":id", declaration_id).run();
}

std::vector<FeeDeclaration> FeeStore::declarations(std::int64_t case_id) {
  auto& s = m_db.prepare(k_declarations);
  s.bind(":case_id", case_id);
  std::vector<FeeDeclaration> out;
  while (s.step())
    out.push_back(read_declaration(s));
  s.reset();
  return out;
}

std::optional<FeeDeclaration> FeeStore::declaration(std::int64_t case_id, FeeDeclarationKind kind) {
  for (FeeDeclaration& d : declarations(case_id))
    if (d.kind == kind) return std::move(d);
  return std::nullopt;
}

std::int64_t FeeStore::insert_instalment(const FeeInstalment& i) {
  auto& s = m_db.prepare(k_insert_instalment);
  s.bind(":case_id", i.case_id)
      .bind(":declaration_id", i.declaration_id)
      .bind(":seq", i.seq)
      .bind(":kind", instalment_kind_name(i.kind))
      .bind(":amount", i.amount)
      .bind(":due_date", i.due.iso())
      .bind(":slip", i.slip);
  return s.run_returning_id();
}

std::vector<FeeInstalment> FeeStore::instalments(std::int64_t case_id) {
  auto& s = m_db.prepare(k_instalments);
  s.bind(":case_id", case_id);
  std::vector<FeeInstalment> out;
  while (s.step())
    out.push_back(read_instalment(s));
  s.reset();
  return out;
}

std::optional<FeeInstalment> FeeStore::instalment_by_slip(std::string_view slip) {
  auto& s = m_db.prepare(k_instalment_by_slip);
  s.bind(":slip", slip);
  std::optional<FeeInstalment> out;
  if (s.step()) out = read_instalment(s);
  s.reset();
  return out;
}

int FeeStore::next_instalment_seq(std::int64_t case_id) {
  auto& s = m_db.prepare(k_next_seq);
  s.bind(":case_id", case_id);
  s.step();
  const int seq = s.integer(0);
  s.reset();
  return seq;
}

void FeeStore::cancel_instalment(std::int64_t instalment_id, std::string_view reason) {
  m_db.prepare(k_cancel_instalment).bind(":reason", reason).bind(":id", instalment_id).run();
}

FeeAmounts FeeStore::amounts(std::int64_t case_id) {
  auto& s = m_db.prepare(k_amounts);
  s.bind(":case_id", case_id);
  s.step();
  const FeeAmounts out{s.int64(0), s.int64(1), s.int64(2)};
  s.reset();
  return out;
}

std::vector<FeeStop> FeeStore::stops(std::int64_t case_id) {
  auto& s = m_db.prepare(k_stops);
  s.bind(":case_id", case_id);
  std::vector<FeeStop> out;
  while (s.step())
    out.push_back(FeeStop{s.int64(0), s.int64(1), date_of(s, 2, "fee_stop"), optional_date(s, 3, "fee_stop")});
  s.reset();
  return out;
}

std::optional<FeeStop> FeeStore::open_stop(std::int64_t case_id) {
  auto all = stops(case_id);
  if (all.empty() || all.back().resumed_on) return std::nullopt;
  return all.back();
}

std::int64_t FeeStore::insert_stop(std::int64_t case_id, Date stopped_on) {
  return m_db.prepare(k_insert_stop).bind(":case_id", case_id).bind(":stopped_on", stopped_on.iso()).run_returning_id();
}

void FeeStore::resume_stop(std::int64_t stop_id, Date resumed_on) {
  m_db.prepare(k_resume_stop).bind(":resumed_on", resumed_on.iso()).bind(":id", stop_id).run();
}

void FeeStore::for_each(const FeeProjectFilter& filter,
                        const std::function<bool(const Case&, const FeeProject&)>& visit) {
  const CaseFilterSql cases(filter.cases, "c");
  std::string sql = fmt::format("SELECT {}, {} FROM case_file c JOIN fee_project p ON p.case_id = c.id WHERE {}",
                                case_columns("c"), k_project_columns, cases.where());
  if (filter.state) sql += k_by_state;
  if (filter.category) sql += k_by_category;
  if (filter.district) sql += k_by_district;
  sql += fmt::format(" ORDER BY {}", cases.order_by());
  if (filter.cases.limit) sql += " LIMIT :limit";
  auto& s = m_db.prepare(sql);
  cases.bind(s);
  if (filter.state) s.bind(":state", fee_project_state_name(*filter.state));
  if (filter.category) s.bind(":category", *filter.category);
  if (filter.district) s.bind(":district", *filter.district);
  if (filter.cases.limit) s.bind(":limit", *filter.cases.limit);
  while (s.step()) {
    const Case c = read_case(s, 0);
    const FeeProject p = read_project(s, k_case_column_count);
    if (!visit(c, p)) break;
  }
  s.reset();
}

std::vector<StopPeriod> stop_periods(const std::vector<FeeStop>& stops) {
  std::vector<StopPeriod> out;
  out.reserve(stops.size());
  for (const FeeStop& stop : stops)
    out.push_back(StopPeriod{stop.stopped_on, stop.resumed_on});
  return out;
}

} // namespace epb
