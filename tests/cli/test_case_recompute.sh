#!/usr/bin/env bash
# epb case recompute: after a typhoon closure, --dry-run lists every open case whose due date
# moves (before and after) and writes nothing; without it the moves are applied and recorded.
source "$(dirname "$0")/lib.sh"

LEDGER="$XDG_DATA_HOME/epb/ledger.sqlite"
sql() { sqlite3 "$LEDGER" "$1"; }
csv() { # csv ARGS...: runs epb ARGS --format csv, with LF line ends.
  run "$@" --format csv
  OUT=${OUT//$'\r'/}
}

run init -q
# Monday 2024-07-22: open cases of several rules, then Typhoon Gaemi closes the offices on
# Thursday 07-25.
export EPB_NOW="2024-07-22 09:00"
run case open --service petition --channel phone --subject 路燈不亮 --name 王小明 --phone 0912345678
expect_err "epb: PET-113-000001 opened: 收件, due 2024-07-25"
run case open --service water_test --channel web --subject 飲用水 --name 林美惠
expect_err "epb: WAT-113-000001 opened: 收件, due 2024-08-05"
# 7 calendar days end on Monday 07-29: a closure before the last day changes nothing (§48).
run case open --service complaint --channel hotline --subject 異味 --name 陳美麗 --phone 07-3351234
expect_err "epb: CMP-113-000001 opened: 受理, due 2024-07-29"
# Already due before the closure: unchanged.
run case open --service petition --channel mail --subject 舊案 --name 張三豐 --received 2024-07-01
expect_err "epb: PET-113-000002 opened: 收件, due 2024-07-04"
# Closed cases are history: unchanged.
run case open --service petition --channel mail --subject 已結 --name 張三豐
run case close PET-113-000003 --outcome 已函復
# Paused: its stored due date is the one before pausing, which the closure moves too.
run case open --service factory_registration --channel web --subject 工廠登記 --applicant-kind organisation \
  --name 大發工業股份有限公司 --business-number 04595252
expect_err "epb: FAC-113-000001 opened: 收件, due 2024-08-09"
run case move FAC-113-000001 assigned
run case move FAC-113-000001 processing
run case pause FAC-113-000001 --note 缺平面圖

# Nothing moves before the calendar changes.
run case recompute --dry-run
expect_rc 0
expect_out ""
expect_err "epb: 0 open cases would move (dry run: nothing written)"

EPB_NOW="2024-07-24 18:00" run calendar close 2024-07-25 --reason 颱風
expect_rc 0

# --dry-run lists ref, before, after and writes nothing.
EVENTS=$(sql 'select count(*) from event')
DUMP=$(sqlite3 "$LEDGER" .dump | sha256sum)
SUM=$(sha256sum <"$LEDGER")
export EPB_NOW="2024-07-26 08:00"
csv case recompute --dry-run
expect_rc 0
expect_out "ref,due_before,due_after,provisional
PET-113-000001,2024-07-25,2024-07-26,false
WAT-113-000001,2024-08-05,2024-08-06,false
FAC-113-000001,2024-08-09,2024-08-12,false"
expect_err "epb: 3 open cases would move (dry run: nothing written)"
run case recompute --dry-run
expect_out_contains "PET-113-000001  2024-07-25  2024-07-26"
run case recompute --dry-run --format jsonl
expect_out '{"ref":"PET-113-000001","due_before":"2024-07-25","due_after":"2024-07-26","provisional":false}
{"ref":"WAT-113-000001","due_before":"2024-08-05","due_after":"2024-08-06","provisional":false}
{"ref":"FAC-113-000001","due_before":"2024-08-09","due_after":"2024-08-12","provisional":false}'
expect_file_unchanged "$LEDGER" "$SUM"
CHECKS=$((CHECKS + 1))
[ "$(sqlite3 "$LEDGER" .dump | sha256sum)" = "$DUMP" ] || fail "recompute --dry-run changed the ledger"
expect_sql 'select count(*) from event' "$EVENTS"
expect_sql "select due_date from case_file where ref = 'PET-113-000001'" "2024-07-25"
# Before the recompute the typhoon day makes PET-113-000001 look late.
run case overdue --count
expect_out "2"

# Applied: the same list, the new due dates stored, one recompute event per moved case.
csv case recompute
expect_rc 0
expect_out "ref,due_before,due_after,provisional
PET-113-000001,2024-07-25,2024-07-26,false
WAT-113-000001,2024-08-05,2024-08-06,false
FAC-113-000001,2024-08-09,2024-08-12,false"
expect_err "epb: 3 open cases moved"
expect_sql 'select count(*) from event' "$((EVENTS + 3))"
run case show PET-113-000001
expect_out_contains "due             2024-07-26"
run case overdue --format csv
OUT=${OUT//$'\r'/}
expect_out "ref,service,unit,status,due,workdays_late,assignee,applicant,subject,provisional
PET-113-000002,petition,planning,received,2024-07-04,15,,張O豐,舊案,false"
csv case history PET-113-000001
expect_out_contains '2024-07-26T08:00:00+08:00,tester,case recompute,recompute,"{""from_due"":""2024-07-25"",""due"":""2024-07-26"",""calendar_version"":""'
expect_sql "select action from event where subject = 'case:PET-113-000001' order by id" "open
recompute"
expect_sql "select due_date, calendar_version like '%+1c-%' from case_file where ref = 'WAT-113-000001'" "2024-08-06|1"
expect_sql "select due_date from case_file where ref in ('CMP-113-000001', 'PET-113-000002', 'PET-113-000003') order by id" \
  "2024-07-29
2024-07-04
2024-07-25"
# The paused case keeps the moved date; resuming adds its 3 working days paused (07-23, 07-24
# and 07-26: the closed 07-25 does not count).
run case resume FAC-113-000001
expect_err "epb: FAC-113-000001 resumed: 審查中, due 2024-08-15"
# A second run finds nothing more to move.
csv case recompute
expect_rc 0
expect_out "ref,due_before,due_after,provisional"
expect_err "epb: 0 open cases moved"
expect_sql 'select count(*) from event' "$((EVENTS + 4))"

finish
