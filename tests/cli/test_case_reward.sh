#!/usr/bin/env bash
# epb case reward: a whistleblower reward decided for a case with every field checked (exit 3
# naming it, nothing written), one per case, an unknown case exit 4; paid through the payment
# engine's verbs (batch, confirm, list, show) once: a second batch or confirm pays nothing twice.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/payment_lib.sh"

LEDGER="$XDG_DATA_HOME/epb/ledger.sqlite"
cd "$SCRATCH" || exit 1
run init -q
export EPB_NOW="2018-03-05 10:00"
for n in 1 2 3; do
  run case open -q --service petition --channel web --subject "檢舉工地揚塵 $n" --name "檢舉人$n"
  expect_rc 0
done

R=(case reward add PET-107-000001 --payee 王小明 --id-number A123456789 --bank-code 004
  --account-number 1234-5678-9012 --amount 5000 --reason 裁處罰鍰)
refuse "epb: error: id_number: *checksum does not match" "${R[@]/A123456789/A123456788}"
refuse "epb: error: id_number: *" "${R[@]/A123456789/123}"
refuse "epb: error: amount: '-5000': must not be negative" "${R[@]/5000/-5000}"
refuse "epb: error: amount: '0': a reward is more than NT\$0, in whole NT\$" "${R[@]/5000/0}"
refuse "epb: error: amount: '5000.5': whole NT dollars only" "${R[@]/5000/5000.5}"
refuse "epb: error: amount: *" "${R[@]/5000/lots}"
refuse "epb: error: --payee: *control character*" "${R[@]/王小明/$'王\x1b小明'}"
refuse "epb: error: payee: required*" "${R[@]/王小明/ }"
refuse "epb: error: bank_code: *" "${R[@]/004/04}"
refuse "epb: error: account_number: *" "${R[@]/1234-5678-9012/12-34}"
refuse "epb: error: --reason: *" "${R[@]/裁處罰鍰/$'a\tb'}"
BEFORE=$(ledger_dump)
run "${R[@]/PET-107-000001/PET-107-000099}"
expect_rc 4
expect_err "epb: error: case PET-107-000099: not found"
[ "$(ledger_dump)" = "$BEFORE" ] || fail "an unknown case wrote"

# Decided: the case on stdout, masked news on stderr, an event without personal data.
run "${R[@]}"
expect_rc 0
expect_out "PET-107-000001"
expect_err "epb: PET-107-000001: reward of NT\$5,000 decided, to be paid to 王O明 (004 ********9012)"
expect_sql "select detail from event where action = 'reward'" '{"amount":5000,"reason":"裁處罰鍰"}'
refuse "epb: error: case PET-107-000001: has a reward already (NT\$5,000, decided): one reward per case" \
  "${R[@]/5000/7000}"
run case reward add PET-107-000002 --payee 林美華 --id-number F131104093 --bank-code 700 \
  --account-number 99998888777766 --amount NT\$3,000
expect_rc 0

# list: masked unless --reveal-pii, which is recorded first.
csv case reward list --format csv
expect_rc 0
expect_out "ref,payee,id_number,bank_code,account,amount,state,decided,paid_on,batch,reason
PET-107-000001,王O明,A12****789,004,********9012,5000,decided,2018-03-05,,,裁處罰鍰
PET-107-000002,林O華,F13****093,700,**********7766,3000,decided,2018-03-05,,,"
run case reward list --reveal-pii --format csv
expect_rc 0
expect_out_contains "PET-107-000001,王小明,A123456789,004,123456789012,5000,decided"
expect_sql "select count(*) from event where action = 'reveal-pii' and command = 'case reward list'" "2"

# pay: the engine's verbs with the reward purpose (RWD batches).
refuse "epb: error: --roster *: is the ledger*" case reward pay batch --roster "$LEDGER"
run case reward pay batch --roster roster.csv
expect_rc 0
expect_out "RWD-107-0001"
expect_err "epb: RWD-107-0001: 2 rewards, NT\$8,000, roster roster.csv"
expect_roster roster.csv 'batch,ref,payee,bank_code,account,amount
RWD-107-0001,PET-107-000001,王小明,004,123456789012,5000
RWD-107-0001,PET-107-000002,林美華,700,99998888777766,3000
RWD-107-0001,TOTAL,2,,,8000'
# Everything due is in an open batch: a second batch pays nothing twice.
run case reward pay --batch --roster roster2.csv
expect_rc 0
expect_err "epb: nothing to pay: no decided reward awaits payment"
[ ! -e roster2.csv ] || fail "a roster for nothing"
run case reward pay show RWD-107-0001 --format csv
expect_rc 0
expect_out_contains "RWD-107-0001,PET-107-000001,王O明,004,********9012,5000,in_batch,,"
run case reward pay show PAY-107-0001
expect_rc 4
expect_err "epb: error: reward payment batch PAY-107-0001: not found"

export EPB_NOW="2018-03-20 10:00"
printf 'batch,ref,amount,status,reason,paid_on\nRWD-107-0001,PET-107-000001,5000,paid,,2018-03-19\nRWD-107-0001,PET-107-000002,3000,failed,帳號不符,\n' >result.csv
run case reward pay confirm result.csv
expect_rc 0
expect_err_contains "epb: RWD-107-0001 confirmed: every item has its result"
expect_sql "select ref, state, coalesce(paid_on, ''), payment_batch from case_reward_iso order by id" \
  "PET-107-000001|paid|2018-03-19|RWD-107-0001
PET-107-000002|decided||"
expect_sql "select count(*) from event where action = 'reward-paid' and subject = 'case:PET-107-000001'" "1"
# The same result again pays nothing twice; a contradicting one is refused.
BEFORE=$(ledger_dump)
run case reward pay --confirm result.csv
expect_rc 0
expect_err_contains "imported 0, updated 0, skipped 2"
[ "$(ledger_dump)" = "$BEFORE" ] || fail "re-confirming wrote"
printf 'batch,ref,amount,status,reason,paid_on\nRWD-107-0001,PET-107-000001,5000,failed,帳號不符,\n' >contra.csv
refuse "epb: error: contra.csv:2: status: PET-107-000001 was paid on 2018-03-19*" case reward pay confirm contra.csv
# The failed reward is due again; the paid one never again.
run case reward pay batch --roster roster3.csv
expect_rc 0
expect_out "RWD-107-0002"
expect_err "epb: RWD-107-0002: 1 reward, NT\$3,000, roster roster3.csv"
expect_sql "select count(*) from payment_item i join case_file c on c.id = i.case_id where c.ref = 'PET-107-000001'" "1"
run case reward pay list --format csv
expect_rc 0
expect_out_contains "RWD-107-0001,confirmed,2018-03-05,2,8000,0,1,5000,1,roster.csv"
# A subsidy batch is not a reward batch, and the reverse.
run subsidy pay show RWD-107-0001
expect_rc 4
expect_err "epb: error: subsidy payment batch RWD-107-0001: not found"

run case reward --help
expect_rc 0
expect_out_contains "add"
expect_out_contains "pay"
finish
