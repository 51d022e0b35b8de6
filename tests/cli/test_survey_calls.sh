#!/usr/bin/env bash
# epb survey export, record and opt-out: the call list masked by default and in full only after
# the reveal is recorded, its file never the ledger; calls and answers recorded one by one, an
# unreachable member replaced by the next spare of its stratum, the follow-up case a low score
# opens (once, due in 3 working days), opt-outs; every misuse refused with the ledger unchanged.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/survey_lib.sh"

cd "$SCRATCH" || exit 1
survey_world || {
  fail "the survey world could not be built"
  finish
}
export EPB_NOW="2024-01-10 10:00"
# runc ARGS...: run, CSV line ends (CRLF) read as LF.
runc() {
  run "$@"
  OUT=${OUT//$'\r'/}
}
HEADER="sample_id,ref,role,stratum,position,service,unit,closed,district,name,phone,status,attempts,replaces"

# --- export: masked by default ---------------------------------------------------------------
runc survey export 1
expect_rc 0
expect_out "$HEADER
1,PET-113-000006,chosen,district=前金區,1,petition,planning,2024-01-04,前金區,王OO6,0912******,pending,0,
1,PET-113-000001,chosen,district=苓雅區,1,petition,planning,2024-01-04,苓雅區,王OO1,0912******,pending,0,
1,PET-113-000002,chosen,district=苓雅區,2,petition,planning,2024-01-04,苓雅區,王OO2,0912******,pending,0,
1,PET-113-000003,chosen,district=苓雅區,3,petition,planning,2024-01-04,苓雅區,王OO3,0912******,pending,0,
1,PET-113-000004,spare,district=苓雅區,1,petition,planning,2024-01-04,苓雅區,王OO4,0912******,pending,0,
1,PET-113-000005,spare,district=苓雅區,2,petition,planning,2024-01-04,苓雅區,王OO5,0912******,pending,0,"
expect_sql "select count(*) from event where action = 'reveal-pii'" 0
# --excel: the same list after a UTF-8 byte-order mark, for a spreadsheet to read the names right.
runc survey export 1 --excel --output "$SCRATCH/calls-excel.csv"
expect_rc 0
CHECKS=$((CHECKS + 1))
[ "$(head -c 3 "$SCRATCH/calls-excel.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] || fail "--excel wrote no byte-order mark"
CHECKS=$((CHECKS + 1))
[ "$(tail -c +4 "$SCRATCH/calls-excel.csv" | head -1 | tr -d "\r")" = "$HEADER" ] || fail "--excel: the header does not follow the mark"
refuse "epb: error: --excel: *not JSON*" survey export 1 --excel --format json
runc survey export 1 --format json
expect_rc 0
expect_out_contains '"phone":"0912******"'
expect_out_lacks "0912345671"

# --- export --reveal-pii: recorded first, one event per case ----------------------------------
run survey export 1 --reveal-pii --output "$SCRATCH/calls.csv"
expect_rc 0
expect_err "epb: 6 members of sample 1 written to $SCRATCH/calls.csv"
expect_out ""
CHECKS=$((CHECKS + 1))
grep -q "^1,PET-113-000001,chosen,district=苓雅區,1,petition,planning,2024-01-04,苓雅區,王小明1,0912345671,pending,0," \
  "$SCRATCH/calls.csv" || fail "the revealed export lacks the phone in full" "$(cat "$SCRATCH/calls.csv")"
CHECKS=$((CHECKS + 1))
[ "$(stat -c %a "$SCRATCH/calls.csv")" = 600 ] || fail "the call list is not mode 0600"
expect_sql "select count(*), count(distinct subject) from event where action = 'reveal-pii' and command = 'survey export'" \
  "6|6"
run case history PET-113-000004
expect_out_contains "reveal-pii"

# The output file: never the ledger, the config, an existing file without --force.
refuse "epb: error: --output $LEDGER: is the ledger *" survey export 1 --reveal-pii --output "$LEDGER"
refuse "epb: error: --output $LEDGER-wal: is the ledger's *" survey export 1 --output "$LEDGER-wal"
refuse "epb: error: --output $CFG: is the configuration in use*" survey export 1 --output "$CFG"
refuse "epb: error: --output $SCRATCH/calls.csv: *exists*" survey export 1 --output "$SCRATCH/calls.csv"
expect_sql "select count(*) from event where action = 'reveal-pii'" 6
run survey export 1 --output "$SCRATCH/calls.csv" --force
expect_rc 0
CHECKS=$((CHECKS + 1))
grep -q "0912345671" "$SCRATCH/calls.csv" && fail "the masked export over the file still shows phones"
refuse "epb: error: --output: *" survey export 1 --output $'bad\x01name'
run survey export 9
expect_rc 4
expect_err "epb: error: sample 9: no such sample"
refuse "epb: error: ID: *" survey export 0
refuse "epb: error: ID: *" survey export one

# --- record: answers --------------------------------------------------------------------------
run survey record 1 PET-113-000001 --answers 5,4,5 --comment 很好
expect_rc 0
expect_out "PET-113-000001: attempt 1 recorded: answered; responded"
expect_sql "select status, attempts, comment from survey_member_iso where ref = 'PET-113-000001'" "responded|0|很好"
expect_sql "select group_concat(score) from (select score from survey_answer a join survey_member m on m.id = a.member_id
  join case_file c on c.id = m.case_id where c.ref = 'PET-113-000001' order by a.position)" "5,4,5"
run case history PET-113-000001
expect_out_contains "survey-answer"
BEFORE=$(ledger_dump)
run survey record 1 PET-113-000001 --answers 5,4,5 --comment 很好
expect_rc 0
expect_out "PET-113-000001: attempt 1 (answered) was recorded before: unchanged"
CHECKS=$((CHECKS + 1))
[ "$(ledger_dump)" = "$BEFORE" ] || fail "the same answers again changed the ledger"
refuse "epb: error: PET-113-000001: answered already: no further calls" survey record 1 PET-113-000001 --answers 1,1,1
refuse "epb: error: --answers: 6 (item 2, speed) is not on the scale 1..5" survey record 1 PET-113-000002 --answers 5,6,5
refuse "epb: error: --answers: 2 answers for the 3 items of questionnaire petition" \
  survey record 1 PET-113-000002 --answers 5,4
refuse "epb: error: --answers: 'x' (answer 2) is not a whole number" survey record 1 PET-113-000002 --answers 5,x,5
refuse "epb: error: --answers: no item answered*" survey record 1 PET-113-000002 --answers ,,
refuse "epb: error: --answers: give the answers * or the outcome *" survey record 1 PET-113-000002
refuse "epb: error: --answers: give the answers * or the outcome *" survey record 1 PET-113-000002 --answers 5,5,5 \
  --attempt refused
refuse "epb: error: --attempt: unknown outcome 'busy'*" survey record 1 PET-113-000002 --attempt busy
refuse "epb: error: --comment: only with --answers" survey record 1 PET-113-000002 --attempt refused --comment x
refuse "epb: error: --comment: control character*" survey record 1 PET-113-000002 --answers 5,5,5 \
  --comment $'bad\x1b[31m'
refuse "epb: error: REF: invalid UTF-8*" survey record 1 $'PET-113-00000\xff' --answers 5,5,5
refuse "epb: error: --called-at: * is after the command's clock *" survey record 1 PET-113-000002 --answers 5,5,5 \
  --called-at "2024-01-11 10:00"
refuse "epb: error: --number: *" survey record 1 PET-113-000002 --answers 5,5,5 --number 0
refuse "epb: error: PET-113-000004: a spare of sample 1 not yet called*" survey record 1 PET-113-000004 --answers 5,5,5
run survey record 1 PET-113-999999 --answers 5,5,5
expect_rc 4
expect_err "epb: error: PET-113-999999: no such case in the ledger"
EPB_NOW="2024-01-02 11:00" run case open -q --service petition --channel web --subject 其他 --name 李四 \
  --phone 0987654321
refuse "epb: error: PET-113-000007: the case is not in sample 1" survey record 1 PET-113-000007 --answers 5,5,5
run survey record 2 PET-113-000001 --answers 5,5,5
expect_rc 4
expect_err "epb: error: sample 2: no such sample"

# --- record: unreachable after 3 unanswered calls, the next spare takes the place --------------
run survey record 1 PET-113-000002 --attempt no-answer
expect_out "PET-113-000002: attempt 1 recorded: no-answer; pending (1 unanswered)"
run survey record 1 PET-113-000002 --attempt no-answer --called-at "2024-01-09 15:00"
expect_out "PET-113-000002: attempt 2 recorded: no-answer; pending (2 unanswered)"
refuse "epb: error: PET-113-000002: attempt 1 is recorded already as no-answer at *, differently" \
  survey record 1 PET-113-000002 --attempt refused --number 1
run survey record 1 PET-113-000002 --attempt no-answer
expect_rc 0
expect_out "PET-113-000002: attempt 3 recorded: no-answer; unreachable
PET-113-000002: unreachable, replaced by PET-113-000004 (spare 1 of its stratum)"
expect_sql "select called, replaces is not null from survey_member_iso where ref = 'PET-113-000004'" "1|1"
run survey record 1 PET-113-000003 --attempt wrong-number
expect_out "PET-113-000003: attempt 1 recorded: wrong-number; unreachable
PET-113-000003: unreachable, replaced by PET-113-000005 (spare 2 of its stratum)"
run survey record 1 PET-113-000006 --attempt wrong-number
expect_out "PET-113-000006: attempt 1 recorded: wrong-number; unreachable
PET-113-000006: unreachable, and its stratum district=前金區 has no spare left"
refuse "epb: error: PET-113-000006: unreachable: no further calls" survey record 1 PET-113-000006 --attempt no-answer
runc survey export 1
expect_out_contains "1,PET-113-000004,spare,district=苓雅區,1,petition,planning,2024-01-04,苓雅區,王OO4,0912******,pending,0,PET-113-000002"

# --- record: a low score opens the follow-up case, once ----------------------------------------
# Wednesday 2024-01-10: three working days after it are Thu 11, Fri 12, Mon 15.
run survey record 1 PET-113-000004 --answers 5,2,4 --comment 太慢
expect_rc 0
expect_out "PET-113-000004: attempt 1 recorded: answered; responded
PET-113-000004: follow-up case SFU-113-000001 opened, due 2024-01-15"
expect_sql "select service, unit, applicant_name, phone, subject, source_system, source_id, due_date from case_file
  where ref = 'SFU-113-000001'" "survey_follow_up|planning|王小明4|0912345674|滿意度調查二次回覆 PET-113-000004|survey|1:PET-113-000004|2024-01-15"
expect_sql "select follow_up_ref from survey_member_iso where ref = 'PET-113-000004'" "SFU-113-000001"
run case history SFU-113-000001
expect_out_contains "survey-answer"
run survey record 1 PET-113-000004 --answers 5,2,4 --comment 太慢
expect_out "PET-113-000004: attempt 1 (answered) was recorded before: unchanged
PET-113-000004: follow-up case SFU-113-000001 opened before, due 2024-01-15"
expect_sql "select count(*) from case_file where service = 'survey_follow_up'" 1
# The deadline engine takes it like any case: overdue after its due date.
EPB_NOW="2024-01-17 10:00" run case overdue
expect_out_contains "SFU-113-000001"

# --- opt-out ----------------------------------------------------------------------------------
run survey opt-out PET-113-000001 --reason 不願再受訪
expect_rc 0
expect_out "PET-113-000001: its phone is on the opt-out list: no later sample calls it"
expect_sql "select phone, ref, reason from survey_opt_out" "0912345671|PET-113-000001|不願再受訪"
run survey opt-out PET-113-000001
expect_out "PET-113-000001: its phone was on the opt-out list already: unchanged"
expect_sql "select count(*) from event where action = 'survey-opt-out'" 1
refuse "epb: error: --reason: control character*" survey opt-out PET-113-000002 --reason $'x\x07'
run survey opt-out PET-113-999999
expect_rc 4

# --- end to end: a sample drawn by epb survey sample, on the built-in config ---------------------
# The built-in petition questionnaire has four items; the follow-up service is built in too.
# Thursday 2024-02-01 + 3 working days: Fri 2, Mon 5, Tue 6.
unset EPB_CONFIG
export EPB_LEDGER="$SCRATCH/drawn.sqlite" LEDGER="$SCRATCH/drawn.sqlite"
"$EPB_BIN" init -q
for n in 1 2 3 4 5 6 7 8; do
  EPB_NOW="2024-01-02 10:00" "$EPB_BIN" case open -q --service petition --channel phone --subject "噪音 $n" \
    --name "陳美玲" --phone "091234567$n" --address "高雄市苓雅區四維三路${n}號" >/dev/null
  EPB_NOW="2024-01-04 10:00" "$EPB_BIN" case close -q "PET-113-00000$n" --outcome 已改善 >/dev/null
done
export EPB_NOW="2024-02-01 10:00"
run survey sample --service petition --period 2024-01 --rate 1/4 --spares 2 --seed 42
expect_rc 0
expect_out 1
runc survey export 1
expect_rc 0
mapfile -t DRAWN < <(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f2,3)
CHECKS=$((CHECKS + 1))
[ "${#DRAWN[@]}" = 4 ] && [[ "${DRAWN[0]}" == *,chosen ]] && [[ "${DRAWN[1]}" == *,chosen ]] &&
  [[ "${DRAWN[2]}" == *,spare ]] && [[ "${DRAWN[3]}" == *,spare ]] ||
  fail "the call list is not 2 chosen then 2 spares" "$OUT"
FIRST=${DRAWN[0]%,*} SECOND=${DRAWN[1]%,*} SPARE1=${DRAWN[2]%,*}
for n in 1 2; do run survey record 1 "$FIRST" --attempt no-answer; done
run survey record 1 "$FIRST" --attempt no-answer
expect_out "$FIRST: attempt 3 recorded: no-answer; unreachable
$FIRST: unreachable, replaced by $SPARE1 (spare 1 of its stratum)"
refuse "epb: error: --answers: 3 answers for the 4 items of questionnaire petition" \
  survey record 1 "$SECOND" --answers 5,5,5
run survey record 1 "$SPARE1" --answers 5,5,2,5
expect_rc 0
expect_out "$SPARE1: attempt 1 recorded: answered; responded
$SPARE1: follow-up case SFU-113-000001 opened, due 2024-02-06"
runc survey export 1
expect_out_contains "1,$SPARE1,spare,,1,petition,planning,2024-01-04,苓雅區,陳O玲,0912******,responded,0,$FIRST"

run survey record --help
expect_out_contains "--answers"
run survey export --help
expect_out_contains "--reveal-pii"
finish
