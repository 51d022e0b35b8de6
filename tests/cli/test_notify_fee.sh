#!/usr/bin/env bash
# Fee dunning through the outbox (epb-fee(1) DUNNING): over every day of a quarter, `notify run`
# sends an unpaid instalment exactly one notice per level on its working day (letters to the
# applicant, the referral by mail to the unit head); a payment (epb fee pay) after the first
# notice cancels the pending later level and stops the rest; a second run on a day changes
# nothing; bad dunning levels in the config are refused at FILE:LINE:COL.
source "$(dirname "$0")/lib.sh"

notify_world "$SCRATCH/out"
at() {
  local when=$1
  shift
  EPB_NOW="$when" run -q "${E[@]}" "$@"
  expect_rc 0
}
run "${E[@]}" init -q

# Two projects declared on 25 September 2025, NT$7,950 each in full, due 3 days after the start:
# the first on Thursday 9 October (a letter), the second on Thursday 16 October.
PROJECT=(fee project add --owner 王小明 --owner-id A123456789 --address 高雄市苓雅區四維三路2號
  --category 1 --quantity 1000)
at "2025-09-25 10:00" "${PROJECT[@]}" --site 高雄市前鎮區中山二路100號 --permit P-114-0001 \
  --planned-start 2025-10-06 --planned-end 2026-01-03
at "2025-09-25 10:00" "${PROJECT[@]}" --site 高雄市鼓山區美術館路1號 --permit P-114-0002 \
  --planned-start 2025-10-13 --planned-end 2026-01-10
at "2025-09-25 10:00" fee declare CFD-114-000001
at "2025-09-25 10:00" fee declare CFD-114-000002
expect_sql "select c.ref, i.amount, i.due_date from fee_instalment i join case_file c on c.id = i.case_id order by i.id" \
  "CFD-114-000001|7950|2025-10-09
CFD-114-000002|7950|2025-10-16"
SLIP1=$(sqlite3 "$L" "select slip from fee_instalment where case_id = 1")
SLIP2=$(sqlite3 "$L" "select slip from fee_instalment where case_id = 2")

# notify_days FROM TO: `notify run` at 09:00 on every day from FROM to TO.
notify_days() {
  local d=$1
  while [[ "$d" < "$2" || "$d" == "$2" ]]; do
    run "${E[@]}" notify run --as-of "$d 09:00"
    expect_rc 0
    d=$(date -d "$d + 1 day" +%F)
  done
}

notify_days 2025-09-26 2025-10-30
# A payment that arrives after the first notice (Friday 17 October): the later levels are
# cancelled. On Friday 31 October the second notice of the second project is planned but its
# letter cannot be written (the letters directory is a file that day): it stays pending. The
# payment at the counter that afternoon, 15 days late (0.5 % a day of NT$7,950 = NT$596.25 →
# 596), cancels it through `epb fee pay`, and no later level is planned.
mv "$OUTDIR/letters" "$OUTDIR/letters.ok" && : >"$OUTDIR/letters"
run "${E[@]}" notify run --as-of "2025-10-31 09:00"
expect_rc 1
rm "$OUTDIR/letters" && mv "$OUTDIR/letters.ok" "$OUTDIR/letters"
expect_sql "select level, state from notice where ref = 'CFD-114-000002' order by id" \
  "fee-reminder|sent
fee-first|sent
fee-second|failed"
EPB_NOW="2025-10-31 14:00" run "${E[@]}" --format csv fee pay "$SLIP2" --amount 8,546 --paid-on 2025-10-31
expect_rc 0
expect_out_contains "$SLIP2,CFD-114-000002,1,applied,8546,7950,596,0,15,2025-10-31,counter,$SLIP2-20251031,1"
expect_sql "select state, last_error from notice where ref = 'CFD-114-000002' and level = 'fee-second'" \
  "cancelled|paid on 2025-10-31 (NT\$8,546)"
notify_days 2025-10-31 2025-12-14

# Two runs on the referral's day: the second changes nothing and sends nothing.
run "${E[@]}" notify run --as-of "2025-12-15 09:00"
expect_out "epb: notify 2025-12-15T09:00:00+08:00: planned 1, cancelled 0, sent 1, failed 0"
BEFORE=$(ledger_dump)
SENT=$(cat "$OUTDIR"/letters/*.csv "$OUTDIR/mail.txt" | sha256sum)
run "${E[@]}" notify run --as-of "2025-12-15 09:00"
expect_rc 0
expect_out ""
[ "$(ledger_dump)" = "$BEFORE" ] || fail "a second run changed the ledger"
[ "$(cat "$OUTDIR"/letters/*.csv "$OUTDIR/mail.txt" | sha256sum)" = "$SENT" ] || fail "a second run sent something"
notify_days 2025-12-16 2026-01-31

# Exactly one notice per level, planned and sent on its working day: 1 October (5 working
# days before, 6 October a holiday), 13 October (10 October a holiday), 27 October, 24
# November, 15 December.
expect_sql "select level, item = '$SLIP1', cycle, strftime('%Y-%m-%d', planned_at, 'unixepoch', '+8 hours'),
  strftime('%Y-%m-%d', sent_at, 'unixepoch', '+8 hours'), transport, state
  from notice where ref = 'CFD-114-000001' order by id" \
  "fee-reminder|1|20251009|2025-10-01|2025-10-01|post|sent
fee-first|1|20251009|2025-10-13|2025-10-13|post|sent
fee-second|1|20251009|2025-10-27|2025-10-27|post|sent
fee-final|1|20251009|2025-11-24|2025-11-24|post|sent
fee-referral|1|20251009|2025-12-15|2025-12-15|mail|sent"
# The second: reminder and first notice sent, the second cancelled by the payment: nothing more.
expect_sql "select level, strftime('%Y-%m-%d', planned_at, 'unixepoch', '+8 hours'), state
  from notice where ref = 'CFD-114-000002' order by id" \
  "fee-reminder|2025-10-08|sent
fee-first|2025-10-17|sent
fee-second|2025-10-31|cancelled"
expect_sql "select state, paid_on, paid_total from fee_instalment where slip = '$SLIP2'" "paid|2025-10-31|8546"
expect_sql "select slip = '$SLIP1', dunning_next_on from fee_instalment where state = 'open'" "1|9999-12-31"

# The letters: one per level, with the slip, the amount, the due date and the surcharge so far.
LETTERS=$(cat "$OUTDIR"/letters/*.csv)
for level in fee-reminder fee-first fee-second fee-final; do
  n=$(grep -c "^notice-CFD-114-000001-fee-$SLIP1-$level-v0-c20251009@" <<<"$LETTERS")
  [ "$n" = 1 ] || fail "one $level letter, not $n"
done
[ "$(grep -c '^notice-CFD-114-0000' <<<"$LETTERS")" = 6 ] || fail "six letters in all" "$LETTERS"
[[ "$LETTERS" == *"繳款單號 $SLIP1，"* ]] || fail "slip in the letters"
[[ "$LETTERS" == *"金額新臺幣 7,950 元，繳納期限 2025-10-09（民國 114/10/09）"* ]] || fail "amount and due date"
# The second notice on 27 October: 18 days late, 0.5 % a day of NT$7,950 = NT$715.5 → 716.
[[ "$LETTERS" == *"迄今已逾期 18 日"* ]] || fail "days late in the second notice"
[[ "$LETTERS" == *"截至本通知日為新臺幣 716 元，"* ]] || fail "surcharge in the second notice" "$LETTERS"
[[ "$LETTERS" == *"空氣污染防制法第74條"* ]] || fail "the legal basis"
# The referral: by mail to the unit head of air-noise.
MAIL=$(cat "$OUTDIR/mail.txt")
[[ "$MAIL" == *"Message-ID: <notice-CFD-114-000001-fee-$SLIP1-fee-referral-v0-c20251009@epb.ksepb.gov.tw>"* ]] ||
  fail "referral by mail" "$MAIL"
[[ "$MAIL" == *"air-noise-head@ksepb.gov.tw"* ]] || fail "referral to the unit head" "$MAIL"

BEFORE=$(ledger_dump)
# Bad dunning levels: refused at FILE:LINE:COL, nothing written.
C="$OUTDIR/epb.toml"
bad_config() { # bad_config NAME SED-SCRIPT "STDERR-GLOB"
  sed -e "$2" "$C" >"$SCRATCH/$1.toml"
  refuse "epb: error: $SCRATCH/$1.toml:$3" config check "$SCRATCH/$1.toml"
}
in="in level 'fee-second' of notify rules 'construction_fee'"
bad_config stage 's/stage = "second"/stage = "secnd"/' \
  "[0-9]*:[0-9]*: unknown stage 'secnd' $in (did you mean 'second'?)"
bad_config stage2 's/stage = "second"/stage = "court"/' \
  "[0-9]*:[0-9]*: unknown stage 'court' $in: expected reminder, first, second, final or referral"
bad_config nostage 's/stage = "second", //' "[0-9]*:[0-9]*: missing key 'stage' $in"
bad_config first0 's/stage = "first", workdays = 1/stage = "first", workdays = 0/' \
  "[0-9]*:[0-9]*: 'workdays' must be from 1 to 365, not 0"
bad_config foreign '0,/trigger = "overdue", workdays = 1,/s//trigger = "overdue", stage = "first", workdays = 1,/' \
  "[0-9]*:[0-9]*: 'stage' applies only to trigger 'dunning', not 'overdue' in level 'overdue' of notify rules 'default'"
bad_config petition 's/{ code = "escalation", trigger = "overdue", workdays = 2, /{ code = "dun", trigger = "dunning", stage = "first", workdays = 1, template = "fee_first", audience = "applicant", transports = ["post"] },\n  &/' \
  "[0-9]*:[0-9]*: trigger 'dunning' in level 'dun' of notify rules 'petition': service 'petition' is of kind 'case'; fee instalments belong to services of kind 'fee'"
bad_config placeholder 's/滯納金新臺幣 {surcharge} 元，應繳合計/滯納金新臺幣 {surcharges} 元，應繳合計/' \
  "[0-9]*:[0-9]*: unknown placeholder '{surcharges}' in 'body' of template 'fee_first' (did you mean '{surcharge}'?)"
bad_config order 's/stage = "referral", workdays = 45/stage = "referral", workdays = 20/' \
  "[0-9]*:[0-9]*: stage 'referral' of level 'fee-referral' in notify rules 'construction_fee' fires 20 working days after the due date, not after stage 'final' of level 'fee-final' (30): the stages fire in their order"
[ "$(ledger_dump)" = "$BEFORE" ] || fail "config check wrote to the ledger"

finish
