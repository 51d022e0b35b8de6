#!/usr/bin/env bash
# epb fee pay, import-payments (CSV and fixed-width), arrears and statement: payments matched by
# slip and idempotent by transaction, short, over and unmatched payments refused row by row with
# FILE:LINE and nothing written, --skip-invalid rejects, a file imported twice changing nothing,
# and arrears and statements reproducible with --as-of in csv and json.
source "$(dirname "$0")/lib.sh"

LEDGER="$XDG_DATA_HOME/epb/ledger.sqlite"
cd "$SCRATCH" || exit 1
run init -q
export EPB_NOW="2026-03-02 10:00"
# project N: registers and declares project N (NT$7,950, due in full on 2026-03-13).
project() {
  run fee project add -q --owner 王小明 --owner-id A123456789 --phone 0912345678 --address 高雄市苓雅區四維三路2號 \
    --site "高雄市前鎮區中山二路${1}號" --permit "P-115-000$1" --contractor 大發營造 --contractor-ubn 04595257 \
    --category 1 --quantity 1000 --planned-start 2026-03-10 --planned-end 2026-06-07
  expect_rc 0
  EPB_NOW="2026-03-03 10:00" run fee declare -q "CFD-115-00000$1"
  expect_rc 0
}
for n in 1 2 3 4 5; do project $n; done
# runc ARGS...: run, CSV line ends (CRLF) read as LF.
runc() {
  run "$@"
  OUT=${OUT//$'\r'/}
}
slip() { sqlite3 "$LEDGER" "select slip from fee_instalment where case_id = $1"; }
S1=$(slip 1) S2=$(slip 2) S3=$(slip 3) S4=$(slip 4) S5=$(slip 5)
expect_sql "select count(*), min(due_date), max(due_date), sum(amount) from fee_instalment where state = 'open'" \
  "5|2026-03-13|2026-03-13|39750"
export EPB_NOW="2026-04-20 10:00"

# --- the counter -------------------------------------------------------------------------------
runc fee pay "$S1" --amount 7,950 --paid-on 115/03/12 --format csv
expect_rc 0
expect_out "slip,ref,seq,outcome,amount,principal,surcharge,interest,days_late,paid_on,collector,txn_id,notices_cancelled
$S1,CFD-115-000001,1,applied,7950,7950,0,0,0,2026-03-12,counter,$S1-20260312,0"
expect_sql "select state, paid_on, paid_total from fee_instalment where slip = '$S1'" "paid|2026-03-12|7950"
expect_sql "select count(*) from event where action = 'fee-payment' and subject = 'case:CFD-115-000001'" 1
BEFORE=$(ledger_dump)
run fee pay "$S1" --amount 7950 --paid-on 2026-03-12
expect_rc 0
expect_err "epb: $S1: $S1-20260312 of counter was recorded already; nothing changed"
check_same() {
  CHECKS=$((CHECKS + 1))
  [ "$(ledger_dump)" = "$BEFORE" ] || fail "$1: the ledger changed"
}
check_same "the same counter payment again"

# Misuse: exit 3, the option named, nothing written.
refuse "epb: error: --amount: NT\$7,950 is NT\$278 short of the NT\$8,228 due on 2026-03-20: principal NT\$7,950 + surcharge NT\$278 (7 days; paid 7 days after the due date 2026-03-13)" \
  fee pay "$S2" --amount 7950 --paid-on 2026-03-20
refuse "epb: error: --amount: NT\$9,000 is NT\$1,050 over the NT\$7,950 due on 2026-03-13: principal NT\$7,950" \
  fee pay "$S2" --amount 9000 --paid-on 2026-03-13
refuse "epb: error: slip: $S1 (CFD-115-000001 instalment 1) was paid already on 2026-03-12 (NT\$7,950)*" \
  fee pay "$S1" --amount 7950 --paid-on 2026-03-12 --txn OTHER-1
refuse "epb: error: slip: check digit *, expected *" fee pay "${S2%?}$(( (${S2: -1} + 1) % 10 ))" --amount 7950 \
  --paid-on 2026-03-12
refuse "epb: error: slip: a slip number has 12 digits, not 3" fee pay 123 --amount 7950 --paid-on 2026-03-12
refuse "epb: error: slip: a slip number has digits only" fee pay 11500000201X --amount 7950 --paid-on 2026-03-12
refuse "epb: error: --amount: *" fee pay "$S2" --amount seven --paid-on 2026-03-12
refuse "epb: error: --amount: must be more than 0" fee pay "$S2" --amount 0 --paid-on 2026-03-12
refuse "epb: error: --paid-on: *" fee pay "$S2" --amount 7950 --paid-on 2026-02-30
refuse "epb: error: --paid-on: 2026-04-21 is in the future (today is 2026-04-20)" \
  fee pay "$S2" --amount 7950 --paid-on 2026-04-21
# Before the slip was issued (declared on 2026-03-03): a typo, refused.
refuse "epb: error: --paid-on: 2026-03-02 is before slip $S2 was issued on 2026-03-03 (the declaration of CFD-115-000002)" \
  fee pay "$S2" --amount 7950 --paid-on 2026-03-02
refuse "epb: error: --txn: required with --collector bank" fee pay "$S2" --amount 7950 --paid-on 2026-03-12 \
  --collector bank
refuse "epb: error: --txn: *" fee pay "$S2" --amount 7950 --paid-on 2026-03-12 --txn $'T\x01'
# An unknown slip with a valid check digit is not found (exit 4), nothing written.
run fee pay 115000099016 --amount 7950 --paid-on 2026-03-12
expect_rc 4
expect_err "epb: error: slip: 115000099016: no instalment has this slip (unmatched payment)"
check_same "an unmatched counter payment"

# --- a CSV collection file -------------------------------------------------------------------
# S2 paid 7 days late with its surcharge; S3 short, S4 over, an unmatched slip: each refused at
# its line, and the whole file with them (nothing written).
printf 'slip,amount,paid_on,txn_id,collector,payer\n%s,8228,2026-03-20,B-0001,bank,王\n%s,7000,2026-03-13,B-0002,bank,\n%s,8000,2026-03-13,B-0003,bank,\n115000099016,7950,2026-03-13,B-0004,bank,\n' \
  "$S2" "$S3" "$S4" >bad.csv
BEFORE=$(ledger_dump)
run fee import-payments bad.csv
expect_rc 3
expect_err_contains "epb: error: bad.csv:3: amount: NT\$7,000 is NT\$950 short of the NT\$7,950 due on 2026-03-13: principal NT\$7,950"
expect_err_contains "epb: error: bad.csv:4: amount: NT\$8,000 is NT\$50 over the NT\$7,950 due on 2026-03-13"
expect_err_contains "epb: error: bad.csv:5: slip: 115000099016: no instalment has this slip (unmatched payment)"
expect_err_contains "read 4, imported 1, updated 0, skipped 0, rejected 3 in"
expect_err_contains "(nothing written)"
check_same "a file with short, over and unmatched payments"

# --skip-invalid: the good row is applied, the others go to the rejects file with their reasons.
run fee import-payments bad.csv --skip-invalid --rejects rejects.csv
expect_rc 0
expect_err_contains "read 4, imported 1, updated 0, skipped 0, rejected 3"
expect_sql "select principal, surcharge, interest, collector, txn_id from fee_payment where slip = '$S2'" \
  "7950|278|0|bank|B-0001"
CHECKS=$((CHECKS + 1))
grep -q "$S3,7000,2026-03-13,B-0002" rejects.csv && grep -q "short of" rejects.csv || fail "rejects.csv" "$(cat rejects.csv)"
CHECKS=$((CHECKS + 1))
[ "$(grep -c "^$S2" rejects.csv)" = 0 ] || fail "the applied row is in the rejects file"

# The same file again changes nothing: the applied row is recorded, the others still refused.
BEFORE=$(ledger_dump)
run fee import-payments bad.csv --skip-invalid --rejects rejects2.csv
expect_rc 0
expect_err_contains "read 4, imported 0, updated 0, skipped 1, rejected 3"
check_same "the file imported twice"

# The rejects file is neither the ledger nor the input, however spelled.
refuse "epb: error: --rejects *: is the ledger (*); epb never writes over it" \
  fee import-payments bad.csv --skip-invalid --rejects "$LEDGER"
refuse "epb: error: --rejects ./bad.csv: is an input of this command (bad.csv); epb never writes over it" \
  fee import-payments bad.csv --skip-invalid --rejects ./bad.csv
refuse "epb: error: --skip-invalid: needs --rejects FILE for the rows left out" fee import-payments bad.csv --skip-invalid
# A file of NUL bytes or bytes that are not UTF-8: refused at its line.
printf 'slip,amount,paid_on,txn_id,collector\n%s,7950,2026-03-13,B-9,bank\n%s,79\0050,2026-03-13,B-10,bank\n' "$S3" "$S3" >nul.csv
refuse "epb: error: nul.csv:3: amount: *" fee import-payments nul.csv
printf 'slip,amount,paid_on,txn_id,collector\n%s,7950,2026-03-13,B-9,bank\n%s,7950,2026-03-13,B-\xff,bank\n' "$S3" "$S3" >bad-utf8.csv
refuse "epb: error: bad-utf8.csv:3*UTF-8*" fee import-payments bad-utf8.csv
printf 'slip,amount,paid_on,txn_id,collector\n%s,7950,2026-03-01,B-11,bank\n' "$S3" >early.csv
refuse "epb: error: early.csv:2: paid_on: 2026-03-01 is before slip $S3 was issued on 2026-03-03 (the declaration of CFD-115-000003)*" \
  fee import-payments early.csv
refuse "epb: error: *collector: required*" fee import-payments <(printf 'slip,amount,paid_on,txn_id\n%s,7950,2026-03-13,B-9\n' "$S3")

# --- a fixed-width bank file (layout bank: slip 1-12, amount 13-22, paid_on 23-30, txn_id 31-46) -
fixed() { printf '%-12s%010d%-8s%-16s\n' "$@"; }
{
  echo "H20260320BANK"
  fixed "$S3" 7950 20260313 FW-0001
  fixed "$S4" 7950 20260312 FW-0002
  echo "T00000215900"
} >bank.txt
BEFORE=$(ledger_dump)
run fee import-payments bank.txt --layout bank
expect_rc 0
expect_err_contains "read 2, imported 2, updated 0, skipped 0, rejected 0"
expect_sql "select slip, amount, paid_on, collector, txn_id from fee_payment where txn_id like 'FW-%' order by id" \
  "$S3|7950|2026-03-13|bank|FW-0001
$S4|7950|2026-03-12|bank|FW-0002"
BEFORE=$(ledger_dump)
run fee import-payments bank.txt --layout bank
expect_rc 0
expect_err_contains "read 2, imported 0, updated 0, skipped 2, rejected 0"
check_same "the fixed-width file imported twice"
# A short line, a NUL byte and invalid UTF-8 in a fixed-width file: FILE:LINE.
{
  echo "H"
  printf '%s00000079\n' "$S5"
} >short.txt
refuse "epb: error: short.txt:2: the line has 20 characters; field amount takes characters 13-22 (layout bank)*" \
  fee import-payments short.txt --layout bank
{
  echo "H"
  fixed "$S5" 7950 20260313 FW-0003 | tr 'F' '\000'
} >nul.txt
refuse "epb: error: nul.txt:2: a NUL byte at byte 31 of the line*" fee import-payments nul.txt --layout bank
{
  echo "H"
  fixed "$S5" 7950 20260313 FW-0003 | sed 's/FW/\xff\xfe/'
} >utf8.txt
refuse "epb: error: utf8.txt:2*UTF-8*" fee import-payments utf8.txt --layout bank
# Sent without its head line: the first payment is not taken for the head (head_prefix "H").
fixed "$S5" 7950 20260313 FW-0003 >headless.txt
refuse "epb: error: headless.txt:1: a head line of layout 'bank' starts with 'H'; this one does not (was the file sent without its head?)" \
  fee import-payments headless.txt --layout bank
refuse "epb: error: --layout: no layout 'nosuch' in the configuration (known: bank, cvs)" \
  fee import-payments bank.txt --layout nosuch
refuse "epb: error: --layout: reads a fixed-width file, not --input-format csv" \
  fee import-payments bank.txt --layout bank --input-format csv
refuse "epb: error: --input-format: fixed needs --layout CODE" fee import-payments bank.txt --input-format fixed

# --- arrears and the statement, reproducible with --as-of -----------------------------------
# S5 is the one instalment left open: 68 days late on 2026-05-20.
# The next dunning stage depends on the ladder of [notify.rules.construction_fee] (fee
# dunning's): compared apart, as "a stage on a day not before the as-of date, or none".
stages_apart() {
  STAGE=$(printf '%s' "$OUT" | sed -nE 's/.*"next_stage":"([^"]*)","next_stage_on":"([^"]*)".*/\1 \2/p')
  OUT=$(printf '%s' "$OUT" | sed -E 's/"next_stage":"[^"]*","next_stage_on":"[^"]*"/"next_stage":X,"next_stage_on":X/')
  CHECKS=$((CHECKS + 1))
  [[ "$STAGE" == " " || "$STAGE" =~ ^(reminder|first|second|final|referral)\ 2026-(0[5-9]|1[0-2])-[0-9][0-9]$ ]] ||
    fail "next stage: $STAGE"
}
runc --as-of "2026-05-20 09:00" --format csv fee arrears
expect_rc 0
OUT=$(printf '%s' "$OUT" | awk -F, -v OFS=, '{ $13 = "X"; $14 = "X"; print }')
expect_out "ref,slip,seq,principal,due,days_late,surcharge_days,surcharge,interest_days,postal_rate,interest,total,X,X,referral
CFD-115-000005,$S5,1,7950,2026-03-13,68,30,1193,38,1.515,13,9156,X,X,true"
run --as-of "2026-05-20 09:00" --format json fee arrears
stages_apart
expect_out "[
{\"ref\":\"CFD-115-000005\",\"slip\":\"$S5\",\"seq\":1,\"principal\":7950,\"due\":\"2026-03-13\",\"days_late\":68,\"surcharge_days\":30,\"surcharge\":1193,\"interest_days\":38,\"postal_rate\":\"1.515\",\"interest\":13,\"total\":9156,\"next_stage\":X,\"next_stage_on\":X,\"referral\":true}
]"
run --as-of "2026-05-20 09:00" fee arrears
expect_err "epb: 1 late instalment as of 2026-05-20: principal NT\$7,950, total due NT\$9,156; 1 for referral"
run --as-of "2026-03-13 09:00" fee arrears --count
expect_out 0
run --as-of "2026-05-20 09:00" fee arrears --count
expect_out 1
runc --as-of "2026-05-20 09:00" --format csv fee statement CFD-115-000002
expect_rc 0
expect_out "entry,date,item,amount,principal,surcharge,interest,state,note
project,2026-03-10,CFD-115-000002,,,,,declared,\"category 1, quantity 1000, 2026-03-10 to 2026-06-07, permit P-115-0002\"
declaration,2026-03-03,level 2,7950,,,,full,\"quantity 1000, 2026-03-10 to 2026-06-07, 90 days counted (0 stopped), rate 2.65\"
instalment,2026-03-13,$S2,7950,7950,,,paid,full
payment,2026-03-20,$S2,8228,7950,278,0,paid,bank B-0001
balance,2026-05-20,CFD-115-000002,0,0,0,0,settled,"
run --as-of "2026-05-20 09:00" --format json fee statement P-115-0005
expect_out_contains "{\"entry\":\"balance\",\"date\":\"2026-05-20\",\"item\":\"CFD-115-000005\",\"amount\":9156,\"principal\":7950,\"surcharge\":1193,\"interest\":13,\"state\":\"owed\",\"note\":\"\"}"
run fee statement CFD-115-000099
expect_rc 4
# The ledger as of a day: S5 paid on 2026-05-20 but recorded on 2026-05-25 changes neither the
# arrears nor the statement as of 2026-05-20; as of 2026-05-25 it is settled.
run --as-of "2026-05-20 09:00" --format csv fee arrears
ARREARS=$OUT
run --as-of "2026-05-20 09:00" --format csv fee statement P-115-0005
STATEMENT=$OUT
EPB_NOW="2026-05-25 10:00" run fee pay "$S5" --amount 9,156 --paid-on 2026-05-20 -q
expect_rc 0
run --as-of "2026-05-20 09:00" --format csv fee arrears
expect_out "$ARREARS"
run --as-of "2026-05-20 09:00" --format csv fee statement P-115-0005
expect_out "$STATEMENT"
run --as-of "2026-05-25 09:00" fee arrears --count
expect_out 0
runc --as-of "2026-05-25 09:00" --format csv fee statement P-115-0005
expect_out_contains "payment,2026-05-20,$S5,9156,7950,1193,13,paid,counter $S5-20260520"
expect_out_contains "balance,2026-05-25,CFD-115-000005,0,0,0,0,settled,"
# A slip a settlement cancelled: refused at the counter and in a file (FILE:LINE), nothing written;
# in a file a wrong check digit too.
EPB_NOW="2026-03-02 10:00" project 6
S6=$(slip 6)
EPB_NOW="2026-05-25 10:00" run fee settle CFD-115-000006 --quantity 500 --end 2026-05-20 -q
expect_rc 0
refuse "epb: error: slip: $S6 (CFD-115-000006 instalment 1) was cancelled (settled); this payment of NT\$7,950 is not applied" \
  fee pay "$S6" --amount 7950 --paid-on 2026-03-12
printf 'slip,amount,paid_on,txn_id,collector\n%s,7950,2026-03-12,C-1,bank\n%s,7950,2026-03-12,C-2,bank\n' \
  "$S6" "${S6%?}$(((${S6: -1} + 1) % 10))" >cancelled.csv
refuse "epb: error: cancelled.csv:2: slip: $S6 (CFD-115-000006 instalment 1) was cancelled (settled)*cancelled.csv:3: slip: check digit*" \
  fee import-payments cancelled.csv
run db check
expect_rc 0

finish
