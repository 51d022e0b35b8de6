#!/usr/bin/env bash
# epb init and epb db: creation, idempotence, permissions, newer ledgers, check, backup.
source "$(dirname "$0")/lib.sh"

LEDGER="$XDG_DATA_HOME/epb/ledger.sqlite"

run calendar show 2024 --ledger "$SCRATCH/none.sqlite" >/dev/null
[ ! -e "$SCRATCH/none.sqlite" ] || fail "a reading command created a ledger"

run db check
expect_rc 4
expect_err "epb: error: ledger $LEDGER: no such ledger; create it with 'epb init'"

run init
expect_rc 0
expect_err_contains "epb: created ledger $LEDGER (schema version"
[ "$(stat -c %a "$LEDGER")" = 600 ] || fail "ledger mode is $(stat -c %a "$LEDGER"), not 600"
run init
expect_rc 0
expect_err_contains "is up to date"
[ "$(stat -c %a "$LEDGER")" = 600 ] || fail "second init changed the mode"
[ "$(sqlite3 "$LEDGER" 'PRAGMA journal_mode')" = wal ] || fail "not WAL"
expect_sql 'PRAGMA page_size' 8192

run db check
expect_rc 0
expect_out_contains "ok: $LEDGER"

# --ledger and EPB_LEDGER pick another file.
run --ledger "$SCRATCH/other.sqlite" init -q
expect_rc 0
expect_err ""
[ -f "$SCRATCH/other.sqlite" ] || fail "--ledger ignored"
EPB_LEDGER="$SCRATCH/env.sqlite" run init -q
[ -f "$SCRATCH/env.sqlite" ] || fail "EPB_LEDGER ignored"

# backup: a consistent copy that passes the check.
run calendar close 2024-07-25 --reason typhoon
run db backup "$SCRATCH/copy.sqlite"
expect_rc 0
[ "$(sqlite3 "$SCRATCH/copy.sqlite" 'select reason from calendar_closure')" = typhoon ] || fail "backup lacks data"
[ "$(stat -c %a "$SCRATCH/copy.sqlite")" = 600 ] || fail "backup is not 0600"
run --ledger "$SCRATCH/copy.sqlite" db check
expect_rc 0
run db backup "$SCRATCH/copy.sqlite"
expect_rc 3
run db backup "$SCRATCH/copy.sqlite" --force
expect_rc 0

# A tampered schema is found.
sqlite3 "$SCRATCH/copy.sqlite" 'DROP INDEX calendar_day_by_year'
run --ledger "$SCRATCH/copy.sqlite" db check
expect_rc 1
# Every problem is an error line of its own, then the verdict.
expect_err "epb: error: schema: index calendar_day_by_year is missing
epb: error: ledger $SCRATCH/copy.sqlite: 1 problem found"

# A ledger newer than the binary is refused, by init too, and left untouched.
cp "$LEDGER" "$SCRATCH/newer.sqlite"
sqlite3 "$SCRATCH/newer.sqlite" 'PRAGMA user_version = 999'
SUM=$(sha256sum <"$SCRATCH/newer.sqlite")
run --ledger "$SCRATCH/newer.sqlite" init
expect_rc 1
expect_err_contains "schema version 999 is newer than this epb understands"
run --ledger "$SCRATCH/newer.sqlite" calendar close 2024-07-26 --reason x
expect_rc 1
expect_file_unchanged "$SCRATCH/newer.sqlite" "$SUM"

# An older ledger (version 0: an empty file) is upgraded by init, refused by other commands.
sqlite3 "$SCRATCH/old.sqlite" 'PRAGMA user_version = 0; CREATE TABLE t(x);' && sqlite3 "$SCRATCH/old.sqlite" 'DROP TABLE t'
run --ledger "$SCRATCH/old.sqlite" db check
expect_rc 1
expect_err_contains "is older than this epb's"
run --ledger "$SCRATCH/old.sqlite" db migrate
expect_rc 0
expect_err_contains "applied migration 1"
run --ledger "$SCRATCH/old.sqlite" db check
expect_rc 0

# A broken config does not keep db check or db backup from the ledger; a command that needs
# the config reports its problem.
printf '[ledger]\nbusy_timeout = "x"\n' >"$SCRATCH/broken.toml"
run --config "$SCRATCH/broken.toml" db check
expect_rc 0
run --config "$SCRATCH/broken.toml" db backup "$SCRATCH/despite-config.sqlite"
expect_rc 0
run --config "$SCRATCH/broken.toml" case list
expect_rc 3
expect_err_contains "broken.toml:2:16: bad busy_timeout in [ledger]"

# Every change is an event.
[ "$(sqlite3 "$LEDGER" "select actor||' '||command||' '||subject||' '||action from event")" = \
  "tester calendar close calendar:2024-07-25 close-office" ] || fail "closure event missing"

finish
