#!/usr/bin/env bash
# epb subsidy pay and budget: a batch of approved applications and its roster (0600, full
# accounts, recorded reveals), the bank's result (paid → paid, failed → approved with the
# reason, due again), re-confirming pays nothing twice, every misuse refused naming the field
# with nothing written, and the budget's paid column following the confirmed payments.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/payment_lib.sh"

LEDGER="$XDG_DATA_HOME/epb/ledger.sqlite"
cd "$SCRATCH" || exit 1
run init -q
export EPB_NOW="2018-03-05 10:00"

subsidy_apply 王小明 A123456789 FAA-231 EBK1111111 EMA-1111 0012-3456-7890
subsidy_apply 林美華 F131104093 FAA-232 EBK2222222 EMA-2222 1234-5678-9012
subsidy_apply 陳大文 E123456783 FAA-233 EBK3333333 EMA-3333 9999-8888-7777-66
printf 'id_number,registered,district,registered_on\nA123456789,yes,苓雅區,\nF131104093,yes,前鎮區,\nE123456783,yes,鼓山區,\n' >answer.csv
run subsidy household import -q answer.csv
expect_rc 0

# Nothing approved yet: nothing to pay is no failure (cron runs it nightly): exit 0, a line on stderr.
run subsidy pay --batch --roster roster.csv
expect_rc 0
expect_out ""
expect_err "epb: nothing to pay: no approved application awaits payment"
[ ! -e roster.csv ] || fail "a roster without a batch"

for ref in SUB-107-000001 SUB-107-000002 SUB-107-000003; do
  run subsidy approve -q "$ref"
  expect_rc 0
done

# The roster may not be the ledger, the configuration or an existing file (without --force).
run config show
printf '%s\n' "$OUT" >epb.toml
touch existing.csv
mkdir adir
refuse "epb: error: --roster *: is the ledger*" subsidy pay --batch --roster "$LEDGER"
refuse "epb: error: --roster *: is the ledger*" subsidy pay --batch --roster "$LEDGER-wal"
refuse "epb: error: --roster epb.toml: is the configuration in use*" --config epb.toml subsidy pay --batch --roster epb.toml
refuse "epb: error: --roster existing.csv: file exists (use --force to replace it)" subsidy pay --batch --roster existing.csv
refuse "epb: error: --roster adir: is a directory" subsidy pay --batch --roster adir
refuse "epb: error: --roster nosuchdir/roster.csv: no such directory nosuchdir" subsidy pay --batch --roster nosuchdir/roster.csv
refuse "epb: error: --roster /dev/null: not a regular file" subsidy pay --batch --roster /dev/null --force
refuse "epb: error: --roster: the roster is written to a file (mode 0600), not to standard output" \
  subsidy pay --batch --roster -
refuse "epb: error: --limit: *" subsidy pay --batch --roster roster.csv --limit 0
refuse "epb: error: --limit: *" subsidy pay --batch --roster roster.csv --limit many
expect_sql "select count(*) from payment_batch" "0"

# The batch: the ref on stdout, the news on stderr; --limit keeps the rest for the next one.
run subsidy pay --batch --roster roster.csv --limit 2
expect_rc 0
expect_out "PAY-107-0001"
expect_err "epb: PAY-107-0001: 2 applications, NT\$10,000, roster roster.csv"
expect_roster roster.csv 'batch,ref,payee,bank_code,account,amount
PAY-107-0001,SUB-107-000001,王小明,004,001234567890,5000
PAY-107-0001,SUB-107-000002,林美華,004,123456789012,5000
PAY-107-0001,TOTAL,2,,,10000'
expect_sql "select subject from event where action = 'reveal-pii' and command = 'subsidy pay batch' order by id" \
  "case:SUB-107-000001
case:SUB-107-000002"
expect_sql "select roster_sha256 = '$(sha256sum roster.csv | cut -d' ' -f1)', item_count, total from payment_batch" "1|2|10000"
run subsidy pay batch --roster roster2.csv
expect_rc 0
expect_out "PAY-107-0002"
expect_sql "select count(*), count(distinct case_id) from payment_item" "3|3"
# All three are batched: nothing more to pay, and no roster written.
run subsidy pay --batch --roster roster3.csv
expect_rc 0
expect_err "epb: nothing to pay: no approved application awaits payment"
[ ! -e roster3.csv ] || fail "a roster for nothing"

# A lost roster, written again byte for byte, with its reveal recorded.
run subsidy pay --roster-again PAY-107-0001 --roster again.csv
expect_rc 0
expect_err "epb: PAY-107-0001: roster written again to again.csv"
cmp -s roster.csv again.csv || fail "the roster written again differs"
[ "$(stat -c %a again.csv)" = 600 ] || fail "roster written again: mode"
expect_sql "select count(*) from event where action = 'reveal-pii' and command = 'subsidy pay roster-again'" "2"
refuse "epb: error: --roster again.csv: file exists*" subsidy pay --roster-again PAY-107-0001 --roster again.csv
refuse "epb: error: --roster *: is the ledger*" subsidy pay roster-again PAY-107-0001 --roster "$LEDGER" --force
refuse "epb: error: --roster: the roster is written to a file*" subsidy pay --roster-again PAY-107-0001 --roster -
run subsidy pay --roster-again PAY-107-0009 --roster lost.csv
expect_rc 4
expect_err "epb: error: subsidy payment batch PAY-107-0009: not found"

# list and show: masked by default; --reveal-pii shows in full after recording the reveal.
csv subsidy pay --list --format csv
expect_rc 0
expect_out "batch,state,created,items,total,awaiting,paid,paid_total,failed,roster
PAY-107-0002,open,2018-03-05,1,5000,1,0,0,0,roster2.csv
PAY-107-0001,open,2018-03-05,2,10000,2,0,0,0,roster.csv"
csv subsidy pay --show PAY-107-0001 --format csv
expect_rc 0
expect_out "batch,ref,payee,bank_code,account,amount,state,paid_on,reason
PAY-107-0001,SUB-107-000001,王O明,004,********7890,5000,in_batch,,
PAY-107-0001,SUB-107-000002,林O華,004,********9012,5000,in_batch,,"
expect_out_lacks "0012345"
run subsidy pay show PAY-107-0001 --reveal-pii --format csv
expect_rc 0
expect_out_contains "PAY-107-0001,SUB-107-000001,王小明,004,001234567890,5000,in_batch,,"
expect_sql "select count(*) from event where action = 'reveal-pii' and command = 'subsidy pay show'" "2"
run subsidy pay --show PAY-107-0077
expect_rc 4

export EPB_NOW="2018-03-08 10:00"
# The bank's result: every bad row refused naming FILE:LINE and the field, nothing written.
H='batch,ref,amount,status,reason,paid_on'
result() { printf '%s\n' "$H" "$@" >result.csv; }
refused() { # refused LINE GLOB: a one-row result file refused
  result "$1"
  refuse "epb: error: result.csv:2: $2*" subsidy pay --confirm result.csv
}
refused 'PAY-107-0001,SUB-107-000099,5000,paid,,2018-03-06' "ref: SUB-107-000099 is not in payment batch PAY-107-0001"
refused 'PAY-107-0009,SUB-107-000001,5000,paid,,2018-03-06' "batch: PAY-107-0009: no such payment batch"
refused 'PAY-107-0001,SUB-107-000001,4000,paid,,2018-03-06' "amount: NT\$4000 for SUB-107-000001, but batch PAY-107-0001 pays NT\$5000"
refused 'PAY-107-0001,SUB-107-000001,lots,paid,,2018-03-06' "amount: "
refused 'PAY-107-0001,SUB-107-000001,5000,done,,2018-03-06' "status: 'done': paid or failed"
refused 'PAY-107-0001,SUB-107-000001,5000,,,2018-03-06' "status: required"
refused 'PAY-107-0001,SUB-107-000001,5000,paid,,' "paid_on: required for a paid transfer"
refused 'PAY-107-0001,SUB-107-000001,5000,paid,,2018-02-30' "paid_on: "
refused 'PAY-107-0001,SUB-107-000001,5000,paid,,yesterday' "paid_on: "
refused 'PAY-107-0001,SUB-107-000001,5000,paid,,2018-03-04' "paid_on: 2018-03-04 is before batch PAY-107-0001 was built"
refused 'PAY-107-0001,SUB-107-000001,5000,paid,,2018-03-09' "paid_on: 2018-03-09 is in the future"
refused 'PAY-107-0001,SUB-107-000001,5000,paid,帳號不符,2018-03-06' "reason: given for a paid transfer"
refused 'PAY-107-0001,SUB-107-000001,5000,failed,,' "reason: required for a failed transfer"
refused 'PAY-107-0001,SUB-107-000001,5000,failed,帳號不符,2018-03-06' "paid_on: given for a failed transfer"
refused ',SUB-107-000001,5000,paid,,2018-03-06' "batch: required"
refused 'PAY-107-0001,,5000,paid,,2018-03-06' "ref: required"
printf 'batch,ref,amount,status\nPAY-107-0001,SUB-107-000001,5000,paid\n' >nocol.csv
refuse "epb: error: nocol.csv*" subsidy pay --confirm nocol.csv
# One bad row among good ones: all or nothing.
result 'PAY-107-0001,SUB-107-000001,5000,paid,,2018-03-06' 'PAY-107-0001,SUB-107-000002,5001,paid,,2018-03-06'
refuse "epb: error: result.csv:3: amount: *" subsidy pay --confirm result.csv
refuse "epb: error: --skip-invalid: needs --rejects FILE*" subsidy pay --confirm result.csv --skip-invalid
refuse "epb: error: --rejects: only with --skip-invalid" subsidy pay --confirm result.csv --rejects rej.csv
refuse "epb: error: --rejects *: is the ledger*" subsidy pay --confirm result.csv --skip-invalid --rejects "$LEDGER"
refuse "epb: error: --rejects result.csv: is an input of this command*" subsidy pay --confirm result.csv --skip-invalid --rejects result.csv
refuse "epb: error: --input-format: *" subsidy pay --confirm result.csv --input-format xlsx
refuse "epb: error: --encoding: *" subsidy pay --confirm result.csv --encoding latin1
expect_sql "select count(*) from payment_item where state <> 'in_batch'" "0"

# --dry-run: validated, reported, nothing written.
result 'PAY-107-0001,SUB-107-000001,5000,paid,,2018-03-06' 'PAY-107-0001,SUB-107-000002,"5,000",failed,帳號不符,'
BEFORE=$(ledger_dump)
run subsidy pay --confirm result.csv --dry-run
expect_rc 0
[ "$(ledger_dump)" = "$BEFORE" ] || fail "a dry run wrote"
expect_err_like "epb: result.csv: read 2, imported 2, * (dry run, nothing written)"

# The result: 000001 paid, 000002 failed (back to approved with the reason); batch 1 confirmed.
run subsidy pay --confirm result.csv
expect_rc 0
expect_err_like "epb: result.csv: read 2, imported 2, updated 0, skipped 0, rejected 0 in * s (committed)
epb: PAY-107-0001 confirmed: every item has its result"
expect_sql "select ref, status from case_file order by id" "SUB-107-000001|paid
SUB-107-000002|approved
SUB-107-000003|approved"
expect_sql "select json_extract(detail, '$.reason') from event where action = 'payment-failed' and subject = 'case:SUB-107-000002'" "帳號不符"
expect_sql "select state from payment_batch order by id" "confirmed
open"
run subsidy budget --format csv
expect_rc 0
expect_out_contains "2018,scrap_buy_other,20000000,10000,5000,19985000,3,2,1"

# Re-confirming the same file pays nothing twice: every row skipped, the ledger unchanged.
BEFORE=$(ledger_dump)
run subsidy pay confirm result.csv
expect_rc 0
expect_err_like "epb: result.csv: read 2, imported 0, updated 0, skipped 2, rejected 0 in * s (committed)"
[ "$(ledger_dump)" = "$BEFORE" ] || fail "re-confirming wrote"
refuse "epb: error: result.csv:2: ref: SUB-107-000001: recorded as paid already*" \
  subsidy pay --confirm result.csv --on-duplicate error
# What contradicts a recorded result is refused.
refused 'PAY-107-0001,SUB-107-000001,5000,failed,帳號不符,' "status: SUB-107-000001 was paid on 2018-03-06 in batch PAY-107-0001; a paid transfer cannot fail"
refused 'PAY-107-0001,SUB-107-000001,5000,paid,,2018-03-07' "paid_on: SUB-107-000001 was paid on 2018-03-06 in batch PAY-107-0001, not 2018-03-07"
refused 'PAY-107-0001,SUB-107-000002,5000,paid,,2018-03-07' "status: SUB-107-000002 in batch PAY-107-0001 failed (帳號不符) and is due again"
# A paid application is never moved to paid by hand, nor batched again.
refuse "epb: error: case SUB-107-000002: paid only through epb subsidy pay --confirm" case move SUB-107-000002 paid --note x
refuse "epb: error: case SUB-107-000002: paid only through epb subsidy pay --confirm" \
  case close SUB-107-000002 --state paid --outcome 已撥款
refuse "epb: error: case SUB-107-000001: *" case move SUB-107-000001 approved

# The failed one goes into the next batch; the paid one never again.
run subsidy pay --batch --roster roster4.csv
expect_rc 0
expect_out "PAY-107-0003"
expect_sql "select group_concat(c.ref) from payment_item i join case_file c on c.id = i.case_id where i.batch_id = 3" "SUB-107-000002"

# --skip-invalid --rejects: the good rows in, the bad kept with why; a bank's returned roster
# (its own columns and TOTAL line) is read as a result file.
printf '%s\n' 'batch,ref,payee,bank_code,account,amount,status,reason,paid_on' \
  'PAY-107-0002,SUB-107-000003,陳大文,004,99998888777766,5000,paid,,2018-03-07' \
  'PAY-107-0003,SUB-107-000002,林美華,004,123456789012,5000,paid,,2018-03-01' \
  'PAY-107-0002,TOTAL,1,,,5000,,,' >bank.csv
run subsidy pay --confirm bank.csv --skip-invalid --rejects rejects.csv
expect_rc 0
expect_err_contains "imported 1, updated 0, skipped 1, rejected 1"
grep -q "SUB-107-000002" rejects.csv || fail "the rejected row is not in rejects.csv" "$(cat rejects.csv)"
expect_sql "select ref, status from case_file order by id" "SUB-107-000001|paid
SUB-107-000002|approved
SUB-107-000003|paid"
# From standard input, as JSON lines.
run_in '{"batch":"PAY-107-0003","ref":"SUB-107-000002","amount":5000,"status":"paid","paid_on":"107/03/08"}' \
  subsidy pay --confirm - --input-format jsonl
expect_rc 0
expect_err_contains "epb: <stdin>: read 1, imported 1,"
expect_err_contains "epb: PAY-107-0003 confirmed: every item has its result"

# The budget: every format, paid in agreement with the payment engine's items.
expect_sql "select count(*), sum(amount) from payment_item where state = 'paid'" "3|15000"
run subsidy budget --format csv
expect_rc 0
expect_out_contains "year,kind,cap,committed,paid,remaining,applications,approved,paid_count"
expect_out_contains "2018,scrap_buy_other,20000000,0,15000,19985000,3,0,3"
run subsidy budget --format tsv
expect_out_contains "$(printf '2018\tscrap_buy_other\t20000000\t0\t15000\t19985000\t3\t0\t3')"
run subsidy budget --format jsonl
expect_out_contains '{"year":2018,"kind":"scrap_buy_other","cap":20000000,"committed":0,"paid":15000,"remaining":19985000,"applications":3,"approved":0,"paid_count":3}'
run subsidy budget --format json
expect_rc 0
expect_out_contains '"paid":15000'
run subsidy budget
expect_rc 0
expect_out_contains "scrap_buy_other"
refuse "epb: error: --format: *" subsidy budget --format xml
run subsidy pay --list --format csv
expect_out_contains "PAY-107-0003,confirmed,2018-03-08,1,5000,0,1,5000,0,roster4.csv"
expect_out_contains "PAY-107-0001,confirmed,2018-03-05,2,10000,0,1,5000,1,roster.csv"
run subsidy pay --batch --roster roster5.csv
expect_rc 0
expect_err "epb: nothing to pay: no approved application awaits payment"
# A paid application is never reopened (it would be approved, and payable, again), nor its
# applicant (the roster's payee, the double-dipping keys) edited by a generic case import.
refuse "epb: error: case SUB-107-000001: was paid (batch PAY-107-0001): a paid application is never reopened" \
  case reopen SUB-107-000001 --reason 再查
run case export --reveal-pii
OUT=${OUT//$'\r'/}
printf '%s\n' "$OUT" | sed -n '1p;2p' | sed 's/王小明/王大明/' >cases.csv
refuse "epb: error: cases.csv:2: case SUB-107-000001: a subsidy application is not changed by epb case import*" \
  case import cases.csv --on-duplicate update
run db check
expect_rc 0

# Usage: one sub-verb, and the options each needs.
run subsidy pay
expect_rc 2
run subsidy pay --batch
expect_rc 2

finish
