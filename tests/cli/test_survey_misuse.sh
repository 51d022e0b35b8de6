#!/usr/bin/env bash
# epb survey as a careless or hostile user drives it, on the demo ledger: output paths that are
# the ledger or its files, answers files with bad bytes or odd shapes, a call recorded twice or
# before its sample was drawn, periods and seeds at their edges, years that are no year, two
# clerks racing for a stratum's last spare, control and bidi characters, every --format.
# Every refusal exits 3 and leaves the ledger's dump as it was (lib.sh's refuse).
source "$(dirname "$0")/lib.sh"

cd "$SCRATCH" || exit 1
export EPB_NOW=2026-03-02T09:00
LEDGER="$SCRATCH/demo.sqlite"
"$EPB_BIN" demo -q --cases 300 --demo-ledger "$LEDGER" >/dev/null 2>&1 || fail "the demo failed"
export EPB_LEDGER=$LEDGER
run -q survey sample --service complaint --period 2025-12 --rate 1/2 --spares 1 --seed 5
expect_rc 0
ID=$OUT
mapfile -t CHOSEN < <(sqlite3 "$LEDGER" "select c.ref from survey_member m join case_file c on c.id = m.case_id
  where m.sample_id = $ID and m.role = 'chosen' order by m.position")
SPARE=$(sqlite3 "$LEDGER" "select c.ref from survey_member m join case_file c on c.id = m.case_id
  where m.sample_id = $ID and m.role = 'spare'")
CHECKS=$((CHECKS + 1))
[ "${#CHOSEN[@]}" = 5 ] && [ -n "$SPARE" ] || fail "5 chosen and a spare" "${CHOSEN[*]}"
ITEMS="call_taker,result,arrival,inspector_attitude,inspector_competence,reply_speed,reply_attitude"
GOOD=5,4,4,5,5,4,4

# --- export --output: never the ledger or its files, never empty -------------------------------
ln -s demo.sqlite link.sqlite
ln -s demo.sqlite-wal wal-link
for target in "$LEDGER" ./demo.sqlite link.sqlite "$SCRATCH/x/../demo.sqlite"; do
  refuse "epb: error: --output $target: is the ledger *" survey export "$ID" --reveal-pii --output "$target" --force
done
for suffix in wal shm journal; do
  refuse "epb: error: --output demo.sqlite-$suffix: is the ledger's -$suffix file*" survey export "$ID" \
    --output "demo.sqlite-$suffix"
done
refuse "epb: error: --output wal-link: is the ledger's -wal file*" survey export "$ID" --output wal-link
refuse "epb: error: --output: an empty path: name the file" survey export "$ID" --reveal-pii --output ""
expect_sql "select count(*) from event where action = 'reveal-pii' and command = 'survey export'" 0
printf 'ref,%s\n' "$ITEMS" >answers.csv
refuse "epb: error: --output answers.csv: *exists*" survey export "$ID" --output answers.csv
refuse "epb: error: --rejects answers.csv: is an input of this command*" survey import "$ID" answers.csv \
  --skip-invalid --rejects answers.csv

# --- answers files: bad bytes refused whole, odd shapes read right ------------------------------
# bad NAME CONTENT GLOB [FORMAT]: the file (CONTENT through printf %b: "\\0" a NUL byte,
# "\\\\u..." a JSON escape) is refused with GLOB, the ledger unchanged.
bad() {
  printf '%b' "$2" >"$1"
  refuse "$3" survey import "$ID" "$1" ${4:+--format "$4"}
}
R=${CHOSEN[0]}
bad nul.csv "ref,answers\n$R\\0,\"$GOOD\"\n" "epb: error: nul.csv:2: ref: NUL byte*"
bad nul2.csv "ref,answers,comment\n$R,\"$GOOD\",a\\0b\n" "epb: error: nul2.csv:2: comment: NUL byte*"
bad utf8.csv "ref,answers,comment\n$R,\"$GOOD\",a\\xffb\n" "epb: error: utf8.csv:2: *"
bad surrogate.jsonl "{\"ref\":\"$R\",\"answers\":\"$GOOD\",\"comment\":\"\\\\ud800\"}\n" \
  "epb: error: surrogate.jsonl:1: comment: lone surrogate*" jsonl
bad surrogate2.jsonl "{\"ref\":\"$R\\\\udc00\",\"answers\":\"$GOOD\"}\n" \
  "epb: error: surrogate2.jsonl:1: ref: lone surrogate*" jsonl
bad escnul.jsonl "{\"ref\":\"$R\",\"answers\":\"$GOOD\",\"comment\":\"a\\\\u0000b\"}\n" \
  "epb: error: escnul.jsonl:1: comment: NUL byte*" jsonl
bad dupkey.jsonl "{\"ref\":\"$R\",\"answers\":\"$GOOD\",\"ref\":\"${CHOSEN[1]}\"}\n" \
  "epb: error: dupkey.jsonl:1: duplicate key 'ref'*" jsonl
bad bidi.csv "ref,answers,comment\n$R,\"$GOOD\",a\\xe2\\x80\\xaeb\n" "epb: error: bidi.csv:2: comment: bidi control U+202E*"
# One ref twice with different answers: the second is refused, and with it the whole file.
bad twice.csv "ref,answers\n$R,\"$GOOD\"\n$R,\"1,1,1,1,1,1,1\"\n" "epb: error: twice.csv:3: ref: $R: answered already*"
bad empty.csv "" "epb: error: empty.csv:1: no header line"
expect_sql "select count(*) from survey_attempt a join survey_member m on m.id = a.member_id where m.sample_id = $ID" 0
# A header alone: nothing to do, nothing written.
BEFORE=$(ledger_dump)
printf 'ref,%s\n' "$ITEMS" >header.csv
run survey import "$ID" header.csv
expect_rc 0
expect_err_like "epb: header.csv: read 0, imported 0, *"
CHECKS=$((CHECKS + 1))
[ "$(ledger_dump)" = "$BEFORE" ] || fail "a header-only file changed the ledger"
# CRLF line ends and a BOM: the last item's score and the first column's name read right.
printf '\xef\xbb\xbfref,%s\r\n%s,5,4,4,5,5,4,3\r\n' "$ITEMS" "${CHOSEN[0]}" >windows.csv
run survey import "$ID" windows.csv
expect_rc 0
expect_sql "select group_concat(a.score, ',') from survey_answer a join survey_member m on m.id = a.member_id
  join case_file c on c.id = m.case_id where m.sample_id = $ID and c.ref = '${CHOSEN[0]}' order by a.position" \
  "5,4,4,5,5,4,3"
# The same ref twice with the same answers: recorded once.
printf 'ref,answers\n%s,"%s"\n%s,"%s"\n' "${CHOSEN[1]}" "$GOOD" "${CHOSEN[1]}" "$GOOD" >same.csv
run survey import "$ID" same.csv
expect_rc 0
expect_err_like "epb: same.csv: read 2, imported 1, updated 0, skipped 1, *"

# --- record: twice, and before the sample was drawn -------------------------------------------
run survey record "$ID" "${CHOSEN[1]}" --answers "$GOOD"
expect_rc 0
expect_out "${CHOSEN[1]}: attempt 1 (answered) was recorded before: unchanged"
refuse "epb: error: ${CHOSEN[1]}: answered already: no further calls" survey record "$ID" "${CHOSEN[1]}" \
  --answers 1,1,1,1,1,1,1
refuse "epb: error: ${CHOSEN[1]}: answered already: no further calls" survey record "$ID" "${CHOSEN[1]}" \
  --attempt no-answer
# A clock before the draw (decided: refused, the call list did not exist yet), by --as-of or --called-at.
refuse "epb: error: --as-of: 2025-06-01T10:00:00+08:00 is before sample $ID was drawn (2026-03-02T09:00:00+08:00)*" \
  --as-of 2025-06-01T10:00 survey record "$ID" "${CHOSEN[2]}" --answers "$GOOD"
refuse "epb: error: --called-at: 2026-03-01T10:00:00+08:00 is before sample $ID was drawn*" \
  survey record "$ID" "${CHOSEN[2]}" --answers "$GOOD" --called-at 2026-03-01T10:00
printf 'ref,called_at,answers\n%s,2026-01-05 10:00,"%s"\n' "${CHOSEN[2]}" "$GOOD" >early.csv
refuse "epb: error: early.csv:2: called_at: 2026-01-05T10:00:00+08:00 is before sample $ID was drawn*" \
  survey import "$ID" early.csv
run --as-of 2026-03-02T09:00 survey record "$ID" "${CHOSEN[2]}" --answers "$GOOD" # the draw's own minute
expect_rc 0

# --- control and bidi characters in --comment and --note --------------------------------------
refuse "epb: error: --comment: control character U+001B not allowed*" survey record "$ID" "${CHOSEN[3]}" \
  --answers "$GOOD" --comment $'a\e[31mb'
refuse "epb: error: --comment: bidi control U+202E not allowed*" survey record "$ID" "${CHOSEN[3]}" \
  --answers "$GOOD" --comment $'a\u202eb'
refuse "epb: error: --comment: control character U+000D not allowed*" survey record "$ID" "${CHOSEN[3]}" \
  --answers "$GOOD" --comment $'a\rb'
refuse "epb: error: --note: control character U+001B not allowed*" survey sample --service complaint \
  --period 2025-12 --rate 1/2 --seed 6 --note $'a\e[2Jb'
refuse "epb: error: --note: bidi control U+2066 not allowed*" survey sample --service complaint \
  --period 2025-12 --rate 1/2 --seed 6 --note $'a\u2066b'

# --- periods: ROC and ISO the same sample; edges -----------------------------------------------
sample_sha() { "$EPB_BIN" survey sample --service complaint --period "$1" --rate 1/2 --seed 7 --dry-run 2>&1 |
  sed -nE 's/.*sample SHA-256 ([0-9a-f]+).*/\1/p'; }
ISO=$(sample_sha 2025-12)
for period in 114/12 114-12 2025-12-01..2025-12-31 114/12/01..114/12/31 1141201..1141231; do
  CHECKS=$((CHECKS + 1))
  [ -n "$ISO" ] && [ "$(sample_sha "$period")" = "$ISO" ] || fail "--period $period draws another sample than 2025-12"
done
run survey sample --service complaint --period 9999-12 --rate 1/2 --seed 7 --dry-run
expect_rc 4
expect_err_contains "closed 9999-12-01..9999-12-31 " # December of the last year ends on the 31st
refuse "epb: error: --period: '1911' is no period*" survey sample --service complaint --period 1911 --rate 1/2 --seed 7
refuse "epb: error: --period: its start: date '2025-02-29': no such day" survey sample --service complaint \
  --period 2025-02-29..2025-03-01 --rate 1/2 --seed 7

# --- seeds: 2^64-1 is the last, 2^64 is refused ------------------------------------------------
run survey sample --service complaint --period 2025-12 --rate 1/2 --seed 18446744073709551615 --dry-run
expect_rc 0
expect_err_contains "seed 18446744073709551615"
for seed in 18446744073709551616 -1 05 0x10 1e3; do
  refuse "epb: error: --seed: '$seed' is not a whole number 0..18446744073709551615*" survey sample \
    --service complaint --period 2025-12 --rate 1/2 --seed "$seed"
done

# --- results on an empty ledger; coverage years that are no year -------------------------------
EMPTY="$SCRATCH/empty.sqlite"
"$EPB_BIN" --ledger "$EMPTY" init -q
for format in table csv tsv json jsonl; do
  run --ledger "$EMPTY" --format "$format" survey results --by unit
  expect_rc 0
  expect_err ""
done
run --ledger "$EMPTY" --format json survey results
expect_rc 0
expect_out_contains '"sampled":0,'
expect_out_contains '"satisfied_share":null,"satisfied_low":null,"satisfied_high":null'
for year in 1911 0 99999 1000 -5 2018.5; do
  refuse "epb: error: --year: '$year' is no year*" survey coverage --service subsidy --year "$year"
done
run --format csv survey coverage --service subsidy --year 107
expect_rc 0
YEAR107=$OUT
run --format csv survey coverage --service subsidy --year 2018
expect_out "$YEAR107"
run --format csv survey coverage --service subsidy --year 1912
expect_rc 0
expect_out_contains "1912-12,0,0,"

# --- two clerks racing for the stratum's last spare --------------------------------------------
"$EPB_BIN" survey record "$ID" "${CHOSEN[3]}" --attempt wrong-number >race1.out 2>&1 &
"$EPB_BIN" survey record "$ID" "${CHOSEN[4]}" --attempt wrong-number >race2.out 2>&1 &
wait
expect_sql "select count(*) from survey_member where sample_id = $ID and role = 'spare' and called = 1" 1
expect_sql "select count(*) from event where subject = 'survey:$ID' and action = 'survey-spare'" 1
expect_sql "select count(*) from event where subject = 'survey:$ID' and action = 'survey-no-spare'" 1
CHECKS=$((CHECKS + 1))
[ "$(cat race1.out race2.out | grep -c "replaced by $SPARE")" = 1 ] &&
  [ "$(cat race1.out race2.out | grep -c "has no spare left")" = 1 ] || fail "one promotion" "$(cat race*.out)"

# --- every --format on every verb that prints --------------------------------------------------
for format in table csv tsv json jsonl; do
  for verb in "list" "show $ID" "export $ID" "verify $ID" "results --sample $ID --by unit" \
    "results --follow-ups" "coverage --service complaint --year 2025"; do
    # shellcheck disable=SC2086 # the verb's words
    run --format "$format" survey $verb
    CHECKS=$((CHECKS + 1))
    [ "$RC" = 0 ] && [ -n "$OUT" ] || fail "survey $verb --format $format: exit $RC" "$ERR"
    case $format in
    json)
      CHECKS=$((CHECKS + 1))
      printf '%s' "$OUT" | python3 -c 'import json, sys; json.load(sys.stdin)' || fail "survey $verb: not JSON" "$OUT"
      ;;
    jsonl)
      CHECKS=$((CHECKS + 1))
      printf '%s\n' "$OUT" | python3 -c 'import json, sys; [json.loads(l) for l in sys.stdin]' ||
        fail "survey $verb: not JSON lines" "$OUT"
      ;;
    esac
  done
done

finish
