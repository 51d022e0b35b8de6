#!/usr/bin/env bash
# epb survey results and coverage: a hand-counted sample (written with plain SQL as the sampler
# and the call desk store one) in every --format, grouped and not, the follow-up list, coverage
# per month with the below-rate flag, and misuse refused with exit 3 (4 for a missing sample)
# and the ledger unchanged.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/survey_lib.sh"

cd "$SCRATCH" || exit 1
# The built-in config with this test's questionnaire instead of its own.
survey_config_with <<'TOML' || fail "the config could not be written"
[survey.questionnaires.petition]
name = "陳情處理滿意度"
name_en = "Petition handling satisfaction"
services = ["petition"]
required_rate = "1/10"
items = [
  { code = "attitude", text = "服務態度", text_en = "Attitude" },
  { code = "speed", text = "處理速度", text_en = "Speed" },
  { code = "result", text = "處理結果", text_en = "Result" },
]
TOML
run init -q
expect_rc 0

# Petitions 1-6 closed on 2024-01-04 (6 in 前金區, the others in 苓雅區), 7-12 closed in
# February, 13 open: the second reply of petition 2's low score.
for n in $(seq 1 13); do
  address="高雄市苓雅區四維三路${n}號"
  [ "$n" = 6 ] && address="高雄市前金區中正四路${n}號"
  EPB_NOW="2024-01-02 10:00" "$EPB_BIN" case open -q --service petition --channel phone --subject "工地揚塵 $n" \
    --name "王小明$n" --phone "0912345$(printf %03d "$n")" --address "$address" >/dev/null || fail "case open $n"
  ref=$(printf 'PET-113-%06d' "$n")
  if [ "$n" -le 6 ]; then
    EPB_NOW="2024-01-04 16:00" "$EPB_BIN" case close -q "$ref" --outcome 已派員稽查改善 >/dev/null || fail "close $n"
  elif [ "$n" -le 12 ]; then
    EPB_NOW="2024-02-05 16:00" "$EPB_BIN" case close -q "$ref" --outcome 已派員稽查改善 >/dev/null || fail "close $n"
  fi
done
# Sample 1: 1 responded 5 4 3, 2 responded 4 2 - (second reply PET-113-000013), 3 responded
# 5 5 5, 4 refused, 5 unreachable, 6 pending, 7 a spare never called.
sqlite3 "$LEDGER" <<'SQL'
INSERT INTO survey_sample (id, questionnaire, services, period_from, period_to, rate_num, rate_den, strata,
  min_per_stratum, spares, method, seed, generator, frame_size, frame_sha256, frame, sample_sha256, drawn_at, actor)
VALUES (1, 'petition', 'petition', '2024-01-01', '2024-01-31', 1, 1, '', 1, 1, 'systematic', '42',
  'epb-sample-1', 6, 'f', X'', 's', 1704420000, 'analyst');
INSERT INTO survey_member (id, sample_id, case_id, stratum, role, position, status, called, follow_up_case)
VALUES (1, 1, 1, '', 'chosen', 1, 'responded', 1, NULL), (2, 1, 2, '', 'chosen', 2, 'responded', 1, 13),
  (3, 1, 3, '', 'chosen', 3, 'responded', 1, NULL), (4, 1, 4, '', 'chosen', 4, 'refused', 1, NULL),
  (5, 1, 5, '', 'chosen', 5, 'unreachable', 1, NULL), (6, 1, 6, '', 'chosen', 6, 'pending', 1, NULL),
  (7, 1, 7, '', 'spare', 1, 'pending', 0, NULL);
INSERT INTO survey_answer (member_id, item, position, score) VALUES
  (1, 'attitude', 1, 5), (1, 'speed', 2, 4), (1, 'result', 3, 3),
  (2, 'attitude', 1, 4), (2, 'speed', 2, 2), (2, 'result', 3, NULL),
  (3, 'attitude', 1, 5), (3, 'speed', 2, 5), (3, 'result', 3, 5);
SQL
export EPB_NOW="2024-03-01 10:00"
# runc ARGS...: run, CSV line ends (CRLF) read as LF.
runc() {
  run "$@"
  OUT=${OUT//$'\r'/}
}

# --- results -----------------------------------------------------------------------------------
HEADER="group,sampled,reached,responded,refused,unreachable,pending,response_rate,questionnaire,item,answered,mean,distribution,satisfied,satisfied_share,satisfied_low,satisfied_high"
ROWS=',6,4,3,1,1,1,0.5000,,*,3,,,1,0.3333,0.0615,0.7923
,6,4,3,1,1,1,0.5000,petition,attitude,3,4.67,"{""5"":2,""4"":1,""3"":0,""2"":0,""1"":0}",3,1.0000,0.4385,1.0000
,6,4,3,1,1,1,0.5000,petition,speed,3,3.67,"{""5"":1,""4"":1,""3"":0,""2"":1,""1"":0}",2,0.6667,0.2077,0.9385
,6,4,3,1,1,1,0.5000,petition,result,2,4.00,"{""5"":1,""4"":0,""3"":1,""2"":0,""1"":0}",1,0.5000,0.0945,0.9055'
runc --format csv survey results --sample 1
expect_rc 0
expect_out "$HEADER
$ROWS"
runc --format csv survey results --service petition --period 113/01
expect_rc 0
expect_out "$HEADER
$ROWS"
runc --format csv survey results --period 2024-02-01..2024-12-31
expect_rc 0
expect_out "$HEADER
,0,0,0,0,0,0,,,*,0,,,0,,,"
run --format tsv survey results --sample 1
expect_rc 0
expect_out_contains $'\t6\t4\t3\t1\t1\t1\t0.5000\tpetition\tspeed\t3\t3.67\t{"5":1,"4":1,"3":0,"2":1,"1":0}\t2\t0.6667\t0.2077\t0.9385'
run --format json survey results --sample 1
expect_rc 0
expect_out_contains '{"group":"","sampled":6,"reached":4,"responded":3,"refused":1,"unreachable":1,"pending":1,"response_rate":0.5000,"questionnaire":"petition","item":"attitude","answered":3,"mean":4.67,"distribution":{"5":2,"4":1,"3":0,"2":0,"1":0},"satisfied":3,"satisfied_share":1.0000,"satisfied_low":0.4385,"satisfied_high":1.0000}'
[ "$(printf '%s' "$OUT" | head -1)" = "[" ] || fail "json is an array"
run --format jsonl survey results --sample 1
expect_rc 0
CHECKS=$((CHECKS + 1))
[ "$(printf '%s\n' "$OUT" | wc -l)" = 4 ] || fail "jsonl: one line per item and the overall line" "$OUT"
expect_out_contains '"item":"*","answered":3,"mean":null,"distribution":null,"satisfied":1,"satisfied_share":0.3333,"satisfied_low":0.0615,"satisfied_high":0.7923}'
run survey results --sample 1
expect_rc 0
expect_out_contains "response_rate"
expect_out_contains "speed"
runc --format csv survey results --sample 1 --by district
expect_rc 0
expect_out_contains "前金區,1,0,0,0,0,1,0.0000,,*,0,,,0,,,"
expect_out_contains '苓雅區,5,4,3,1,1,0,0.6000,petition,result,2,4.00,"{""5"":1,""4"":0,""3"":1,""2"":0,""1"":0}",1,0.5000,0.0945,0.9055'
runc --format csv survey results --sample 1 --by unit
expect_rc 0
expect_out_contains "planning,6,4,3,1,1,1,0.5000,,*,3,,,1,0.3333,0.0615,0.7923"
runc --format csv survey results --by service
expect_rc 0
expect_out_contains "petition,6,4,3,1,1,1,0.5000,petition,attitude,3,4.67"

# The follow-up list: every answer at or below 3, with its second reply.
runc --format csv survey results --sample 1 --follow-ups
expect_rc 0
DUE=$(sqlite3 "$LEDGER" "select due_date from case_file where id = 13")
expect_out "sample,ref,low_items,follow_up_ref,follow_up_status,follow_up_due
1,PET-113-000001,result=3,,,
1,PET-113-000002,speed=2,PET-113-000013,received,$DUE"
run --format json survey results --sample 1 --follow-ups
expect_out_contains '{"sample":1,"ref":"PET-113-000002","low_items":"speed=2","follow_up_ref":"PET-113-000013"'
run survey results --sample 1 --follow-ups
expect_rc 0
expect_err "epb: 2 answers calling for a second reply"

# --- coverage ----------------------------------------------------------------------------------
# January: 6 closed, all 6 called (refused and unreachable were called too); February: 6 closed,
# none called (the spare was never called): below 1 in 10.
runc --format csv survey coverage --service petition --year 113
expect_rc 0
expect_out "month,closed,surveyed,share,required,flag
2024-01,6,6,1.0000,0.1000,
2024-02,6,0,0.0000,0.1000,below
2024-03,0,0,,0.1000,
2024-04,0,0,,0.1000,
2024-05,0,0,,0.1000,
2024-06,0,0,,0.1000,
2024-07,0,0,,0.1000,
2024-08,0,0,,0.1000,
2024-09,0,0,,0.1000,
2024-10,0,0,,0.1000,
2024-11,0,0,,0.1000,
2024-12,0,0,,0.1000,
total,12,6,0.5000,0.1000,"
runc --format csv survey coverage --service petition --year 2024 --month 2
expect_rc 0
expect_out "month,closed,surveyed,share,required,flag
2024-02,6,0,0.0000,0.1000,below
total,6,0,0.0000,0.1000,below"
run --format jsonl survey coverage --service petition --year 2024 --month 1
expect_rc 0
expect_out '{"month":"2024-01","closed":6,"surveyed":6,"share":1.0000,"required":0.1000,"flag":""}
{"month":"total","closed":6,"surveyed":6,"share":1.0000,"required":0.1000,"flag":""}'
runc --format csv survey coverage --service complaint --year 2024 --month 1
expect_rc 0
expect_out "month,closed,surveyed,share,required,flag
2024-01,0,0,,,
total,0,0,,,"
run survey coverage --service complaint --year 2024 --month 1
expect_err "epb: no questionnaire sets a required rate for complaint"

# --- misuse ------------------------------------------------------------------------------------
BEFORE=$(ledger_dump)
run survey results --sample 99
expect_rc 4
expect_out ""
expect_err "epb: error: sample 99: no such sample"
run survey results --sample 99 --follow-ups
expect_rc 4
refuse "epb: error: --by: unknown value 'nonsense' (one of: unit, service, district)" survey results --by nonsense
refuse "epb: error: --period: 'garbage' is no period*" survey results --period garbage
refuse "epb: error: --period: *" survey results --period 2024-06-30..2024-01-01
refuse "epb: error: --sample: give either --sample or --service/--period, not both" \
  survey results --sample 1 --service petition
refuse "epb: error: --sample: give either --sample or --service/--period, not both" \
  survey results --sample 1 --period 2024
refuse "epb: error: --sample: *" survey results --sample 0
refuse "epb: error: --sample: *" survey results --sample x
refuse "epb: error: --service: unknown service 'nosuch'*" survey results --service petition,nosuch
refuse "epb: error: --service: unknown service ''*" survey results --service petition,
refuse "epb: error: --service: *" survey results --service $'peti\x01tion'
refuse "epb: error: --service: unknown service 'nosuch'*" survey coverage --service nosuch --year 2024
refuse "epb: error: --month: must be from 1 to 12" survey coverage --service petition --year 2024 --month 13
refuse "epb: error: --year: *" survey coverage --service petition --year soon
refuse "epb: error: --year: *" survey coverage --service petition --year 0
CHECKS=$((CHECKS + 1))
[ "$(ledger_dump)" = "$BEFORE" ] || fail "a results query changed the ledger"

finish
