#!/usr/bin/env bash
# The demo's fee year (epb-demo(1), THE FEE YEAR): its late payers are in `epb fee arrears`, and
# `epb notify run` day by day from the demo's clock, with the demo's config, gives every late
# instalment exactly one notice per dunning level, on the working day the level falls due (the
# year before the clock is history: nothing of it is planned again); a second run the same day
# plans nothing; the bank's collection file imported again changes nothing.
source "$(dirname "$0")/lib.sh"

DIR="$XDG_DATA_HOME/epb/demo"
DEMO="$DIR/ledger.sqlite"
CONF="$DIR/epb.toml"
AS_OF=2026-11-02T09:00
DAY=2026-11-02

# The default size: 1500 cases, 300 subsidy applications, 40 construction projects.
run demo --as-of "$AS_OF" --format csv
expect_rc 0
expect_err_contains "epb: fees: 40 projects, NT$"
expect_err_contains "epb: late fees: epb --ledger $DEMO --config $CONF --as-of 2026-11-02T09:00:00+08:00 fee arrears"
CHECKS=$((CHECKS + 1))
FEES=$(printf '%s\n' "$ERR" | grep '^epb: fees: ')
[[ "$FEES" =~ ([0-9]+)\ late\ payers\;\ settlements:\ ([0-9]+)\ with\ a\ refund\ \(NT\$[0-9,]+\),\ ([0-9]+)\ with\ a\ top-up ]] &&
  [ "${BASH_REMATCH[1]}" -ge 5 ] && [ "${BASH_REMATCH[2]}" -ge 1 ] && [ "${BASH_REMATCH[3]}" -ge 1 ] ||
  fail "fee line: late payers, a refund and a top-up" "$FEES"
LEDGER=$DEMO
epb_demo() { run --ledger "$DEMO" --config "$CONF" "$@"; }

# The year's roles are in the ledger: a project found under way (counted back, no grace), one of
# five million or more in instalments, an exempt one, a demolition, stops, a refund and a top-up.
expect_sql "select count(*) from fee_project where started_on is not null" "1"
expect_sql "select count(*) from fee_instalment i join fee_project p on p.case_id = i.case_id
  where p.started_on is not null and i.due_date = p.started_on and i.paid_total > i.amount" "1"
expect_sql "select count(*) from fee_declaration where fee >= 5000000 and plan = 'instalments'" "1"
expect_sql "select count(*) from fee_declaration where exempt = 1" "1"
expect_sql "select count(*) from fee_project where category = '3'" "1"
expect_sql "select count(*) >= 3 from fee_stop" "1"
expect_sql "select count(*) from fee_declaration where kind = 'settlement' and refund > 0" "1"
expect_sql "select count(*) from fee_declaration where kind = 'settlement' and topup > 0" "1"
expect_sql "select count(*) > 0 from fee_payment where collector = 'bank'" "1"
expect_sql "select count(*) > 0 from fee_payment where collector = 'counter'" "1"
# Late payers who paid: what they paid includes the surcharge.
expect_sql "select count(*) >= 2 from fee_instalment where paid_on > due_date and paid_total > amount" "1"
# The year's dunning is history: sent, none left pending, none planned on or after the clock.
expect_sql "select count(*) > 0 from notice where source = 'fee' and state = 'sent'" "1"
expect_sql "select count(*) from notice where source = 'fee' and state in ('planned', 'sending', 'failed')" "0"
expect_sql "select count(*) from notice_iso where source = 'fee' and substr(planned_at, 1, 10) >= '$DAY'" "0"

# The refund's statement: the settlement on less after a stop, the refund due to the payer.
REFUND=$(sqlite3 "$DEMO" "select c.ref from fee_declaration d join case_file c on c.id = d.case_id where d.refund > 0")
epb_demo --as-of "$AS_OF" fee statement "$REFUND" --format csv
expect_rc 0
expect_out_contains "settlement,"
expect_out_contains "stop,"
expect_out_contains ",refund due,"
TOPUP=$(sqlite3 "$DEMO" "select c.ref from fee_declaration d join case_file c on c.id = d.case_id where d.topup > 0")
expect_sql "select count(*) from fee_instalment i join case_file c on c.id = i.case_id where c.ref = '$TOPUP' and i.kind = 'topup'" "1"

# The bank's collection file again: every row was recorded already, nothing changes.
BANK="$DIR/fee-bank-collection.txt"
CHECKS=$((CHECKS + 1))
[ -s "$BANK" ] || fail "no bank collection file beside the demo ledger"
BEFORE=$(ledger_dump)
epb_demo --as-of "$AS_OF" fee import-payments "$BANK" --layout bank
expect_rc 0
CHECKS=$((CHECKS + 1))
[ "$(ledger_dump)" = "$BEFORE" ] || fail "re-importing the bank's collection file changed the ledger" "$ERR"

# The late instalments at the clock, at several stages.
epb_demo --as-of "$AS_OF" fee arrears --format csv
expect_rc 0
expect_out_contains "ref,slip,seq,principal,due,days_late,surcharge_days,surcharge,interest_days,postal_rate,interest,total,next_stage,next_stage_on,referral"
CHECKS=$((CHECKS + 1))
LATE=$(printf '%s\n' "$OUT" | tail -n +2 | wc -l)
[ "$LATE" -ge 5 ] || fail "fewer than 5 late instalments at the clock" "$OUT"
CHECKS=$((CHECKS + 1))
STAGES=$(printf '%s\n' "$OUT" | tr -d '\r' | awk -F, -v day="$DAY" 'NR > 1 && $14 == day { print $13 }' | sort -u | wc -l)
[ "$STAGES" -ge 3 ] || fail "fewer than 3 dunning stages due on the clock's day" "$OUT"

LATE_AT_CLOCK=$(printf '%s\n' "$OUT" | tr -d '\r' | awk -F, 'NR > 1 { print $2 }')

fee_notices() { sqlite3 "$DEMO" "select item || ':' || level from notice where source = 'fee' order by id"; }

# Day by day from the clock over 50 working days: past the referral (45) of those first late then.
day=$DAY
for _ in $(seq 1 50); do
  at="${day}T09:00"
  # What arrears says falls due today: one notice of that level for each of those instalments.
  epb_demo --as-of "$at" fee arrears --format csv
  expect_rc 0
  want=$(printf '%s\n' "$OUT" | tr -d '\r' | awk -F, -v day="$day" 'NR > 1 && $14 == day { print $2 ":fee-" $13 }' | sort)
  late=$(printf '%s\n' "$OUT" | tr -d '\r' | awk -F, 'NR > 1 { print $2 }' | sort)
  before=$(fee_notices)
  epb_demo --as-of "$at" notify run
  expect_rc 0
  got=$(comm -13 <(printf '%s\n' "$before" | sort) <(fee_notices | sort))
  got_late=$(printf '%s\n' "$got" | grep -v ':fee-reminder$' | sed '/^$/d' | sort)
  CHECKS=$((CHECKS + 1))
  [ "$got_late" = "$want" ] || fail "$day: the late instalments' notices are not the levels due today" \
    "$(diff <(printf '%s\n' "$want") <(printf '%s\n' "$got_late"))"
  # A reminder is for an instalment not late yet.
  for slip in $(printf '%s\n' "$got" | sed -n 's/:fee-reminder$//p'); do
    CHECKS=$((CHECKS + 1))
    printf '%s\n' "$late" | grep -qx "$slip" && fail "$day: a reminder for the late instalment $slip"
  done
  # The same day again: nothing new.
  before=$(fee_notices)
  epb_demo --as-of "$at" notify run
  expect_rc 0
  CHECKS=$((CHECKS + 1))
  [ "$(fee_notices)" = "$before" ] || fail "$day: a second run planned fee notices again"
  run --config "$CONF" --as-of "$at" calendar due --from "$day" --rule "1 workdays"
  day=$(printf '%s' "$OUT" | tr -d '\r' | head -n 1 | grep -oE '[0-9]{4}-[0-9]{2}-[0-9]{2}' | head -n 1)
  CHECKS=$((CHECKS + 1))
  [ -n "$day" ] || fail "calendar due gave no date" "$OUT"
  [ -n "$day" ] || break
done
# Each instalment late at the clock (none was paid meanwhile) has had every level after its due
# date by now, each once: those before the clock in the history, the others on their days.
for slip in $LATE_AT_CLOCK; do
  expect_sql "select count(*) || ' ' || count(distinct level) from notice where source = 'fee' and item = '$slip'
    and level in ('fee-first', 'fee-second', 'fee-final', 'fee-referral')" "4 4"
done
# Exactly one notice per instalment, level and due date, ever.
expect_sql "select count(*) from (select 1 from notice where source = 'fee' group by case_id, item, level, cycle having count(*) > 1)" "0"
# Several stages were planned from the clock on.
expect_sql "select count(distinct level) >= 4 from notice_iso where source = 'fee' and substr(planned_at, 1, 10) >= '$DAY'" "1"

finish
