#!/usr/bin/env bash
# Crash safety of epb fee import-payments: kill -9 at spread-out moments of an import of 20,001
# payments. Afterwards `epb db check` passes and the import is none or whole: as many paid
# instalments as payments, one event each; importing again completes it and a third run
# changes nothing.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/crash_lib.sh" # check, q

LEDGER="$XDG_DATA_HOME/epb/ledger.sqlite"
cd "$SCRATCH" || exit 1
N=20000
TOTAL=$((N + 1))

export EPB_NOW="2026-03-02 10:00"
run init -q
run fee project add -q --owner 王小明 --owner-id A123456789 --phone 0912345678 --address 高雄市苓雅區四維三路2號 \
  --site 高雄市前鎮區中山二路100號 --permit P-115-0001 --contractor 大發營造 --contractor-ubn 04595257 \
  --category 1 --quantity 1000 --planned-start 2026-03-10 --planned-end 2026-06-07
EPB_NOW="2026-03-03 10:00" run fee declare -q CFD-115-000001
expect_rc 0
bash "$EPB_SOURCE_DIR/tests/tools/clone_fee_projects.sh" "$LEDGER" "$N"
check "clone" [ "$(q "select count(*) from fee_instalment where state = 'open'")" = "$TOTAL" ]
{
  echo slip,amount,paid_on,txn_id,collector
  q "select slip || ',' || amount || ',2026-03-12,B' || id || ',bank' from fee_instalment order by id"
} >payments.csv
q 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
cp "$LEDGER" pristine.sqlite
export EPB_NOW="2026-03-12 18:00"

restore() {
  rm -f "$LEDGER" "$LEDGER-wal" "$LEDGER-shm"
  cp pristine.sqlite "$LEDGER"
}
start=$(date +%s.%N)
"$EPB_BIN" fee import-payments payments.csv >/dev/null 2>&1
FULL=$(echo "$(date +%s.%N) - $start" | bc -l)
check "the full import" [ "$(q 'select count(*) from fee_payment')" = "$TOTAL" ]

none=0 whole=0
for step in 1 2 3 4 5 6; do
  restore
  "$EPB_BIN" fee import-payments payments.csv >/dev/null 2>&1 &
  pid=$!
  sleep "$(echo "$FULL * $step / 7" | bc -l)"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  run db check
  expect_rc 0
  paid=$(q 'select count(*) from fee_payment')
  check "an import none or whole (paid $paid, kill at $step/7)" [ "$paid" = 0 -o "$paid" = "$TOTAL" ]
  check "instalments paid as the payments are" [ "$(q "select count(*) from fee_instalment where state = 'paid'")" = "$paid" ]
  check "one event a payment" [ "$(q "select count(*) from event where action = 'fee-payment'")" = "$paid" ]
  if [ "$paid" = 0 ]; then none=$((none + 1)); else whole=$((whole + 1)); fi
done
echo "import-payments: killed 6 times, $none left nothing, $whole the whole import" >&2
check "a kill early in the import left nothing" [ "$none" -gt 0 ]
# The last kill's ledger: importing again completes it; once more changes nothing.
run fee import-payments payments.csv
expect_rc 0
check "all paid" [ "$(q "select count(*) from fee_instalment where state = 'paid'")" = "$TOTAL" ]
before=$(ledger_dump)
run fee import-payments payments.csv
expect_rc 0
expect_err_contains "imported 0, updated 0, skipped $TOTAL, rejected 0"
check "a third import changes nothing" [ "$(ledger_dump)" = "$before" ]
run db check
expect_rc 0

finish
