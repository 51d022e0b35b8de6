#!/usr/bin/env bash
# epb case open: references, due dates from the SOP, and every invalid input refused with
# exit 3, the field named, and nothing written.
source "$(dirname "$0")/lib.sh"

LEDGER="$XDG_DATA_HOME/epb/ledger.sqlite"
sql() { sqlite3 "$LEDGER" "$1"; }
# The whole ledger's content, to prove that a refused command wrote nothing.
snapshot() { SNAPSHOT=$(sqlite3 "$LEDGER" .dump | sha256sum); }
expect_unchanged() {
  CHECKS=$((CHECKS + 1))
  [ "$(sqlite3 "$LEDGER" .dump | sha256sum)" = "$SNAPSHOT" ] || fail "the ledger changed"
}
# refused "STDERR" ARGS...: `case open ARGS` exits 3 with exactly STDERR and writes nothing.
refused() {
  local want=$1
  shift
  snapshot
  run case open "$@"
  expect_rc 3
  expect_out ""
  expect_err "$want"
  expect_unchanged
}

run case open --service petition --channel phone --subject x --name 王小明
expect_rc 4 # no ledger yet
expect_err_contains "no such ledger; create it with 'epb init'"
run init -q
export EPB_NOW="2023-01-19 09:30"

# The issue's example: a petition (3 working days) received on Thursday 2023-01-19, before
# the Lunar New Year, is due on 2023-02-01.
PERSON=(--name 王小明 --id-number A123456789 --phone 0912345678)
run case open --service petition --channel phone --subject 路燈不亮 "${PERSON[@]}" --email ming@example.com \
  --address 高雄市苓雅區四維三路2號
expect_rc 0
expect_out "PET-112-000001"
expect_err "epb: PET-112-000001 opened: 收件, due 2023-02-01"
expect_sql "select ref, service, unit, channel, status, received_at, received_date, due_date, district from case_file_iso" \
  "PET-112-000001|petition|planning|phone|received|2023-01-19T01:30:00Z|2023-01-19|2023-02-01|苓雅區"
expect_sql "select actor, command, subject, action, detail from event" \
  'tester|case open|case:PET-112-000001|open|{"service":"petition","channel":"phone","status":"received","due":"2023-02-01"}'

# An invalid ID number (A123456788: bad checksum) is refused; no row, no event, no sequence.
run case open --service petition --channel phone --subject 路燈不亮 --name 王小明 --id-number A123456788
expect_rc 3
expect_out ""
expect_err "epb: error: id_number: national id 'A123456788': checksum does not match"
expect_sql 'select count(*) from case_file' 1
expect_sql 'select count(*) from event' 1
expect_sql 'select last from case_sequence' 1

# Received dates in ROC form; the reference carries the ROC year of receipt.
run case open --service petition --channel mail --subject 路燈不亮 "${PERSON[@]}" --received "112/01/19 09:30"
expect_rc 0
expect_out "PET-112-000002"
expect_err "epb: PET-112-000002 opened: 收件, due 2023-02-01"
run case open --service petition --channel mail --subject 年底來函 "${PERSON[@]}" --received 111/12/30
expect_out "PET-111-000001"
expect_err "epb: PET-111-000001 opened: 收件, due 2023-01-05"
run case open --service petition --channel mail --subject 年底來函 "${PERSON[@]}" --received 112年1月18日
expect_out "PET-112-000003"
expect_err "epb: PET-112-000003 opened: 收件, due 2023-01-31"
expect_sql "select received_at from case_file_iso where ref = 'PET-112-000002'" "2023-01-19T01:30:00Z"

# Input is normalised: lower-case ID, +886 phone, e-mail domain.
run case open --service petition --channel web --subject 空氣品質 --name 林美惠 --id-number f131104093 \
  --phone "+886 912-000-111" --email Mei@Example.COM -q
expect_rc 0
expect_out "PET-112-000004"
expect_err ""
expect_sql "select id_number, phone, phone_last4, email from case_file where ref = 'PET-112-000004'" \
  "F131104093|0912000111|0111|Mei@example.com"

# Each service numbers its own references; the unit and due date come from its SOP (10 working
# days across the Lunar New Year and the make-up Saturday 2023-02-04).
run case open --service water_test --channel app --subject 飲用水 --name 王小明 --format json
expect_rc 0
expect_out '{"ref":"WAT-112-000001","service":"water_test","unit":"testing","channel":"app","status":"received","applicant_kind":"person","name":"王O明","id_number":"","business_number":"","phone":"","email":"","address":"","lang":"zh-TW","subject":"飲用水","description":"","place":"","district":"","received":"2023-01-19T09:30:00+08:00","due":"2023-02-09","deadline_rule":"10 workdays","assignee":"","paused_since":"","extensions":0,"closed":"","outcome":"","closed_late":null,"repeat_of":"","source_system":"","source_id":"","updated":"2023-01-19T09:30:00+08:00","clock_start":"2023-01-19T09:30:00+08:00","pauses":[],"extension_log":[],"provisional":false}'

# Organisations need a valid uniform business number; id_required services accept it.
run case open --service factory_registration --channel in_person --subject 工廠登記 --applicant-kind organisation \
  --name 大發工業股份有限公司 --business-number 04595252 --address 高雄市大寮區大發路1號
expect_rc 0
expect_out "FAC-112-000001"
expect_err "epb: FAC-112-000001 opened: 收件, due 2023-02-15"
# Anonymous: accepted where the service allows it (complaints: 7 calendar days, §48).
run case open --service complaint --channel hotline --subject 夜間噪音 --applicant-kind anonymous \
  --place 高雄市三民區九如一路
expect_rc 0
expect_out "CMP-112-000001"
expect_err "epb: CMP-112-000001 opened: 受理, due 2023-01-30"
expect_sql "select applicant_kind, applicant_name, district from case_file where ref = 'CMP-112-000001'" "anonymous||三民區"
# An "anonymous" applicant given with a name is refused: anonymity is not a label on a named case.
run case open --service complaint --channel hotline --subject 夜間噪音 --applicant-kind anonymous --name 王小明 \
  --phone 0912345678 --place 高雄市三民區九如一路
expect_rc 3
expect_err "epb: error: name: must be empty for an anonymous applicant (a phone or e-mail may be left for replies)"

# Every invalid input: exit 3, the field and why, nothing written.
refused "epb: error: service: unknown service 'petitions' (known: petition, complaint, whistleblower, factory_registration, water_test, recycling_station, subsidy, construction_fee, survey_follow_up)" \
  --service petitions --channel phone --subject x --name 王小明
refused "epb: error: channel: unknown channel 'pigeon' (known: phone, hotline, fax, mail, web, app, in_person, dealer)" \
  --service petition --channel pigeon --subject x --name 王小明
refused "epb: error: business_number: business number '12345678': checksum does not match" \
  --service petition --channel web --subject x --applicant-kind organisation --name 大發公司 --business-number 12345678
refused "epb: error: business_number: business number '1234567': expected 8 digits" \
  --service petition --channel web --subject x --applicant-kind organisation --name 大發公司 --business-number 1234567
refused "epb: error: business_number: required for an organisation" \
  --service petition --channel web --subject x --applicant-kind organisation --name 大發公司
refused "epb: error: applicant_kind: service 'petition' does not accept anonymous cases" \
  --service petition --channel web --subject x --applicant-kind anonymous
refused "epb: error: applicant_kind: 'robot' is not person, organisation or anonymous" \
  --service petition --channel web --subject x --applicant-kind robot --name 王小明
refused "epb: error: name: required (or applicant_kind anonymous where the service allows it)" \
  --service petition --channel web --subject x
refused "epb: error: name: required (or applicant_kind anonymous where the service allows it)" \
  --service complaint --channel web --subject x --name "   "
refused "epb: error: id_number: national id 'A12345678': expected a letter and 9 digits" \
  --service petition --channel web --subject x --name 王小明 --id-number A12345678
refused "epb: error: phone: phone '12345': must start with 0 or +886" \
  --service petition --channel web --subject x --name 王小明 --phone 12345
refused "epb: error: email: email 'foo@': nothing after the '@'" \
  --service petition --channel web --subject x --name 王小明 --email foo@
refused "epb: error: received: 2023-01-19T09:31:00+08:00 is in the future" \
  --service petition --channel web --subject x --name 王小明 --received "2023-01-19 09:31"
refused "epb: error: received: 2023-01-20T00:00:00+08:00 is in the future" \
  --service petition --channel web --subject x --name 王小明 --received 112/01/20
refused "epb: error: received: date 2017-06-01: outside the office calendar (2018–2027, provisional to 2100); import the year with 'epb calendar import'" \
  --service petition --channel web --subject x --name 王小明 --received 2017-06-01
refused "epb: error: received: date '2023-02-30': no such day" \
  --service petition --channel web --subject x --name 王小明 --received 2023-02-30
refused "epb: error: subject: required" \
  --service petition --channel web --subject "  " --name 王小明
refused "epb: error: --subject: longer than 200 characters (201)" \
  --service petition --channel web --subject "$(printf '字%.0s' {1..201})" --name 王小明
refused "epb: error: lang: 'fr' is not zh-TW or en" \
  --service petition --channel web --subject x --name 王小明 --applicant-lang fr
# The services whose SOP requires the applicant's ID number (id_required in config/epb.toml).
for service in factory_registration subsidy construction_fee; do
  refused "epb: error: id_number: required by the SOP of service '$service'" \
    --service "$service" --channel web --subject x --name 王小明 --phone 0912345678
done
# A subsidy application is a case with its own record: the generic intake refuses it.
refused "epb: error: service subsidy: a subsidy application is opened with epb subsidy apply or epb subsidy import" \
  --service subsidy --channel web --subject 汰舊補助 "${PERSON[@]}"

# The same source record cannot be opened twice (re-imports create no duplicates).
run case open --service petition --channel web --subject 1999來電 --name 王小明 --source-system 1999 --source-id A-555
expect_rc 0
expect_out "PET-112-000005"
refused "epb: error: source_id: 1999 A-555 is already in the ledger" \
  --service petition --channel web --subject 1999來電 --name 王小明 --source-system 1999 --source-id A-555
run case open --service petition --channel web --subject 網站來函 --name 王小明 --source-system web --source-id A-555
expect_rc 0
expect_out "PET-112-000006"
run case open --service petition --channel web --subject 匯入 --name 王小明 --source-id 77
expect_out "PET-112-000007"
refused "epb: error: source_id: import 77 is already in the ledger" \
  --service petition --channel web --subject 匯入 --name 王小明 --source-id 77
expect_sql "select source_system || ':' || source_id from case_file where source_id <> '' order by id" "1999:A-555
web:A-555
import:77"

# Usage errors exit 2.
run case open --service petition --channel web --name 王小明
expect_rc 2
expect_err_contains "epb: error: --subject is required"
run case open --channel web --subject x --name 王小明
expect_rc 2

finish
