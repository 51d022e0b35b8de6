#!/usr/bin/env bash
# Crash safety of epb subsidy pay: kill -9 at spread-out moments of `pay --batch` and of
# `pay --confirm` on a ledger of 20,000 approved applications. Afterwards `epb db check`
# passes, no application is in two batches, the batch is none or whole, a roster never
# exists without its batch (and the one it has matches the recorded SHA-256, or is written
# again), and a confirm is none or whole; running the command again completes the work.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/crash_lib.sh" # check, q, approved_subsidies

LEDGER="$XDG_DATA_HOME/epb/ledger.sqlite"
cd "$SCRATCH" || exit 1
export EPB_NOW="2018-03-05 10:00"
N=20000
TOTAL=$((N + 1))


# One approved application through epb, then N copies (tests/tools/clone_subsidies.sh).
approved_subsidies "$N"
check "clone" [ "$(q "select count(*) from case_file where status = 'approved'")" = "$TOTAL" ]
q 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
cp "$LEDGER" pristine.sqlite

restore() {
  rm -f "$LEDGER" "$LEDGER-wal" "$LEDGER-shm" roster.csv .roster.csv.epb-*
  cp "$1" "$LEDGER"
}
# timed ARGS...: runs epb ARGS to the end; SECONDS_TAKEN is its wall-clock time.
timed() {
  local start
  start=$(date +%s.%N)
  "$EPB_BIN" "$@" >/dev/null 2>&1
  SECONDS_TAKEN=$(echo "$(date +%s.%N) - $start" | bc -l)
}
# kill_after SECONDS ARGS...: epb ARGS in the background, killed -9 after SECONDS.
kill_after() {
  local delay=$1
  shift
  "$EPB_BIN" "$@" >/dev/null 2>&1 &
  local pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
}
invariants() { # after every kill
  run db check
  expect_rc 0
  check "an application in two open batches" [ "$(q "select count(*) from (select case_id from payment_item
    where state = 'in_batch' group by case_id having count(*) > 1)")" = 0 ]
  check "a batch not whole" [ "$(q "select count(*) from payment_batch b where item_count <>
    (select count(*) from payment_item i where i.batch_id = b.id)")" = 0 ]
}

# --- kill -9 during pay --batch ------------------------------------------------------------
timed subsidy pay --batch --roster roster.csv
FULL=$SECONDS_TAKEN
check "the full batch" [ "$(q 'select item_count from payment_batch')" = "$TOTAL" ]
SHA=$(sha256sum <roster.csv | cut -d' ' -f1)
whole=0 none=0
for step in 1 2 3 4 5 6 7 8; do
  restore pristine.sqlite
  kill_after "$(echo "$FULL * $step / 9" | bc -l)" subsidy pay --batch --roster roster.csv
  invariants
  batches=$(q 'select count(*) from payment_batch')
  if [ "$batches" = 0 ]; then
    none=$((none + 1))
    check "a roster without its batch (kill at $step/9)" [ ! -e roster.csv ]
  else
    whole=$((whole + 1))
    check "one whole batch" [ "$(q 'select count(*), item_count from payment_batch')" = "1|$TOTAL" ]
    check "the batch's recorded hash" [ "$(q 'select roster_sha256 from payment_batch')" = "$SHA" ]
    if [ -e roster.csv ]; then
      check "the roster is whole" [ "$(sha256sum <roster.csv | cut -d' ' -f1)" = "$SHA" ]
    else # killed between the commit and the rename: the roster is written again
      run subsidy pay --roster-again PAY-107-0001 --roster roster.csv
      expect_rc 0
      check "the roster written again" [ "$(sha256sum <roster.csv | cut -d' ' -f1)" = "$SHA" ]
    fi
  fi
  # Whatever the kill left, the next run pays what is not batched, and nothing twice.
  run subsidy pay --batch --roster roster2.csv
  expect_rc 0
  check "every application in exactly one batch" \
    [ "$(q "select count(*), count(distinct case_id) from payment_item")" = "$TOTAL|$TOTAL" ]
  rm -f roster2.csv
done
echo "pay --batch: killed 8 times, $none left no batch, $whole the whole batch" >&2
check "a kill early in pay --batch left no batch" [ "$none" -gt 0 ]

# --- kill -9 during pay --confirm ----------------------------------------------------------
restore pristine.sqlite
run subsidy pay --batch --roster roster.csv
expect_rc 0
q 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
cp "$LEDGER" batched.sqlite
export EPB_NOW="2018-03-08 10:00"
awk -F, 'NR > 1 && $2 != "TOTAL" { print $1 "," $2 "," $6 ",paid,,2018-03-07" }' roster.csv |
  sed '1i batch,ref,amount,status,reason,paid_on' >result.csv
timed subsidy pay --confirm result.csv
FULL=$SECONDS_TAKEN
check "the full confirm" [ "$(q "select count(*) from case_file where status = 'paid'")" = "$TOTAL" ]
none=0
for step in 1 2 3 4; do
  restore batched.sqlite
  kill_after "$(echo "$FULL * $step / 5" | bc -l)" subsidy pay --confirm result.csv
  invariants
  paid=$(q "select count(*) from payment_item where state = 'paid'")
  check "a confirm none or whole (paid $paid, kill at $step/5)" [ "$paid" = 0 -o "$paid" = "$TOTAL" ]
  [ "$paid" = 0 ] && none=$((none + 1))
  check "cases paid as the items are" [ "$(q "select count(*) from case_file where status = 'paid'")" = "$paid" ]
  check "subsidy rows paid as the items are" [ "$(q "select count(paid_at) from subsidy_application")" = "$paid" ]
done
check "a kill early in pay --confirm left nothing" [ "$none" -gt 0 ]
# The last kill's ledger: confirming again completes it, and a third run pays nothing twice.
run subsidy pay --confirm result.csv
expect_rc 0
check "all paid" [ "$(q "select count(*) from case_file where status = 'paid'")" = "$TOTAL" ]
run subsidy pay --confirm result.csv
expect_rc 0
expect_err_contains "imported 0, updated 0, skipped $TOTAL, rejected 0"
check "the batch confirmed" [ "$(q "select state from payment_batch")" = confirmed ]
run subsidy budget --format csv
expect_out_contains "2018,scrap_buy_other,20000000,0,$((TOTAL * 5000)),0,$TOTAL,0,$TOTAL"
run db check
expect_rc 0

finish
