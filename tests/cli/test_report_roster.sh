#!/usr/bin/env bash
# epb report roster subsidy|reward: the remittance roster (匯款清冊) of a batch or a year, one
# row per transfer plus the count and sum, in every format; personal data masked by default
# (no full name, ID number or account anywhere), --reveal-pii in full with one reveal event per
# case recorded before anything is written; misuse refused (exit 3, ledger unchanged), an
# unknown batch exit 4.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/payment_lib.sh"

LEDGER="$XDG_DATA_HOME/epb/ledger.sqlite"
cd "$SCRATCH" || exit 1
run init -q
export EPB_NOW="2018-03-05 10:00"

# Two subsidy applications approved and paid in PAY-107-0001 (the first paid, the second failed).
subsidy_apply 王小明 A123456789 FAA-231 EBK1111111 EMA-1111 0012-3456-7890
subsidy_apply 林美華 F131104093 FAA-232 EBK2222222 EMA-2222 1234-5678-9012
printf 'id_number,registered,district,registered_on\nA123456789,yes,苓雅區,\nF131104093,yes,前鎮區,\n' >answer.csv
run subsidy household import -q answer.csv
expect_rc 0
for ref in SUB-107-000001 SUB-107-000002; do
  run subsidy approve -q "$ref"
  expect_rc 0
done
run subsidy pay batch -q --roster pay.csv
expect_rc 0
# A reward for a petition, paid in RWD-107-0001.
run case open -q --service petition --channel web --subject 檢舉工地揚塵 --name 檢舉人
expect_rc 0
run case reward add -q PET-107-000001 --payee 陳大文 --id-number E123456783 --bank-code 700 \
  --account-number 9999-8888-7777-66 --amount 2000
expect_rc 0
run case reward pay batch -q --roster reward.csv
expect_rc 0
export EPB_NOW="2018-03-20 10:00"
printf 'batch,ref,amount,status,reason,paid_on\nPAY-107-0001,SUB-107-000001,5000,paid,,2018-03-19\nPAY-107-0001,SUB-107-000002,5000,failed,帳號不符,\n' >pay-result.csv
run subsidy pay confirm -q pay-result.csv
expect_rc 0
printf 'batch,ref,amount,status,reason,paid_on\nRWD-107-0001,PET-107-000001,2000,paid,,2018-03-19\n' >reward-result.csv
run case reward pay confirm -q reward-result.csv
expect_rc 0

# The subsidy roster of the batch: every transfer, masked, and the total.
csv report roster subsidy --batch PAY-107-0001 --format csv
expect_rc 0
expect_out "seq,batch,ref,payee,id_number,bank_code,account,amount,state,paid_on
1,PAY-107-0001,SUB-107-000001,王O明,A12****789,004,********7890,5000,paid,2018-03-19
2,PAY-107-0001,SUB-107-000002,林O華,F13****093,004,********9012,5000,failed,"
csv report roster subsidy --batch PAY-107-0001 --format csv --table total
expect_rc 0
expect_out "items,amount
2,10000"
# A business's name and UBN are no personal data: shown, its account masked. PAY-107-0002 holds
# it and the failed transfer, due again.
run subsidy apply -q --channel in_person --applicant-kind organisation --name 大發機車行 \
  --business-number 04595257 --phone 073351234 --programme-year 107 --kind scrap_buy_other \
  --scrapped-plate FAA-239 --scrapped-made 2001-05-01 --recycling-certificate RC-9 --deregistered 107/03/01 \
  --new-plate EMA-9999 --new-frame EBK9999999 --new-class light --invoice-number AB-12345678 \
  --invoice-date 2018-03-02 --bank-code 004 --account-number 1234567890123
expect_rc 0
run case move -q SUB-107-000003 reviewing
run subsidy approve -q SUB-107-000003
expect_rc 0
run subsidy pay batch -q --roster pay2.csv
expect_out "PAY-107-0002"
csv report roster subsidy --batch PAY-107-0002 --format csv
expect_rc 0
expect_out "seq,batch,ref,payee,id_number,bank_code,account,amount,state,paid_on
1,PAY-107-0002,SUB-107-000002,林O華,F13****093,004,********9012,5000,in_batch,
2,PAY-107-0002,SUB-107-000003,大發機車行,04595257,004,*********0123,5000,in_batch,"
# A year: only what the bank paid in it.
csv report roster subsidy --year 107 --format csv
expect_rc 0
expect_out "seq,batch,ref,payee,id_number,bank_code,account,amount,state,paid_on
1,PAY-107-0001,SUB-107-000001,王O明,A12****789,004,********7890,5000,paid,2018-03-19"
csv report roster subsidy --year 2019 --format csv --table total
expect_out "items,amount
0,0"
# As the ledger stood before the bank's result: every transfer awaiting it, none paid in the year.
csv --as-of "2018-03-10 10:00" report roster subsidy --batch PAY-107-0001 --format csv
expect_rc 0
expect_out_contains "1,PAY-107-0001,SUB-107-000001,王O明,A12****789,004,********7890,5000,in_batch,"
csv --as-of "2018-03-10 10:00" report roster subsidy --year 2018 --format csv --table total
expect_out "items,amount
0,0"
run --as-of "2018-03-01 10:00" report roster subsidy --batch PAY-107-0001
expect_rc 4
expect_err "epb: error: subsidy payment batch PAY-107-0001: built after the as-of moment (2018-03-01T02:00:00Z)"
expect_sql "select count(*) from event where action = 'reveal-pii' and command like 'report roster%'" "0"

# Masked in every format: no full name, ID number or account anywhere.
for format in table csv tsv json jsonl markdown html; do
  run report roster subsidy --batch PAY-107-0001 --format "$format"
  expect_rc 0
  for secret in 王小明 林美華 A123456789 F131104093 001234567890 123456789012; do
    expect_out_lacks "$secret"
  done
done
run report roster subsidy --batch PAY-107-0001 --format json
expect_out_contains '"personal_data":"masked"'
expect_out_contains '"total":"10000"'
run report roster subsidy --batch PAY-107-0001 --format ods --output roster.ods
expect_rc 0
expect_err "epb: roster report written to roster.ods (ods)"
[ "$(stat -c %a roster.ods)" = 600 ] || fail "ods mode"
unzip -p roster.ods content.xml >ods-content.xml 2>/dev/null || fail "roster.ods is no zip"
grep -q "王O明" ods-content.xml || fail "the ods lacks the masked payee"
! grep -q "王小明\|A123456789\|001234567890" ods-content.xml || fail "the ods shows personal data"

# The reward roster, masked, then revealed: the reveal recorded per case before the output.
csv report roster reward --batch RWD-107-0001 --format csv
expect_rc 0
expect_out "seq,batch,ref,payee,id_number,bank_code,account,amount,state,paid_on
1,RWD-107-0001,PET-107-000001,陳O文,E12****783,700,**********7766,2000,paid,2018-03-19"
expect_out_lacks "陳大文"
csv report roster reward --batch RWD-107-0001 --format csv --reveal-pii
expect_rc 0
expect_out_contains "1,RWD-107-0001,PET-107-000001,陳大文,E123456783,700,99998888777766,2000,paid,2018-03-19"
expect_sql "select subject, command from event where action = 'reveal-pii' and command like 'report roster%'" \
  "case:PET-107-000001|report roster reward"
csv report roster subsidy --year 2018 --reveal-pii --format csv --output revealed.csv
expect_rc 0
grep -q "王小明,A123456789,004,001234567890" revealed.csv || fail "revealed roster" "$(cat revealed.csv)"
expect_sql "select count(*) from event where action = 'reveal-pii' and command = 'report roster subsidy'" "1"
# When the reveal cannot be recorded (a read-only ledger), nothing is shown, not even to a
# file. As root, epb runs without the capabilities that override file modes (as test_privacy.sh).
as_reader=()
[ "$(id -u)" = 0 ] && as_reader=(setpriv --bounding-set=-dac_override,-dac_read_search)
if [ "$(id -u)" != 0 ] || command -v setpriv >/dev/null; then
  chmod a-w "$LEDGER"
  OUT=$("${as_reader[@]}" "$EPB_BIN" report roster reward --batch RWD-107-0001 --reveal-pii --format csv \
    --output ro.csv 2>"$SCRATCH/stderr")
  RC=$? ERR=$(cat "$SCRATCH/stderr")
  expect_rc 1
  expect_out ""
  expect_err_like "epb: error: ledger *: read-only; showing personal data in full must be recorded first"
  [ ! -e ro.csv ] || fail "a revealed roster without its record"
  chmod u+w "$LEDGER"
fi
run report roster reward --year 2018 --format markdown
expect_rc 0
expect_out_contains "檢舉獎勵金匯款清冊 2018 年"
run --lang en report roster reward --year 2018
expect_rc 0
expect_out_contains "Whistleblower reward remittance roster 2018"

# Misuse: exit 3, nothing on stdout, the ledger unchanged.
run config show
printf '%s\n' "$OUT" >epb.toml
refuse "epb: error: --output *: is the ledger*" report roster subsidy --batch PAY-107-0001 --output "$LEDGER"
refuse "epb: error: --output *: is the ledger*" report roster reward --year 2018 --output "$LEDGER" --force
refuse "epb: error: --output *: is the ledger*" report roster reward --year 2018 --reveal-pii --output "$LEDGER-wal"
refuse "epb: error: --output epb.toml: is the configuration in use*" --config epb.toml report roster reward --year 2018 --output epb.toml
refuse "epb: error: --output revealed.csv: file exists (use --force to replace it)" report roster subsidy --year 2018 --output revealed.csv
refuse "epb: error: --output: an empty path: name the file" report roster subsidy --year 2018 --output ""
refuse "epb: error: --batch, --year: give one*" report roster subsidy
refuse "epb: error: --batch, --year: give one*" report roster reward --batch RWD-107-0001 --year 2018
refuse "epb: error: --year: 'next' is no year*" report roster reward --year next
refuse "epb: error: --batch: an empty batch reference" report roster reward --batch ""
refuse "epb: error: --batch: *control character*" report roster reward --batch $'RWD\x1b'
refuse "epb: error: --table: *" report roster reward --year 2018 --format csv --table nosuch
refuse "epb: error: --format: *" report roster reward --year 2018 --format xml
BEFORE=$(ledger_dump)
run report roster subsidy --batch PAY-107-0009 --reveal-pii
expect_rc 4
expect_err "epb: error: subsidy payment batch PAY-107-0009: not found"
run report roster reward --batch PAY-107-0001
expect_rc 4
expect_err "epb: error: reward payment batch PAY-107-0001: not found"
[ "$(ledger_dump)" = "$BEFORE" ] || fail "a roster of an unknown batch wrote"
run report roster --help
expect_rc 0
expect_out_contains "subsidy"
expect_out_contains "reward"
finish
