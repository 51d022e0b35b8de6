#!/usr/bin/env bash
# Crash safety of epb case import: kill -9 in the middle of a large import leaves the ledger
# exactly as before (epb db check passes, the same rows), and a second run completes. With
# --commit-every N, whole batches stay and re-running the same command resumes without
# duplicates. Sized to run in well under a minute on 2 cores; every wait is bounded.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/crash_lib.sh" # check, q

LEDGER="$XDG_DATA_HOME/epb/ledger.sqlite"
cd "$SCRATCH" || exit 1
# The sample's cases are received up to 2026-10-30: the clock is after that.
export EPB_NOW="2026-11-20 09:00"

# A ledger holding three cases opened by hand.
fresh() {
  rm -f "$LEDGER" "$LEDGER-wal" "$LEDGER-shm"
  run init -q
  run case open --service petition --channel phone --subject 路燈不亮 --name 王小明 --phone 0912345678 -q
  run case open --service complaint --channel hotline --subject 工廠異味 --name 陳美麗 --phone 07-3351234 -q
  run case open --service water_test --channel app --subject 飲用水檢驗 --name 張三豐 --phone 0922333444 -q
  expect_rc 0
}
# start ARGS...: epb ARGS in the background, its pid in $PID.
start() {
  "$EPB_BIN" "$@" >/dev/null 2>"$SCRATCH/import.err" &
  PID=$!
}
# kill_when CONDITION: polls CONDITION every 50 ms (at most 30 s); then kill -9. Sets KILLED to
# yes, or to no when the import ended first.
kill_when() {
  local tries=0
  KILLED=no
  while kill -0 "$PID" 2>/dev/null && [ "$tries" -lt 600 ]; do
    if eval "$1"; then
      kill -9 "$PID" 2>/dev/null && KILLED=yes
      break
    fi
    sleep 0.05
    tries=$((tries + 1))
  done
  [ "$KILLED" = yes ] || kill -9 "$PID" 2>/dev/null
  wait "$PID" 2>/dev/null
}
wal_over() { [ "$(stat -c %s "$LEDGER-wal" 2>/dev/null || echo 0)" -gt "$1" ]; } # wal_over BYTES

ROWS=200000
"$EPB_BIN" demo --sample-csv "$ROWS" >big.csv
check "big.csv: $ROWS rows" [ "$(wc -l <big.csv)" -gt "$ROWS" ]

# --- kill -9 during an all-or-nothing import: the ledger is as it was ---------------------
for attempt in 1 2; do
  fresh
  BEFORE=$(sqlite3 "$LEDGER" .dump | sha256sum)
  start case import big.csv
  kill_when "wal_over 4000000"
  [ "$KILLED" = yes ] && break
  # The import finished before the WAL grew: a bigger file.
  ROWS=$((ROWS * 2))
  "$EPB_BIN" demo --sample-csv "$ROWS" >big.csv
done
check "the import was killed in its stride (it finished first, even with $ROWS rows)" [ "$KILLED" = yes ]
run db check
expect_rc 0
expect_out_contains "integrity and schema checked"
check "ledger content changed by a killed import" [ "$(sqlite3 "$LEDGER" .dump | sha256sum)" = "$BEFORE" ]
check "cases after the kill: $(q 'select count(*) from case_file')" [ "$(q 'select count(*) from case_file')" = 3 ]
check "events after the kill" [ "$(q 'select count(*) from event')" = 3 ]
# A second full import succeeds.
run case import big.csv
expect_rc 0
expect_err_contains "epb: big.csv: read $ROWS, imported $ROWS, updated 0, skipped 0, rejected 0 in "
check "cases after the second import" [ "$(q 'select count(*) from case_file')" = "$((ROWS + 3))" ]
run db check
expect_rc 0

# --- kill -9 with --commit-every 20000: whole batches stay; the same command resumes --------
fresh
start case import big.csv --commit-every 20000
# Killed after at least two batches are in, most likely in the middle of a third.
kill_when "[ \"\$(q 'select count(*) from case_file' 2>/dev/null || echo 0)\" -ge 40003 ] && sleep 0.3"
check "the batched import was killed in its stride" [ "$KILLED" = yes ]
run db check
expect_rc 0
KEPT=$(($(q 'select count(*) from case_file') - 3))
check "kept $KEPT rows: whole batches of 20000" [ "$((KEPT % 20000))" = 0 -a "$KEPT" -ge 40000 -a "$KEPT" -lt "$ROWS" ]
check "one import event per kept batch" \
  [ "$(q "select count(*) || ' ' || sum(json_extract(detail, '$.imported')) from event where action = 'import'")" = "$((KEPT / 20000)) $KEPT" ]
check "the kept batches are the file's first rows" \
  [ "$(q "select max(source_id) from case_file where source_system = 'sample'")" = "$(printf 'S%09d' "$KEPT")" ]
run case import big.csv --commit-every 20000
expect_rc 0
expect_err_contains "epb: big.csv: read $ROWS, imported $((ROWS - KEPT)), updated 0, skipped $KEPT, rejected 0 in "
check "no duplicates after resuming" \
  [ "$(q "select count(*) || ' ' || count(distinct source_id) || ' ' || count(distinct ref) from case_file")" = \
  "$((ROWS + 3)) $((ROWS + 1)) $((ROWS + 3))" ]
check "every case is in exactly one import batch" [ "$(q "select count(*) from case_file c where (select count(*) from event e
  where e.subject = 'case-import' and c.id between json_extract(e.detail, '$.first_id') and json_extract(e.detail, '$.last_id')) = 1")" = "$ROWS" ]
run db check
expect_rc 0

finish
