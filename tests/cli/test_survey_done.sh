#!/usr/bin/env bash
# Issue #12's "Done means", walked through on the demo ledger: a sample drawn, exported
# (masked, then with --reveal-pii: one recorded reveal per case), answered from a file made of
# the export, imported (and again: nothing changes), verified identical (exit 0, the same bytes
# twice), verified again after a case joined its period (exit 1, a frame change naming the
# case, not an edited sample), and the results per unit with 95 % intervals in csv and json.
source "$(dirname "$0")/lib.sh"

cd "$SCRATCH" || exit 1
export EPB_NOW=2026-03-02T09:00
LEDGER="$SCRATCH/demo.sqlite"
run demo --cases 300 --demo-ledger "$LEDGER"
expect_rc 0
E=(--ledger "$LEDGER")

# --- a sample of the demo's closed complaints of two months -----------------------------------
run "${E[@]}" survey sample --service complaint --period 2025-12-01..2026-01-31 --rate 1/2 --spares 2 \
  --seed 20260301
expect_rc 0
ID=$OUT
expect_out 2 # the demo's season survey is sample 1
expect_err_contains "epb: survey sample 2: 20 cases in the frame"
expect_err_contains "10 drawn and 2 spares in 1 stratum"
expect_sql "select count(*), sum(role = 'chosen'), sum(role = 'spare') from survey_member where sample_id = $ID" "12|10|2"
# The same options on a copy of the ledger draw the same members in the same order.
sqlite3 "$LEDGER" ".backup '$SCRATCH/twin.sqlite'"
sqlite3 "$SCRATCH/twin.sqlite" "delete from survey_member where sample_id = $ID; delete from survey_stratum where
  sample_id = $ID; delete from survey_sample where id = $ID"
"$EPB_BIN" --ledger "$SCRATCH/twin.sqlite" survey sample -q --service complaint --period 2025-12-01..2026-01-31 \
  --rate 1/2 --spares 2 --seed 20260301 >/dev/null
MEMBERS="select case_id || ':' || role || ':' || position from survey_member where sample_id = $ID order by id"
expect_sql "$MEMBERS" "$(sqlite3 "$SCRATCH/twin.sqlite" "$MEMBERS")"

# --- the call list: masked, then revealed -----------------------------------------------------
REVEALS="select count(*) from event where action = 'reveal-pii' and command = 'survey export'"
run "${E[@]}" survey export "$ID" --output calls.csv
expect_rc 0
expect_err "epb: 12 members of sample $ID written to calls.csv"
CHECKS=$((CHECKS + 1))
[ "$(stat -c %a calls.csv)" = 600 ] || fail "the call list is not mode 0600"
CHECKS=$((CHECKS + 1))
[ "$(wc -l <calls.csv)" = 13 ] || fail "the call list has a header and 12 members" "$(cat calls.csv)"
# Every phone shows its kind only (0912******, 07-*******), every name its first and last character.
CHECKS=$((CHECKS + 1))
tr -d '\r' <calls.csv | awk -F, 'NR > 1 && ($11 !~ /^0[0-9]+-?[*]+$/ || length($11) < 10 || $10 !~ /O/) { bad = 1 } END { exit bad }' ||
  fail "a name or phone is not masked" "$(cat calls.csv)"
CHECKS=$((CHECKS + 1))
FIRST_PHONE=$(sqlite3 "$LEDGER" "select c.phone from survey_member m join case_file c on c.id = m.case_id
  where m.sample_id = $ID order by m.id limit 1")
[ -n "$FIRST_PHONE" ] && ! grep -q "$FIRST_PHONE" calls.csv || fail "a phone is in full in the masked list"
expect_sql "$REVEALS" 0
run "${E[@]}" survey export "$ID" --reveal-pii --output revealed.csv
expect_rc 0
CHECKS=$((CHECKS + 1))
grep -q ",$FIRST_PHONE," revealed.csv || fail "--reveal-pii does not show the phone" "$(cat revealed.csv)"
# One reveal per member, each on its case, recorded by this command.
expect_sql "$REVEALS" 12
expect_sql "select count(distinct e.subject) from event e join case_file c on e.subject = 'case:' || c.ref
  join survey_member m on m.case_id = c.id and m.sample_id = $ID
  where e.action = 'reveal-pii' and e.command = 'survey export'" 12

# --- the call centre's answers, made from the export ------------------------------------------
# Items call_taker, result, arrival, inspector_attitude, inspector_competence, reply_speed,
# reply_attitude; every chosen member answers, the first one a 2 for the arrival.
tr -d '\r' <calls.csv | awk -F, 'NR == 1 { print "ref,call_taker,result,arrival,inspector_attitude,inspector_competence,reply_speed,reply_attitude" }
  $3 == "chosen" { print $2 "," (++n == 1 ? "5,4,2,5,5,4,4" : "5,4,4,5,5,4,4") }' >answers.csv
CHECKS=$((CHECKS + 1))
[ "$(wc -l <answers.csv)" = 11 ] || fail "the answers file has 10 rows" "$(cat answers.csv)"
run "${E[@]}" survey import "$ID" answers.csv
expect_rc 0
expect_err_like "epb: answers.csv: read 10, imported 10, updated 0, skipped 0, rejected 0 in * s (committed)"
expect_sql "select count(*) from survey_member where sample_id = $ID and status = 'responded'" 10
expect_sql "select count(*) from survey_answer a join survey_member m on m.id = a.member_id where m.sample_id = $ID" 70
# A 2 is at or below the follow-up threshold: a second-reply case, opened once.
expect_sql "select count(*) from survey_member where sample_id = $ID and follow_up_case is not null" 1
AFTER_IMPORT=$(ledger_dump)
run "${E[@]}" survey import "$ID" answers.csv
expect_rc 0
expect_err_like "epb: answers.csv: read 10, imported 0, updated 0, skipped 10, rejected 0 in * s (committed)"
CHECKS=$((CHECKS + 1))
[ "$(ledger_dump)" = "$AFTER_IMPORT" ] || fail "importing the same answers again changed the ledger"

# --- verify: identical, the same bytes twice --------------------------------------------------
run "${E[@]}" survey verify "$ID"
expect_rc 0
expect_err ""
expect_out_contains "survey sample $ID: identical"
FIRST=$OUT
run "${E[@]}" survey verify "$ID"
expect_rc 0
CHECKS=$((CHECKS + 1))
[ "$OUT" = "$FIRST" ] || fail "verify printed different bytes on a second run" "$(diff <(echo "$FIRST") <(echo "$OUT"))"
run "${E[@]}" survey verify "$ID" --format json
expect_rc 0
expect_out_contains '"identical":true'
CHECKS=$((CHECKS + 1))
[ "$(ledger_dump)" = "$AFTER_IMPORT" ] || fail "verify wrote to the ledger"

# --- a complaint of the period entered late: a frame change -----------------------------------
run "${E[@]}" --as-of 2026-01-20T10:00 case open --service complaint --channel phone --name 陳美麗 \
  --phone 0912000111 --subject 夜間異味
expect_rc 0
ADDED=$OUT
run "${E[@]}" --as-of 2026-01-21T10:00 case close "$ADDED" --outcome 已改善
expect_rc 0
run "${E[@]}" survey verify "$ID"
expect_rc 1
expect_out_contains "survey sample $ID: the ledger changed since the draw: the frame differs, the stored sample agrees \
with itself and with its event"
expect_out_contains "frame: 1 case added since the draw: $ADDED"
expect_out_contains "frame then: 20 cases"
expect_out_contains "frame now:  21 cases"
expect_out_lacks "edited"
expect_err "epb: error: survey sample $ID: not identical: the ledger changed since the draw: the frame differs, the \
stored sample agrees with itself and with its event"
run "${E[@]}" survey verify "$ID" --format json
expect_rc 1
expect_out_contains "\"added\":[\"$ADDED\"],\"removed\":[],\"changed\":[]"
expect_out_contains '"stored_hash_mismatch":false,"stored_members_altered":false,"definition_altered":false'

# --- results per unit, with intervals ---------------------------------------------------------
# check_intervals FILE: every row's share and its 95 % interval are numbers 0..1, low <= share
# <= high (fields: share, low, high as awk prints them, one row a line).
check_intervals() {
  CHECKS=$((CHECKS + 1))
  awk -v rows="$2" '
    function number(x) { return x ~ /^(0|1)(\.[0-9]+)?$/ && x + 0 >= 0 && x + 0 <= 1 }
    { n++; if (!number($1) || !number($2) || !number($3) || $2 + 0 > $1 + 0 || $1 + 0 > $3 + 0) { print "bad: " $0; bad = 1 } }
    END { if (n != rows) { print n " rows, not " rows; bad = 1 } exit bad }' "$1" ||
    fail "results intervals" "$(cat "$1")"
}
run "${E[@]}" --format csv survey results --sample "$ID" --by unit
expect_rc 0
OUT=${OUT//$'\r'/}
# The header, then per unit (one here: inspection) the "*" row and one row per item.
expect_out_contains "group,sampled,reached,responded,refused,unreachable,pending,response_rate,questionnaire,item,\
answered,mean,distribution,satisfied,satisfied_share,satisfied_low,satisfied_high"
# Sampled counts the members called (the spares stand by): all 10 answered.
expect_out_contains 'inspection,10,10,10,0,0,0,1.0000,complaint,arrival,10,3.80,"{""5"":0,""4"":9,""3"":0,""2"":1,""1"":0}",9,0.9000,0.5958,0.9821'
printf '%s\n' "$OUT" | python3 -c '
import csv, sys
for row in list(csv.DictReader(sys.stdin)):
    print(row["satisfied_share"], row["satisfied_low"], row["satisfied_high"])' >csv-intervals.txt
check_intervals csv-intervals.txt 8
run "${E[@]}" --format json survey results --sample "$ID" --by unit
expect_rc 0
printf '%s\n' "$OUT" | python3 -c '
import json, sys
rows = json.load(sys.stdin)
assert all(isinstance(r[k], float) or isinstance(r[k], int) for r in rows
           for k in ("satisfied_share", "satisfied_low", "satisfied_high")), "not JSON numbers"
assert {r["group"] for r in rows} == {"inspection"}, "one unit"
for r in rows:
    print(r["satisfied_share"], r["satisfied_low"], r["satisfied_high"])' >json-intervals.txt ||
  fail "json results" "$OUT"
check_intervals json-intervals.txt 8
# The arrival item: 9 of 10 satisfied (4 or 5), Wilson 95 %: 0.5958..0.9821.
expect_out_contains '"item":"arrival","answered":10,"mean":3.80'
expect_out_contains '"satisfied":9,"satisfied_share":0.9000,"satisfied_low":0.5958,"satisfied_high":0.9821'

finish
