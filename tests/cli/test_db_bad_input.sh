#!/usr/bin/env bash
# epb db refuses bad input with exit 3 (4 for a ledger that does not exist), an `epb: error:`
# line naming the file, and every file as it was: a backup over the ledger or its -wal, over
# an existing file without --force, into a missing directory; a file that is no ledger.
source "$(dirname "$0")/lib.sh"

cd "$SCRATCH" || exit 1
export EPB_NOW="2026-03-02 09:00"
LEDGER="$XDG_DATA_HOME/epb/ledger.sqlite"
run init -q
expect_rc 0
run case open -q --service petition --channel web --name 王小明 --subject 路燈不亮
expect_rc 0
echo keep >exists.sqlite
printf 'not a database' >junk.sqlite
JUNK=$(sha256sum junk.sqlite)

refuse "epb: error: backup $LEDGER: is the ledger ($LEDGER); epb never writes over it" db backup "$LEDGER"
refuse "epb: error: backup $LEDGER-wal: is the ledger's -wal file*" db backup "$LEDGER-wal"
refuse "epb: error: backup exists.sqlite: file exists (use --force to replace it)" db backup exists.sqlite
refuse "epb: error: backup /nonexistent/dir/x.sqlite: no such directory /nonexistent/dir" db backup /nonexistent/dir/x.sqlite
refuse "epb: error: backup: an empty file name" db backup ""
refuse "epb: error: ledger junk.sqlite: not an epb ledger (not an SQLite database); epb leaves it untouched" \
  --ledger junk.sqlite db check
refuse "epb: error: ledger junk.sqlite: not an epb ledger (not an SQLite database); epb leaves it untouched" \
  --ledger junk.sqlite db migrate
refuse "epb: error: ledger junk.sqlite: not an epb ledger*" --ledger junk.sqlite db backup copy.sqlite
CHECKS=$((CHECKS + 2))
[ "$(cat exists.sqlite)" = keep ] || fail "an existing file was replaced without --force"
[ "$(sha256sum junk.sqlite)" = "$JUNK" ] || fail "the file that is no ledger was changed"
[ ! -e copy.sqlite ] || fail "a backup of no ledger was written"

run --ledger nope.sqlite db check
expect_rc 4
expect_err "epb: error: ledger nope.sqlite: no such ledger; create it with 'epb init'"
CHECKS=$((CHECKS + 1))
[ ! -e nope.sqlite ] || fail "db check created a ledger"

# What works: a backup with --force over the kept file, which then passes db check.
run db backup exists.sqlite --force -q
expect_rc 0
run --ledger exists.sqlite db check
expect_rc 0
finish
