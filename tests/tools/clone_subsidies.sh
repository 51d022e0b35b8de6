#!/usr/bin/env bash
# clone_subsidies.sh LEDGER COUNT [APPROVED]: fills LEDGER fast, in one SQL transaction, with
# COUNT copies of its only case (id 1: an approved subsidy application opened through epb):
# refs SUB-107-000002 on, the first APPROVED copies (default: all) approved with the template's
# amount, the others under review with no amount. For the payment tests and the bench, which
# need many approved applications; the copies share the template's applicant and vehicles, so
# eligibility (double-dipping) would refuse them: only batching, results and budgets use them.
set -euo pipefail
ledger=$1 count=$2 approved=${3:-$2}
[ "$(sqlite3 "$ledger" "select count(*) || ' ' || max(id) from case_file")" = "1 1" ] ||
  { echo "clone_subsidies.sh: $ledger must hold exactly one case (id 1)" >&2; exit 1; }
# The copy's columns: every column but id, the ref and the state replaced.
case_values=$(sqlite3 "$ledger" "select group_concat(case name
  when 'ref' then 'printf(''SUB-107-%06d'', n.i)'
  when 'status' then 'iif(n.i <= $approved + 1, c.status, ''reviewing'')'
  else 'c.' || name end, ', ') from pragma_table_info('case_file') where name <> 'id'")
case_columns=$(sqlite3 "$ledger" "select group_concat(name, ', ') from pragma_table_info('case_file') where name <> 'id'")
sub_values=$(sqlite3 "$ledger" "select group_concat(case name
  when 'case_id' then 'n.i'
  when 'amount' then 'iif(n.i <= $approved + 1, s.amount, NULL)'
  when 'approved_at' then 'iif(n.i <= $approved + 1, s.approved_at, NULL)'
  else 's.' || name end, ', ') from pragma_table_info('subsidy_application') where name <> 'id'")
sub_columns=$(sqlite3 "$ledger" "select group_concat(name, ', ') from pragma_table_info('subsidy_application') where name <> 'id'")
sqlite3 "$ledger" <<SQL
PRAGMA foreign_keys = ON;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < $count + 1)
INSERT INTO case_file ($case_columns) SELECT $case_values FROM n, case_file c WHERE c.id = 1 ORDER BY n.i;
WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < $count + 1)
INSERT INTO subsidy_application ($sub_columns) SELECT $sub_values FROM n, subsidy_application s
WHERE s.case_id = 1 ORDER BY n.i;
COMMIT;
SQL
