#!/usr/bin/env bash
# clone_fee_projects.sh LEDGER COUNT [LATE]: fills LEDGER fast, in one SQL transaction, with
# COUNT copies of its only case (id 1: a fee project declared through epb, one instalment):
# refs CFD-115-000002 on, each with the template's project and declaration rows and one open
# instalment with its own slip (the Luhn digit computed here as epb's payment_slip() does). The
# first LATE copies (default 0) keep the template's due date; the others are due 2026-12-31.
# The same rows epb writes, without the events: for the payment tests and the bench.
set -euo pipefail
ledger=$1 count=$2 late=${3:-0}
[ "$(sqlite3 "$ledger" "select count(*) || ' ' || max(id) from case_file")" = "1 1" ] ||
  { echo "clone_fee_projects.sh: $ledger must hold exactly one case (id 1)" >&2; exit 1; }
year=$(sqlite3 "$ledger" "select substr(ref, 5, 3) from case_file where id = 1")
prefix=$(sqlite3 "$ledger" "select substr(ref, 1, 4) from case_file where id = 1")
slips=$(mktemp)
trap 'rm -f "$slips"' EXIT
awk -v n="$count" -v y="$year" 'BEGIN {
  for (i = 2; i <= n + 1; i++) {
    p = sprintf("%03d%06d%02d", y, i, 1); s = 0; dbl = 1
    for (k = length(p); k >= 1; k--) { d = substr(p, k, 1) + 0; if (dbl) { d *= 2; if (d > 9) d -= 9 } s += d; dbl = !dbl }
    printf "%d,%s%d\n", i, p, (10 - s % 10) % 10
  } }' >"$slips"
columns() { sqlite3 "$ledger" "select group_concat(name, ', ') from pragma_table_info('$1') where name <> 'id'"; }
values() { # values TABLE ALIAS OVERRIDES-SQL-CASE
  sqlite3 "$ledger" "select group_concat(case name $3 else '$2.' || name end, ', ') from pragma_table_info('$1')
    where name <> 'id'"
}
case_values=$(values case_file c "when 'ref' then 'printf(''${prefix}${year}-%06d'', n.i)'")
project_values=$(values fee_project p "when 'case_id' then 'n.i' when 'permit' then 'printf(''P-%06d'', n.i)'")
declaration_values=$(values fee_declaration d "when 'case_id' then 'n.i'")
instalment_values=$(values fee_instalment i "when 'case_id' then 'n.i' when 'declaration_id' then 'n.i'
  when 'slip' then 's.slip' when 'due_date' then 'iif(n.i <= $late + 1, i.due_date, ''2026-12-31'')'")
sqlite3 "$ledger" <<SQL
PRAGMA foreign_keys = ON;
CREATE TEMP TABLE s(i INTEGER PRIMARY KEY, slip TEXT);
.mode csv
.import $slips s
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < $count + 1)
INSERT INTO case_file ($(columns case_file)) SELECT $case_values FROM n, case_file c WHERE c.id = 1 ORDER BY n.i;
WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < $count + 1)
INSERT INTO fee_project ($(columns fee_project)) SELECT $project_values FROM n, fee_project p WHERE p.case_id = 1
ORDER BY n.i;
WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < $count + 1)
INSERT INTO fee_declaration (id, $(columns fee_declaration)) SELECT n.i, $declaration_values FROM n, fee_declaration d
WHERE d.case_id = 1 ORDER BY n.i;
WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < $count + 1)
INSERT INTO fee_instalment ($(columns fee_instalment)) SELECT $instalment_values
FROM n JOIN s ON s.i = n.i, fee_instalment i WHERE i.case_id = 1 ORDER BY n.i;
COMMIT;
SQL
