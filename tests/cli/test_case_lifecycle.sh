#!/usr/bin/env bash
# epb case move, pause, resume, extend, assign, note, close, reopen and history: moves only
# along the SOP, every forbidden move refused with nothing written, the deadline arithmetic
# of pauses and extensions across holidays and make-up Saturdays, one event per change.
source "$(dirname "$0")/lib.sh"

LEDGER="$XDG_DATA_HOME/epb/ledger.sqlite"
sql() { sqlite3 "$LEDGER" "$1"; }
at() { # at WHEN ARGS...: runs epb with the clock at WHEN.
  local when=$1
  shift
  EPB_NOW="$when" run "$@"
}
csv() { # csv ARGS...: runs epb ARGS --format csv, with LF line ends.
  run "$@" --format csv
  OUT=${OUT//$'\r'/}
}
snapshot() { SNAPSHOT=$(sqlite3 "$LEDGER" .dump | sha256sum); }
expect_unchanged() {
  CHECKS=$((CHECKS + 1))
  [ "$(sqlite3 "$LEDGER" .dump | sha256sum)" = "$SNAPSHOT" ] || fail "the ledger changed"
}
# refused RC "STDERR" ARGS...: `epb ARGS` exits RC with exactly STDERR and writes nothing.
refused() {
  local rc=$1 want=$2
  shift 2
  snapshot
  run "$@"
  expect_rc "$rc"
  expect_out ""
  expect_err "$want"
  expect_unchanged
}

run init -q

# --- The issue's example: received Thursday 2023-01-19, due 2023-02-01 (the 3rd working day, past
# the Lunar New Year); paused on 01-30 and resumed on 02-01 (2 working days), due 2023-02-03.
P=PET-112-000001
at "2023-01-19 09:30" case open --service petition --channel phone --subject 路燈不亮 --name 王小明 --phone 0912345678
expect_out "$P"
at "2023-01-19 10:00" case assign $P --to 張科員
expect_rc 0
expect_out "$P"
expect_err "epb: $P assigned: 收件, due 2023-02-01"
at "2023-01-19 10:00" case move $P assigned --note 分辦綜計科
expect_err "epb: $P moved: 分辦, due 2023-02-01"
at "2023-01-30 09:00" case move $P processing
expect_rc 0
at "2023-01-30 10:00" case pause $P --note 請陳情人補充地點
expect_rc 0
expect_err "epb: $P paused: 待陳情人補充, due 2023-02-01"
EPB_NOW="2023-01-31 10:00" refused 3 "epb: error: case $P: is already paused (waiting_docs)" case pause $P
# While paused the case is not overdue, even past its due date.
at "2023-02-01 09:00" case list --paused --format csv
expect_out_contains "$P,petition,planning,phone,waiting_docs,"
expect_out_contains ",2023-02-01,3 workdays,張科員,2023-01-30T10:00:00+08:00,0,"
at "2023-02-02 09:00" case overdue --count
expect_out "0"
at "2023-02-01 10:00" case resume $P --note 已補充地點
expect_rc 0
expect_err "epb: $P resumed: 處理中, due 2023-02-03"
expect_sql "select paused_at, resumed_at from case_pause_iso" "2023-01-30T02:00:00Z|2023-02-01T02:00:00Z"
at "2023-02-01 10:00" case show $P --explain
expect_rc 0
expect_out_contains "due             2023-02-03"
expect_out_contains "2023-01-20"    # a skipped day ...
expect_out_contains "小年夜"        # ... and why
expect_out_contains "2023-01-30"    # the pause
at "2023-02-01 10:00" case show $P --format jsonl --explain --date-style roc
expect_out_contains '"due":"112/02/03",'
expect_out_contains '"pauses":[{"from":"112/01/30","to":"112/02/01","workdays":2}]'
at "2023-02-01 10:00" case show $P --format csv --explain
expect_out_contains ',"{""rule"":""3 workdays"",'
# The zh-TW explanation is Chinese throughout; --lang en keeps it English.
at "2023-02-01 10:00" case show $P --explain
expect_out_contains "期限：自 2023-01-19 09:30 起 3 個上班日"
expect_out_contains "  暫停 2023-01-30 → 2023-02-01：順延 2 個上班日"
expect_out_contains "例假日：星期六"
CHECKS=$((CHECKS + 1))
printf '%s\n' "$OUT" | sed -n '/^期限/,$p' | sed 's/[0-9]\{4\}-[0-9]*+[0-9a-z]*-[0-9a-f]*//' | grep -q '[A-Za-z]' &&
  fail "English in the zh-TW explanation" "$OUT"
at "2023-02-01 10:00" case show $P --explain --lang en
expect_out_contains "deadline: 3 workdays from 2023-01-19 09:30"
expect_out_contains "  paused 2023-01-30 → 2023-02-01: 2 working days added"
expect_out_contains "weekend: Saturday"

at "2023-02-02 09:00" case note $P 電話聯繫陳情人
expect_err "epb: $P noted: 處理中, due 2023-02-03"
at "2023-02-03 15:00" case close $P --outcome 已函復
expect_rc 0
expect_err "epb: $P closed: 結案, due 2023-02-03"
expect_sql "select status, outcome, closed_late, closed_date from case_file where ref = '$P'" "closed|已函復|0|2023-02-03"
# Reopened: back to the state it was closed from, with the SOP's full time from now.
at "2023-02-06 09:00" case reopen $P --reason 陳情人不服
expect_err "epb: $P reopened: 處理中, due 2023-02-09"
expect_sql "select status, outcome, closed_at is null, closed_late is null from case_file where ref = '$P'" "processing||1|1"
# The history: every change, oldest first, one event each.
csv case history $P
expect_rc 0
# recorded_at, the real time of each write, is checked apart: then the replayed history.
CHECKS=$((CHECKS + 1))
[ "$(printf '%s\n' "$OUT" | tail -n +2 | grep -cEv ',20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-9:]{8}Z$')" = 0 ] ||
  fail "an event without recorded_at" "$OUT"
OUT=$(printf '%s\n' "$OUT" | sed -E -e '1s/,recorded_at$//' -e '2,$s/,[0-9T:Z-]+$//')
expect_out 'at,actor,command,action,detail
2023-01-19T09:30:00+08:00,tester,case open,open,"{""service"":""petition"",""channel"":""phone"",""status"":""received"",""due"":""2023-02-01""}"
2023-01-19T10:00:00+08:00,tester,case assign,assign,"{""from"":"""",""to"":""張科員""}"
2023-01-19T10:00:00+08:00,tester,case move,move,"{""from"":""received"",""to"":""assigned"",""note"":""分辦綜計科""}"
2023-01-30T09:00:00+08:00,tester,case move,move,"{""from"":""assigned"",""to"":""processing""}"
2023-01-30T10:00:00+08:00,tester,case pause,pause,"{""from"":""processing"",""to"":""waiting_docs"",""note"":""請陳情人補充地點""}"
2023-02-01T10:00:00+08:00,tester,case resume,resume,"{""from"":""waiting_docs"",""to"":""processing"",""note"":""已補充地點"",""due"":""2023-02-03""}"
2023-02-02T09:00:00+08:00,tester,case note,note,"{""note"":""電話聯繫陳情人""}"
2023-02-03T15:00:00+08:00,tester,case close,close,"{""from"":""processing"",""to"":""closed"",""note"":""已函復"",""closed"":true,""late"":false}"
2023-02-06T09:00:00+08:00,tester,case reopen,reopen,"{""from"":""closed"",""to"":""processing"",""reason"":""陳情人不服"",""due"":""2023-02-09""}"'
run case history $P
expect_out_contains "2023-01-30 10:00  tester  case pause"

# --- Forbidden moves: exit 3, the reason (allowed states listed), nothing written.
export EPB_NOW="2023-02-06 09:00"
Q=PET-112-000002
run case open --service petition --channel web --subject 公園髒亂 --name 張三豐
expect_out "$Q"
refused 3 "epb: error: case $Q: cannot move from 'received' to 'processing' (allowed: assigned, closed)" \
  case move $Q processing
refused 3 "epb: error: case $Q: cannot move from 'received' to 'nowhere' (allowed: assigned, closed)" \
  case move $Q nowhere
refused 3 "epb: error: --note: closing in 'closed' needs an outcome: use 'epb case close --outcome'" \
  case move $Q closed
refused 3 "epb: error: case $Q: no pause state can be reached from 'received' (allowed: assigned, closed)" \
  case pause $Q
refused 3 "epb: error: case $Q: is not paused (received)" case resume $Q
refused 3 "epb: error: --days: must be from 1 to 10 working days (the SOP's limit)" \
  case extend $Q --days 11 --reason 需會勘
refused 3 "epb: error: --days: must be from 1 to 10 working days (the SOP's limit)" \
  case extend $Q --days 0 --reason 需會勘
refused 3 "epb: error: --reason: must not be empty" case extend $Q --days 3 --reason "  "
refuse "epb: error: --days: 'abc' is not a whole number" case extend $Q --days abc --reason 需會勘
refuse "epb: error: --days: '2.5' is not a whole number" case extend $Q --days 2.5 --reason 需會勘
refuse "epb: error: --days: '99999999999' is too large" case extend $Q --days 99999999999 --reason 需會勘
run case extend $Q --days 3 --reason 需會勘
expect_rc 0
expect_err "epb: $Q extended: 收件, due 2023-02-14"
refused 3 "epb: error: case $Q: already extended 1 time (the SOP allows 1)" case extend $Q --days 1 --reason 再延
refused 3 "epb: error: --to: must not be empty" case assign $Q --to " "
refused 3 "epb: error: note: must not be empty" case note $Q " "
refused 2 "epb: error: --outcome is required
Run with --help for more information." case close $Q
refused 3 "epb: error: --outcome: must not be empty" case close $Q --outcome ""
refused 3 "epb: error: --state: 'assigned' is not a closing state" case close $Q --outcome x --state assigned
refused 3 "epb: error: case $Q: is not closed (received)" case reopen $Q --reason 再議
refused 3 "epb: error: --reason: must not be empty" case reopen $Q --reason ""
run case close $Q --outcome 已派員清理
expect_rc 0
for verb in "move $Q assigned" "pause $Q" "resume $Q" "extend $Q --days 1 --reason x" "assign $Q --to x" \
  "close $Q --outcome again"; do
  # shellcheck disable=SC2086
  refused 3 "epb: error: case $Q: is closed (closed); reopen it first" case $verb
done
# Unknown references: exit 4.
for verb in "show" "move %s assigned" "history" "pause" "resume" "extend %s --days 1 --reason x" \
  "assign %s --to x" "note %s x" "close %s --outcome x" "reopen %s --reason x"; do
  [[ "$verb" == *%s* ]] || verb="$verb %s"
  # shellcheck disable=SC2086
  refused 4 "epb: error: case PET-112-999999: not found" case ${verb//%s/PET-112-999999}
done
# A service without pause states or extensions (complaints).
run case open --service complaint --channel hotline --subject 異味 --name 陳美麗 --phone 07-3351234
expect_out "CMP-112-000001"
refused 3 "epb: error: case CMP-112-000001: no pause state can be reached from 'received' (allowed: assigned, closed)" \
  case pause CMP-112-000001
refused 3 "epb: error: case CMP-112-000001: the SOP of service 'complaint' allows no extensions" \
  case extend CMP-112-000001 --days 1 --reason x
run case move CMP-112-000001 closed --note 查無污染 # a closing move with its outcome
expect_rc 0
expect_sql "select status, outcome from case_file where ref = 'CMP-112-000001'" "closed|查無污染"

# --- A 30-day service (§48): received 2018-03-01, due Saturday 2018-03-31, a make-up working
# day, so no roll-over. Paused Friday 03-30, resumed Monday 04-02: the make-up Saturday and
# Monday are 2 working days, so due 2018-04-03.
# The subsidy service is the built-in 30-day SOP; its kind's own rules are tested in
# test_subsidy.sh, so here it runs as a plain case (the same config without `kind`, and so
# without the notice levels of subsidy decisions, which a plain service cannot have).
sed -e '/^kind = "subsidy"$/d' -e '/trigger = "decision"/d' "$EPB_SOURCE_DIR/config/epb.toml" >"$SCRATCH/plain-kinds.toml"
export EPB_CONFIG="$SCRATCH/plain-kinds.toml"
SUB=(--service subsidy --channel mail --subject 汰舊補助 --name 林志玲 --id-number F131104093 --phone 0912000111)
at "2018-03-01 10:00" case open "${SUB[@]}"
expect_err "epb: SUB-107-000001 opened: 收件, due 2018-03-31"
at "2018-03-02 10:00" case move SUB-107-000001 reviewing
at "2018-03-30 10:00" case pause SUB-107-000001 --note 缺發票
expect_err "epb: SUB-107-000001 paused: 補件中, due 2018-03-31"
at "2018-04-02 10:00" case resume SUB-107-000001
expect_err "epb: SUB-107-000001 resumed: 審查中, due 2018-04-03"
at "2018-04-02 10:00" case show SUB-107-000001 --explain
expect_out_contains "2018-03-30" # the pause is explained
# Extended by 4 working days on 03-28: 04-02, 04-03, then 04-04..06 (Children's Day, Tomb
# Sweeping Day and a bridge day) are skipped: due 2018-04-10.
at "2018-03-01 10:00" case open "${SUB[@]}"
EPB_NOW="2018-03-28 10:00" refused 3 "epb: error: --days: must be from 1 to 15 working days (the SOP's limit)" \
  case extend SUB-107-000002 --days 16 --reason 會勘
at "2018-03-28 10:00" case extend SUB-107-000002 --days 4 --reason 需現場會勘
expect_err "epb: SUB-107-000002 extended: 收件, due 2018-04-10"
expect_sql "select workdays, reason, notify_applicant from case_extension
  where case_id = (select id from case_file where ref = 'SUB-107-000002')" "4|需現場會勘|1"
expect_sql "select detail from event where subject = 'case:SUB-107-000002' and action = 'extend'" \
  '{"workdays":4,"reason":"需現場會勘","from_due":"2018-03-31","due":"2018-04-10","notify_applicant":true}'
at "2018-04-10 10:00" case show SUB-107-000002 --explain
expect_out_contains "需現場會勘"
# The explanation also lists the days stepped over while adding the extension's working days.
expect_out_contains "兒童節"

# An extension across the Lunar New Year and the make-up Saturday 2023-02-04: received Monday
# 2023-01-16, due 01-19; 10 more working days skip 01-20..29 and count 02-04: due 2023-02-09.
at "2023-01-16 09:00" case open --service petition --channel fax --subject 違建 --name 黃建國
expect_out "PET-112-000003"
expect_err "epb: PET-112-000003 opened: 收件, due 2023-01-19"
at "2023-01-18 09:00" case extend PET-112-000003 --days 10 --reason 需跨機關協調
expect_err "epb: PET-112-000003 extended: 收件, due 2023-02-09"
at "2023-02-13 09:00" case overdue --format csv --service petition
OUT=${OUT//$'\r'/}
expect_out "ref,service,unit,status,due,workdays_late,assignee,applicant,subject,provisional
PET-112-000001,petition,planning,processing,2023-02-09,2,張科員,王O明,路燈不亮,false
PET-112-000003,petition,planning,received,2023-02-09,2,,黃O國,違建,false"
at "2023-02-13 09:00" case close PET-112-000003 --outcome 已函復
expect_sql "select closed_late from case_file where ref = 'PET-112-000003'" "1"

# Pause, resume and pause again at the same instant (one EPB_NOW in a script) just pauses again.
export EPB_NOW="2023-03-01 09:00"
run case open --service recycling_station --channel mail --subject 回收站登記 --name 李大同 --id-number N116247806
run case move RCS-112-000001 processing
run case pause RCS-112-000001
run case resume RCS-112-000001
run case pause RCS-112-000001
expect_rc 0
expect_err "epb: RCS-112-000001 paused: 補件中, due 2023-03-28" # 2023-03-25 is a make-up Saturday

# `close` without --state from a state where 'closed' is not allowed refuses and lists the
# closing states allowed, rather than picking another outcome (such as 'rejected').
run case open --service factory_registration --channel web --subject 工廠登記 --applicant-kind organisation \
  --name 大發工業股份有限公司 --business-number 04595252
run case move FAC-112-000001 assigned
run case move FAC-112-000001 processing
snapshot
run case close FAC-112-000001 --outcome 核准登記
expect_rc 3
expect_unchanged
run case close FAC-112-000001 --outcome 資料不符 --state rejected
expect_rc 0
expect_err "epb: FAC-112-000001 closed: 駁回, due 2023-03-21"

# --explain in a machine format is one more column: `--format json --explain` stays one JSON document,
# the explanation a JSON object in it (not JSON text inside a string), dates in the run's style.
run case show PET-112-000001 --format json --explain
CHECKS=$((CHECKS + 1))
[[ "$OUT" == "["*"]" ]] || fail "show --format json --explain is not one JSON document" "$OUT"
expect_out_contains ',"deadline_explain":{"rule":"3 workdays","start":"2023-02-06T09:00:00+08:00",'
CHECKS=$((CHECKS + 1))
[ "$(printf '%s' "$OUT" | jq -r '.[0].deadline_explain.due')" = 2023-02-09 ] || fail "explain object" "$OUT"

finish
