#!/usr/bin/env bash
# epb fee water: the water pollution fee the city tracks per business and half-year — declare
# (truncated, exempt below NT$50, amended only with --amend), pay (idempotent by --txn, the fee
# first, then interest, small overpayments credited), arrears (interest at the due date's postal
# rate, waived below NT$10, fine candidates after 90 days) in every format, and the import of the
# national system's export (Chinese headers, idempotent); bad input exits 3 with nothing written.
source "$(dirname "$0")/lib.sh"

LEDGER="$XDG_DATA_HOME/epb/ledger.sqlite"
cd "$SCRATCH" || exit 1
run init -q
export EPB_NOW="2024-08-01 10:00"

# ---- declare --------------------------------------------------------------------------------
run fee water declare --ubn 04595257 --period 2024-H1 --amount 100000.9 --business 台灣水泥
expect_rc 0
expect_out ""
expect_err "epb: 04595257 2024-H1 declared: NT\$100,000, due 2024-07-31"
# The ROC year, and an exempt fee: below NT$50, still declared.
run fee water declare --ubn 22099131 --period 113-H1 --amount 49.9 --business 中油
expect_rc 0
expect_err "epb: 22099131 2024-H1 declared: NT\$49, due 2024-07-31, exempt (below NT\$50): nothing to pay"
run fee water declare --ubn 12345675 --period 2024-H1 --amount 10000 --declared-on 113/07/20
expect_rc 0
expect_sql "select ubn, business, period, declared, exempt, due_date, paid, source from water_fee order by id" \
  "04595257|台灣水泥|2024-H1|100000|0|2024-07-31|0|manual
22099131|中油|2024-H1|49|1|2024-07-31|0|manual
12345675||2024-H1|10000|0|2024-07-31|0|manual"
expect_sql "select date(declared_at, 'unixepoch', '+8 hours') from water_fee where ubn = '12345675'" "2024-07-20"
expect_sql "select subject, action from event where subject like 'water-fee:%' order by id" \
  "water-fee:04595257/2024-H1|declare
water-fee:22099131/2024-H1|declare
water-fee:12345675/2024-H1|declare"

# The same declaration again changes nothing; another amount needs --amend.
BEFORE=$(ledger_dump)
run fee water declare --ubn 04595257 --period 2024-H1 --amount 100000
expect_rc 0
expect_err "epb: 04595257 2024-H1 already declared: NT\$100,000, unchanged"
[ "$(ledger_dump)" = "$BEFORE" ] || fail "declaring the same amount again changed the ledger"
refuse "epb: error: 04595257 2024-H1: already declared NT\$100,000 on 2024-08-01; this declares NT\$90,000 (--amend records the change)" \
  fee water declare --ubn 04595257 --period 2024-H1 --amount 90000
run fee water declare --ubn 12345675 --period 2024-H1 --amount 12000 --amend --business 某工廠
expect_rc 0
expect_err "epb: 12345675 2024-H1 amended: NT\$12,000 (was NT\$10,000), due 2024-07-31"
expect_sql "select detail from event where subject = 'water-fee:12345675/2024-H1' and action = 'amend'" \
  '{"from":10000,"to":12000,"exempt":false,"business":"某工廠","source":"manual","declared_on":"2024-08-01"}'

# Bad declarations: exit 3, the option named, nothing written.
D=(fee water declare --ubn 04595257 --period 2024-H1 --amount 100)
refuse "epb: error: --ubn: business number '04595258': checksum does not match" "${D[@]/04595257/04595258}"
refuse "epb: error: --ubn: business number '0459525': expected 8 digits" "${D[@]/04595257/0459525}"
refuse "epb: error: --period: '2024-H3' is not a half-year: YYYY-H1 or YYYY-H2 (e.g. 2024-H1), or the ROC year (113-H1)" \
  "${D[@]/2024-H1/2024-H3}"
refuse "epb: error: --period: '2024H1' is not a half-year: *" "${D[@]/2024-H1/2024H1}"
refuse "epb: error: --period: '2014-H2': the water pollution fee is collected from 2015 (104) on" "${D[@]/2024-H1/2014-H2}"
refuse "epb: error: --amount: '-5' is negative" fee water declare --ubn 04595257 --period 2024-H1 --amount=-5
refuse "epb: error: --amount: '1e3' is not an amount in NT\$ (e.g. 1234 or 1234.5): *" "${D[@]/100/1e3}"
refuse "epb: error: --amount: must not be empty" "${D[@]/100/ }"
# The clock: a half-year is declared once it is over, and never on a day still to come.
refuse "epb: error: --period: 2024-H2 ends on 2024-12-31: it cannot be declared on 2024-08-01" "${D[@]/2024-H1/2024-H2}"
refuse "epb: error: --declared-on: 2024-H1 ends on 2024-06-30: it cannot be declared on 2024-06-30" "${D[@]}" --declared-on 2024-06-30
refuse "epb: error: --declared-on: 2024-08-02 is in the future (today is 2024-08-01)" "${D[@]}" --declared-on 2024-08-02
refuse "epb: error: --declared-on: *" "${D[@]}" --declared-on 2024-02-30
refuse "epb: error: --business: control character U+001B not allowed" "${D[@]}" --business $'台\x1b泥'
refuse "epb: error: --business: invalid UTF-8 at byte 2" "${D[@]}" --business $'a\xffb'
refuse "epb: error: --ubn: *" "${D[@]/04595257/$'0459\x015257'}"

# ---- pay ------------------------------------------------------------------------------------
# On time, in two parts; the second pays more than is owed: below NT$2,000, credited.
run fee water pay --ubn 12345675 --period 2024-H1 --amount 10000 --paid-on 2024-07-25 --txn POST-001
expect_rc 0
expect_err "epb: 12345675 2024-H1: paid NT\$10,000 (fee NT\$10,000, interest NT\$0); NT\$2,000 of the fee still unpaid"
run fee water pay --ubn 12345675 --period 2024-H1 --amount 3500 --paid-on 113.07.31 --txn POST-002
expect_rc 0
expect_err "epb: 12345675 2024-H1: paid NT\$3,500 (fee NT\$2,000, interest NT\$0); overpaid NT\$1,500: credited, not refunded (below NT\$2,000)"
expect_sql "select paid, paid_on from water_fee where ubn = '12345675'" "13500|2024-07-31"
# The same transaction again records nothing.
BEFORE=$(ledger_dump)
run fee water pay --ubn 12345675 --period 2024-H1 --amount 3500 --paid-on 2024-07-31 --txn POST-002
expect_rc 0
expect_err "epb: 12345675 2024-H1: payment POST-002 already recorded, unchanged"
[ "$(ledger_dump)" = "$BEFORE" ] || fail "a payment recorded twice changed the ledger"
expect_sql "select count(*), sum(amount) from water_payment" "2|13500"
expect_sql "select action, detail from event where subject = 'water-fee:12345675/2024-H1' and action = 'pay' order by id" \
  'pay|{"txn":"POST-001","amount":10000,"paid_on":"2024-07-25","fee":10000,"interest":0,"overpaid":0,"credited":false}
pay|{"txn":"POST-002","amount":3500,"paid_on":"2024-07-31","fee":2000,"interest":0,"overpaid":1500,"credited":true}'

P=(fee water pay --ubn 04595257 --period 2024-H1 --amount 1000 --paid-on 2024-07-31 --txn BANK-9)
refuse "epb: error: --txn: POST-002 is already recorded: NT\$3,500 on 2024-07-31 for 12345675 2024-H1" \
  "${P[@]/BANK-9/POST-002}"
refuse "epb: error: --ubn: business number '04595258': checksum does not match" "${P[@]/04595257/04595258}"
refuse "epb: error: --period: '2024-H0' is not a half-year: *" "${P[@]/2024-H1/2024-H0}"
refuse "epb: error: --amount: must be more than 0" "${P[@]/1000/0}"
refuse "epb: error: --amount: amount '12.5': *" "${P[@]/1000/12.5}"
refuse "epb: error: --amount: amount '-1000': *" fee water pay --ubn 04595257 --period 2024-H1 --amount=-1000 \
  --paid-on 2024-07-31 --txn BANK-9
refuse "epb: error: --paid-on: 2024-08-02 is in the future (today is 2024-08-01)" "${P[@]/2024-07-31/2024-08-02}"
refuse "epb: error: --paid-on: 2024-06-30 is before 2024-H1 ended (2024-06-30)" "${P[@]/2024-07-31/2024-06-30}"
refuse "epb: error: --paid-on: *" "${P[@]/2024-07-31/yesterday}"
refuse "epb: error: --txn: must not be empty" "${P[@]/BANK-9/ }"
refuse "epb: error: --txn: control character U+0007 not allowed" "${P[@]/BANK-9/$'BANK\a9'}"
refuse "epb: error: 22099131 2024-H1: exempt (declared NT\$49, below NT\$50): nothing to pay" "${P[@]/04595257/22099131}"
# A clock set before the fee's latest event: no amendment or payment dated before what it follows.
EPB_NOW="2024-08-01 09:59" refuse "epb: error: 12345675 2024-H1: the clock (2024-08-01T09:59:00+08:00) is earlier than its latest event (2024-08-01T10:00:00+08:00); a change cannot be dated before what it follows (check --as-of / EPB_NOW)" \
  fee water declare --ubn 12345675 --period 2024-H1 --amount 13000 --amend --declared-on 2024-07-30
EPB_NOW="2024-08-01 09:59" refuse "epb: error: 12345675 2024-H1: the clock (2024-08-01T09:59:00+08:00) is earlier than its latest event*" \
  fee water pay --ubn 12345675 --period 2024-H1 --amount 10 --paid-on 2024-07-31 --txn POST-LATE

# Never declared: not found (exit 4), nothing written.
BEFORE=$(ledger_dump)
run "${P[@]/2024-H1/2023-H2}"
expect_rc 4
expect_err "epb: error: 04595257 2023-H2: no water pollution fee declared for that half-year"
[ "$(ledger_dump)" = "$BEFORE" ] || fail "a payment of an unknown fee changed the ledger"

# ---- import ---------------------------------------------------------------------------------
# The national system's export, with its own headers; amounts with decimals are truncated.
wimp() {
  run fee water import "$@"
  ERR=$(printf '%s' "$ERR" | sed -E 's/ in [0-9]+\.[0-9] s \(/ in X.X s (/')
}
export EPB_NOW="2025-02-10 09:00"
printf '統一編號,事業名稱,申報期別,申報金額,申報日期\n04595257,台灣水泥,113-H2,"12,345.67",114/01/20\n22099131,中油,2024-H2,30.5,2025-01-15\n12345675,某工廠,2024-H2,5000,\n' >nat.csv
wimp nat.csv
expect_rc 0
expect_err "epb: nat.csv: read 3, imported 3, updated 0, skipped 0, rejected 0 in X.X s (committed)"
expect_sql "select ubn, business, period, declared, exempt, due_date, source, date(declared_at, 'unixepoch', '+8 hours')
  from water_fee where period = '2024-H2' order by id" \
  "04595257|台灣水泥|2024-H2|12345|0|2025-01-31|import|2025-01-20
22099131|中油|2024-H2|30|1|2025-01-31|import|2025-01-15
12345675|某工廠|2024-H2|5000|0|2025-01-31|import|2025-02-10"
expect_sql "select count(*) from event where action = 'declare' and subject like 'water-fee:%/2024-H2'" "3"
expect_sql "select detail from event where subject = 'water-fee-import'" \
  '{"file":"nat.csv","first_id":4,"last_id":6,"imported":3,"updated":0,"skipped":0,"rejected":0}'
# Imported again: nothing changes.
BEFORE=$(ledger_dump)
wimp nat.csv
expect_rc 0
expect_err "epb: nat.csv: read 3, imported 0, updated 0, skipped 3, rejected 0 in X.X s (committed)"
[ "$(ledger_dump)" = "$BEFORE" ] || fail "the same export imported twice changed the ledger"
# epb's own names, as JSON lines, and an already-held row in it: skipped.
printf '{"ubn":"04595257","period":"2024-H2","amount":"12345"}\n{"ubn":"22099131","business":"中油","period":"2023-H2","amount":"800","declared_on":"2024-01-10"}\n' >own.jsonl
wimp own.jsonl
expect_rc 0
expect_err "epb: own.jsonl: read 2, imported 1, updated 0, skipped 1, rejected 0 in X.X s (committed)"

# A dry run validates and writes nothing; standard input is read as CSV.
printf '%s\n53212539,乙,2023-H2,70,2024-01-05\n' "$(head -1 nat.csv)" >dry.csv
BEFORE=$(ledger_dump)
wimp dry.csv --dry-run
expect_rc 0
expect_err "epb: dry.csv: read 1, imported 1, updated 0, skipped 0, rejected 0 in X.X s (dry run, nothing written)"
[ "$(ledger_dump)" = "$BEFORE" ] || fail "a dry run changed the ledger"
run_in "$(cat nat.csv)" fee water import -
expect_rc 0
expect_err_contains "epb: <stdin>: read 3, imported 0, updated 0, skipped 3, rejected 0"
[ "$(ledger_dump)" = "$BEFORE" ] || fail "the export again on standard input changed the ledger"

# A changed amount is an invalid row, unless --on-duplicate update records the change.
sed 's/,5000,$/,6000,/' nat.csv >changed.csv
BEFORE=$(ledger_dump)
wimp changed.csv
expect_rc 3
expect_err "epb: error: changed.csv:4: amount: 12345675 2024-H2: already declared NT\$5,000 on 2025-02-10; this declares NT\$6,000 (--on-duplicate update records the change)
epb: changed.csv: read 3, imported 0, updated 0, skipped 2, rejected 1 in X.X s (nothing written)
epb: error: changed.csv: 1 invalid row"
[ "$(ledger_dump)" = "$BEFORE" ] || fail "a refused import changed the ledger"
wimp changed.csv --on-duplicate update
expect_rc 0
expect_err "epb: changed.csv: read 3, imported 0, updated 1, skipped 2, rejected 0 in X.X s (committed)"
expect_sql "select declared from water_fee where ubn = '12345675' and period = '2024-H2'" "6000"
expect_sql "select detail from event where subject = 'water-fee:12345675/2024-H2' and action = 'amend'" \
  '{"from":5000,"to":6000,"exempt":false,"business":"某工廠","source":"import","declared_on":"2025-02-10"}'
# An update with the clock before the fee's latest event: refused, and no --on-duplicate hint.
sed 's/,5000,$/,7000,/' nat.csv >later.csv
EPB_NOW="2025-02-10 08:59" refuse "epb: error: later.csv:4: amount: 12345675 2024-H2: the clock (2025-02-10T08:59:00+08:00) is earlier than its latest event (2025-02-10T09:00:00+08:00); a change cannot be dated before what it follows (check --as-of / EPB_NOW)
epb: later.csv: read 3, imported 0, updated 0, skipped 2, rejected 1 in * s (nothing written)
epb: error: later.csv: 1 invalid row" fee water import later.csv --on-duplicate update
H='統一編號,事業名稱,申報期別,申報金額,申報日期'
printf '%s\n04595257,台灣水泥,2024-H2,12345,\n' "$H" >held.csv
refuse "epb: error: held.csv:2: ubn: 04595257 2024-H2 is already declared (NT\$12345)*" \
  fee water import held.csv --on-duplicate error

# Bad rows: each named by FILE:LINE and its field; nothing written.
printf '%s\n55555555,甲,2024-H2,100,\n55555555,甲,2024-H2,100,\n' "$H" >twice.csv
refuse "epb: error: twice.csv:3: ubn: 55555555 2024-H2 is also on line 2 of this file*" fee water import twice.csv
printf '%s\n04595258,甲,2024-H2,100,\n' "$H" >ubn.csv
refuse "epb: error: ubn.csv:2: ubn: business number '04595258': checksum does not match*" fee water import ubn.csv
printf '%s\n04595257,甲,2024-H5,100,\n' "$H" >period.csv
refuse "epb: error: period.csv:2: period: '2024-H5' is not a half-year: *" fee water import period.csv
printf '%s\n04595257,甲,2023-H1,-100,\n' "$H" >negative.csv
refuse "epb: error: negative.csv:2: amount: '-100' is negative*" fee water import negative.csv
printf '%s\n04595257,甲,2025-H1,100,\n' "$H" >early.csv
refuse "epb: error: early.csv:2: period: 2025-H1 ends on 2025-06-30: it cannot be declared on 2025-02-10*" \
  fee water import early.csv
printf '%s\n04595257,甲,2023-H1,100,2025-02-11\n' "$H" >future.csv
refuse "epb: error: future.csv:2: declared_on: 2025-02-11 is in the future (today is 2025-02-10)*" \
  fee water import future.csv
printf '%s\n04595257,甲,2023-H1,,\n' "$H" >empty.csv
refuse "epb: error: empty.csv:2: amount: must not be empty*" fee water import empty.csv
printf '%s\n04595257,甲\x00乙,2023-H1,100,\n' "$H" >nul.csv
refuse "epb: error: nul.csv:2: business: NUL byte (U+0000) not allowed*" fee water import nul.csv
printf '%s\n04595257,甲\xff乙,2023-H1,100,\n' "$H" >bytes.csv
refuse "epb: error: bytes.csv:2: *UTF-8*" fee water import bytes.csv --encoding utf8
printf '%s\n04595257,甲\x1b乙,2023-H1,100,\n' "$H" >control.csv
refuse "epb: error: control.csv:2: business: control character U+001B not allowed*" fee water import control.csv
printf '統一編號,事業名稱,申報期間,申報金額\n04595257,甲,2023-H1,100\n' >column.csv
refuse "epb: error: column.csv:1: unknown column '申報期間'*" fee water import column.csv
printf '統一編號,申報期別\n04595257,2023-H1\n' >missing.csv
refuse "epb: error: missing.csv:1: missing column 'amount' (or map one with --map COLUMN=amount)*" fee water import missing.csv
printf '統一編號,ubn,申報期別,申報金額\n04595257,04595257,2023-H1,100\n' >both.csv
refuse "epb: error: both.csv:1: two columns give field 'ubn'*" fee water import both.csv
# The import's options.
refuse "epb: error: --rejects $LEDGER: is the ledger*" fee water import ubn.csv --skip-invalid --rejects "$LEDGER"
refuse "epb: error: --rejects ubn.csv: is an input of this command*" fee water import ubn.csv --skip-invalid --rejects ubn.csv
refuse "epb: error: --skip-invalid: needs --rejects FILE for the rows left out" fee water import ubn.csv --skip-invalid
refuse "epb: error: --on-duplicate: *" fee water import ubn.csv --on-duplicate replace
# --skip-invalid: the good rows in, the bad one to the rejects file as read, after its reason.
printf '%s\n04595258,甲,2024-H2,100,\n53212539,乙,2024-H2,900.99,\n' "$H" >mixed.csv
wimp mixed.csv --skip-invalid --rejects rejects.csv
expect_rc 0
expect_err "epb: error: mixed.csv:2: ubn: business number '04595258': checksum does not match
epb: mixed.csv: read 2, imported 1, updated 0, skipped 0, rejected 1 in X.X s (committed; rejected rows in rejects.csv)"
[ "$(cat rejects.csv)" = "$H,epb_error
,,,,,\"mixed.csv:2: ubn: business number '04595258': checksum does not match\"
04595258,甲,2024-H2,100," ] || fail "rejects file" "$(cat rejects.csv)"
expect_sql "select declared from water_fee where ubn = '53212539'" "900"

# ---- late payments and arrears --------------------------------------------------------------
# arrears ARGS...: epb fee water arrears, CSV's CRLF line ends read as LF.
arrears() {
  run fee water arrears "$@"
  OUT=${OUT//$'\r'/}
}
# The built-in postal rates: 1.39 % from 2023-03-24, 1.515 % from 2024-03-22.
# Day 90 after 2024-07-31: 100,000 × 1.515 % × 90 / 365 = 373.56…: 373, not yet a fine candidate;
# 800 × 1.39 % (the rate of 2024-01-31) × 272 / 365 = 8.28…: waived.
arrears --as-of 2024-10-29 --format csv
expect_rc 0
expect_out "ubn,business,period,declared,paid,unpaid,due,days_late,postal_rate,interest,interest_waived,fine_candidate
22099131,中油,2023-H2,800,0,800,2024-01-31,272,1.39,0,true,true
04595257,台灣水泥,2024-H1,100000,0,100000,2024-07-31,90,1.515,373,false,false"
# Day 91: a fine candidate.
arrears --as-of 2024-10-30 --format csv
expect_out_contains "04595257,台灣水泥,2024-H1,100000,0,100000,2024-07-31,91,1.515,377,false,true"
# Paid late: the fee first; 107 days: 100,000 × 1.515 % × 107 / 365 = 444.12…: 444 still owed.
run fee water pay --ubn 04595257 --period 2024-H1 --amount 100000 --paid-on 2024-11-15 --txn BANK-1
expect_rc 0
expect_err "epb: 04595257 2024-H1: paid NT\$100,000 (fee NT\$100,000, interest NT\$0); interest NT\$444 still owed"
run fee water pay --ubn 04595257 --period 2024-H1 --amount 444 --paid-on 2024-11-20 --txn BANK-2
expect_rc 0
expect_err "epb: 04595257 2024-H1: paid NT\$444 (fee NT\$0, interest NT\$444)"
expect_sql "select amount, interest, paid_on from water_payment where txn_id like 'BANK-%' order by id" \
  "100000|0|2024-11-15
444|444|2024-11-20"
# 5 days late: 6,000 × 1.515 % × 5 / 365 = 1.24…: waived; overpaid NT$2,000: refunded, not credited.
run fee water pay --ubn 12345675 --period 2024-H2 --amount 8000 --paid-on 2025-02-05 --txn BANK-3
expect_rc 0
expect_err "epb: 12345675 2024-H2: paid NT\$8,000 (fee NT\$6,000, interest NT\$0); overpaid NT\$2,000: to be refunded"

# On the day of the clock, every format. 376 days: 800 × 1.39 % × 376 / 365 = 11.45…: 11, owed.
arrears --format csv
expect_rc 0
CSV="ubn,business,period,declared,paid,unpaid,due,days_late,postal_rate,interest,interest_waived,fine_candidate
22099131,中油,2023-H2,800,0,800,2024-01-31,376,1.39,11,false,true
04595257,台灣水泥,2024-H2,12345,0,12345,2025-01-31,10,1.515,0,true,false
53212539,乙,2024-H2,900,0,900,2025-01-31,10,1.515,0,false,false"
expect_out "$CSV"
arrears --format tsv
expect_out "$(printf '%s\n' "$CSV" | tr , '\t')"
arrears --format jsonl
expect_out_contains '{"ubn":"22099131","business":"中油","period":"2023-H2","declared":800,"paid":0,"unpaid":800,"due":"2024-01-31","days_late":376,"postal_rate":"1.39","interest":11,"interest_waived":false,"fine_candidate":true}'
arrears --format json
expect_rc 0
[ "$(printf '%s' "$OUT" | jq -c '[.[] | [.ubn, .interest, .fine_candidate]]')" = '[["22099131",11,true],["04595257",0,false],["53212539",0,false]]' ] ||
  fail "arrears json" "$OUT"
arrears
expect_rc 0
expect_out_contains "22099131"
expect_out_contains "yes"
arrears --date-style roc --format csv
expect_out_contains "22099131,中油,2023-H2,800,0,800,113/01/31,376"
# Replayed before the late payment: it was in arrears then.
arrears --as-of 2024-11-01 --format csv
expect_out_contains "04595257,台灣水泥,2024-H1,100000,0,100000,2024-07-31,93,1.515,386,false,true"
# Before any due date: nothing.
arrears --as-of 2024-01-31 --format csv
expect_out "ubn,business,period,declared,paid,unpaid,due,days_late,postal_rate,interest,interest_waived,fine_candidate"
BEFORE=$(ledger_dump)
arrears --as-of 2024-13-01
expect_rc 3
expect_err_like "epb: error: --as-of / EPB_NOW: *"
[ "$(ledger_dump)" = "$BEFORE" ] || fail "arrears changed the ledger"

finish
