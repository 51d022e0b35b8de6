// The SQL of fee_counts.hpp. Every construction-fee query reads its rows joined to the project's
// case for the unit and service (and the --unit/--service filter), grouped by them in SQL.
// As of the report's moment: declarations and settlements by declared_at (at or before the
// period end, itself never after as-of), payments by recorded_at at or before as-of, a slip
// cancelled from the declared_at of the settlement that cancelled it (settlements are the only
// thing that cancels a slip: fee_settle.cpp), dunning notices by sent_at.
#include "epb/report/fee_counts.hpp"

#include <fmt/format.h>

#include <cctype>
#include <map>
#include <utility>

namespace epb::report {
namespace {

// Declarations and settlements recorded in the period; the refunds the settlements owe.
constexpr const char* k_declarations = R"sql(
SELECT c.unit, c.service, count(*), sum(d.kind = 'settlement' AND d.refund > 0),
  sum(CASE WHEN d.kind = 'settlement' THEN d.refund ELSE 0 END)
FROM fee_declaration d CROSS JOIN case_file c ON c.id = d.case_id
WHERE d.declared_at BETWEEN :start AND :end{filter} GROUP BY 1, 2
)sql";

// Slips issued by the declarations recorded in the period (a start declaration's schedule, a
// settlement's top-up or re-issued part), less the slips a settlement recorded in it cancelled.
constexpr const char* k_assessed = R"sql(
SELECT unit, service, sum(amount) FROM (
  SELECT c.unit, c.service, i.amount
  FROM fee_instalment i JOIN fee_declaration d ON d.id = i.declaration_id JOIN case_file c ON c.id = i.case_id
  WHERE d.declared_at BETWEEN :start AND :end{filter}
  UNION ALL
  SELECT c.unit, c.service, -i.amount
  FROM fee_instalment i JOIN fee_declaration s ON s.case_id = i.case_id AND s.kind = 'settlement'
  JOIN case_file c ON c.id = i.case_id
  WHERE i.state = 'cancelled' AND s.declared_at BETWEEN :start AND :end{filter})
GROUP BY 1, 2
)sql";

// Payments the payer made in the period (paid_on, a Taipei date), known at the as-of moment.
constexpr const char* k_collected = R"sql(
SELECT c.unit, c.service, count(*), sum(f.amount), sum(f.surcharge + f.interest)
FROM fee_payment f CROSS JOIN case_file c ON c.id = f.case_id
WHERE f.paid_on BETWEEN :from AND :to AND f.recorded_at <= :as_of{filter} GROUP BY 1, 2
)sql";

// Slips standing at the period end: issued by then, not paid by then (a payment dated by the
// end's day and known at as-of; found through fee_payment_by_case) and not cancelled by then;
// overdue ones were due before that day. A CROSS JOIN keeps the fee table first: the planner
// would rather read every case in unit, service order to skip the sort.
constexpr const char* k_outstanding = R"sql(
SELECT c.unit, c.service, sum(i.amount), sum(CASE WHEN i.due_date < :last_day THEN i.amount ELSE 0 END)
FROM fee_instalment i JOIN fee_declaration d ON d.id = i.declaration_id JOIN case_file c ON c.id = i.case_id
WHERE d.declared_at <= :end{filter}
  AND NOT EXISTS (SELECT 1 FROM fee_payment f WHERE f.case_id = i.case_id AND f.instalment_id = i.id
                  AND f.paid_on <= :last_day AND f.recorded_at <= :as_of)
  AND NOT (i.state = 'cancelled' AND EXISTS (SELECT 1 FROM fee_declaration s WHERE s.case_id = i.case_id
                                             AND s.kind = 'settlement' AND s.declared_at <= :end))
GROUP BY 1, 2
)sql";

// Dunning notices sent in the period; a late payer is a project sent one after the due date of
// its slip (the notice's cycle is that due date as YYYYMMDD; the reminder comes before it). A
// dunning notice's item is its slip: read from the fee's slips through notice_by_item (CROSS
// JOIN keeps that order), never a scan of every notice sent.
constexpr const char* k_dunning = R"sql(
SELECT c.unit, c.service, count(*),
  count(DISTINCT CASE WHEN CAST(strftime('%Y%m%d', n.sent_at + 28800, 'unixepoch') AS INTEGER) > n.cycle
                 THEN n.case_id END)
FROM fee_instalment i CROSS JOIN notice n INDEXED BY notice_by_item CROSS JOIN case_file c ON c.id = i.case_id
WHERE n.case_id = i.case_id AND n.source = 'fee' AND n.item = i.slip AND n.item <> ''
  AND n.trigger = 'dunning' AND n.state = 'sent' AND n.sent_at BETWEEN :start AND :end{filter} GROUP BY 1, 2
)sql";

// Water fees: declared in the period (declared_at, which an amendment moves), paid in it
// (paid_on, known at as-of), and standing at its end: declared by then, less what payments dated
// by then gave the fee (their amount less interest), summed in one pass over the payments
// (water_payment has no index by fee).
constexpr const char* k_water_declared = R"sql(
SELECT period, count(*), sum(CASE WHEN exempt = 0 THEN declared ELSE 0 END)
FROM water_fee WHERE declared_at BETWEEN :start AND :end GROUP BY 1
)sql";
constexpr const char* k_water_collected = R"sql(
SELECT w.period, count(*), sum(p.amount), sum(p.interest)
FROM water_payment p JOIN water_fee w ON w.id = p.water_fee_id
WHERE p.paid_on BETWEEN :from AND :to AND p.recorded_at <= :as_of GROUP BY 1
)sql";
constexpr const char* k_water_outstanding = R"sql(
SELECT period, sum(unpaid), sum(CASE WHEN due_date < :last_day THEN unpaid ELSE 0 END) FROM (
  SELECT w.period, w.due_date, w.declared - coalesce(p.paid, 0) AS unpaid
  FROM water_fee w LEFT JOIN (
    SELECT water_fee_id, sum(amount - interest) AS paid FROM water_payment
    WHERE paid_on <= :last_day AND recorded_at <= :as_of GROUP BY 1) p ON p.water_fee_id = w.id
  WHERE w.exempt = 0 AND w.declared_at <= :end)
WHERE unpaid > 0 GROUP BY 1
)sql";

std::string with_filter(const char* sql, const FeeQuery& query) {
  std::string filter;
  if (query.unit) filter += " AND c.unit = :unit";
  if (query.service) filter += " AND c.service = :service";
  return fmt::format(fmt::runtime(sql), fmt::arg("filter", filter));
}

// Whether `sql` names the parameter `name` (":end", not the start of ":end_x").
bool names(std::string_view sql, std::string_view name) {
  for (auto at = sql.find(name); at != std::string_view::npos; at = sql.find(name, at + 1)) {
    const auto next = at + name.size();
    if (next == sql.size() || !(std::isalnum(static_cast<unsigned char>(sql[next])) || sql[next] == '_')) return true;
  }
  return false;
}

// Binds what the statement names, of the query's bounds and filters.
void bind_query(sql::Statement& s, std::string_view sql, const FeeQuery& query) {
  if (names(sql, ":start")) s.bind(":start", query.start.unix_seconds());
  if (names(sql, ":end")) s.bind(":end", query.end.unix_seconds());
  if (names(sql, ":last_day")) s.bind(":last_day", query.end.taipei_date().iso());
  if (names(sql, ":from")) s.bind(":from", query.period.from.iso());
  if (names(sql, ":to")) s.bind(":to", query.period.to.iso());
  if (names(sql, ":as_of")) s.bind(":as_of", query.as_of.unix_seconds());
  if (query.unit && names(sql, ":unit")) s.bind(":unit", *query.unit);
  if (query.service && names(sql, ":service")) s.bind(":service", *query.service);
}

class FeeTally {
public:
  FeeCounts& at(const std::string& unit, const std::string& service) {
    auto [it, added] = m_rows.try_emplace({unit, service});
    if (added) {
      it->second.unit = unit;
      it->second.service = service;
    }
    return it->second;
  }
  template <typename Row> static std::vector<Row> values(std::map<std::pair<std::string, std::string>, Row>& rows) {
    std::vector<Row> out;
    for (auto& [key, row] : rows)
      out.push_back(std::move(row));
    return out;
  }
  std::vector<FeeCounts> rows() && { return values(m_rows); }

private:
  std::map<std::pair<std::string, std::string>, FeeCounts> m_rows;
};

} // namespace

void FeeCounts::add(const FeeCounts& other) {
  declarations += other.declarations;
  assessed += other.assessed;
  payments += other.payments;
  collected += other.collected;
  late_charges += other.late_charges;
  outstanding_at_end += other.outstanding_at_end;
  overdue_at_end += other.overdue_at_end;
  refunds += other.refunds;
  refunded += other.refunded;
  dunning_sent += other.dunning_sent;
  late_payers += other.late_payers;
}

std::vector<FeeCounts> count_fees(sql::Database& db, const FeeQuery& query) {
  FeeTally tally;
  const auto each = [&](const char* sql, const auto& take) {
    const std::string text = with_filter(sql, query);
    auto& s = db.prepare(text);
    bind_query(s, text, query);
    while (s.step())
      take(tally.at(s.text(0), s.text(1)), s);
  };
  each(k_declarations, [](FeeCounts& row, sql::Statement& s) {
    row.declarations += s.int64(2);
    row.refunds += s.int64(3);
    row.refunded += s.int64(4);
  });
  each(k_assessed, [](FeeCounts& row, sql::Statement& s) { row.assessed += s.int64(2); });
  each(k_collected, [](FeeCounts& row, sql::Statement& s) {
    row.payments += s.int64(2);
    row.collected += s.int64(3);
    row.late_charges += s.int64(4);
  });
  each(k_outstanding, [](FeeCounts& row, sql::Statement& s) {
    row.outstanding_at_end += s.int64(2);
    row.overdue_at_end += s.int64(3);
  });
  each(k_dunning, [](FeeCounts& row, sql::Statement& s) {
    row.dunning_sent += s.int64(2);
    row.late_payers += s.int64(3);
  });
  return std::move(tally).rows();
}

std::vector<WaterCounts> count_water_fees(sql::Database& db, const FeeQuery& query) {
  std::map<std::string, WaterCounts> rows;
  const auto each = [&](const char* sql, const auto& take) {
    auto& s = db.prepare(sql);
    bind_query(s, sql, query);
    while (s.step()) {
      auto [it, added] = rows.try_emplace(s.text(0));
      if (added) it->second.fee_period = it->first;
      take(it->second, s);
    }
  };
  each(k_water_declared, [](WaterCounts& row, sql::Statement& s) {
    row.declarations += s.int64(1);
    row.assessed += s.int64(2);
  });
  each(k_water_collected, [](WaterCounts& row, sql::Statement& s) {
    row.payments += s.int64(1);
    row.collected += s.int64(2);
    row.interest += s.int64(3);
  });
  each(k_water_outstanding, [](WaterCounts& row, sql::Statement& s) {
    row.outstanding_at_end += s.int64(1);
    row.overdue_at_end += s.int64(2);
  });
  std::vector<WaterCounts> out;
  for (auto& [period, row] : rows)
    out.push_back(std::move(row));
  return out;
}

} // namespace epb::report
