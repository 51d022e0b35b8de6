#!/usr/bin/env bash
# Crash matrix of epb survey import, calendar import and case recompute (issue 14 §3): each is
# killed -9 at 24 points drawn over its writing system calls. After each kill `epb db check`
# passes and the ledger is as before or as after the whole command; running it again completes.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/crash_lib.sh"
source "$(dirname "$0")/calendar_files.sh"

cd "$SCRATCH" || exit 1
LEDGER="$SCRATCH/demo.sqlite"

# --- survey import: the call centre's answers to a sample of the demo's paid subsidies -------
"$EPB_BIN" demo --cases 300 --demo-ledger "$LEDGER" >/dev/null 2>&1
export EPB_LEDGER=$LEDGER
export EPB_NOW="2019-02-01 10:00"
run survey sample --service subsidy --period 2018 --rate 1/2 --strata district --spares 1 --seed 20190201 -q
expect_rc 0
SAMPLE=$(q 'select max(id) from survey_sample')
run survey export "$SAMPLE"
expect_rc 0
printf '%s\n' "$OUT" | awk -F, 'NR == 1 { print "ref,process,speed,staff,overall" } $3 == "chosen" { print $2 ",5,4,5,4" }' \
  >answers.csv
ANSWERS=$(($(wc -l <answers.csv) - 1))
check "answers to import: $ANSWERS" [ "$ANSWERS" -ge 20 ]
save_ledger sampled
crash_after_kill() {
  run survey import "$SAMPLE" answers.csv
  expect_rc 0
  check "survey import again: all answered" \
    [ "$(q "select count(distinct a.member_id) from survey_answer a join survey_member m on m.id = a.member_id
      where m.sample_id = $SAMPLE")" = "$ANSWERS" ]
}
crash_all_or_nothing "survey import" sampled 24 survey import "$SAMPLE" answers.csv
unset -f crash_after_kill

# --- calendar import, then case recompute: a typhoon's days off in the official 2026 file ----
LEDGER="$SCRATCH/cases.sqlite"
export EPB_LEDGER=$LEDGER EPB_NOW="2026-11-02 09:00"
run init -q
"$EPB_BIN" demo --sample-csv 3000 >cases.csv
run case import cases.csv -q
expect_rc 0
gov_calendar 2026 --off 2026-11-03=颱風停班 --off 2026-11-04=颱風停班 --off 2026-11-05=颱風停班 >2026.csv
save_ledger imported
crash_after_kill() {
  run calendar import 2026.csv --replace
  expect_rc 0
}
crash_all_or_nothing "calendar import" imported 24 calendar import 2026.csv --replace
unset -f crash_after_kill

restore_ledger imported
run calendar import 2026.csv --replace
expect_rc 0
save_ledger closed
run case recompute --dry-run
MOVES=$(printf '%s\n' "$OUT" | grep -c '^[A-Z]\{3\}-')
check "case recompute moves many cases: $MOVES" [ "$MOVES" -ge 30 ]
crash_after_kill() {
  run case recompute
  expect_rc 0
  run case recompute --dry-run
  expect_out ""
}
crash_all_or_nothing "case recompute" closed 24 case recompute

finish
