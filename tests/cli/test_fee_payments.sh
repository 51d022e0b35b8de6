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
refuse "epb: error: --txn: required with --collector bank" fee pay "$S2" --amount 7950 --paid-on 2026-03-12 \
  --collector bank
refuse "epb: error: --txn: *" fee pay "$S2" --amount 7950 --paid-on 2026-03-12 --txn $'T\x01'
# An unknown slip with a valid check digit is not found (exit 4), nothing written.
run fee pay 115000099016 --amount 7950 --paid-on 2026-03-12
expect_rc 4
expect_err "epb: error: slip: 115000099016: no instalment has this slip (unmatched payment)"
check_same "an unmatched counter payment"
