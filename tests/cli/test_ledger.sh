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

# A version 6 ledger (TEXT instants, facts only in event JSON) migrates to 7 with every row
# kept: db check passes, instants read back the same, and what was read from event JSON (the
# state before close, the pause note, the import batch) is in columns.
V6="$SCRATCH/v6.sqlite"
sqlite3 "$V6" <"$EPB_SOURCE_DIR/tests/cli/fixtures/ledger-v6.sql"
# The backup every refusal of an old ledger asks for is possible, and is the old ledger as is.
run --ledger "$V6" db backup "$SCRATCH/v6-backup.sqlite"
expect_rc 0
expect_sql "pragma user_version" "6" "$SCRATCH/v6-backup.sqlite"
run --ledger "$SCRATCH/none.sqlite" db backup "$SCRATCH/none-backup.sqlite"
expect_rc 4
[ ! -e "$SCRATCH/none.sqlite" ] || fail "db backup created a ledger"
run --ledger "$V6" db migrate
expect_rc 0
expect_err_contains "applied migration 7: INTEGER instants"
run --ledger "$V6" db check
expect_rc 0
expect_sql "select count(*) from event" "7" "$V6"
expect_sql "select typeof(received_at), typeof(due_at), received_at = unixepoch('2024-07-24T01:00:00Z') from case_file where id = 1" \
  "integer|integer|1" "$V6"
expect_sql "select received_at, closed_at, updated_at from case_file_iso where id = 1" \
  "2024-07-24T01:00:00Z|2024-07-26T02:30:00Z|2024-07-26T02:30:00Z" "$V6"
expect_sql "select id, paused_at, resumed_at, note from case_pause_iso order by id" \
  "1|2024-07-25T01:00:00Z|2024-07-26T01:00:00Z|first papers
2|2024-07-29T01:00:00Z||身分證影本" "$V6"
# (.dump does not keep the rowids of a table without an id: here they are 1 and 2.)
expect_sql "select id, case_id, at, notified_at from case_extension_iso order by id" \
  "1|2|2024-07-26T03:00:00Z|2024-07-26T04:00:00Z
2|1|2024-07-25T03:00:00Z|" "$V6"
expect_sql "select source, item, message_id, sent_at from notice_iso" \
  "deadline||notice-PET-113-000002-documents-v1-c1@epb.ksepb.gov.tw|2024-08-05T01:00:05Z" "$V6"
expect_sql "select closed_from from case_file where id = 1" "processing" "$V6"
expect_sql "select source, first_case_id, last_case_id, event_id, at from import_batch_iso" \
  "old.csv|3|3|7|2024-07-24T03:00:00Z" "$V6"
expect_sql "select date, created_at from calendar_closure_iso" "2024-07-25|2024-07-24T10:00:00Z" "$V6"
run --ledger "$V6" case history PET-113-000003
expect_rc 0
expect_out_contains '"file":"old.csv","first_id":3'
run --ledger "$V6" case reopen PET-113-000001 --reason "wrong outcome"
expect_rc 0
expect_err_contains "PET-113-000001 reopened: 處理中"
run --ledger "$V6" db check
expect_rc 0

finish
