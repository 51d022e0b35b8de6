#!/usr/bin/env bash
# Crash matrix of the commands that move money or import in bulk (issue 14 §3): epb case import
# (all or nothing, and --commit-every: whole batches), subsidy pay --batch and --confirm, fee
# import-payments, each killed -9 at 24 points drawn over its writing system calls (crash_lib.sh;
# test_import_crash.sh, test_subsidy_pay_crash.sh and test_fee_payments_crash.sh kill big runs
# at moments in time). After each kill `epb db check` passes and the effect is none or whole.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/crash_lib.sh"

LEDGER="$XDG_DATA_HOME/epb/ledger.sqlite"
cd "$SCRATCH" || exit 1

# --- case import: all or nothing; with --commit-every, whole batches that a rerun resumes -----
export EPB_NOW="2026-11-20 09:00"
ROWS=1500
run init -q
run case open --service petition --channel phone --subject 路燈不亮 --name 王小明 --phone 0912345678 -q
"$EPB_BIN" demo --sample-csv "$ROWS" >cases.csv
save_ledger cases
crash_after_kill() {
  run case import cases.csv
  expect_rc 0
  check "case import again: every row once" [ "$(q 'select count(*), count(distinct source_id) from case_file')" = \
    "$((ROWS + 1))|$((ROWS + 1))" ]
}
crash_all_or_nothing "case import" cases 24 case import cases.csv
unset -f crash_after_kill

restore_ledger cases
crash_measure case import cases.csv --commit-every 500
check "case import --commit-every: runs to the end" [ "$CRASH_RC" = 0 ]
survived=0 tried=0
for point in $(crash_points 24) $(crash_points 8); do # spares: see crash_all_or_nothing
  [ "$tried" -ge 24 ] && break
  restore_ledger cases
  crash_run "$point" case import cases.csv --commit-every 500
  [ "$KILLED" = yes ] || continue
  tried=$((tried + 1))
  failures=$FAILURES
  run db check
  expect_rc 0
  kept=$(($(q 'select count(*) from case_file') - 1))
  check "--commit-every 500: whole batches kept ($kept rows, kill at $CRASH_AT)" [ $((kept % 500)) = 0 ]
  check "one import event a kept batch ($CRASH_AT)" \
    [ "$(q "select count(*) from event where action = 'import'")" = $((kept / 500)) ]
  run case import cases.csv --commit-every 500
  expect_rc 0
  expect_err_contains "read $ROWS, imported $((ROWS - kept)), updated 0, skipped $kept, rejected 0"
  check "resumed without duplicates ($CRASH_AT)" [ "$(q 'select count(*), count(distinct source_id) from case_file')" = \
    "$((ROWS + 1))|$((ROWS + 1))" ]
  [ "$FAILURES" = "$failures" ] && survived=$((survived + 1))
done
check "case import --commit-every: at least 20 kills landed" [ "$tried" -ge 20 ]
crash_summary "case import --commit-every" "$survived" "$tried"

# --- subsidy pay --batch and --confirm on 1,000 approved applications -----------------------
N=1000
TOTAL=$((N + 1))
approved_subsidies "$N"
check "clone" [ "$(q "select count(*) from case_file where status = 'approved'")" = "$TOTAL" ]
save_ledger approved
batch_invariants() {
  run db check
  expect_rc 0
  check "an application in two open batches ($CRASH_AT)" [ "$(q "select count(*) from (select case_id from payment_item
    where state = 'in_batch' group by case_id having count(*) > 1)")" = 0 ]
  check "a batch not whole ($CRASH_AT)" [ "$(q "select count(*) from payment_batch b where item_count <>
    (select count(*) from payment_item i where i.batch_id = b.id)")" = 0 ]
}
crash_measure subsidy pay --batch --roster roster.csv
check "pay --batch: runs to the end" [ "$CRASH_RC" = 0 ]
SHA=$(sha256sum <roster.csv | cut -d' ' -f1)
survived=0 tried=0 none=0 whole=0
for point in $(crash_points 24) $(crash_points 8); do # spares: see crash_all_or_nothing
  [ "$tried" -ge 24 ] && break
  restore_ledger approved
  rm -f roster.csv .roster.csv.epb-*
  crash_run "$point" subsidy pay --batch --roster roster.csv
  [ "$KILLED" = yes ] || continue
  tried=$((tried + 1))
  failures=$FAILURES
  batch_invariants
  if [ "$(q 'select count(*) from payment_batch')" = 0 ]; then
    none=$((none + 1))
    check "a roster without its batch ($CRASH_AT)" [ ! -e roster.csv ]
  else
    whole=$((whole + 1))
    check "one whole batch ($CRASH_AT)" [ "$(q 'select count(*), item_count, roster_sha256 from payment_batch')" = "1|$TOTAL|$SHA" ]
    if [ -e roster.csv ]; then
      check "the roster is whole ($CRASH_AT)" [ "$(sha256sum <roster.csv | cut -d' ' -f1)" = "$SHA" ]
    else # killed between the commit and the rename: the roster is written again
      run subsidy pay --roster-again PAY-107-0001 --roster roster.csv
      expect_rc 0
      check "the roster written again ($CRASH_AT)" [ "$(sha256sum <roster.csv | cut -d' ' -f1)" = "$SHA" ]
    fi
  fi
  rm -f .roster.csv.epb-* # a kill before the rename leaves the temporary file; nothing reads it
  run subsidy pay --batch --roster roster2.csv
  expect_rc 0
  check "every application in exactly one batch ($CRASH_AT)" \
    [ "$(q "select count(*), count(distinct case_id) from payment_item")" = "$TOTAL|$TOTAL" ]
  rm -f roster2.csv
  [ "$FAILURES" = "$failures" ] && survived=$((survived + 1))
done
check "pay --batch: at least 20 kills landed" [ "$tried" -ge 20 ]
crash_summary "subsidy pay --batch" "$survived" "$tried"
echo "subsidy pay --batch: $none kills left no batch, $whole the whole batch" >&2

restore_ledger approved
rm -f roster.csv
run subsidy pay --batch --roster roster.csv
expect_rc 0
export EPB_NOW="2018-03-08 10:00"
awk -F, 'NR > 1 && $2 != "TOTAL" { print $1 "," $2 "," $6 ",paid,,2018-03-07" }' roster.csv |
  sed '1i batch,ref,amount,status,reason,paid_on' >result.csv
save_ledger batched
crash_after_kill() {
  batch_invariants
  run subsidy pay --confirm result.csv
  expect_rc 0
  check "all paid after confirming again" [ "$(q "select count(*) from case_file where status = 'paid'")" = "$TOTAL" ]
}
crash_all_or_nothing "subsidy pay --confirm" batched 24 subsidy pay --confirm result.csv
unset -f crash_after_kill

# --- fee import-payments: 1,001 bank payments --------------------------------------------
rm -f "$LEDGER" "$LEDGER-wal" "$LEDGER-shm"
export EPB_NOW="2026-03-02 10:00"
run init -q
run fee project add -q --owner 王小明 --owner-id A123456789 --phone 0912345678 --address 高雄市苓雅區四維三路2號 \
  --site 高雄市前鎮區中山二路100號 --permit P-115-0001 --contractor 大發營造 --contractor-ubn 04595257 \
  --category 1 --quantity 1000 --planned-start 2026-03-10 --planned-end 2026-06-07
EPB_NOW="2026-03-03 10:00" run fee declare -q CFD-115-000001
expect_rc 0
bash "$EPB_SOURCE_DIR/tests/tools/clone_fee_projects.sh" "$LEDGER" "$N"
{
  echo slip,amount,paid_on,txn_id,collector
  q "select slip || ',' || amount || ',2026-03-12,B' || id || ',bank' from fee_instalment order by id"
} >payments.csv
export EPB_NOW="2026-03-12 18:00"
save_ledger declared
crash_after_kill() {
  run fee import-payments payments.csv
  expect_rc 0
  check "all paid after importing again" [ "$(q "select count(*) from fee_instalment where state = 'paid'")" = "$TOTAL" ]
  check "one payment each" [ "$(q "select count(*) from fee_payment")" = "$TOTAL" ]
}
crash_all_or_nothing "fee import-payments" declared 24 fee import-payments payments.csv

finish
