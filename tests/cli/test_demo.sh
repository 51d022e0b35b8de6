#!/usr/bin/env bash
# epb demo: a sample ledger in a place of its own, never the user's; the overdue summary per unit.
source "$(dirname "$0")/lib.sh"

DEMO="$XDG_DATA_HOME/epb/demo/ledger.sqlite"
USER_LEDGER="$XDG_DATA_HOME/epb/ledger.sqlite"
HEADER="unit,unit_name,open,overdue,oldest_due,max_workdays_late"
AS_OF=2026-11-02T09:00

expect_file() {
  CHECKS=$((CHECKS + 1))
  [ -f "$1" ] || fail "$1 does not exist"
}
expect_no_file() {
  CHECKS=$((CHECKS + 1))
  [ ! -e "$1" ] || fail "$1 exists"
}

run demo --cases 300 --as-of "$AS_OF" --format csv
expect_rc 0
CHECKS=$((CHECKS + 1))
[ "$(printf '%s\n' "$OUT" | head -n 1 | tr -d '\r')" = "$HEADER" ] || fail "csv header" "$OUT"
for unit in planning inspection air-noise waste soil-water testing sanitation secretariat; do
  CHECKS=$((CHECKS + 1))
  printf '%s\n' "$OUT" | grep -q "^$unit," || fail "no row for unit $unit" "$OUT"
done
expect_out_contains "planning,綜計科,"
# Units without services have nothing open.
expect_out_contains "soil-water,土水科,0,0,,0"
expect_err_contains "epb: demo ledger $DEMO: 300 cases up to 2026-11-02: "
expect_err_contains "epb: try it: epb --ledger $DEMO --as-of 2026-11-02T09:00:00+08:00 case overdue"
expect_file "$DEMO"
expect_no_file "$USER_LEDGER"
FIRST=$OUT

expect_err_contains "epb: subsidies 2018: 300 applications, "
# The fee year (test_demo_fee.sh plays its dunning): projects, money, late payers, settlements.
CHECKS=$((CHECKS + 1))
printf '%s\n' "$ERR" | grep -qE '^epb: fees: 40 projects, NT\$[0-9,]+ assessed, NT\$[0-9,]+ collected, NT\$[0-9,]+ outstanding, [0-9]+ late payers; settlements: 1 with a refund \(NT\$[0-9,]+\), 1 with a top-up \(NT\$[0-9,]+\)$' ||
  fail "no fee line" "$ERR"
expect_sql "select count(*) from fee_project" "40" "$DEMO"
expect_err_contains "; batch PAY-107-0001 paid NT$"
# The year's results report, a page beside the demo ledger, and the line that says where.
REPORT="$XDG_DATA_HOME/epb/demo/annual-2026.html"
expect_err_contains "epb: the year's results report: $REPORT (open it in a browser)"
expect_file "$REPORT"
CHECKS=$((CHECKS + 1))
grep -q '<svg' "$REPORT" && grep -q 'planning' "$REPORT" || fail "the demo's report lacks its charts or rows"
# The season's satisfaction survey: sample 1, 1 in 10 of the paid subsidies by district, called.
SURVEY_LINE=$(printf '%s\n' "$ERR" | grep '^epb: survey: sample 1 of the 2018 paid subsidies (')
CHECKS=$((CHECKS + 1))
printf '%s\n' "$SURVEY_LINE" | grep -qE '^epb: survey: sample 1 of the 2018 paid subsidies \([0-9]+ with a phone\): 1 in 10 by district, [0-9]+ strata, [0-9]+ chosen and [0-9]+ spares; [0-9]+ calls, [0-9]+ answered, 1 refused, [1-9][0-9]* not reached \([1-9][0-9]* spares called\), [1-9][0-9]* follow-up cases$' ||
  fail "no survey line" "$ERR"
expect_err_contains "epb: survey results: epb --ledger $DEMO survey results --sample 1 --by district"
ANSWERED=$(printf '%s\n' "$SURVEY_LINE" | sed -E 's/.* ([0-9]+) answered.*/\1/')
FOLLOW_UPS=$(printf '%s\n' "$SURVEY_LINE" | sed -E 's/.* ([0-9]+) follow-up cases$/\1/')
expect_sql "select count(*) from survey_member where status = 'responded'" "$ANSWERED" "$DEMO"
expect_sql "select count(*) from survey_member where status = 'refused'" "1" "$DEMO"
expect_sql "select count(*) from survey_member where status = 'pending' and called" "0" "$DEMO"
expect_sql "select count(*) from survey_member where status = 'unreachable' and attempts = 3" \
  "$(sqlite3 "$DEMO" "select count(*) from survey_member where role = 'spare' and called and replaces is not null")" "$DEMO"
# Each low score's second reply was answered and closed the same day, on time.
expect_sql "select count(*) from case_file where service = 'survey_follow_up' and status = 'closed' and closed_late = 0" \
  "$FOLLOW_UPS" "$DEMO"
run --ledger "$DEMO" survey verify 1
expect_rc 0
expect_out_contains "survey sample 1: identical"

# The subsidy season of 2018 on the demo ledger, with the bureau's own config: the budget has
# committed, paid and remaining money (cap = committed + paid + remaining on every line).
run --ledger "$DEMO" subsidy budget --format csv
expect_rc 0
expect_out_contains "year,kind,cap,committed,paid,remaining,applications,approved,paid_count"
expect_out_contains "2018,scrap_buy_other,20000000,"
CHECKS=$((CHECKS + 1))
printf '%s\n' "$OUT" | tail -n +2 | awk -F, '$3 != $4 + $5 + $6 || $5 == 0 { bad = 1 } END { exit bad }' ||
  fail "budget lines do not add up, or nothing paid" "$OUT"
CHECKS=$((CHECKS + 1))
printf '%s\n' "$OUT" | tail -n +2 | awk -F, '{ committed += $4 } END { exit committed == 0 }' || fail "nothing committed" "$OUT"
# A double-dipped application: the check names the rule, the rejection gave it as the reason.
DIPPED=$(sqlite3 "$DEMO" "select c.ref from case_file c join subsidy_application s on s.case_id = c.id where s.decision_reason like 'scrapped_plate_subsidised%' order by c.ref limit 1")
run --ledger "$DEMO" subsidy check "$DIPPED" --format csv
expect_rc 0
expect_out_contains "$DIPPED,false,scrapped_plate_subsidised,the scrapped plate "
run --ledger "$DEMO" subsidy show "$DIPPED" --format csv
expect_rc 0
expect_out_contains "status,rejected"
expect_out_contains "decision_reason,scrapped_plate_subsidised: "
# Masked by default: the ID and the account number show only their ends.
CHECKS=$((CHECKS + 1))
printf '%s\n' "$OUT" | tr -d '\r' | grep -qE '^applicant_id,[A-Z][0-9]{2}\*{4}[0-9]{3}$' || fail "applicant_id not masked" "$OUT"
CHECKS=$((CHECKS + 1))
printf '%s\n' "$OUT" | tr -d '\r' | grep -qE '^account_number,\*+[0-9]{4}$' || fail "account_number not masked" "$OUT"
expect_sql "select count(*) from payment_item where state = 'failed'" "1" "$DEMO"
# The progress lookup on a paid application: by its scrapped plate and the phone's last 4 digits.
IFS='|' read -r PAID_REF PLATE LAST4 < <(sqlite3 "$DEMO" "select c.ref, s.scrapped_plate, c.phone_last4
  from case_file c join subsidy_application s on s.case_id = c.id
  where c.status = 'paid' and s.scrapped_plate <> '' order by c.ref limit 1")
run --ledger "$DEMO" --as-of "$AS_OF" subsidy status --plate "$PLATE" --phone-last4 "$LAST4" --format csv
expect_rc 0
expect_out_contains "$PAID_REF,paid,2018-"
expect_sql "select count(*) from subsidy_application where corrections = 1" \
  "$(sqlite3 "$DEMO" "select count(*) from event where action = 'move' and subject like 'case:SUB-%' and json_extract(detail, '$.to') = 'documents'")" "$DEMO"
CHECKS=$((CHECKS + 1))
[ "$(stat -c %a "$(dirname "$DEMO")/subsidy-roster.csv")" = 600 ] || fail "roster mode"

# The demo ledger is a sound ledger of this schema.
run --ledger "$DEMO" db check
expect_rc 0
expect_out_contains "ok: $DEMO"
expect_no_file "$USER_LEDGER"

# Rebuilt from scratch on each run; the same seed gives the same figures, another seed others.
run demo --cases 300 --as-of "$AS_OF" --format csv -q
expect_rc 0
expect_out "$FIRST"
expect_err ""
run demo --cases 300 --as-of "$AS_OF" --format csv -q --seed 7
expect_rc 0
CHECKS=$((CHECKS + 1))
[ "$OUT" != "$FIRST" ] || fail "--seed changed nothing"

# --format and --lang are honoured.
run demo --cases 100 --as-of "$AS_OF" --format json --lang en -q
expect_rc 0
expect_out_contains '{"unit":"planning","unit_name":"Comprehensive Planning Division","open":'
expect_out_contains '"unit":"secretariat","unit_name":"Secretariat","open":0,"overdue":0,"oldest_due":"","max_workdays_late":0}'
run demo --cases 100 --as-of "$AS_OF" --format tsv --date-style roc -q
expect_rc 0
CHECKS=$((CHECKS + 1))
printf '%s\n' "$OUT" | grep -qP '^inspection\t環稽科\t\d+\t\d+\t115/\d\d/\d\d\t\d+$' || fail "tsv row with ROC date" "$OUT"

# A clock past the calendar's room is moved back, and the demo says so.
run demo --cases 50 --as-of 2027-12-20
expect_rc 0
expect_err_contains "epb: the demo's clock is 2027-11-02T09:00:00+08:00: the office calendar ends with 2027"
run demo --cases 50 --as-of 2017-06-01
expect_rc 3
expect_err "epb: error: date 2017-06-01: outside the office calendar (2018–2027, provisional to 2100); import the year with 'epb calendar import'"

# Never the user's ledger: the same path (however written) is refused and left alone.
run --ledger "$SCRATCH/mine.sqlite" demo --demo-ledger "$SCRATCH/mine.sqlite" --cases 10
expect_rc 3
expect_err "epb: error: --demo-ledger $SCRATCH/mine.sqlite: is the ledger ($SCRATCH/mine.sqlite); epb never writes over it"
expect_no_file "$SCRATCH/mine.sqlite"
run --ledger "$SCRATCH/./mine.sqlite" demo --demo-ledger "$SCRATCH/sub/../mine.sqlite" --cases 10
expect_rc 3
BEFORE=$(sha256sum <"$DEMO")
EPB_LEDGER="$DEMO" run demo --cases 10
expect_rc 3
expect_file_unchanged "$DEMO" "$BEFORE"

# A file the demo did not make is never replaced: neither a real ledger nor anything else.
run --ledger "$SCRATCH/real.sqlite" init -q
expect_rc 0
REAL=$(sha256sum <"$SCRATCH/real.sqlite")
run demo --demo-ledger "$SCRATCH/real.sqlite" --cases 10
expect_rc 3
expect_err "epb: error: demo ledger $SCRATCH/real.sqlite: the file exists and was not made by 'epb demo'; remove it yourself or choose another path"
expect_file_unchanged "$SCRATCH/real.sqlite" "$REAL"
# A demo ledger made by an earlier epb (schema 6, with the demo's mark) is replaced, not refused:
# upgrading epb must not make `scripts/run demo` fail.
sqlite3 "$SCRATCH/old-demo.sqlite" <"$EPB_SOURCE_DIR/tests/cli/fixtures/ledger-v6.sql"
sqlite3 "$SCRATCH/old-demo.sqlite" "INSERT INTO event(at, actor, command, subject, action)
  VALUES ('2026-01-01T00:00:00Z', 'demo', 'demo', 'demo', 'create')"
run demo --demo-ledger "$SCRATCH/old-demo.sqlite" --cases 10 --subsidies 0 --fee-projects 0
expect_rc 0
expect_sql "select count(*) from case_file" "10" "$SCRATCH/old-demo.sqlite"
printf 'precious\n' >"$SCRATCH/notes.txt"
run demo --demo-ledger "$SCRATCH/notes.txt" --cases 10
expect_rc 3
expect_file_unchanged "$SCRATCH/notes.txt" "$(printf 'precious\n' | sha256sum)"

# Another location works, and bad option values are usage errors.
run demo --demo-ledger "$SCRATCH/elsewhere/demo.sqlite" --cases 20 --as-of "$AS_OF" -q
expect_rc 0
expect_file "$SCRATCH/elsewhere/demo.sqlite"
# A bare file name: the demo's epb.toml goes beside it (it once went to /epb.toml), and the
# hints name absolute paths that work from anywhere.
mkdir -p "$SCRATCH/here"
pushd "$SCRATCH/here" >/dev/null
run demo --demo-ledger bare.sqlite --cases 10 --as-of "$AS_OF"
popd >/dev/null
expect_rc 0
expect_file "$SCRATCH/here/bare.sqlite"
expect_file "$SCRATCH/here/epb.toml"
expect_err_contains "--config $SCRATCH/here/epb.toml --as-of"
expect_err_contains "(they land in $SCRATCH/here)"
refuse "epb: error: --cases: must be from 1 to 100000" demo --cases 0
refuse "epb: error: --cases: must be from 1 to 100000" demo --cases 100001
refuse "epb: error: --cases: 'many' is not a whole number" demo --cases many
refuse "epb: error: --seed: must be at least 0" demo --seed -1
refuse "epb: error: --subsidies: must be from 0 to 5000" demo --subsidies 5001
refuse "epb: error: --fee-projects: must be from 0 to 1000" demo --fee-projects 1001
refuse "epb: error: --fee-projects: must be from 0 to 1000" demo --fee-projects -1
refuse "epb: error: --seed: 'abc' is not a whole number" demo --seed abc
refuse "epb: error: --sample-csv: must be from 1 to 100000000" demo --sample-csv 0
refuse "epb: error: --invalid-percent: must be from 0 to 100" demo --sample-csv 10 --invalid-percent 101
refuse "epb: error: --invalid-percent: 'half' is not a whole number" demo --sample-csv 10 --invalid-percent half
expect_no_file "$USER_LEDGER"

finish
