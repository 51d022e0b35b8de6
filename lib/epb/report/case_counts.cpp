// The SQL of case_counts.hpp. Every query reads the cases through one CTE, `eff`: the cases as
// they stood at the as-of moment (cases_as_of.hpp).
#include "epb/report/case_counts.hpp"

#include "epb/report/cases_as_of.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace epb::report {
namespace {

std::string effective_cases(const CaseQuery& query, bool scan_by_service = false) {
  return cases_as_of_cte({"eff", query.then, query.unit.has_value(), query.service.has_value(), scan_by_service});
}

// The cases closed in the period as they stood: rows not rebuilt straight from the index, the
// rebuilt ones from temp.report_case_then.
std::string closed_cases(const CaseQuery& query) {
  std::string filter;
  if (query.unit) filter += " AND c.unit = :unit";
  if (query.service) filter += " AND c.service = :service";
  const std::string plain = fmt::format("SELECT c.unit, c.service, c.received_date, c.closed_date, c.closed_late "
                                        "FROM case_file c INDEXED BY case_report_by_closed "
                                        "WHERE c.closed_date IS NOT NULL AND c.closed_date BETWEEN :from AND :to{}",
                                        filter);
  if (!query.then.any()) return fmt::format("closed AS ({})", plain);
  const std::string absent =
      query.then.absent_ranges
          ? " AND NOT EXISTS (SELECT 1 FROM temp.report_absent a WHERE c.id BETWEEN a.first AND a.last)"
          : "";
  return fmt::format("closed AS ({} AND c.id NOT IN (SELECT id FROM temp.report_case_then){} UNION ALL "
                     "SELECT c.unit, c.service, c.received_date, t.closed_date, t.closed_late FROM "
                     "temp.report_case_then t JOIN case_file c ON c.id = t.id WHERE t.present = 1 AND "
                     "t.closed_date BETWEEN :from AND :to{})",
                     plain, absent, filter);
}

void bind_query(sql::Statement& statement, const CaseQuery& query, bool with_start) {
  statement.bind(":to", query.period.to.iso());
  if (query.unit) statement.bind(":unit", *query.unit);
  if (query.service) statement.bind(":service", *query.service);
  if (with_start) statement.bind(":start", query.start.unix_seconds());
}

// One row per unit and service, in the order of case_report_by_service (no sort). Open and
// overdue at the period end count cases received by then and not closed by then; overdue ones
// were due before it and not paused at it.
constexpr const char* k_by_service = R"sql(
SELECT unit, service,
  sum(received_date >= :from),
  sum(closed_at IS NULL OR closed_at > :end),
  sum(CASE WHEN (closed_at IS NULL OR closed_at > :end) AND due_at < :end THEN NOT EXISTS (
    SELECT 1 FROM case_pause p WHERE p.case_id = eff.id AND p.paused_at <= :end
      AND (p.resumed_at IS NULL OR p.resumed_at > :end)) ELSE 0 END),
  sum(received_date >= :from AND repeat_of <> '')
FROM eff GROUP BY unit, service
)sql";

// The cases closed in the period (a range of case_report_by_closed), by unit, service, working
// days to close and month.
constexpr const char* k_closed = R"sql(
SELECT unit, service, epb_workdays(received_date, closed_date) AS workdays, substr(closed_date, 1, 7) AS month,
  count(*), sum(closed_late = 0)
FROM closed GROUP BY unit, service, workdays, month
)sql";

constexpr const char* k_received_by_month = R"sql(
SELECT substr(received_date, 1, 7), count(*) FROM eff WHERE received_date >= :from GROUP BY 1
)sql";

// Extensions granted and pauses begun in the period, notices sent in it.
constexpr const char* k_extensions = R"sql(
SELECT e.unit, e.service, count(*) FROM case_extension x JOIN eff e ON e.id = x.case_id
WHERE x.at BETWEEN :start AND :end GROUP BY 1, 2
)sql";
constexpr const char* k_pauses = R"sql(
SELECT e.unit, e.service, count(*) FROM case_pause p JOIN eff e ON e.id = p.case_id
WHERE p.paused_at BETWEEN :start AND :end GROUP BY 1, 2
)sql";
constexpr const char* k_notices = R"sql(
SELECT e.unit, e.service, n.level, count(*) FROM notice n JOIN eff e ON e.id = n.case_id
WHERE n.state = 'sent' AND n.sent_at BETWEEN :start AND :end GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
)sql";

class Tally {
public:
  ServiceCounts& at(const std::string& unit, const std::string& service) {
    auto [it, added] = m_rows.try_emplace({unit, service});
    if (added) {
      it->second.unit = unit;
      it->second.service = service;
    }
    return it->second;
  }
  std::vector<ServiceCounts> rows() && {
    std::vector<ServiceCounts> out;
    for (auto& [key, row] : m_rows)
      out.push_back(std::move(row));
    return out;
  }

private:
  std::map<std::pair<std::string, std::string>, ServiceCounts> m_rows;
};

std::string with_cases(const CaseQuery& query, const char* select, bool scan_by_service = false) {
  return fmt::format("WITH {} {}", effective_cases(query, scan_by_service), select);
}

std::vector<MonthCounts> every_month(const Period& period) {
  std::vector<MonthCounts> months;
  for (Date day = period.from; day <= period.to;) {
    months.push_back({fmt::format("{:04}-{:02}", day.year(), day.month())});
    const int year = day.year() + (day.month() == 12 ? 1 : 0);
    day = *Date::from_ymd(year, day.month() % 12 + 1, 1);
  }
  return months;
}

MonthCounts* month_of(std::vector<MonthCounts>& months, std::string_view month) {
  auto found = std::find_if(months.begin(), months.end(), [&](const MonthCounts& m) { return m.month == month; });
  return found == months.end() ? nullptr : &*found;
}

} // namespace

std::optional<int> nearest_rank(const WorkdayHistogram& histogram, int percent) {
  std::int64_t total = 0;
  for (const auto& [days, cases] : histogram)
    total += cases;
  if (total == 0) return std::nullopt;
  const std::int64_t rank = (total * percent + 99) / 100; // ceil(total × percent / 100), at least 1
  std::int64_t seen = 0;
  for (const auto& [days, cases] : histogram) {
    seen += cases;
    if (seen >= std::max<std::int64_t>(rank, 1)) return days;
  }
  return histogram.rbegin()->first;
}

void ServiceCounts::add(const ServiceCounts& other) {
  received += other.received;
  closed += other.closed;
  closed_on_time += other.closed_on_time;
  open_at_end += other.open_at_end;
  overdue_at_end += other.overdue_at_end;
  extensions += other.extensions;
  pauses += other.pauses;
  repeats += other.repeats;
  notices_sent += other.notices_sent;
  closed_outside_calendar += other.closed_outside_calendar;
  for (const auto& [days, cases] : other.workdays_to_close)
    workdays_to_close[days] += cases;
}

CaseCounts count_cases(sql::Database& db, const CaseQuery& query) {
  CaseCounts counts;
  counts.months = every_month(query.period);
  Tally tally;
  auto& by_service = db.prepare(with_cases(query, k_by_service, true));
  bind_query(by_service, query, false);
  by_service.bind(":from", query.period.from.iso()).bind(":end", query.end.unix_seconds());
  while (by_service.step()) {
    ServiceCounts& row = tally.at(by_service.text(0), by_service.text(1));
    row.received += by_service.int64(2);
    row.open_at_end += by_service.int64(3);
    row.overdue_at_end += by_service.int64(4);
    row.repeats += by_service.int64(5);
  }
  auto& closed = db.prepare(fmt::format("WITH {} {}", closed_cases(query), k_closed));
  bind_query(closed, query, false);
  closed.bind(":from", query.period.from.iso());
  while (closed.step()) {
    ServiceCounts& row = tally.at(closed.text(0), closed.text(1));
    const std::int64_t cases = closed.int64(4), on_time = closed.int64(5);
    row.closed += cases;
    row.closed_on_time += on_time;
    if (closed.is_null(2))
      row.closed_outside_calendar += cases;
    else
      row.workdays_to_close[closed.integer(2)] += cases;
    if (MonthCounts* month = month_of(counts.months, closed.text_view(3))) {
      month->closed += cases;
      month->closed_on_time += on_time;
    }
  }
  auto& received = db.prepare(with_cases(query, k_received_by_month));
  bind_query(received, query, false);
  received.bind(":from", query.period.from.iso());
  while (received.step())
    if (MonthCounts* month = month_of(counts.months, received.text_view(0))) month->received += received.int64(1);

  auto tally_dated = [&](const char* select, std::int64_t ServiceCounts::*member) {
    auto& statement = db.prepare(with_cases(query, select));
    bind_query(statement, query, true);
    statement.bind(":end", query.end.unix_seconds());
    while (statement.step())
      tally.at(statement.text(0), statement.text(1)).*member += statement.int64(2);
  };
  tally_dated(k_extensions, &ServiceCounts::extensions);
  tally_dated(k_pauses, &ServiceCounts::pauses);
  auto& notices = db.prepare(with_cases(query, k_notices));
  bind_query(notices, query, true);
  notices.bind(":end", query.end.unix_seconds());
  while (notices.step()) {
    NoticeCounts n{notices.text(0), notices.text(1), notices.text(2), notices.int64(3)};
    tally.at(n.unit, n.service).notices_sent += n.sent;
    counts.notices.push_back(std::move(n));
  }
  counts.services = std::move(tally).rows();
  return counts;
}

} // namespace epb::report
