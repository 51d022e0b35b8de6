#!/usr/bin/env bash
# epb report open-data: the requests (Open311) and aggregate datasets on a ledger seeded with
# tricky personal data and on the demo ledger, in csv, json and ods, each proved free of
# personal data by tests/tools/pii_scan.py (itself proved to catch what is planted); status as
# of --as-of; misuse refused with exit 3 and nothing written.
source "$(dirname "$0")/lib.sh"

cd "$SCRATCH" || exit 1
SCAN="$EPB_SOURCE_DIR/tests/tools/pii_scan.py"
LEDGER="$SCRATCH/tricky.sqlite"
E=(--ledger "$LEDGER")
HEADER="service_request_id,status,service_code,service_name,agency_responsible,requested_datetime,updated_datetime,expected_datetime,district"

run "${E[@]}" init -q
expect_rc 0
# open WHEN ARGS...: opens a case at WHEN; REF is its number.
open_case() {
  local when=$1
  shift
  REF=$(EPB_NOW="$when" "$EPB_BIN" "${E[@]}" case open -q --channel web "$@") || fail "case open $*"
}
open_case "2024-01-02 10:00" --service petition --subject 工地揚塵 --name 歐陽娜娜 --id-number A123456789 \
  --phone 0912-345-678 --email nana.ouyang@example.com.tw --address 高雄市苓雅區四維三路2號5樓之3 \
  --description "請打 0912-345-678 或 (07)337-3300 找我，身分證 A123456789"
P1=$REF
open_case "2024-01-03 11:00" --service petition --subject 噪音 --name 'Lee, "Danny" Jr.' --id-number A800000014 \
  --phone 07-3373300 --address "高雄市前金區中正四路211號12樓, 'B' 室"
P2=$REF
open_case "2024-02-05 09:30" --service complaint --subject 異味 --name "O'Brien 林" --email "o.brien+epb@example.org" \
  --place 高雄市鳳山區光復路二段132號旁空地 --description "line1 ming@example.net"
C1=$REF
open_case "2024-03-01 14:00" --service complaint --subject 廢水 --applicant-kind organisation \
  --name 大發營造股份有限公司 --business-number 04595257 --place 高雄市前金區中正四路211號前
C2=$REF
open_case "2025-01-02 10:00" --service petition --subject 下一年 --name 張三豐 --phone 0987654321
EPB_NOW="2024-01-04 16:00" "$EPB_BIN" "${E[@]}" case note -q "$P1" "民眾來信 nana.second@example.com 補充" >/dev/null || fail note
EPB_NOW="2024-01-04 16:00" "$EPB_BIN" "${E[@]}" case close -q "$P1" --outcome "已函復 0912-345-678" >/dev/null || fail close
EPB_NOW="2024-03-05 10:00" "$EPB_BIN" "${E[@]}" case close -q "$C2" --outcome 已改善 >/dev/null || fail close
EPB_NOW="2024-03-20 10:00" "$EPB_BIN" "${E[@]}" case reopen -q "$C2" --reason 再陳情 >/dev/null || fail reopen
AS_OF="2025-06-01 09:00"
R=(--as-of "$AS_OF" "${E[@]}")

# The requests of 2024, as of 2025-06-01: one per case received in 2024, in received order,
# numbered by the case and nothing of the person.
run "${R[@]}" --format csv report open-data --year 2024
expect_rc 0
OUT=$(tr -d '\r' <<<"$OUT") # CSV rows end in CRLF
expect_out "$HEADER
$P1,closed,petition,人民陳情,綜計科,2024-01-02T10:00:00+08:00,2024-01-04T16:00:00+08:00,2024-01-05T23:59:59+08:00,苓雅區
$P2,open,petition,人民陳情,綜計科,2024-01-03T11:00:00+08:00,2024-01-03T11:00:00+08:00,2024-01-08T23:59:59+08:00,前金區
$C1,open,complaint,公害陳情,環稽科,2024-02-05T09:30:00+08:00,2024-02-05T09:30:00+08:00,2024-02-15T23:59:59+08:00,鳳山區
$C2,open,complaint,公害陳情,環稽科,2024-03-01T14:00:00+08:00,2024-03-20T10:00:00+08:00,2024-03-27T23:59:59+08:00,前金區"
expect_out_lacks "張三豐"
printf '%s\n' "$OUT" >requests.csv
# As of 2024-03-10 the reopened complaint was closed (updated: its closing) and the petition
# closed on 01-04 was closed; the ROC year names the same year.
run --as-of "2024-03-10 09:00" "${E[@]}" --format csv report open-data --year 113
expect_rc 0
expect_out_contains "$C2,closed,complaint,公害陳情,環稽科,2024-03-01T14:00:00+08:00,2024-03-05T10:00:00+08:00,"
expect_out_contains "$P1,closed,"
# As of 2024-01-03 12:00 the petition was open and the complaints not received yet.
run --as-of "2024-01-03 12:00" "${E[@]}" --format csv report open-data --year 2024
expect_rc 0
expect_out_contains "$P1,open,petition,人民陳情,綜計科,2024-01-02T10:00:00+08:00,2024-01-02T10:00:00+08:00,"
expect_out_lacks "$C1"
run "${R[@]}" --format json report open-data --year 2024
expect_rc 0
printf '%s\n' "$OUT" >requests.json
CHECKS=$((CHECKS + 1))
python3 - requests.json "$P1" <<'PY' || fail "requests.json is not an array of Open311 requests"
import json, sys
rows = json.load(open(sys.argv[1]))
keys = ["service_request_id", "status", "service_code", "service_name", "agency_responsible",
        "requested_datetime", "updated_datetime", "expected_datetime", "district"]
assert len(rows) == 4 and all(list(r) == keys for r in rows), rows
assert rows[0]["service_request_id"] == sys.argv[2] and rows[0]["status"] == "closed", rows[0]
PY
run "${R[@]}" --format ods report open-data --year 2024 --output requests.ods
expect_rc 0
expect_err "epb: open-data report written to requests.ods (ods)"
run "${R[@]}" --format csv report open-data --year 2024 --output requests-file.csv
expect_rc 0
expect_err "epb: open-data requests written to requests-file.csv (4 rows)"
# The aggregate: per month, unit and service; January's petitions: 2 received, 1 closed on time.
run "${R[@]}" --format csv report open-data --year 2024 --dataset aggregate
expect_rc 0
expect_out_contains "month,unit,unit_name,service,service_name,received,closed,closed_on_time,open_at_end"
expect_out_contains "2024-01,planning,綜計科,petition,人民陳情,2,1,1,1"
expect_out_contains "2024-03,inspection,"
printf '%s\n' "$OUT" >aggregate.csv
run "${R[@]}" --format json report open-data --year 2024 --dataset aggregate
expect_rc 0
printf '%s\n' "$OUT" >aggregate.json
run "${R[@]}" --format ods report open-data --year 2024 --dataset aggregate --output aggregate.ods
expect_rc 0

# The scanner finds nothing personal in any of them, though it looks for every value the
# ledger holds...
scan() { OUT=$(python3 "$SCAN" "$@" 2>"$SCRATCH/scan.err"); RC=$?; ERR=$(cat "$SCRATCH/scan.err"); }
FILES=(requests.csv requests-file.csv requests.json requests.ods aggregate.csv aggregate.json aggregate.ods)
scan --ledger "$LEDGER" "${FILES[@]}"
expect_rc 0
expect_out ""
expect_err_contains "pii_scan: 7 file(s), "
expect_err_contains " 0 hits"
CHECKS=$((CHECKS + 1))
[[ "$ERR" =~ ([0-9]+)\ ledger\ value ]] && [ "${BASH_REMATCH[1]}" -ge 15 ] || fail "too few ledger values: $ERR"
# ...and catches each kind of leak planted in a copy: the scanner is tested too.
plant() { # plant TEXT WHAT: TEXT added to a copy of requests.csv must be reported as WHAT
  cp requests.csv planted.csv
  printf '%s\n' "$1" >>planted.csv
  scan --ledger "$LEDGER" planted.csv
  expect_rc 1
  expect_out_contains "planted.csv: $2"
}
plant "x,歐陽娜娜" "ledger value of case_file.applicant_name: 歐陽娜娜"
plant 'x,"Lee, ""Danny"" Jr."' "ledger value of case_file.applicant_name"
plant "x,四維三路2號5樓之3" "ledger value of case_file.address (street)"
plant "x,光復路二段132號旁空地" "ledger value of case_file.place (street)"
plant "x,B223456780" "national ID: B223456780"
plant "x,C812345678" "resident certificate: C812345678"
plant "x,0911 222 333" "mobile phone: 0911 222 333"
plant "x,(02)2311-3456" "phone: (02)2311-3456"
plant "x,someone@example.com" "e-mail: someone@example.com"
plant "x,12345675" "8-digit number (UBN?): 12345675"
cp requests.json planted.json
sed -i 's/"苓雅區"/"張三豐"/' planted.json
scan --ledger "$LEDGER" planted.json
expect_rc 1
expect_out_contains "planted.json: ledger value of case_file.applicant_name: 張三豐"

# The demo ledger: every year's requests and aggregate pass the scanner.
DEMO="$SCRATCH/demo.sqlite"
run demo --demo-ledger "$DEMO" --cases 300 --as-of 2026-11-02 -q --format csv
expect_rc 0
D=(--ledger "$DEMO" --as-of 2026-11-02)
for year in 2018 2026; do
  for format in csv json; do
    "$EPB_BIN" "${D[@]}" --format $format report open-data --year $year >demo-$year.$format || fail "demo $year"
    "$EPB_BIN" "${D[@]}" --format $format report open-data --year $year --dataset aggregate \
      >demo-agg-$year.$format || fail "demo aggregate $year"
  done
done
CHECKS=$((CHECKS + 1))
[ "$(wc -l <demo-2026.csv)" -gt 100 ] || fail "the demo's 2026 requests are too few"
scan --ledger "$DEMO" demo-*
expect_rc 0
expect_out ""
expect_err_contains "pii_scan: 8 file(s), "

# Misuse: exit 3, nothing on stdout, nothing written.
refuse "epb: error: --year: '1800' is no year: *" "${R[@]}" report open-data --year 1800
refuse "epb: error: --year: 'abc' is no year: *" "${R[@]}" report open-data --year abc
refuse "epb: error: --year: '20245' is no year: *" "${R[@]}" report open-data --year 20245
refuse "epb: error: --year: 2026-01-01..2026-12-31 starts after the as-of moment *" "${R[@]}" report open-data \
  --year 2026
refuse "epb: error: --output $LEDGER: is the ledger *" "${R[@]}" --format csv report open-data --year 2024 \
  --output "$LEDGER"
refuse "epb: error: --output $LEDGER: is the ledger *" "${R[@]}" --format csv report open-data --year 2024 \
  --dataset aggregate --output "$LEDGER"
before=$(sha256sum <requests-file.csv)
refuse "epb: error: --output requests-file.csv: file exists (use --force to replace it)" "${R[@]}" --format csv \
  report open-data --year 2024 --output requests-file.csv
expect_file_unchanged requests-file.csv "$before"
run "${R[@]}" --format json report open-data --year 2024 --output requests-file.csv --force -q
expect_rc 0
CHECKS=$((CHECKS + 1))
[ "$(head -c 1 requests-file.csv)" = "[" ] || fail "--force did not replace the file"
refuse "epb: error: --format markdown: the requests dataset is one row per case: *" "${R[@]}" --format markdown \
  report open-data --year 2024
refuse "epb: error: --format html: the requests dataset is one row per case: *" "${R[@]}" --format html \
  report open-data --year 2024 --output r.html
refuse "epb: error: --format: unknown value 'xml' *" "${R[@]}" --format xml report open-data --year 2024
refuse "epb: error: --dataset: unknown value 'people' (one of: requests, aggregate)" "${R[@]}" report open-data \
  --year 2024 --dataset people
refuse "epb: error: --table: the requests dataset has one table" "${R[@]}" --format csv report open-data \
  --year 2024 --table requests
refuse "epb: error: --output: an empty path: name the file" "${R[@]}" --format csv report open-data --year 2024 \
  --output ""
CHECKS=$((CHECKS + 1))
[ ! -e r.html ] || fail "a refused run wrote r.html"

finish
