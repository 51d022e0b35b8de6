#!/usr/bin/env bash
# The household exchange, hardened: the query file never replaces the ledger, is 0600 and a
# recorded reveal; an answer file with NUL, bad UTF-8, unknown or repeated IDs is refused at
# FILE:LINE with nothing written; the log keeps the hash of the bytes as sent. And two approvals
# racing for the last budget place, as two processes on one ledger file: one wins.
source "$(dirname "$0")/lib.sh"

LEDGER="$XDG_DATA_HOME/epb/ledger.sqlite"
run init -q
export EPB_NOW="2018-03-05 10:00"
# The 2018 scrap-only programme with room for one application (NT$2,000) only.
run config show
printf '%s\n' "$OUT" | sed 's/^budget = 30000000$/budget = 2000/' >"$SCRATCH/tight.toml"
export EPB_CONFIG="$SCRATCH/tight.toml"

apply() { # apply ID PLATE
  run subsidy apply --channel mail --name 王小明 --id-number "$1" --phone 0912345678 --programme-year 2018 \
    --kind scrap_only --scrapped-plate "$2" --scrapped-made 2001-05-01 --recycling-certificate "RC-$2" \
    --deregistered 2018-03-01 --bank-code 700 --account-number 00012345678901
  expect_rc 0
}
apply A123456789 FAA-233
apply F131104093 FAB-234

# The query file: never the ledger (nor its -wal), nor the configuration in use; nothing written.
refuse "epb: error: FILE $LEDGER: is the ledger *" subsidy household export "$LEDGER"
refuse "epb: error: FILE $LEDGER-wal: *" subsidy household export "$LEDGER-wal"
refuse "epb: error: FILE $SCRATCH/tight.toml: is the configuration in use*" subsidy household export "$SCRATCH/tight.toml"
refuse "epb: error: FILE $SCRATCH: *" subsidy household export "$SCRATCH"
run subsidy household export "$SCRATCH/query.csv"
expect_rc 0
CHECKS=$((CHECKS + 1))
[ "$(stat -c %a "$SCRATCH/query.csv")" = 600 ] || fail "query file mode"
expect_sql "select count(*) from event where action = 'reveal-pii' and command = 'subsidy household export'" "2"
refuse "epb: error: FILE $SCRATCH/query.csv: *" subsidy household export "$SCRATCH/query.csv"

# Answer files refused whole, at FILE:LINE, with nothing recorded.
H='id_number,registered,district,registered_on'
printf '%s\nA123456789,yes,苓雅\0區,\n' "$H" >"$SCRATCH/nul.csv"
refuse "epb: error: $SCRATCH/nul.csv:2*" subsidy household import "$SCRATCH/nul.csv"
printf '%s\nA123456789,yes,苓雅區,\nF131104093,yes,\xff\xfe,\n' "$H" >"$SCRATCH/bad-utf8.csv"
refuse "epb: error: $SCRATCH/bad-utf8.csv:3*" subsidy household import "$SCRATCH/bad-utf8.csv"
printf '%s\nA123456789,yes,苓雅區,\nE100000001,yes,苓雅區,\n' "$H" >"$SCRATCH/unknown.csv"
refuse "epb: error: $SCRATCH/unknown.csv:3: id_number: *" subsidy household import "$SCRATCH/unknown.csv"
printf '%s\nA123456789,yes,苓雅區,\nB123456780,yes,苓雅區,\n' "$H" >"$SCRATCH/nobody.csv"
refuse "epb: error: $SCRATCH/nobody.csv:3: id_number B12****780: no application awaits it" \
  subsidy household import "$SCRATCH/nobody.csv"
printf '%s\nA123456789,yes,苓雅區,\nF131104093,yes,前鎮區,\nA123456789,yes,苓雅區,\n' "$H" >"$SCRATCH/twice.csv"
refuse "epb: error: $SCRATCH/twice.csv:4: id_number: a second answer for A12****789 (first on line 2)" \
  subsidy household import "$SCRATCH/twice.csv"
# A registration dated after the clock (2018-03-05) is not an answer: refused, the first line too.
printf '%s\nA123456789,yes,苓雅區,2018-03-01\nF131104093,yes,前鎮區,2030-01-01\n' "$H" >"$SCRATCH/future.csv"
refuse "epb: error: $SCRATCH/future.csv:3: registered_on: 2030-01-01 is after the clock's date (2018-03-05)" \
  subsidy household import "$SCRATCH/future.csv"
STDIN="$(cat "$SCRATCH/twice.csv")" refuse "epb: error: <stdin>:4: id_number: a second answer *" subsidy household import -
expect_sql "select count(*) from household_exchange where direction = 'import'" "0"

# A spreadsheet's answer with a BOM: the log keeps the hash of the file as sent.
printf '\xef\xbb\xbf%s\r\nA123456789,yes,苓雅區,\r\nF131104093,yes,前鎮區,\r\n' "$H" >"$SCRATCH/answer.csv"
run subsidy household import "$SCRATCH/answer.csv"
expect_rc 0
expect_err "epb: 2 answers recorded, 2 now eligible"
expect_sql "select file_sha256 from household_exchange where direction = 'import'" \
  "$(sha256sum "$SCRATCH/answer.csv" | cut -d' ' -f1)"

# Two approvals racing for the one place left: both wait on the held ledger, then one wins.
run case move SUB-107-000001 reviewing
run case move SUB-107-000002 reviewing
hold_ledger "$LEDGER" 1.5
"$EPB_BIN" subsidy approve SUB-107-000001 >"$SCRATCH/a1.out" 2>"$SCRATCH/a1.err" &
P1=$!
"$EPB_BIN" subsidy approve SUB-107-000002 >"$SCRATCH/a2.out" 2>"$SCRATCH/a2.err" &
P2=$!
wait $P1
R1=$?
wait $P2
R2=$?
release_ledger
CHECKS=$((CHECKS + 1))
[ "$(printf '%s\n' $R1 $R2 | sort | tr '\n' ' ')" = "0 3 " ] ||
  fail "racing approvals: exit codes $R1 and $R2" "$(cat "$SCRATCH"/a?.err)"
CHECKS=$((CHECKS + 1))
grep -q "cannot be approved: budget_exhausted: programme 2018/scrap_only has NT\$0 left of NT\$2,000" \
  "$SCRATCH"/a?.err || fail "the loser's reason" "$(cat "$SCRATCH"/a?.err)"
expect_sql "select count(*), sum(amount) from subsidy_application where amount is not null" "1|2000"
run subsidy budget --format csv
expect_out_contains "2018,scrap_only,2000,2000,0,0,2,1,0"
run db check
expect_rc 0

finish
