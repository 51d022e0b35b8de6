#pragma once
// The SQL both open-data datasets start from: every case received by the as-of moment, with
// its closing as the ledger stood at as-of (DOMAIN.md §9: a report for a past moment gives
// the numbers it gave then). A case unchanged since as-of (every case when as-of is now) is
// read from case_file alone; one changed later is looked up in its events: the last close (a
// move into a final state records "closed": true and "late") or reopen at or before as-of.
// Parameters: :as_of (Unix seconds). Columns of `case_as_of`: id, ref, service, unit,
// district, received_at, received_date, due_at, updated (the last change by as-of),
// closed_at and closed_late (NULL: open at as-of).
#include <string_view>

namespace epb::report {

constexpr std::string_view k_case_as_of_cte = R"sql(
case_then AS (
  SELECT c.id, c.ref, c.service, c.unit, c.district, c.received_at, c.received_date, c.due_at,
    CASE WHEN c.updated_at <= :as_of OR c.closed_at <= :as_of THEN c.closed_at END AS closed_now,
    CASE WHEN c.updated_at <= :as_of OR c.closed_at <= :as_of THEN c.closed_late END AS late_now,
    CASE WHEN c.updated_at > :as_of AND (c.closed_at IS NULL OR c.closed_at > :as_of) THEN (
      SELECT e.id FROM event e
      WHERE e.subject = 'case:' || c.ref AND e.at <= :as_of
        AND (e.action = 'reopen' OR json_extract(e.detail, '$.closed') = 1)
      ORDER BY e.id DESC LIMIT 1) END AS turn_id,
    CASE WHEN c.updated_at <= :as_of THEN c.updated_at ELSE coalesce((
      SELECT max(e.at) FROM event e WHERE e.subject = 'case:' || c.ref AND e.at <= :as_of), c.received_at) END
      AS updated
  FROM case_file c
  WHERE c.received_at <= :as_of),
case_as_of AS (
  SELECT s.id, s.ref, s.service, s.unit, s.district, s.received_at, s.received_date, s.due_at, s.updated,
    coalesce(s.closed_now, CASE WHEN t.action <> 'reopen' THEN t.at END) AS closed_at,
    coalesce(s.late_now, CASE WHEN t.action <> 'reopen' THEN coalesce(json_extract(t.detail, '$.late'), 0) END)
      AS closed_late
  FROM case_then s LEFT JOIN event t ON t.id = s.turn_id))sql";

} // namespace epb::report
