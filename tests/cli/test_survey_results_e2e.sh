#!/usr/bin/env bash
# epb survey results end to end, with the built-in petition questionnaire: closed petitions,
# a sample drawn by epb survey sample, calls recorded by epb survey record (answers, a refusal,
# three unanswered calls), then the results and the follow-up list counted from them.
source "$(dirname "$0")/lib.sh"

LEDGER="$XDG_DATA_HOME/epb/ledger.sqlite"
cd "$SCRATCH" || exit 1
run init -q
expect_rc 0
for n in 1 2 3 4 5 6 7 8; do
  EPB_NOW="2024-01-02 10:00" "$EPB_BIN" case open -q --service petition --channel phone --subject "工地揚塵 $n" \
    --name "王小明$n" --phone "09123450$n$n" --address "高雄市苓雅區四維三路${n}號" >/dev/null || fail "case open $n"
  EPB_NOW="2024-01-04 16:00" "$EPB_BIN" case close -q "PET-113-00000$n" --outcome 已派員稽查改善 >/dev/null ||
    fail "case close $n"
done
export EPB_NOW="2024-02-01 10:00"
run -q survey sample --service petition --period 2024-01 --rate 1/2 --seed 7
expect_rc 0
ID=$OUT
mapfile -t CALLED < <(sqlite3 "$LEDGER" "select c.ref from survey_member m join case_file c on c.id = m.case_id
  where m.sample_id = $ID and m.called = 1 order by m.stratum, m.position")
CHECKS=$((CHECKS + 1))
[ "${#CALLED[@]}" = 4 ] || fail "the sample calls 4 of 8" "${CALLED[*]}"

# Items attitude, speed, clarity, result: one member satisfied on all, one with a 3 (a second
# reply), one refused, one not answering three times.
run -q survey record "$ID" "${CALLED[0]}" --answers 5,5,4,5
expect_rc 0
run -q survey record "$ID" "${CALLED[1]}" --answers 4,3,,5
expect_rc 0
run -q survey record "$ID" "${CALLED[2]}" --attempt refused
expect_rc 0
for _ in 1 2 3; do
  run -q survey record "$ID" "${CALLED[3]}" --attempt no-answer
  expect_rc 0
done

run --format csv survey results --sample "$ID"
expect_rc 0
OUT=${OUT//$'\r'/}
expect_out_contains ",4,3,2,1,1,0,0.5000,,*,2,,,1,0.5000,0.0945,0.9055"
expect_out_contains ',4,3,2,1,1,0,0.5000,petition,speed,2,4.00,"{""5"":1,""4"":0,""3"":1,""2"":0,""1"":0}",1,0.5000,0.0945,0.9055'
expect_out_contains ',4,3,2,1,1,0,0.5000,petition,clarity,1,4.00,"{""5"":0,""4"":1,""3"":0,""2"":0,""1"":0}",1,1.0000,0.2065,1.0000'
run --format csv survey results --sample "$ID" --follow-ups
expect_rc 0
OUT=${OUT//$'\r'/}
FOLLOW=$(sqlite3 "$LEDGER" "select f.ref || ',' || f.status || ',' || f.due_date from survey_member m
  join case_file f on f.id = m.follow_up_case where m.sample_id = $ID")
CHECKS=$((CHECKS + 1))
[ -n "$FOLLOW" ] || fail "survey record opened a second reply for the 3"
expect_out "sample,ref,low_items,follow_up_ref,follow_up_status,follow_up_due
$ID,${CALLED[1]},speed=3,$FOLLOW"

finish
