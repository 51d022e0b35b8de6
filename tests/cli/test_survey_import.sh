#!/usr/bin/env bash
# epb survey import: the call centre's results through the import verb. A good file is
# recorded (answers, failed calls, a spare promoted, a follow-up case), the same file again
# changes nothing; bad files (out-of-scale answers, unknown refs, refs not in the sample, NUL
# bytes, invalid UTF-8, lone surrogates, control characters) exit 3 with FILE:LINE and leave
# the ledger as it was.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/survey_lib.sh"

cd "$SCRATCH" || exit 1
survey_world || {
  fail "the survey world could not be built"
  finish
}
export EPB_NOW="2024-01-10 10:00"
# si ARGS...: epb survey import ARGS, the summary's elapsed seconds shown as X.X.
si() {
  run survey import "$@"
  ERR=$(printf '%s' "$ERR" | sed -E 's/ in [0-9]+\.[0-9] s \(/ in X.X s (/')
}

cat >good.csv <<'CSV'
ref,outcome,attempt,called_at,attitude,speed,result,comment
PET-113-000001,,1,2024-01-09 10:00,5,4,5,很好
PET-113-000002,no-answer,1,2024-01-09 10:05,,,,
PET-113-000002,no-answer,2,2024-01-09 14:05,,,,
PET-113-000002,no-answer,3,2024-01-09 16:05,,,,
PET-113-000004,answered,1,2024-01-09 17:00,2,4,4,
CSV

# Bad files first, on the untouched ledger: each refused whole, the ledger as it was.
# refused NAME CONTENT STDERR-GLOB: writes NAME; `epb survey import 1 NAME` must be refused
# (exit 3, STDERR-GLOB, the ledger unchanged: lib.sh's refuse).
refused() {
  printf '%b' "$2" >"$1"
  refuse "$3" survey import 1 "$1"
}
refused scale.csv 'ref,attitude,speed,result\nPET-113-000001,5,6,5\n' \
  "epb: error: scale.csv:2: speed: 6 (item 2, speed) is not on the scale 1..5
epb: scale.csv: read 1, imported 0, * (nothing written)
epb: error: scale.csv: 1 invalid row"
refused list.csv 'ref,answers\nPET-113-000001,"5,0,5"\n' "epb: error: list.csv:2: answers: 0 (item 2, speed) is not on the scale 1..5*"
refused count.csv 'ref,answers\nPET-113-000001,"5,4"\n' "epb: error: count.csv:2: answers: 2 answers for the 3 items*"
refused unknown.csv 'ref,answers\nPET-113-000001,"5,5,5"\nPET-113-999999,"5,5,5"\n' \
  "epb: error: unknown.csv:3: ref: PET-113-999999: no such case in the ledger
epb: unknown.csv: read 2, imported 1, updated 0, skipped 0, rejected 1 in * s (nothing written)
epb: error: unknown.csv: 1 invalid row"
EPB_NOW="2024-01-02 11:00" "$EPB_BIN" case open -q --service petition --channel web --subject 其他 --name 李四 \
  --phone 0987654321 >/dev/null
refused outsider.csv 'ref,answers\nPET-113-000007,"5,5,5"\n' \
  "epb: error: outsider.csv:2: ref: PET-113-000007: the case is not in sample 1*"
refused spare.csv 'ref,answers\nPET-113-000005,"5,5,5"\n' \
  "epb: error: spare.csv:2: ref: PET-113-000005: a spare of sample 1 not yet called*"
refused outcome.csv 'ref,outcome\nPET-113-000001,busy\n' "epb: error: outcome.csv:2: outcome: *busy*"
refused noanswers.csv 'ref,outcome\nPET-113-000001,\n' \
  "epb: error: noanswers.csv:2: outcome: required when the row has no answers*"
refused both.csv 'ref,answers,attitude\nPET-113-000001,"5,5,5",5\n' \
  "epb: error: both.csv:2: answers: give the scores in the items' columns or in answers, not both*"
refused attempt.csv 'ref,outcome,attempt\nPET-113-000001,no-answer,0\n' "epb: error: attempt.csv:2: attempt: *"
refused called.csv 'ref,answers,called_at\nPET-113-000001,"5,5,5",2024-02-01\n' \
  "epb: error: called.csv:2: called_at: * is after the command's clock*"
refused nul.csv 'ref,answers,comment\nPET-113-000001,"5,5,5",a\0b\n' "epb: error: nul.csv:2: *NUL*"
refused utf8.csv 'ref,answers,comment\nPET-113-000001,"5,5,5",a\xffb\n' "epb: error: utf8.csv:2: *"
refused control.csv 'ref,answers,comment\nPET-113-000001,"5,5,5",bad\x1b[31mred\n' \
  "epb: error: control.csv:2: comment: control character U+001B not allowed*"
refused surrogate.jsonl '{"ref":"PET-113-000001","answers":"5,5,5","comment":"\\ud800"}\n' \
  "epb: error: surrogate.jsonl:1: comment: lone surrogate*"
refused column.csv 'ref,answers,colour\nPET-113-000001,"5,5,5",red\n' "epb: error: column.csv*colour*"
run survey import 9 good.csv
expect_rc 4
expect_err "epb: error: sample 9: no such sample"
refuse "epb: error: ID: *" survey import 0 good.csv
refuse "epb: error: --rejects $LEDGER: is the ledger *" survey import 1 good.csv --skip-invalid --rejects "$LEDGER"
refuse "epb: error: --rejects good.csv: is an input of this command*" survey import 1 good.csv --skip-invalid --rejects good.csv
expect_sql "select count(*) from survey_attempt" 0

# --- a good file, then again ------------------------------------------------------------------
si 1 good.csv --dry-run
expect_rc 0
expect_err "epb: good.csv: read 5, imported 5, updated 0, skipped 0, rejected 0 in X.X s (dry run, nothing written)"
expect_sql "select count(*) from survey_attempt" 0
si 1 good.csv
expect_rc 0
expect_err "epb: good.csv: read 5, imported 5, updated 0, skipped 0, rejected 0 in X.X s (committed)"
expect_sql "select ref, status, attempts, called from survey_member_iso order by id" "PET-113-000001|responded|0|1
PET-113-000002|unreachable|3|1
PET-113-000003|pending|0|1
PET-113-000004|responded|0|1
PET-113-000005|pending|0|0
PET-113-000006|pending|0|1"
expect_sql "select follow_up_ref from survey_member_iso where ref = 'PET-113-000004'" "SFU-113-000001"
expect_sql "select count(*) from event where action = 'import' and subject = 'survey-import' and detail like '%\"imported\":5%'" 1
BEFORE=$(ledger_dump)
si 1 good.csv
expect_rc 0
expect_err "epb: good.csv: read 5, imported 0, updated 0, skipped 5, rejected 0 in X.X s (committed)"
CHECKS=$((CHECKS + 1))
[ "$(ledger_dump)" = "$BEFORE" ] || fail "the same file again changed the ledger"

# A row that contradicts what was recorded: refused, nothing of the file written.
printf 'ref,outcome,attempt\nPET-113-000003,no-answer,1\nPET-113-000001,refused,1\n' >contra.csv
si 1 contra.csv
expect_rc 3
expect_err_like "epb: error: contra.csv:3: ref: PET-113-000001: attempt 1 is recorded already as answered*"
CHECKS=$((CHECKS + 1))
[ "$(ledger_dump)" = "$BEFORE" ] || fail "a refused file changed the ledger"
# --skip-invalid: the good row in, the bad one to the rejects file.
si 1 contra.csv --skip-invalid --rejects rejects.csv
expect_rc 0
expect_sql "select status, attempts from survey_member_iso where ref = 'PET-113-000003'" "pending|1"
CHECKS=$((CHECKS + 1))
grep -q "PET-113-000001,refused,1" rejects.csv || fail "the rejects file lacks the refused row" "$(cat rejects.csv)"

# JSON lines and answers as one list, by standard input.
run_in '{"ref":"PET-113-000006","answers":"4,4,5","comment":"謝謝"}' survey import 1 - --input-format jsonl
expect_rc 0
expect_err_like "epb: <stdin>: read 1, imported 1, *"
expect_sql "select status, comment from survey_member_iso where ref = 'PET-113-000006'" "responded|謝謝"
printf '%s\n' '{"ref":"PET-113-000006","answers":"4,4,5","comment":"謝謝"}' >one.jsonl
si 1 one.jsonl
expect_rc 0
expect_err_like "*imported 0, updated 0, skipped 1*"
finish
