#!/usr/bin/env bash
# epb subsidy import (dealers' batches), list and export: double-dipping refused as a whole
# naming FILE:LINE, the field and the rule, or left out into the rejects file; re-imports add
# nothing; every bad value exits 3 naming FILE:LINE and the field with nothing written; lists
# and exports filter and mask, --reveal-pii is recorded; export -> import round-trips.
source "$(dirname "$0")/lib.sh"

cd "$SCRATCH" || exit 1
LEDGER="$SCRATCH/l.sqlite"
export EPB_LEDGER=$LEDGER
run init -q
export EPB_NOW="2018-03-05 10:00"

# simp ARGS...: epb subsidy import ARGS, the summary's elapsed seconds shown as X.X.
simp() {
  run subsidy import "$@"
  ERR=$(printf '%s' "$ERR" | sed -E 's/ in [0-9]+\.[0-9] s \(/ in X.X s (/')
}

# A dealer's file: row N [FIELD=VALUE...] is a valid row, unique by N (1..9), fields overridden.
H=dealer_ubn,dealer_application,programme_year,kind,name,id_number,phone,address,scrapped_plate,scrapped_made,recycling_certificate,deregistered,new_plate,new_frame,new_class,invoice_number,invoice_date,bank_code,account_number
IFS=, read -ra COLS <<<"$H"
IDS=(- E200000016 E200000025 E200000034 E200000043 E200000052 E200000061 E200000070 E200000089 E200000098)
row() {
  local n=$1 i kv
  shift
  declare -A v=([dealer_ubn]=12345675 [dealer_application]=D-00$n [programme_year]=107 [kind]=scrap_buy_other
    [name]=陳美玲 [id_number]=${IDS[$n]} [phone]=091200000$n [address]=高雄市苓雅區四維三路${n}號
    [scrapped_plate]=FAA-10$n [scrapped_made]=2001-05-01 [recycling_certificate]=RC-100$n [deregistered]=107/03/01
    [new_plate]=EMA-100$n [new_frame]=EBK000000$n [new_class]=light [invoice_number]=AB-0000000$n
    [invoice_date]=2018-03-02 [bank_code]=004 [account_number]=12345678901$n)
  for kv in "$@"; do v[${kv%%=*}]=${kv#*=}; done
  local out=${v[${COLS[0]}]}
  for ((i = 1; i < ${#COLS[@]}; i++)); do out+=",${v[${COLS[$i]}]}"; done
  printf '%s\n' "$out"
}
# batch FILE ROW-LINES...: the header, then the rows.
batch() {
  local file=$1
  shift
  { printf '%s\n' "$H"; printf '%s\n' "$@"; } >"$file"
}

# --- A subsidised application at the counter: FAA-999, A123456789 -------------------------
run subsidy apply --channel in_person --name 王小明 --id-number A123456789 --phone 0912345678 \
  --programme-year 107 --kind scrap_buy_other --scrapped-plate FAA-999 --scrapped-made 2001-05-01 \
  --recycling-certificate RC-999 --deregistered 107/03/01 --new-plate EMA-9999 --new-frame EBK9999999 \
  --new-class light --invoice-number AB-99999999 --invoice-date 2018-03-02 --bank-code 004 \
  --account-number 1234-5678-9012
expect_out "SUB-107-000001"
printf 'id_number,registered,district,registered_on\nA123456789,yes,苓雅區,\n' >answer.csv
run subsidy household import answer.csv
run case move SUB-107-000001 reviewing
run subsidy approve SUB-107-000001
expect_rc 0
expect_sql "select amount is not null from subsidy_application" "1"

# --- One double-dipped plate: the whole file refused naming FILE:LINE, the field, the rule ---
batch dealer.csv "$(row 1)" "$(row 2)" "$(row 3)" "$(row 4 scrapped_plate=faa999)" "$(row 5)"
refuse "epb: error: dealer.csv:5: scrapped_plate: FAA-999 was subsidised before (SUB-107-000001): one subsidy per scrapped vehicle
epb: dealer.csv: read 5, imported 4, updated 0, skipped 0, rejected 1 in * s (nothing written)
epb: error: dealer.csv: 1 invalid row" subsidy import dealer.csv

# --skip-invalid --rejects: the rest imported, the record as read in the rejects file after its reason.
simp dealer.csv --skip-invalid --rejects rejects.csv
expect_rc 0
expect_err "epb: error: dealer.csv:5: scrapped_plate: FAA-999 was subsidised before (SUB-107-000001): one subsidy per scrapped vehicle
epb: dealer.csv: read 5, imported 4, updated 0, skipped 0, rejected 1 in X.X s (committed; rejected rows in rejects.csv)"
expect_out ""
[ "$(cat rejects.csv)" = "$H,epb_error
,,,,,,,,,,,,,,,,,,,\"dealer.csv:5: scrapped_plate: FAA-999 was subsidised before (SUB-107-000001): one subsidy per scrapped vehicle\"
$(row 4 scrapped_plate=faa999)" ] || fail "rejects file" "$(cat rejects.csv)"
expect_sql "select count(*), count(distinct case_id) from subsidy_application where dealer_ubn = '12345675'" "4|4"
expect_sql "select ref, channel from case_file where id > 1 order by id limit 1" "SUB-107-000002|dealer"
# One batch record naming the cases it added; each one's history shows it.
expect_sql "select first_case_id, last_case_id, imported from import_batch" "2|5|4"
run case history SUB-107-000003 --format csv
expect_out_contains ",subsidy import,import,"

# The dealer fixes the plate in the rejects file and sends it again: the note is skipped.
sed -i 's/,FAA-999,/,FAA-104,/; s/,faa999,/,FAA-104,/' rejects.csv
simp rejects.csv
expect_rc 0
expect_err "epb: rejects.csv: read 1, imported 1, updated 0, skipped 0, rejected 0 in X.X s (committed)"
expect_sql "select c.ref from subsidy_application s join case_file c on c.id = s.case_id where s.dealer_application = 'D-004'" \
  "SUB-107-000006"

# The same file again adds nothing: every dealer application is in the ledger.
BEFORE=$(ledger_dump)
simp dealer.csv
expect_rc 0
expect_err "epb: dealer.csv: read 5, imported 0, updated 0, skipped 5, rejected 0 in X.X s (committed)"
[ "$(ledger_dump)" = "$BEFORE" ] || fail "a re-import wrote to the ledger"

# --- Double-dipping inside one file and against open applications --------------------------
batch in.csv "$(row 7)" "$(row 8 scrapped_plate=FAA-107)"
refuse "epb: error: in.csv:3: scrapped_plate: FAA-107 is also on line 2 of this file: one subsidy per scrapped vehicle*" \
  subsidy import in.csv
batch in.csv "$(row 7)" "$(row 8 recycling_certificate=rc-1007)"
refuse "epb: error: in.csv:3: recycling_certificate: RC-1007 is also on line 2 of this file: one subsidy per recycling certificate*" \
  subsidy import in.csv
batch in.csv "$(row 7)" "$(row 8 new_plate=EMA1007)"
refuse "epb: error: in.csv:3: new_plate: EMA-1007 is also on line 2 of this file: one subsidy per new vehicle*" \
  subsidy import in.csv
batch in.csv "$(row 7)" "$(row 8 new_frame=EBK0000007)"
refuse "epb: error: in.csv:3: new_frame: EBK0000007 is also on line 2 of this file: one subsidy per new vehicle*" \
  subsidy import in.csv
batch in.csv "$(row 7)" "$(row 8 id_number=E200000070)"
refuse "epb: error: in.csv:3: id_number: E20****070 in 2018 is also on line 2 of this file: one vehicle per person and programme year*" \
  subsidy import in.csv
batch in.csv "$(row 7)" "$(row 8 dealer_application=D-007)"
refuse "epb: error: in.csv:3: dealer_application: D-007 of dealer 12345675 is also on line 2 of this file*" \
  subsidy import in.csv
batch in.csv "$(row 7 scrapped_plate=FAA-101)"
refuse "epb: error: in.csv:2: scrapped_plate: FAA-101 is in open application SUB-107-000002: one subsidy per scrapped vehicle*" \
  subsidy import in.csv
batch in.csv "$(row 7 new_frame=EBK9999999)"
refuse "epb: error: in.csv:2: new_frame: EBK9999999 was subsidised before (SUB-107-000001): one subsidy per new vehicle*" \
  subsidy import in.csv
batch in.csv "$(row 7 id_number=A123456789)"
refuse "epb: error: in.csv:2: id_number: A12****789 was subsidised in 2018 before (SUB-107-000001): one vehicle per person and programme year*" \
  subsidy import in.csv
# A rejected application holds nothing: its plate may be applied for again.
run subsidy reject SUB-107-000002 --reason 文件不符
expect_rc 0
batch in.csv "$(row 7 scrapped_plate=FAA-101)"
simp in.csv
expect_rc 0
expect_err_contains "imported 1,"

# --- Bad values: FILE:LINE and the field, nothing written ------------------------------------
# refused "GLOB" [+COLUMN=VALUE] FIELD=VALUE...: one row with those values (and that column
# added) is refused, naming bad.csv:2.
refused() {
  local want=$1 extra=
  shift
  [[ "${1:-}" == +* ]] && extra=${1#+} && shift
  batch bad.csv "$(row 9 "$@")"
  [ -n "$extra" ] && sed -i "1s/\$/,${extra%%=*}/; 2s/\$/,${extra#*=}/" bad.csv
  refuse "epb: error: bad.csv:2: $want*" subsidy import bad.csv
}
refused "id_number: *" id_number=E200000017
refused "dealer_ubn: *" dealer_ubn=12345678
refused "scrapped_plate: *" scrapped_plate=12
refused "new_plate: *" new_plate=E-12
refused "bank_code: *" bank_code=04
refused "account_number: *" account_number=12-34
refused "scrapped_made: *" scrapped_made=2018-02-30
refused "deregistered: *" deregistered=107/02/30
refused "invoice_date: *" invoice_date=20180332
refused "programme_year: the configuration has no subsidy programmes for 2030" programme_year=2030
refused "programme_year: 'next' is not a year (2018 or ROC 107)" programme_year=next
refused "kind: 'scrap_buy_othr' is not one of scrap_only, scrap_buy_heavy, scrap_buy_other, buy_heavy, buy_other, did you mean 'scrap_buy_other'?" \
  kind=scrap_buy_othr
refused "new_class: a scrap_buy_other application needs a vehicle other than heavy" new_class=heavy
refused "new_class: 'fast' is not heavy, light, small_light, e_bike or assisted" new_class=fast
refused "new_plate: an e-bike or power-assisted bicycle has no plate" new_class=e_bike
refused "new_frame: 'X1' is not a frame number*" new_frame=X1
refused "invoice_number: 'AB-123' is not a uniform invoice number*" invoice_number=AB-123
refused "recycling_certificate: 'RC/1' is not a certificate number*" recycling_certificate=RC/1
refused "new_plate: a scrap_only application buys no vehicle" kind=scrap_only
refused "scrapped_plate: required to scrap a two-stroke" scrapped_plate=
refused "dealer_application: needs the dealer's UBN (dealer_ubn)" dealer_ubn=
refused "name: required" name=
refused "bank_code: required" bank_code=
refused "phone: *" phone=0912-34
refused "name: control character U+001B*" name=$'王\e[31m明'
refused "address: *" address=$'高雄市\x01'
refused "low_income: 'maybe' is not true or false (nor yes, no, 1, 0)*" +low_income=maybe
refused "applicant_kind: 'anonymous' is not one of person, organisation*" +applicant_kind=anonymous
refused "business_number: *" +applicant_kind=organisation
refused "channel: unknown channel 'pigeon'*" +channel=pigeon
refused "received: *" +received=2018-13-01

# Files as a whole: bytes, header, columns.
printf '%s\n%s\n' "$H" "$(row 9)" | sed '2s/陳/\x00/' >nul.csv
refuse "epb: error: nul.csv:2: *NUL*" subsidy import nul.csv
printf '%s\n%s\n' "$H" "$(row 9)" | sed '2s/陳美玲/\xff\xfe/' >bytes.csv
refuse "epb: error: bytes.csv:2: *UTF-8*" subsidy import bytes.csv --encoding utf8
: >empty.csv
refuse "epb: error: empty.csv:1: no header line*" subsidy import empty.csv
sed '1s/scrapped_plate/scraped_plate/' dealer.csv >typo.csv
refuse "epb: error: typo.csv:1: unknown column 'scraped_plate', did you mean 'scrapped_plate'? (map it with --map 'scraped_plate=FIELD'; fields: *" \
  subsidy import typo.csv
cut -d, -f1-17 dealer.csv >nobank.csv
refuse "epb: error: nobank.csv:1: missing column 'bank_code' (or map one with --map COLUMN=bank_code)*" subsidy import nobank.csv
sed '1s/^dealer_ubn,dealer_application/dealer_ubn,dealer_ubn/' dealer.csv >twice.csv
refuse "epb: error: twice.csv:1: two columns give field 'dealer_ubn'*" subsidy import twice.csv
printf '%s\n%s,extra\n' "$H" "$(row 9)" >wide.csv
refuse "epb: error: wide.csv:2: expected 19 fields as in the header, found 20*" subsidy import wide.csv
printf '%s\n"%s\n' "$H" "$(row 9)" >quote.csv
refuse "epb: error: quote.csv:2: unterminated quoted field*" subsidy import quote.csv

# The options of every import.
refuse "epb: error: --rejects dealer.csv: is an input of this command*" subsidy import dealer.csv --skip-invalid --rejects dealer.csv
refuse "epb: error: --rejects $LEDGER: is the ledger*" subsidy import dealer.csv --skip-invalid --rejects "$LEDGER"
refuse "epb: error: --skip-invalid: needs --rejects FILE for the rows left out" subsidy import dealer.csv --skip-invalid
refuse "epb: error: --rejects: only with --skip-invalid" subsidy import dealer.csv --rejects r.csv
refuse "epb: error: --input-format: *" subsidy import dealer.csv --input-format xml
refuse "epb: error: --encoding: *" subsidy import dealer.csv --encoding latin1
refuse "epb: error: --map: 'plate': expected COLUMN=FIELD" subsidy import dealer.csv --map plate
refuse "epb: error: --map: 'plate=colour': no field 'colour'" subsidy import dealer.csv --map plate=colour
refuse "epb: error: --mapping: no mapping 'dealerx' in the configuration" subsidy import dealer.csv --mapping dealerx
refuse "epb: error: nosuch.csv: *" subsidy import nosuch.csv

# A BOM, CRLF line ends and a Big5 file import alike; so do TSV and JSON lines and --map.
batch plain.csv "$(row 1 dealer_ubn=80000002)" "$(row 2 dealer_ubn=80000002 kind=buy_other scrapped_plate= scrapped_made= recycling_certificate= deregistered=)"
sed -i 's/FAA-10/FBB-10/; s/RC-100/RC-200/; s/EMA-100/EMB-100/; s/EBK000000/EBL000000/; s/E200000016/E200000105/; s/E200000025/E200000114/' plain.csv
printf '\xef\xbb\xbf' | cat - plain.csv | sed 's/$/\r/' >bom-crlf.csv
iconv -f UTF-8 -t BIG5 plain.csv >big5.csv
cmp -s plain.csv big5.csv && fail "iconv did not convert to Big5"
for variant in bom-crlf big5; do
  rm -f "$variant.sqlite"
  run --ledger "$variant.sqlite" init -q
  run --ledger "$variant.sqlite" subsidy import "$variant.csv"
  expect_rc 0
  run --ledger "$variant.sqlite" subsidy export --reveal-pii
  expect_out_contains "陳美玲,E200000105,,0912000001,,高雄市苓雅區四維三路1號,false,FBB-101"
done
rm -f map.sqlite
run --ledger map.sqlite init -q
sed '1s/dealer_application/申請編號/' plain.csv >mapped.csv
run --ledger map.sqlite subsidy import mapped.csv --map 申請編號=dealer_application
expect_rc 0
expect_sql "select dealer_application from subsidy_application order by id" "D-001
D-002" map.sqlite

# A header alone imports nothing, and says so.
printf '%s\n' "$H" >header.csv
simp header.csv
expect_rc 0
expect_err "epb: header.csv: read 0, imported 0, updated 0, skipped 0, rejected 0 in X.X s (committed)"

# --- list and export: filters, masks, the one reveal log -------------------------------------
run subsidy list
expect_rc 0
expect_out_contains "SUB-107-000001  核定補助  2018/scrap_buy_other  王O明"
run subsidy list --format csv --programme 107:scrap_buy_other --state approved
expect_rc 0
OUT=$(tr -d '\r' <<<"$OUT")
expect_out "$(head -1 <<<"$OUT")
SUB-107-000001,approved,2018,scrap_buy_other,in_person,2018-03-05T10:00:00+08:00,person,王O明,A12****789,,0912******,,,false,FAA-999,2001-05-01,RC-999,2018-03-01,EMA-9999,EBK9999999,light,AB99999999,2018-03-02,,,004,********9012,苓雅區,registered,2018-03-05T10:00:00+08:00,5000,2018-03-05T10:00:00+08:00,,,0,,,2018-04-09,"
run subsidy list --format csv --district 苓雅區
expect_rc 0
[ "$(wc -l <<<"$OUT")" = 2 ] || fail "--district" "$OUT"
run subsidy list --format tsv --dealer 12345675 --state received
expect_rc 0
expect_out_contains "SUB-107-000004	received	2018	scrap_buy_other	dealer	"
expect_out_lacks "SUB-107-000001"
expect_out_lacks "SUB-107-000002	"
run subsidy list --format jsonl --received 107/03/05..2018-03-05 --programme 2018
expect_rc 0
[ "$(wc -l <<<"$OUT")" = 7 ] || fail "--received" "$OUT"
expect_out_contains '"ref":"SUB-107-000002","status":"rejected","programme_year":2018,'
expect_out_contains '"decision_reason":"文件不符"'
run subsidy list --format json --received ..2018-03-04
expect_rc 0
expect_out "[]"
expect_sql "select count(*) from event where action = 'reveal-pii'" "0"

# --reveal-pii: one event per application shown, committed before the output.
run subsidy list --format csv --state approved --reveal-pii
expect_rc 0
expect_out_contains ",王小明,A123456789,,0912345678,,"
expect_out_contains ",123456789012,"
expect_sql "select subject, detail from event where action = 'reveal-pii'" 'case:SUB-107-000001|{"command":"subsidy list"}'

# export: csv by default, to a file of mode 0600; export -> import round-trips.
run subsidy export --output "$SCRATCH/all.csv" --reveal-pii --state approved --state received --state reviewing
expect_rc 0
expect_out ""
expect_err "epb: 6 applications written to $SCRATCH/all.csv"
[ "$(stat -c %a all.csv)" = 600 ] || fail "export file mode"
expect_sql "select count(*) from event where action = 'reveal-pii' and detail = '{\"command\":\"subsidy export\"}'" "6"
rm -f two.sqlite
run --ledger two.sqlite init -q
run --ledger two.sqlite subsidy import all.csv
expect_rc 0
run --ledger two.sqlite subsidy export --reveal-pii
# The applications' own fields (programme_year to account_number) come back as they were.
[ "$(cut -d, -f3-27 all.csv)" = "$(cut -d, -f3-27 <<<"$OUT")" ] ||
  fail "round trip" "$(diff <(cut -d, -f3-27 all.csv) <(cut -d, -f3-27 <<<"$OUT"))"
run subsidy export --format csv
expect_out_lacks "A123456789"
expect_out_lacks "陳美玲"

refuse "epb: error: --programme: unknown programme year '2030'*" subsidy list --programme 2030
refuse "epb: error: --programme: unknown programme kind 'scrap'*" subsidy list --programme 2018:scrap
refuse "epb: error: --programme: 'abc' is not YEAR or YEAR:KIND*" subsidy list --programme abc
refuse "epb: error: --programme: unknown programme '2019/scrap_only'*" subsidy export --programme 2019:scrap_only
refuse "epb: error: --state: unknown state 'aproved', did you mean 'approved'?*" subsidy list --state aproved
refuse "epb: error: --dealer: *" subsidy list --dealer 12345678
refuse "epb: error: --received: '2018-03-01' is not FROM..TO*" subsidy list --received 2018-03-01
refuse "epb: error: --received: 2018-03-31 is after 2018-03-01" subsidy list --received 2018-03-31..2018-03-01
refuse "epb: error: --received: *" subsidy list --received 2018-02-30..
refuse "epb: error: --received: give FROM, TO or both (FROM..TO)" subsidy export --received ..
refuse "epb: error: --district: *" subsidy list --district $'苓雅區\e[0m'
refuse "epb: error: --output $LEDGER: is the ledger*" subsidy export --output "$LEDGER"
refuse "epb: error: --output $SCRATCH/all.csv: *--force*" subsidy export --output "$SCRATCH/all.csv"
refuse "epb: error: --output $SCRATCH/no/such.csv: *" subsidy export --output "$SCRATCH/no/such.csv"
"$EPB_BIN" config show >my.toml
refuse "epb: error: --output my.toml: is the configuration*" --config my.toml subsidy export --output my.toml --reveal-pii
expect_sql "select count(*) from event where action = 'reveal-pii'" "7"

# --- Generic verbs keep the subsidy rules ---------------------------------------------------
printf 'service,channel,name,id_number,subject\nsubsidy,in_person,王小明,A123456789,補助\n' >case.csv
refuse "epb: error: case.csv:2: service: service subsidy: a subsidy application is opened with epb subsidy apply or epb subsidy import*" \
  case import case.csv
refuse "epb: error: case SUB-107-000003: cannot move from 'received' to 'approved'*" case move SUB-107-000003 approved
run case move SUB-107-000003 reviewing
expect_rc 0
refuse "epb: error: case SUB-107-000003: cannot be approved: household_pending: the household-registration check has not been answered yet*" \
  case move SUB-107-000003 approved

finish
