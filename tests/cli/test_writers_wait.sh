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
mkfifo "$SCRATCH/hold"
sqlite3 "$L" <"$SCRATCH/hold" >/dev/null 2>&1 &
HOLDER=$!
exec 7>"$SCRATCH/hold"
echo "BEGIN IMMEDIATE; SELECT 1;" >&7
tries=0
while sqlite3 "$L" "PRAGMA busy_timeout = 0; BEGIN IMMEDIATE; ROLLBACK;" >/dev/null 2>&1 && [ $tries -lt 100 ]; do
  tries=$((tries + 1))
  sleep 0.05
done
(sleep 2.5 && echo "ROLLBACK;" >&7 && exec 7>&-) &
RELEASER=$!
TTY_OUT=$(script -qec "'$EPB_BIN' case open --service petition --channel web --subject 等待 --name 王小明" /dev/null)
TTY_RC=$?
wait $RELEASER
exec 7>&-
wait $HOLDER 2>/dev/null
CHECKS=$((CHECKS + 1))
[ $TTY_RC = 0 ] || fail "the waiting open failed" "$TTY_OUT"
CHECKS=$((CHECKS + 1))
[ "$(printf '%s' "$TTY_OUT" | grep -c 'epb: waiting for the ledger (another epb command is writing) ...')" = 1 ] ||
  fail "no single waiting notice on the terminal" "$TTY_OUT"
CHECKS=$((CHECKS + 1))
[[ "$TTY_OUT" == *PET-* ]] || fail "no reference printed after the wait" "$TTY_OUT"
# Off a terminal the wait is silent.
run case open --service petition --channel web --subject 不等 --name 王小明
expect_rc 0
expect_err ""

# --- four writers at once -------------------------------------------------------------------------
ROWS=200000
"$EPB_BIN" demo --sample-csv "$ROWS" >big.csv
: >failures.log
"$EPB_BIN" case import big.csv >import.out 2>import.err &
IMPORT=$!
END=$((SECONDS + 25))
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
[ "$(sqlite3 "$L" "select count(*) from case_file")" = $((ROWS + 2 + OPENED)) ] ||
  fail "cases: expected $((ROWS + 2 + OPENED)), got $(sqlite3 "$L" "select count(*) from case_file")"
CHECKS=$((CHECKS + 1))
[ "$(cat cron.count)" -gt 0 ] || fail "notify run never ran"
run db check
expect_rc 0
expect_out_contains "integrity and schema checked"

finish
