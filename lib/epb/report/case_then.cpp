// Rebuilding cases as they stood: case_then.hpp.
#include "epb/report/case_then.hpp"

#include <string>
#include <vector>

namespace epb::report {
namespace {

constexpr const char* k_tables = R"sql(
CREATE TEMP TABLE IF NOT EXISTS report_case_then (id INTEGER PRIMARY KEY, present INTEGER NOT NULL,
  closed_at INTEGER, closed_date TEXT, closed_late INTEGER, due_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE TEMP TABLE IF NOT EXISTS report_absent (first INTEGER NOT NULL, last INTEGER NOT NULL);
DELETE FROM temp.report_case_then;
DELETE FROM temp.report_absent;
)sql";

// Imports after the moment: their cases were not in the ledger yet.
constexpr const char* k_absent = "INSERT INTO temp.report_absent(first, last) SELECT first_case_id, last_case_id "
                                 "FROM import_batch WHERE record_type = 'case' AND at > :as_of";

// Cases with an event after the moment, and cases extended after the period end (their due
// date at the period end was the one before the extension). event_by_at makes the first cheap.
constexpr const char* k_touched = R"sql(
SELECT c.id, c.ref, c.closed_at, c.closed_date, c.closed_late, c.due_at, c.received_at FROM case_file c WHERE c.ref IN (
  SELECT substr(subject, 6) FROM event WHERE at > :as_of AND subject GLOB 'case:*'
  UNION SELECT f.ref FROM case_extension x JOIN case_file f ON f.id = x.case_id WHERE x.at > :end)
ORDER BY c.id
)sql";

constexpr const char* k_history =
    "SELECT action, at, coalesce(json_extract(detail, '$.closed'), 0), coalesce(json_extract(detail, '$.late'), 0), "
    "json_extract(detail, '$.from_due') FROM event WHERE subject = :subject ORDER BY id";

constexpr const char* k_in_absent = "SELECT EXISTS (SELECT 1 FROM temp.report_absent WHERE :id BETWEEN first AND last)";

constexpr const char* k_insert =
    "INSERT INTO temp.report_case_then(id, present, closed_at, closed_date, closed_late, due_at, updated_at) "
    "VALUES (:id, :present, :closed_at, :closed_date, :closed_late, :due_at, :updated_at)";

struct CaseEvent {
  std::string action;
  Instant at;
  bool closes = false; // a close, or a move into a final state
  bool late = false;
  std::optional<std::string> from_due;
};

struct Then {
  bool present = true;
  std::optional<Instant> closed_at;
  std::optional<bool> closed_late;
  Instant due_at;
};

bool is_entry(const CaseEvent& e) { return e.action == "open" || e.action == "import"; }
bool closes_or_reopens(const CaseEvent& e) { return e.closes || e.action == "reopen"; }

// The case at `as_of` from its events: the last close or reopen up to then decides whether it
// was closed; a case with no close or reopen event at all (imported closed) keeps its row's
// close if that came first. Its due date at `period_end` is the one the first later extension
// moved away from.
Then then_of(const std::vector<CaseEvent>& events, std::optional<Instant> row_closed_at, bool row_late, Instant row_due,
             Instant as_of, Instant period_end) {
  Then then{true, std::nullopt, std::nullopt, row_due};
  bool any_close_event = false;
  const CaseEvent* last_before = nullptr;
  bool due_taken = false;
  for (const CaseEvent& e : events) {
    if (is_entry(e) && e.at > as_of) then.present = false;
    if (closes_or_reopens(e)) {
      any_close_event = true;
      if (e.at <= as_of) last_before = &e;
    }
    if (!due_taken && e.action == "extend" && e.at > period_end && e.from_due) {
      if (auto date = Date::from_ymd(std::stoi(e.from_due->substr(0, 4)), std::stoi(e.from_due->substr(5, 2)),
                                     std::stoi(e.from_due->substr(8, 2))))
        then.due_at = Instant::taipei_midnight(*date + 1) + -1;
      due_taken = true;
    }
  }
  if (last_before && last_before->closes) {
    then.closed_at = last_before->at;
    then.closed_late = last_before->late;
  } else if (!any_close_event && row_closed_at && *row_closed_at <= as_of) {
    then.closed_at = row_closed_at;
    then.closed_late = row_late;
  }
  return then;
}

} // namespace

CasesThen rebuild_cases_then(sql::Database& db, Instant as_of, Instant period_end) {
  db.exec(k_tables);
  CasesThen result;
  db.prepare(k_absent).bind(":as_of", as_of.unix_seconds()).run();
  result.absent_ranges = db.changes() > 0;
  if (result.absent_ranges) {
    auto& last =
        db.prepare("SELECT max(at), sum(imported) FROM import_batch WHERE record_type = 'case' AND at > :as_of");
    last.bind(":as_of", as_of.unix_seconds());
    if (last.step() && !last.is_null(0)) {
      result.last_change = Instant(last.int64(0));
      result.changed_after += last.int64(1);
    }
  }
  struct Row {
    std::int64_t id;
    std::string ref;
    std::optional<Instant> closed_at;
    bool late;
    Instant due_at;
    Instant received_at;
  };
  std::vector<Row> rows;
  auto& touched = db.prepare(k_touched);
  touched.bind(":as_of", as_of.unix_seconds()).bind(":end", period_end.unix_seconds());
  while (touched.step())
    rows.push_back({touched.int64(0), touched.text(1),
                    touched.is_null(2) ? std::nullopt : std::optional<Instant>(Instant(touched.int64(2))),
                    !touched.is_null(4) && touched.int64(4) == 1, Instant(touched.int64(5)),
                    Instant(touched.int64(6))});
  auto& history = db.prepare(k_history);
  auto& in_absent = db.prepare(k_in_absent);
  auto& insert = db.prepare(k_insert);
  for (const Row& row : rows) {
    std::vector<CaseEvent> events;
    history.reset().bind(":subject", "case:" + row.ref);
    bool changed = false;
    Instant updated = row.received_at; // its last change up to the moment
    while (history.step()) {
      CaseEvent e{history.text(0), Instant(history.int64(1)), false, history.int64(3) == 1, history.optional_text(4)};
      e.closes = e.action == "close" || (e.action == "move" && history.int64(2) == 1);
      if (e.at <= as_of && e.at > updated) updated = e.at;
      if (e.at > as_of) {
        changed = true;
        if (!result.last_change || e.at > *result.last_change) result.last_change = e.at;
      }
      events.push_back(std::move(e));
    }
    Then then = then_of(events, row.closed_at, row.late, row.due_at, as_of, period_end);
    if (result.absent_ranges) {
      in_absent.reset().bind(":id", row.id);
      if (in_absent.step() && in_absent.int64(0) == 1) then.present = false;
    }
    if (changed) ++result.changed_after;
    insert.reset().bind(":id", row.id).bind(":present", then.present ? 1 : 0);
    if (then.closed_at) {
      insert.bind(":closed_at", then.closed_at->unix_seconds())
          .bind(":closed_date", then.closed_at->taipei_date().iso())
          .bind(":closed_late", *then.closed_late ? 1 : 0);
    } else {
      insert.bind_null(":closed_at").bind_null(":closed_date").bind_null(":closed_late");
    }
    insert.bind(":due_at", then.due_at.unix_seconds()).bind(":updated_at", updated.unix_seconds()).run();
    ++result.rebuilt;
  }
  return result;
}

} // namespace epb::report
