# Shared by the crash tests (sourced after lib.sh): run an epb command to the end once to learn
# its sequence of writing system calls, then run it again from the same ledger killed -9 at
# chosen points of that sequence, and check what the kill left.
#
# A kill point is the N-th writing system call (write, pwrite64, fsync, fdatasync, ftruncate,
# rename, link, unlink and their *at forms) of the epb process: strace stops it on entering that
# call and kills it there (SIGKILL; the call does not happen), so a point is deterministic and
# every stage of a command (the WAL frames, each commit's sync, the checkpoint, an output file's
# bytes, its fsync and rename) can be hit. Points are drawn at random, one in each of COUNT equal
# strata of the sequence; EPB_CRASH_SEED replays a run's draw. Without a working strace (a
# container that forbids ptrace) the points become random delays into a run's duration.
#
# Functions: check, q, save_ledger, restore_ledger, crash_measure, crash_points, crash_run,
# crash_summary. The ledger is $LEDGER.

check() { # check WHAT COMMAND...: one check, COMMAND succeeds
  local what=$1
  shift
  CHECKS=$((CHECKS + 1))
  "$@" || fail "$what"
}
q() { sqlite3 -cmd '.timeout 5000' "$LEDGER" "$1"; } # q SQL: a query, waiting for a busy writer

# save_ledger NAME / restore_ledger NAME: a copy of the ledger (checkpointed, without -wal).
save_ledger() {
  q 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
  cp "$LEDGER" "$SCRATCH/$1.saved.sqlite"
}
restore_ledger() {
  rm -f "$LEDGER" "$LEDGER-wal" "$LEDGER-shm"
  cp "$SCRATCH/$1.saved.sqlite" "$LEDGER"
}

CRASH_SYSCALLS=write,pwrite64,fsync,fdatasync,ftruncate,rename,renameat,renameat2,link,linkat,unlink,unlinkat
if [ "${EPB_CRASH_MODE:-}" = timer ]; then # EPB_CRASH_MODE=timer: the fallback, on purpose
  CRASH_MODE=timer
elif strace -o /dev/null -e trace=write true 2>/dev/null; then
  CRASH_MODE=strace
else
  CRASH_MODE=timer
  echo "crash_lib: strace cannot trace here: kill points are random delays instead" >&2
fi
CRASH_SEED=${EPB_CRASH_SEED:-$((RANDOM * 32768 + RANDOM))}
RANDOM=$((CRASH_SEED % 32768))
echo "crash_lib: kill points drawn with EPB_CRASH_SEED=$CRASH_SEED ($CRASH_MODE)" >&2

# crash_measure ARGS...: runs epb ARGS to the end (stdout and stderr to $SCRATCH/crash.out and
# crash.err, its exit code in CRASH_RC) and sets CRASH_TOTAL: how many kill points it has (its
# writing system calls, or in timer mode its duration in milliseconds).
crash_measure() {
  if [ "$CRASH_MODE" = strace ]; then
    # LeakSanitizer cannot run under ptrace (the sanitized suite): no leak check in this run.
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
      strace -o "$SCRATCH/crash.trace" -qq -e trace="$CRASH_SYSCALLS" -e signal=none \
      "$EPB_BIN" "$@" >"$SCRATCH/crash.out" 2>"$SCRATCH/crash.err"
    CRASH_RC=$?
    # One syscall name a line, in order: point N is line N.
    sed -nE 's/^([a-z0-9_]+)\(.*/\1/p' "$SCRATCH/crash.trace" >"$SCRATCH/crash.calls"
    CRASH_TOTAL=$(wc -l <"$SCRATCH/crash.calls")
  else
    local start
    start=$(date +%s%N)
    "$EPB_BIN" "$@" >"$SCRATCH/crash.out" 2>"$SCRATCH/crash.err"
    CRASH_RC=$?
    CRASH_TOTAL=$((($(date +%s%N) - start) / 1000000))
  fi
}

# crash_points COUNT [FROM [TO]]: COUNT distinct points between FROM and TO (default 1 and
# CRASH_TOTAL), one drawn at random in each of COUNT equal strata; fewer when there are fewer.
# In strace mode a quarter of them are drawn instead among the calls other than pwrite64 (the
# syncs of each commit and checkpoint, an output file's write, fsync and rename, the -wal and
# -shm unlinked on close), few against the WAL frames but where a command changes state.
crash_points() {
  local count=$1 from=${2:-1} to=${3:-$CRASH_TOTAL} i lo hi
  if [ "$CRASH_MODE" = strace ] && [ $# = 1 ]; then
    local rare=$((count / 4))
    grep -nvx pwrite64 "$SCRATCH/crash.calls" | cut -d: -f1 | shuf -n "$rare" --random-source=<(yes "$CRASH_SEED")
    count=$((count - rare))
  fi
  local span=$((to - from + 1))
  [ "$span" -lt "$count" ] && count=$span
  for ((i = 0; i < count; i++)); do
    lo=$((from + span * i / count))
    hi=$((from + span * (i + 1) / count - 1))
    echo $((lo + (RANDOM * 32768 + RANDOM) % (hi - lo + 1)))
  done
}

# crash_call POINT: the system call a point falls on, e.g. "pwrite64 #113" (strace mode).
crash_call() {
  local name nth
  name=$(sed -n "${1}p" "$SCRATCH/crash.calls")
  nth=$(head -n "$1" "$SCRATCH/crash.calls" | grep -cx "$name")
  echo "$name #$nth"
}

# crash_run POINT ARGS...: runs epb ARGS killed -9 at POINT (see crash_measure). Sets CRASH_RC
# and KILLED (yes when the kill came before the command ended) and CRASH_AT (what was hit).
crash_run() {
  local point=$1 name nth pid
  shift
  if [ "$CRASH_MODE" = strace ]; then
    read -r name nth < <(crash_call "$point" | tr -d '#')
    CRASH_AT="$point: $name #$nth"
    { # bash's report of the kill goes to /dev/null
      ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
        strace -o /dev/null -qq -e trace="$name" -e signal=none -e inject="$name:signal=KILL:when=$nth" \
        "$EPB_BIN" "$@" >"$SCRATCH/crash.out" 2>"$SCRATCH/crash.err"
      CRASH_RC=$?
    } 2>/dev/null
  else
    CRASH_AT="$point ms"
    "$EPB_BIN" "$@" >"$SCRATCH/crash.out" 2>"$SCRATCH/crash.err" &
    pid=$!
    sleep "$(printf '%d.%03d' $((point / 1000)) $((point % 1000)))"
    kill -9 "$pid" 2>/dev/null
    {
      wait "$pid"
      CRASH_RC=$?
    } 2>/dev/null
  fi
  if [ "$CRASH_RC" = 137 ]; then KILLED=yes; else KILLED=no; fi
}

# crash_summary WHAT SURVIVED TRIED: the figures line for the closing note.
crash_summary() { echo "crash: $1: $2 of $3 kill points survived (EPB_CRASH_SEED=$CRASH_SEED, $CRASH_MODE)" >&2; }

# content_dump [LEDGER]: the checksum of the ledger's schema and rows less the columns that hold
# the machine's clock (recorded_at: a rerun cannot set it), rows in a fixed order.
content_dump() {
  local db=${1:-$LEDGER}
  {
    sqlite3 -cmd '.timeout 5000' "$db" "SELECT sql FROM sqlite_schema ORDER BY name"
    sqlite3 -cmd ".timeout 5000" "$db" "SELECT 'SELECT ' || quote(m.name) || ', ' || group_concat('quote(\"' || p.name || '\")', ' || '','' || ')
      || ' AS r FROM \"' || m.name || '\" ORDER BY r;' FROM sqlite_schema m JOIN pragma_table_info(m.name) p
      WHERE m.type = 'table' AND p.name <> 'recorded_at' GROUP BY m.name ORDER BY m.name" | sqlite3 -cmd '.timeout 5000' "$db"
  } | sha256sum
}

# crash_effect BEFORE AFTER: "none" when the ledger's content_dump is BEFORE (before the
# command), "whole" when it is AFTER (after the command ran to the end), else "partial".
crash_effect() {
  local now
  now=$(content_dump)
  if [ "$now" = "$1" ]; then
    echo none
  elif [ "$now" = "$2" ]; then
    echo whole
  else
    echo partial
  fi
}

# crash_all_or_nothing WHAT SAVED COUNT ARGS...: the matrix of a command that commits once.
# From ledger SAVED (save_ledger), runs epb ARGS to the end for the reference dump, then COUNT
# times from SAVED again, killed -9 at a drawn point: after each kill `epb db check` passes and
# the ledger is as before or as after the whole command; then crash_after_kill EFFECT runs when
# the test defines it (to check more, or to run the command again). Sets NONE and WHOLE.
crash_all_or_nothing() {
  local what=$1 saved=$2 count=$3 point before after effect survived=0 tried=0 failures
  shift 3
  restore_ledger "$saved"
  before=$(content_dump)
  crash_measure "$@"
  check "$what: runs to the end (exit $CRASH_RC: $(cat "$SCRATCH/crash.err"))" [ "$CRASH_RC" = 0 ]
  after=$(content_dump)
  check "$what: changes the ledger" [ "$after" != "$before" ]
  echo "$what: $CRASH_TOTAL kill points ($CRASH_MODE)" >&2
  NONE=0 WHOLE=0
  # A few spare points: a run may make fewer calls than the measured one (SQLite's cache spills).
  for point in $(crash_points "$count") $(crash_points 8); do
    [ "$tried" -ge "$count" ] && break
    restore_ledger "$saved"
    crash_run "$point" "$@"
    [ "$KILLED" = yes ] || continue
    tried=$((tried + 1))
    failures=$FAILURES
    run db check
    expect_rc 0
    effect=$(crash_effect "$before" "$after")
    check "$what: none or whole after a kill at $CRASH_AT (got $effect)" [ "$effect" != partial ]
    [ "$effect" = none ] && NONE=$((NONE + 1))
    [ "$effect" = whole ] && WHOLE=$((WHOLE + 1))
    declare -F crash_after_kill >/dev/null && crash_after_kill "$effect"
    [ "$FAILURES" = "$failures" ] && survived=$((survived + 1))
  done
  check "$what: at least 20 kills landed in the run (of $count)" [ "$tried" -ge 20 ]
  crash_summary "$what" "$survived" "$tried"
  echo "$what: $NONE kills left nothing, $WHOLE the whole effect" >&2
}

# approved_subsidies N: a fresh ledger at 2018-03-05 10:00 holding one subsidy application taken
# through epb to approval (applied, reviewed, household checked, approved), then N copies of it
# (tests/tools/clone_subsidies.sh): the payment engine's candidates for the batch tests.
approved_subsidies() {
  rm -f "$LEDGER" "$LEDGER-wal" "$LEDGER-shm"
  export EPB_NOW="2018-03-05 10:00"
  run init -q
  run subsidy apply -q --channel in_person --name 王小明 --id-number A123456789 --phone 0912345678 \
    --programme-year 107 --kind scrap_buy_other --scrapped-plate FAA-233 --scrapped-made 2001-05-01 \
    --recycling-certificate RC-1 --deregistered 107/03/01 --new-plate EMA-1234 --new-frame EBK1234567 \
    --new-class light --invoice-number AB-12345678 --invoice-date 2018-03-02 --bank-code 004 \
    --account-number 1234-5678-9012
  run case move -q SUB-107-000001 reviewing
  printf 'id_number,registered,district,registered_on\nA123456789,yes,苓雅區,\n' >answer.csv
  run subsidy household import -q answer.csv
  run subsidy approve -q SUB-107-000001
  expect_rc 0
  bash "$EPB_SOURCE_DIR/tests/tools/clone_subsidies.sh" "$LEDGER" "$1"
}
