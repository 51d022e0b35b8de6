#!/usr/bin/env bash
# Writers wait instead of failing: while a 200k-row import holds the ledger, two intake loops
# and `notify run` (the 07:00 cron) wait their turn; none fails, and the ledger checks clean.
# On a terminal a waiting command says, once, what it waits for.
source "$(dirname "$0")/lib.sh"

notify_world "$SCRATCH/w"
cd "$SCRATCH" || exit 1
export EPB_LEDGER=$L EPB_CONFIG="$OUTDIR/epb.toml"
run init -q
expect_rc 0

# --- on a terminal: the one-time notice, then success once the holder lets go -------------------
# 11 s: longer than the 10 s after which epb used to fail with "database is locked".
hold_ledger "$L" 11
TTY_OUT=$(script -qec "'$EPB_BIN' case open --service petition --channel web --subject 等待 --name 王小明" /dev/null)
TTY_RC=$?
release_ledger
CHECKS=$((CHECKS + 1))
[ $TTY_RC = 0 ] || fail "the waiting open failed" "$TTY_OUT"
CHECKS=$((CHECKS + 1))
[ "$(printf '%s' "$TTY_OUT" | grep -c 'epb: waiting for the ledger (another epb command is writing) ...')" = 1 ] ||
  fail "no single waiting notice on the terminal" "$TTY_OUT"
CHECKS=$((CHECKS + 1))
[[ "$TTY_OUT" == *PET-* ]] || fail "no reference printed after the wait" "$TTY_OUT"
# Off a terminal (cron, scripts) the wait is silent; -q silences it on a terminal too.
hold_ledger "$L" 1.5
run case open --service petition --channel web --subject 不等 --name 王小明
release_ledger
expect_rc 0
CHECKS=$((CHECKS + 1))
[[ "$ERR" != *waiting* ]] || fail "a wait off a terminal printed a notice" "$ERR"
hold_ledger "$L" 1.5
TTY_OUT=$(script -qec "'$EPB_BIN' -q case open --service petition --channel web --subject 安靜 --name 王小明" /dev/null)
release_ledger
CHECKS=$((CHECKS + 1))
[[ "$TTY_OUT" != *waiting* && "$TTY_OUT" == *PET-* ]] || fail "-q still printed the notice" "$TTY_OUT"
# A wait that runs out fails with exit 1, says why, and writes nothing.
hold_ledger "$L" 3
EPB_BUSY_TIMEOUT=1s run case open --service petition --channel web --subject 放棄 --name 王小明
release_ledger
expect_rc 1
expect_out ""
expect_err "epb: error: ledger: another epb command held the ledger for more than 1 s (database is locked); try again later, or wait longer with [ledger] busy_timeout or EPB_BUSY_TIMEOUT"
expect_sql "select count(*) from case_file" "3"

# --- four writers at once -------------------------------------------------------------------------
ROWS=200000
"$EPB_BIN" demo --sample-csv "$ROWS" >big.csv
: >failures.log
"$EPB_BIN" case import big.csv >import.out 2>import.err &
IMPORT=$!
END=$((SECONDS + 15))
intake() { # intake NAME: opens cases until END, logging every failure.
  local n=0
  while [ $SECONDS -lt $END ]; do
    n=$((n + 1))
    "$EPB_BIN" case open --service petition --channel web --subject "第 $n 件" --name 王小明 --phone 0912345678 \
      >/dev/null 2>"$1.err" || { echo "$1 #$n: $(cat "$1.err")" >>failures.log; }
  done
  echo "$n" >"$1.count"
}
cron() { # the cron job, on a working morning before the sample's cases were received
  local n=0
  while [ $SECONDS -lt $END ]; do
    n=$((n + 1))
    EPB_NOW="2018-03-05 07:00" "$EPB_BIN" notify run >/dev/null 2>cron.err ||
      { echo "notify run #$n: $(cat cron.err)" >>failures.log; }
    sleep 0.5
  done
  echo "$n" >cron.count
}
intake a &
A=$!
intake b &
B=$!
cron &
N=$!
wait $A $B $N
wait $IMPORT
IMPORT_RC=$?
CHECKS=$((CHECKS + 1))
[ $IMPORT_RC = 0 ] || fail "the import failed" "$(cat import.err)"
CHECKS=$((CHECKS + 1))
[ -s failures.log ] && fail "writers failed" "$(head -5 failures.log)"
OPENED=$(($(cat a.count) + $(cat b.count)))
CHECKS=$((CHECKS + 1))
[ "$(sqlite3 "$L" "select count(*) from case_file")" = $((ROWS + 3 + OPENED)) ] ||
  fail "cases: expected $((ROWS + 3 + OPENED)), got $(sqlite3 "$L" "select count(*) from case_file")"
echo "writers: $OPENED cases opened, $(cat cron.count) notify runs, $(tail -1 import.err)"
CHECKS=$((CHECKS + 1))
[ "$(cat cron.count)" -gt 0 ] || fail "notify run never ran"
run db check
expect_rc 0
expect_out_contains "integrity and schema checked"

finish
