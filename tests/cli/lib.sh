# Shared by the CLI tests: run the real epb binary in a scratch home and compare its
# stdout, stderr and exit code with what the test expects, inline.
set -uo pipefail

: "${EPB_BIN:?EPB_BIN must point at the epb binary}"
: "${EPB_SOURCE_DIR:?EPB_SOURCE_DIR must point at the source tree}"

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/epb-cli.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
export HOME="$SCRATCH/home" XDG_DATA_HOME="$SCRATCH/data" XDG_CONFIG_HOME="$SCRATCH/config"
mkdir -p "$HOME"
unset EPB_LEDGER EPB_CONFIG EPB_NOW EPB_ACTOR
export EPB_ACTOR=tester
FAILURES=0
CHECKS=0

# run ARGS...: runs epb, leaving $OUT, $ERR and $RC.
run() {
  OUT=$("$EPB_BIN" "$@" 2>"$SCRATCH/stderr")
  RC=$?
  ERR=$(cat "$SCRATCH/stderr")
}

# run_in INPUT ARGS...: like run, with INPUT on standard input.
run_in() {
  local input=$1
  shift
  OUT=$(printf '%s' "$input" | "$EPB_BIN" "$@" 2>"$SCRATCH/stderr")
  RC=$?
  ERR=$(cat "$SCRATCH/stderr")
}

fail() {
  FAILURES=$((FAILURES + 1))
  printf 'FAIL %s (line %s)\n' "$1" "${BASH_LINENO[1]}" >&2
  [ -n "${2:-}" ] && printf '%s\n' "$2" >&2
}

expect_rc() {
  CHECKS=$((CHECKS + 1))
  [ "$RC" = "$1" ] || fail "exit code: expected $1, got $RC" "stdout: $OUT
stderr: $ERR"
}

expect_out() {
  CHECKS=$((CHECKS + 1))
  [ "$OUT" = "$1" ] || fail "stdout differs" "$(diff <(printf '%s\n' "$1") <(printf '%s\n' "$OUT"))"
}

expect_err() {
  CHECKS=$((CHECKS + 1))
  [ "$ERR" = "$1" ] || fail "stderr differs" "$(diff <(printf '%s\n' "$1") <(printf '%s\n' "$ERR"))"
}

expect_out_contains() {
  CHECKS=$((CHECKS + 1))
  [[ "$OUT" == *"$1"* ]] || fail "stdout lacks: $1" "stdout: $OUT"
}

expect_out_lacks() {
  CHECKS=$((CHECKS + 1))
  [[ "$OUT" != *"$1"* ]] || fail "stdout shows: $1" "stdout: $OUT"
}

expect_err_contains() {
  CHECKS=$((CHECKS + 1))
  [[ "$ERR" == *"$1"* ]] || fail "stderr lacks: $1" "stderr: $ERR"
}

expect_file_unchanged() { # expect_file_unchanged FILE CHECKSUM
  CHECKS=$((CHECKS + 1))
  [ "$(sha256sum <"$1")" = "$2" ] || fail "$1 changed"
}

# expect_sql QUERY EXPECTED [LEDGER]: the query's output on $LEDGER (or LEDGER).
expect_sql() {
  CHECKS=$((CHECKS + 1))
  local got
  got=$(sqlite3 "${3:-$LEDGER}" "$1")
  [ "$got" = "$2" ] || fail "sql: $1" "$(diff <(printf '%s\n' "$2") <(printf '%s\n' "$got"))"
}

# expect_err_like GLOB: all of stderr matches the shell pattern.
expect_err_like() {
  CHECKS=$((CHECKS + 1))
  # shellcheck disable=SC2053
  [[ "$ERR" == $1 ]] || fail "stderr does not match: $1" "stderr: $ERR"
}

# imp ARGS...: epb case import ARGS, with the summary's elapsed seconds shown as X.X.
imp() {
  run case import "$@"
  ERR=$(printf '%s' "$ERR" | sed -E 's/ in [0-9]+\.[0-9] s \(/ in X.X s (/')
}

# notify_world DIR: a ledger in DIR with its own config whose transports land in DIR: mail
# through a capturing sendmail stand-in (mail.txt), sms as JSON lines, post as letters.
# Sets OUTDIR, L and LEDGER (the ledger) and E (the epb options to use them); no init.
notify_world() {
  OUTDIR=$1
  L="$OUTDIR/ledger.sqlite"
  LEDGER=$L
  mkdir -p "$OUTDIR"
  printf '#!/bin/sh\ncat >>"%s/mail.txt"\n' "$OUTDIR" >"$OUTDIR/mailer"
  chmod +x "$OUTDIR/mailer"
  "$EPB_BIN" config show | sed -e "s|^command = .*|command = \"$OUTDIR/mailer -t -i\"|" \
    -e "s|^path = .*|path = \"$OUTDIR/sms.jsonl\"|" -e "s|^directory = .*|directory = \"$OUTDIR/letters\"|" \
    >"$OUTDIR/epb.toml"
  E=(--ledger "$L" --config "$OUTDIR/epb.toml")
}

# The whole ledger's content (schema and rows), to prove that a refused command wrote nothing.
ledger_dump() { sqlite3 "${1:-$LEDGER}" .dump 2>/dev/null | sha256sum; }

# refuse "STDERR-GLOB" ARGS...: one bad-input case. `epb ARGS` must exit 3, print nothing on
# stdout, print an `epb: error: ...` line matching STDERR-GLOB (a shell pattern over all of
# stderr), and leave $LEDGER's dump as it was (when $LEDGER exists). Set STDIN to feed input.
# scripts/test counts these calls: the suite must hold at least 400 distinct ones, 20 in each family (bad_input_inventory.sh).
refuse() {
  local want=$1 before=none
  shift
  [ -f "${LEDGER:-}" ] && before=$(ledger_dump)
  if [ -n "${STDIN+x}" ]; then
    run_in "$STDIN" "$@"
  else
    run "$@"
  fi
  expect_rc 3
  expect_out ""
  CHECKS=$((CHECKS + 1))
  [[ "$ERR" == "epb: error: "* ]] || fail "stderr lacks 'epb: error: '" "stderr: $ERR"
  expect_err_like "$want"
  if [ "$before" != none ]; then
    CHECKS=$((CHECKS + 1))
    [ "$(ledger_dump)" = "$before" ] || fail "the ledger changed: epb $*"
  fi
}

# hold_ledger LEDGER [SECONDS]: another process (sqlite3) takes LEDGER's write lock, as a long
# import would, and holds it until release_ledger, or for SECONDS in the background; returns
# once the lock is held.
hold_ledger() {
  local ledger=$1 seconds=${2:-} tries=0
  rm -f "$SCRATCH/hold"
  mkfifo "$SCRATCH/hold"
  sqlite3 "$ledger" <"$SCRATCH/hold" >/dev/null 2>&1 &
  HOLDER=$!
  exec 7>"$SCRATCH/hold"
  echo "BEGIN IMMEDIATE; SELECT 1;" >&7
  while sqlite3 "$ledger" "PRAGMA busy_timeout = 0; BEGIN IMMEDIATE; ROLLBACK;" >/dev/null 2>&1 && [ $tries -lt 200 ]; do
    tries=$((tries + 1))
    sleep 0.05
  done
  RELEASER=
  if [ -n "$seconds" ]; then
    (sleep "$seconds" && echo "ROLLBACK;" >&7) &
    RELEASER=$!
    exec 7>&-
  fi
}
# release_ledger: lets go of hold_ledger's lock now, or waits until its SECONDS have passed.
release_ledger() {
  if [ -n "$RELEASER" ]; then
    wait "$RELEASER" "$HOLDER" 2>/dev/null
  else
    echo "ROLLBACK;" >&7
    exec 7>&-
    wait "$HOLDER" 2>/dev/null
  fi
}

# Ends the test script: a summary line and the exit status ctest reads.
finish() {
  if [ "$FAILURES" -gt 0 ]; then
    echo "$((CHECKS - FAILURES)) passed, $FAILURES failed"
    exit 1
  fi
  echo "$CHECKS passed, 0 failed"
  exit 0
}
