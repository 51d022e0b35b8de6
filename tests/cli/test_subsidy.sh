#!/usr/bin/env bash
# epb subsidy: apply at the counter, check, review, 補件, approve, reject, budget and the
# progress lookup by plate; bad input exits 3 naming the field with nothing written.
source "$(dirname "$0")/lib.sh"

LEDGER="$XDG_DATA_HOME/epb/ledger.sqlite"
run init -q
export EPB_NOW="2018-03-05 10:00"

APPLY=(subsidy apply --channel in_person --name 王小明 --id-number A123456789 --phone 0912345678
  --programme-year 107 --kind scrap_buy_other --scrapped-plate faa233 --scrapped-made 2001-05-01
  --recycling-certificate RC-1 --deregistered 107/03/01 --new-plate EMA-1234 --new-frame EBK1234567
  --new-class light --invoice-number AB-12345678 --invoice-date 2018-03-02 --bank-code 004
  --account-number 1234-5678-9012)

run "${APPLY[@]}"
expect_rc 0
expect_out "SUB-107-000001"
expect_err "epb: SUB-107-000001 opened: received"
expect_sql "select scrapped_plate, account_number, amount is null from subsidy_application" "FAA-233|123456789012|1"

# Bad values: exit 3, the field named, nothing written.
refuse "epb: error: scrapped_plate: *" "${APPLY[@]/faa233/12}"
refuse "epb: error: bank_code: *" "${APPLY[@]/004/04}"
refuse "epb: error: invoice_date: *" "${APPLY[@]/2018-03-02/2018-02-30}"
refuse "epb: error: kind: 'scrap' is not *" "${APPLY[@]/scrap_buy_other/scrap}"
refuse "epb: error: programme_year: the configuration has no subsidy programmes for 2030" "${APPLY[@]/107/2030}"
refuse "epb: error: new_class: a scrap_buy_other application needs a vehicle other than heavy" "${APPLY[@]/light/heavy}"

# The household exchange: the query file holds ID and name only, 0600, logged with its hash.
run subsidy household export "$SCRATCH/query.csv"
expect_rc 0
[ "$(cat "$SCRATCH/query.csv")" = "$(printf 'id_number,name\r\nA123456789,王小明\r')" ] || fail "query file" "$(cat -A "$SCRATCH/query.csv")"
[ "$(stat -c %a "$SCRATCH/query.csv")" = 600 ] || fail "query file mode"
expect_sql "select direction, records, file_sha256 = '$(sha256sum "$SCRATCH/query.csv" | cut -d' ' -f1)' from household_exchange" "export|1|1"
expect_sql "select count(*) from event where action = 'reveal-pii' and subject = 'case:SUB-107-000001'" "1"
printf 'id_number,registered,district,registered_on\nF131104093,yes,苓雅區,\n' > "$SCRATCH/wrong.csv"
refuse "epb: error: $SCRATCH/wrong.csv:2: id_number F13****093: no application awaits it" \
  subsidy household import "$SCRATCH/wrong.csv"

# Pending the household check: not yet eligible, so not approvable.
run subsidy check SUB-107-000001 --format csv
expect_rc 0
expect_out_contains "SUB-107-000001,false,household_pending,the household-registration check has not been answered yet"
run case move SUB-107-000001 reviewing
expect_rc 0
refuse "epb: error: case SUB-107-000001: cannot be approved: household_pending: *" subsidy approve SUB-107-000001

# 補件 once; a reason for a rejection. A generic pause names the missing documents too (the
# notice tells the applicant what to bring).
refuse "epb: error: case SUB-107-000001: a request for documents names what is missing*" case pause SUB-107-000001
refuse "epb: error: case SUB-107-000001: a request for documents names what is missing*" \
  case move SUB-107-000001 documents
run subsidy request-docs SUB-107-000001 --missing "invoice photos"
expect_rc 0
expect_err "epb: SUB-107-000001 request-docs: documents"
run subsidy review SUB-107-000001 --format csv --lang en
expect_rc 0
expect_out_contains "SUB-107-000001,invoice,Invoice with the applicant's name and frame or plate number,true"
expect_out_contains "SUB-107-000001,form,Application form and receipt,false"
run subsidy documents-received SUB-107-000001 --note 已補件
expect_rc 0
refuse "epb: error: case SUB-107-000001: documents were requested once already *" \
  subsidy request-docs SUB-107-000001 --missing photos
refuse "epb: error: --reason: a rejection needs a reason" subsidy reject SUB-107-000001 --reason " "

# The progress lookup: identical answers for a wrong factor and an unknown plate.
run subsidy status --plate FAA-233 --phone-last4 5678 --format csv
expect_rc 0
expect_out_contains "SUB-107-000001,reviewing,2018-03-05,2018-04-09"
run subsidy status --plate FAA-233 --phone-last4 0000
expect_rc 4
WRONG=$ERR
run subsidy status --plate ZZZ-999 --phone-last4 5678
expect_rc 4
[ "$ERR" = "$WRONG" ] || fail "wrong factor and unknown plate answer differently" "$WRONG / $ERR"

printf 'id_number,registered,district,registered_on\nA123456789,yes,苓雅區,\n' > "$SCRATCH/answer.csv"
run subsidy household import "$SCRATCH/answer.csv"
expect_rc 0
expect_err "epb: 1 answer recorded, 1 now eligible"
run subsidy approve SUB-107-000001
expect_rc 0
expect_sql "select amount from subsidy_application" "5000"
refuse "epb: error: case SUB-107-000001: cannot move from 'approved' to 'approved' *" subsidy approve SUB-107-000001

run subsidy show SUB-107-000001 --format csv
expect_rc 0
expect_out_contains "applicant_id,A12****789"
expect_out_contains "account_number,********9012"
expect_out_contains "amount,5000"
expect_out_contains "documents_missing,invoice photos"
run subsidy show SUB-999-000001
expect_rc 4
expect_err "epb: error: case SUB-999-000001: not found"

run subsidy budget --format csv
expect_rc 0
expect_out_contains "2018,scrap_buy_other,20000000,5000,0,19995000,1,1,0"


# One plate on two applications (a later owner applies for the same scrapped bike): each
# applicant's phone finds their own; a wrong one still answers as an unknown plate does.
OTHER=("${APPLY[@]/王小明/林美華}")
OTHER=("${OTHER[@]/A123456789/F131104093}")
OTHER=("${OTHER[@]/0912345678/0987654321}")
OTHER=("${OTHER[@]/EMA-1234/EMA-9999}")
run "${OTHER[@]}"
expect_rc 0
expect_out "SUB-107-000002"
run subsidy status --plate FAA-233 --phone-last4 5678 --format csv
expect_rc 0
expect_out_contains "SUB-107-000001,approved"
run subsidy status --plate FAA-233 --phone-last4 4321 --format csv
expect_rc 0
expect_out_contains "SUB-107-000002,received"
run subsidy status --plate FAA-233 --phone-last4 1111
expect_rc 4
[ "$ERR" = "$WRONG" ] || fail "wrong factor on a shared plate answers differently" "$WRONG / $ERR"


# An export holding two claims on one scrapped plate does not import whole into another ledger:
# the intake rules of import refuse the second claim, naming the line of the first.
run subsidy export --reveal-pii --output "$SCRATCH/both.csv"
expect_rc 0
MAIN=$LEDGER
LEDGER="$SCRATCH/copy.sqlite"
run --ledger "$LEDGER" init -q
refuse "epb: error: $SCRATCH/both.csv:3: scrapped_plate: FAA-233 is also on line 2 of this file: one subsidy per scrapped vehicle*" \
  --ledger "$LEDGER" subsidy import "$SCRATCH/both.csv"
LEDGER=$MAIN


# Every verb of `epb subsidy --help` is in the synopsis of epb-subsidy(1).
run subsidy --help
for verb in $(sed -n '/^Subcommands:/,$p' <<<"$OUT" | awk '/^  [a-z]/ {print $1}'); do
  CHECKS=$((CHECKS + 1))
  grep -q "^\*epb subsidy $verb[* ]" "$EPB_SOURCE_DIR/man/epb-subsidy.1.scd" || fail "epb-subsidy(1) lacks 'epb subsidy $verb'"
done

finish
