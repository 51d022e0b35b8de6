// ResultsStore: the GROUP BY queries of survey results and coverage. The group column is one
// of four fixed expressions spliced into the SQL text (never a value), so each grouping is its
// own prepared statement.
#include "epb/survey/results_store.hpp"

#include <fmt/format.h>

namespace epb {
namespace {

// The called members of one questionnaire's samples that a ResultsQuery selects. Periods
// overlap when each starts no later than the other ends (ISO dates compare as text). The case
// is joined only when a group or the services need it: it is a random read per member.
constexpr std::string_view k_scope = R"sql(
FROM survey_member m
JOIN survey_sample s ON s.id = m.sample_id{case}{join}
WHERE m.called = 1 AND s.questionnaire = :questionnaire
  AND (:sample IS NULL OR m.sample_id = :sample){services}
  AND (:from = '' OR (s.period_from <= :to AND s.period_to >= :from)){where})sql";
constexpr std::string_view k_join_case = "\nJOIN case_file c ON c.id = m.case_id";
constexpr std::string_view k_of_services = "\n  AND instr(:services, ',' || c.service || ',') > 0";

constexpr std::string_view k_member_counts = R"sql(
SELECT {group}, count(*), sum(m.status = 'responded'), sum(m.status = 'refused'), sum(m.status = 'unreachable'),
  sum(m.status = 'pending') {scope}
GROUP BY 1 ORDER BY 1)sql";

// Per responded member with answers: how many answered items are not satisfied (`:satisfied`
// is ",5,4,"); a member with none is satisfied. Faster as its own pass over the answers than
// folded into the members' pass (a LEFT JOIN of every member).
constexpr std::string_view k_satisfied_counts = R"sql(
SELECT g, count(*), sum(unsatisfied = 0) FROM (
  SELECT {group} AS g, sum(instr(:satisfied, ',' || a.score || ',') = 0) AS unsatisfied {scope}
  GROUP BY m.id)
GROUP BY g ORDER BY g)sql";

constexpr std::string_view k_score_counts = R"sql(
SELECT {group}, a.item, a.score, count(*) {scope}
GROUP BY 1, 2, 3 ORDER BY 1, 2, 3)sql";

constexpr std::string_view k_follow_ups = R"sql(
SELECT m.sample_id, c.ref,
  coalesce((SELECT group_concat(low.item || '=' || low.score, ',') FROM (
    SELECT l.item, l.score FROM survey_answer l WHERE l.member_id = m.id AND l.score <= :low ORDER BY l.position) low),
    ''),
  coalesce(f.ref, ''), coalesce(f.status, ''), coalesce(f.due_date, '') {scope}
ORDER BY m.sample_id, c.ref)sql";

constexpr std::string_view k_answered = " AND m.status = 'responded' AND a.score IS NOT NULL";
constexpr std::string_view k_join_answers = "\nJOIN survey_answer a ON a.member_id = m.id";
constexpr std::string_view k_join_follow_up = "\nLEFT JOIN case_file f ON f.id = m.follow_up_case";
constexpr std::string_view k_low_scores = R"sql( AND m.status = 'responded'
  AND EXISTS (SELECT 1 FROM survey_answer l WHERE l.member_id = m.id AND l.score <= :low))sql";

constexpr std::string_view k_questionnaires = R"sql(
SELECT DISTINCT s.questionnaire FROM survey_sample s
WHERE (:sample IS NULL OR s.id = :sample) AND (:from = '' OR (s.period_from <= :to AND s.period_to >= :from))
ORDER BY 1)sql";

constexpr std::string_view k_sample_exists = "SELECT 1 FROM survey_sample WHERE id = :id";

// A case counts as surveyed when it is a called member of any sample, whatever the sample's period.
constexpr std::string_view k_coverage = R"sql(
SELECT substr(c.closed_date, 1, 7), count(*),
  sum(EXISTS (SELECT 1 FROM survey_member m WHERE m.case_id = c.id AND m.called = 1))
FROM case_file c WHERE c.service = :service AND c.closed_date >= :from AND c.closed_date <= :to
GROUP BY 1 ORDER BY 1)sql";

std::string_view group_expression(ResultsGrouping by) {
  switch (by) {
  case ResultsGrouping::unit: return "c.unit";
  case ResultsGrouping::service: return "c.service";
  case ResultsGrouping::district: return "c.district";
  case ResultsGrouping::overall: break;
  }
  return "''";
}

// With ResultsQuery::as_of: the members then on the call list, and each one's status then. Every
// outcome is a call (survey_attempt): a member whose last call came after the moment was pending.
constexpr std::string_view k_as_of_scope = R"sql(
  AND s.drawn_at <= :as_of AND (m.role = 'chosen' OR m.promoted_at <= :as_of))sql";
constexpr std::string_view k_status_then = R"sql((CASE WHEN m.status = 'pending' OR coalesce((
  SELECT max(t.called_at) FROM survey_attempt t WHERE t.member_id = m.id), 0) <= :as_of THEN m.status
  ELSE 'pending' END))sql";

// `sql` with every m.status read as the status at the as-of moment.
std::string status_then(std::string sql) {
  constexpr std::string_view status = "m.status";
  for (auto at = sql.find(status); at != std::string::npos; at = sql.find(status, at + k_status_then.size()))
    sql.replace(at, status.size(), k_status_then);
  return sql;
}

bool needs_case(const ResultsQuery& query) { return query.by != ResultsGrouping::overall || !query.services.empty(); }

std::string scoped_sql(std::string_view sql, const ResultsQuery& query, std::string_view join, std::string_view where,
                       bool with_case = false) {
  with_case = with_case || needs_case(query);
  std::string scope =
      fmt::format(fmt::runtime(k_scope), fmt::arg("case", with_case ? k_join_case : ""), fmt::arg("join", join),
                  fmt::arg("services", query.services.empty() ? "" : k_of_services), fmt::arg("where", where));
  if (query.as_of) scope += k_as_of_scope;
  std::string text =
      fmt::format(fmt::runtime(sql), fmt::arg("group", group_expression(query.by)), fmt::arg("scope", scope));
  return query.as_of ? status_then(std::move(text)) : text;
}

std::string service_list(const std::vector<std::string>& services) {
  if (services.empty()) return {};
  std::string list = ",";
  for (const std::string& service : services)
    list += service + ",";
  return list;
}

// The sample and its period; the services filter members, so the sample-level queries leave them out.
void bind_samples(sql::Statement& s, const ResultsQuery& query) {
  s.bind(":sample", query.sample);
  s.bind(":from", query.period ? query.period->from.iso() : std::string());
  s.bind(":to", query.period ? query.period->to.iso() : std::string());
}

void bind_scope(sql::Statement& s, const ResultsQuery& query) {
  bind_samples(s, query);
  if (!query.services.empty()) s.bind(":services", service_list(query.services));
  if (query.as_of) s.bind(":as_of", query.as_of->unix_seconds());
}

constexpr std::int64_t k_mapped_bytes = std::int64_t{1} << 30;

} // namespace

ResultsStore::ResultsStore(Ledger& ledger) : m_db(ledger.db()), m_mapped(m_db, "mmap_size", k_mapped_bytes, true) {}

sql::Statement& ResultsStore::scoped(std::string_view sql, const ResultsQuery& query, std::string_view questionnaire) {
  auto& s = m_db.prepare(sql);
  s.bind(":questionnaire", questionnaire);
  bind_scope(s, query);
  return s;
}

bool ResultsStore::sample_exists(std::int64_t id) {
  auto& s = m_db.prepare(k_sample_exists);
  s.bind(":id", id);
  const bool found = s.step();
  s.reset();
  return found;
}

std::vector<std::string> ResultsStore::questionnaires(const ResultsQuery& query) {
  auto& s = m_db.prepare(k_questionnaires);
  bind_samples(s, query);
  std::vector<std::string> codes;
  while (s.step())
    codes.push_back(s.text(0));
  return codes;
}

std::vector<MemberCountRow> ResultsStore::member_counts(const ResultsQuery& query, std::string_view questionnaire,
                                                        std::string_view satisfied) {
  std::vector<MemberCountRow> rows;
  auto& s = scoped(scoped_sql(k_member_counts, query, "", ""), query, questionnaire);
  while (s.step())
    rows.push_back({s.text(0), s.int64(1), s.int64(2), s.int64(3), s.int64(4), s.int64(5)});
  auto& a = m_db.prepare(scoped_sql(k_satisfied_counts, query, k_join_answers, k_answered));
  a.bind(":satisfied", satisfied);
  a.bind(":questionnaire", questionnaire);
  bind_scope(a, query);
  // Both are ordered by group; a group with answers has members.
  auto row = rows.begin();
  while (a.step()) {
    const std::string group = a.text(0);
    while (row != rows.end() && row->group < group)
      ++row;
    if (row == rows.end() || row->group != group) continue;
    row->rated = a.int64(1);
    row->all_satisfied = a.int64(2);
  }
  return rows;
}

std::vector<ScoreCountRow> ResultsStore::score_counts(const ResultsQuery& query, std::string_view questionnaire) {
  auto& s = scoped(scoped_sql(k_score_counts, query, k_join_answers, k_answered), query, questionnaire);
  std::vector<ScoreCountRow> rows;
  while (s.step())
    rows.push_back({s.text(0), s.text(1), s.integer(2), s.int64(3)});
  return rows;
}

void ResultsStore::follow_ups(const ResultsQuery& query, std::string_view questionnaire, int low,
                              const std::function<void(const FollowUpStoredRow&)>& visit) {
  auto& s = m_db.prepare(scoped_sql(k_follow_ups, query, k_join_follow_up, k_low_scores, true));
  s.bind(":low", low);
  s.bind(":questionnaire", questionnaire);
  bind_scope(s, query);
  while (s.step())
    visit({s.int64(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5)});
}

std::vector<CoverageCountRow> ResultsStore::coverage(std::string_view service, Date from, Date to) {
  auto& s = m_db.prepare(k_coverage);
  s.bind(":service", service);
  s.bind(":from", from.iso());
  s.bind(":to", to.iso());
  std::vector<CoverageCountRow> rows;
  while (s.step())
    rows.push_back({s.text(0), s.int64(1), s.int64(2)});
  return rows;
}

} // namespace epb
