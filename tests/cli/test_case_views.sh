#!/usr/bin/env bash
# epb case show, list, export, overdue and lookup: every filter, every format, masking of
# personal data and the record of --reveal-pii, the citizen lookup's single "not found".
source "$(dirname "$0")/lib.sh"

LEDGER="$XDG_DATA_HOME/epb/ledger.sqlite"
# at WHEN ARGS...: runs epb with the clock at WHEN.
at() {
  local when=$1
  shift
  EPB_NOW="$when" run "$@"
}
# csv ARGS...: runs epb ARGS --format csv; the CRLF line ends of CSV (RFC 4180) become LF.
csv() {
  run "$@" --format csv
  OUT=${OUT//$'\r'/}
}
# expect_refs "REF ..." ARGS...: `case list ARGS --format csv` lists exactly these references.
expect_refs() {
  local want=$1
  shift
  run case list "$@" --format csv
  CHECKS=$((CHECKS + 1))
  local got
  got=$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f1 | paste -sd' ')
  if [ "$RC" != 0 ] || [ "$got" != "$want" ]; then
    fail "case list $*: expected [$want], got [$got] (exit $RC)" "$ERR"
  fi
}

# The ledger: seven cases of six services, opened and worked on at their own times.
run init -q
at "2024-01-02 09:00" case open --service recycling_station --channel mail --subject 回收站登記 --name 李大同 \
  --id-number N116247806 --phone 0911222333 --address 高雄市三民區建工路1號
expect_out "RCS-113-000001"
at "2024-01-03 09:00" case move RCS-113-000001 processing
at "2024-01-10 09:00" case pause RCS-113-000001 --note 缺土地使用證明
at "2024-02-01 09:00" case open --service petition --channel phone --subject 路燈不亮 --name 王小明 \
  --id-number A123456789 --phone 0912345678 --email ming@example.com --address 高雄市苓雅區四維三路2號
expect_out "PET-113-000001"
at "2024-02-05 10:00" case open --service petition --channel web --subject 公園髒亂 --name 張三豐 --phone 0922333444
at "2024-02-07 16:00" case close PET-113-000002 --outcome 已函復
at "2024-02-15 14:00" case open --service complaint --channel hotline --subject 工廠異味 --name 陳美麗 \
  --phone 07-3351234 --place 高雄市前鎮區中山二路
at "2024-02-16 09:00" case move CMP-113-000001 assigned
at "2024-02-16 09:00" case assign CMP-113-000001 --to 林專員
at "2024-02-20 09:00" case open --service factory_registration --channel in_person --subject 工廠登記 \
  --applicant-kind organisation --name 大發工業股份有限公司 --business-number 04595252 --phone 07-7654321
at "2024-02-26 08:00" case open --service complaint --channel web --subject 夜間噪音 --applicant-kind anonymous \
  --place 高雄市三民區九如一路
at "2024-02-29 11:00" case open --service water_test --channel app --subject 飲用水檢驗 --name "John Smith" \
  --id-number F131104093 --phone 0987654321 --applicant-lang en
expect_rc 0
expect_out "WAT-113-000001"
EVENTS=$(sqlite3 "$LEDGER" 'select count(*) from event')

# From here the clock is Friday 2024-03-01 09:00.
export EPB_NOW="2024-03-01 09:00"

# list: every filter, alone or together (default order: as opened).
expect_refs "RCS-113-000001 PET-113-000001 PET-113-000002 CMP-113-000001 FAC-113-000001 CMP-113-000002 WAT-113-000001"
expect_refs "CMP-113-000001 CMP-113-000002" --service complaint
expect_refs "PET-113-000001 PET-113-000002 WAT-113-000001" --service petition --service water_test
expect_refs "FAC-113-000001" --unit air-noise
expect_refs "CMP-113-000001" --status assigned
expect_refs "CMP-113-000001" --channel hotline
expect_refs "CMP-113-000001" --assignee 林專員
# An assignee nobody is called is refused (a typo would list nothing); staff without cases are fine.
refuse "epb: error: --assignee: unknown assignee '林專圓', did you mean '林專員'? (no case is assigned to them, *)" \
  case list --assignee 林專圓
refuse "epb: error: --assignee: unknown assignee 'nobody' (no case is assigned to them, *)" case export --assignee nobody
run case list --assignee clerk01 --count
expect_rc 0
expect_out "0"
expect_refs "PET-113-000002 CMP-113-000001 FAC-113-000001" --opened-from 2024-02-05 --opened-to 2024-02-20
expect_refs "CMP-113-000002 WAT-113-000001" --opened-from 113/02/26
expect_refs "FAC-113-000001 CMP-113-000002" --due-from 2024-03-01 --due-to 2024-03-12
# Overdue: open, running (RCS is paused) and past due (PET-113-000002 is closed).
expect_refs "PET-113-000001 CMP-113-000001" --overdue
# Due within 2 working days (by Tuesday 03-05), overdue ones included; paused ones are not running.
expect_refs "PET-113-000001 CMP-113-000001 CMP-113-000002" --due-within "2 workdays"
expect_refs "RCS-113-000001" --paused
expect_refs "RCS-113-000001 PET-113-000001 CMP-113-000001 FAC-113-000001 CMP-113-000002 WAT-113-000001" --open
expect_refs "" --repeated
expect_refs "WAT-113-000001 FAC-113-000001 CMP-113-000002 CMP-113-000001 PET-113-000002 PET-113-000001 RCS-113-000001" \
  --sort due --desc
expect_refs "WAT-113-000001 FAC-113-000001" --sort due --desc --limit 2
expect_refs "WAT-113-000001 CMP-113-000002 FAC-113-000001" --sort received --desc --limit 3
expect_refs "CMP-113-000001 PET-113-000002 PET-113-000001 FAC-113-000001 CMP-113-000002 WAT-113-000001 RCS-113-000001" \
  --sort status
run case list --count
expect_out "7"
run case list --open --count
expect_out "6"
run case list --overdue --service petition --count
expect_out "1"

# Bad filters: exit 3 naming the option and what it could be, for every filter of every verb.
UNITS="planning, inspection, air-noise, waste, soil-water, testing, sanitation, secretariat"
for verb in list export; do
  refuse "epb: error: --service: unknown service 'nope' (known: petition, complaint, *)" case $verb --service nope
  refuse "epb: error: --service: unknown service 'petiton', did you mean 'petition'? (known: *)" case $verb --service petiton
  refuse "epb: error: --unit: unknown unit 'nope' (known: $UNITS)" case $verb --unit nope
  refuse "epb: error: --channel: unknown channel 'pigeon' (known: phone, hotline, fax, mail, web, app, in_person, dealer)" \
    case $verb --channel pigeon
  refuse "epb: error: --status: unknown state 'nosuch' (known: received, assigned, processing, *)" case $verb --status nosuch
  refuse "epb: error: --status: unknown state 'closd', did you mean 'closed'? (known: *)" case $verb --status closd
  refuse "epb: error: --opened-from: date '2024-02-30': no such day" case $verb --opened-from 2024-02-30
  refuse "epb: error: --opened-to: date 'soon': *" case $verb --opened-to soon
  refuse "epb: error: --due-from: date '2024-13-01': *" case $verb --due-from 2024-13-01
  refuse "epb: error: --due-to: date 'friday': *" case $verb --due-to friday
  refuse "epb: error: --due-within: deadline rule '3 fortnights': unknown unit 'fortnights': expected workdays, days or hours" \
    case $verb --due-within "3 fortnights"
  refuse "epb: error: --sort: unknown value 'size' (one of: ref, received, due, status, service)" case $verb --sort size
  refuse "epb: error: --sort: unknown value 'recieved', did you mean 'received'? (one of: *)" case $verb --sort recieved
  refuse "epb: error: --limit: must be at least 1" case $verb --limit 0
  refuse "epb: error: --limit: 'ten' is not a whole number" case $verb --limit ten
  refuse "epb: error: --limit: must be at least 1" case $verb --limit -5
done
# A state of another service than the one asked for is no filter either.
refuse "epb: error: --status: unknown state 'waiting_docs' (known: *)" case list --service complaint --status waiting_docs
run case list --service petition --status waiting_docs --count
expect_rc 0

# Every format; personal data masked: 王O明, A12****789, 0912******.
run case list --overdue --sort due --desc
expect_rc 0
expect_out_contains "CMP-113-000001  公害陳情  派查"
expect_out_contains "王O明"
expect_out_lacks "王小明"
run case list --service petition --open --format json
expect_out '[
{"ref":"PET-113-000001","service":"petition","unit":"planning","channel":"phone","status":"received","applicant_kind":"person","name":"王O明","id_number":"A12****789","business_number":"","phone":"0912******","email":"m***@example.com","address":"高雄市苓雅區****","lang":"zh-TW","subject":"路燈不亮","description":"","place":"","district":"苓雅區","received":"2024-02-01T09:00:00+08:00","due":"2024-02-06","deadline_rule":"3 workdays","assignee":"","paused_since":"","extensions":0,"closed":"","outcome":"","closed_late":null,"repeat_of":"","source_system":"","source_id":"","updated":"2024-02-01T09:00:00+08:00","clock_start":"2024-02-01T09:00:00+08:00","pauses":[],"extension_log":[],"provisional":false}
]'
run case list --unit air-noise --format jsonl
expect_out '{"ref":"FAC-113-000001","service":"factory_registration","unit":"air-noise","channel":"in_person","status":"received","applicant_kind":"organisation","name":"大發工業股份有限公司","id_number":"","business_number":"04595252","phone":"07-*******","email":"","address":"","lang":"zh-TW","subject":"工廠登記","description":"","place":"","district":"","received":"2024-02-20T09:00:00+08:00","due":"2024-03-12","deadline_rule":"14 workdays","assignee":"","paused_since":"","extensions":0,"closed":"","outcome":"","closed_late":null,"repeat_of":"","source_system":"","source_id":"","updated":"2024-02-20T09:00:00+08:00","clock_start":"2024-02-20T09:00:00+08:00","pauses":[],"extension_log":[],"provisional":false}'
run case list --paused --format tsv
expect_out "$(printf '%s\t' ref service unit channel status applicant_kind name id_number business_number phone email \
  address lang subject description place district received due deadline_rule assignee paused_since extensions closed \
  outcome closed_late repeat_of source_system source_id updated clock_start pauses extension_log)provisional
$(printf '%s\t' RCS-113-000001 recycling_station waste mail waiting_docs person 李O同 N11****806 '' 0911****** '' \
  高雄市三民區**** zh-TW 回收站登記 '' '' 三民區 2024-01-02T09:00:00+08:00 2024-01-30 '20 workdays' '' \
  2024-01-10T09:00:00+08:00 0 '' '' '' '' '' '' 2024-01-10T09:00:00+08:00 2024-01-02T09:00:00+08:00 \
  '[{"from":"2024-01-10T09:00:00+08:00","to":""}]' '[]')false"

# export: CSV by default with the stable header, closed cases with their outcome and on-time flag.
HEADER="ref,service,unit,channel,status,applicant_kind,name,id_number,business_number,phone,email,address,lang,subject,description,place,district,received,due,deadline_rule,assignee,paused_since,extensions,closed,outcome,closed_late,repeat_of,source_system,source_id,updated,clock_start,pauses,extension_log,provisional"
run case export --service petition
expect_rc 0
CHECKS=$((CHECKS + 1))
[[ "$OUT" == "$HEADER"$'\r\n'* ]] || fail "export: not CSV with CRLF line ends"
OUT=${OUT//$'\r'/}
expect_out "$HEADER
PET-113-000001,petition,planning,phone,received,person,王O明,A12****789,,0912******,m***@example.com,高雄市苓雅區****,zh-TW,路燈不亮,,,苓雅區,2024-02-01T09:00:00+08:00,2024-02-06,3 workdays,,,0,,,,,,,2024-02-01T09:00:00+08:00,2024-02-01T09:00:00+08:00,[],[],false
PET-113-000002,petition,planning,web,closed,person,張O豐,,,0922******,,,zh-TW,公園髒亂,,,,2024-02-05T10:00:00+08:00,2024-02-15,3 workdays,,,0,2024-02-07T16:00:00+08:00,已函復,false,,,,2024-02-07T16:00:00+08:00,2024-02-05T10:00:00+08:00,[],[],false"
run case export --service nothing-here
expect_rc 3
run case export --channel web --format jsonl
expect_rc 0
expect_out '{"ref":"PET-113-000002","service":"petition","unit":"planning","channel":"web","status":"closed","applicant_kind":"person","name":"張O豐","id_number":"","business_number":"","phone":"0922******","email":"","address":"","lang":"zh-TW","subject":"公園髒亂","description":"","place":"","district":"","received":"2024-02-05T10:00:00+08:00","due":"2024-02-15","deadline_rule":"3 workdays","assignee":"","paused_since":"","extensions":0,"closed":"2024-02-07T16:00:00+08:00","outcome":"已函復","closed_late":false,"repeat_of":"","source_system":"","source_id":"","updated":"2024-02-07T16:00:00+08:00","clock_start":"2024-02-05T10:00:00+08:00","pauses":[],"extension_log":[],"provisional":false}
{"ref":"CMP-113-000002","service":"complaint","unit":"inspection","channel":"web","status":"received","applicant_kind":"anonymous","name":"","id_number":"","business_number":"","phone":"","email":"","address":"","lang":"zh-TW","subject":"夜間噪音","description":"","place":"高雄市三民區九如一路","district":"三民區","received":"2024-02-26T08:00:00+08:00","due":"2024-03-04","deadline_rule":"7 days","assignee":"","paused_since":"","extensions":0,"closed":"","outcome":"","closed_late":null,"repeat_of":"","source_system":"","source_id":"","updated":"2024-02-26T08:00:00+08:00","clock_start":"2024-02-26T08:00:00+08:00","pauses":[],"extension_log":[],"provisional":false}'
run case export --format tsv --limit 1
expect_out_contains "ref	service	unit	"

# show: one case, masked; unknown reference exits 4.
run case show PET-113-000001
expect_rc 0
expect_out_contains "name            王O明"
expect_out_contains "id_number       A12****789"
expect_out_contains "phone           0912******"
expect_out_contains "address         高雄市苓雅區****"
expect_out_contains "late            13 個上班日"
expect_out_lacks "A123456789"
run case show WAT-113-000001 --lang en
expect_out_contains "name            J*** S****"
expect_out_contains "state           Received"
csv case show WAT-113-000001
expect_out "$HEADER
WAT-113-000001,water_test,testing,app,received,person,J*** S****,F13****093,,0987******,,,en,飲用水檢驗,,,,2024-02-29T11:00:00+08:00,2024-03-14,10 workdays,,,0,,,,,,,2024-02-29T11:00:00+08:00,2024-02-29T11:00:00+08:00,[],[],false"
run case show PET-113-999999
expect_rc 4
expect_err "epb: error: case PET-113-999999: not found"
# Reading wrote nothing.
expect_sql 'select count(*) from event' "$EVENTS"

# overdue: oldest due first, with working days late as of the clock (2024-02-08..14 is the
# Lunar New Year, 2024-02-17 a make-up Saturday, 2024-02-28 a holiday).
csv case overdue
expect_rc 0
expect_out "ref,service,unit,status,due,workdays_late,assignee,applicant,subject,provisional
PET-113-000001,petition,planning,received,2024-02-06,13,,王O明,路燈不亮,false
CMP-113-000001,complaint,inspection,assigned,2024-02-22,5,林專員,陳O麗,工廠異味,false"
run case overdue
expect_out_contains "PET-113-000001  人民陳情  綜計科  收件    2024-02-06             13            王O明"
run case overdue --format jsonl --unit inspection
expect_out '{"ref":"CMP-113-000001","service":"complaint","unit":"inspection","status":"assigned","due":"2024-02-22","workdays_late":5,"assignee":"林專員","applicant":"陳O麗","subject":"工廠異味","provisional":false}'
csv case overdue --service petition
expect_out "ref,service,unit,status,due,workdays_late,assignee,applicant,subject,provisional
PET-113-000001,petition,planning,received,2024-02-06,13,,王O明,路燈不亮,false"
run case overdue --count
expect_rc 0
expect_out "2"
run case overdue --unit waste --count
expect_out "0"
csv --as-of 2024-02-23 case overdue
expect_out "ref,service,unit,status,due,workdays_late,assignee,applicant,subject,provisional
PET-113-000001,petition,planning,received,2024-02-06,9,,王O明,路燈不亮,false
CMP-113-000001,complaint,inspection,assigned,2024-02-22,1,林專員,陳O麗,工廠異味,false"
run --as-of 2024-02-06 case overdue --count
expect_out "0"
# Due soon: not late yet, due by the end of the 2nd working day (Tuesday 03-05).
csv case overdue --due-within 2workdays
expect_rc 0
expect_out "ref,service,unit,status,due,workdays_left,assignee,applicant,subject,provisional
CMP-113-000002,complaint,inspection,received,2024-03-04,1,,,夜間噪音,false"
run case overdue --due-within "2 workdays" --count
expect_out "1"
run case overdue --due-within "10 workdays" --count
expect_out "3"
refuse "epb: error: --unit: unknown unit 'nope' (known: $UNITS)" case overdue --unit nope
refuse "epb: error: --unit: unknown unit 'wsate', did you mean 'waste'? (known: *)" case overdue --unit wsate
refuse "epb: error: --service: unknown service 'nope' (known: *)" case overdue --service nope
refuse "epb: error: --due-within: deadline rule 'soon': *" case overdue --due-within soon

# lookup: status and dates only; a wrong phone suffix and a missing reference look the same.
csv case lookup PET-113-000001 --phone-last4 5678
expect_rc 0
expect_out "ref,service,status,received,due,last_update,provisional
PET-113-000001,petition,received,2024-02-01,2024-02-06,2024-02-01,false"
run case lookup CMP-113-000001 --phone-last4 1234 --date-style roc
expect_rc 0
expect_out_contains "CMP-113-000001  公害陳情  派查    113/02/15  113/02/22  113/02/16"
expect_out_lacks "美麗"
NOT_FOUND="epb: error: case: no case matches this reference and phone number"
run case lookup PET-113-000001 --phone-last4 5679
expect_rc 4
expect_out ""
expect_err "$NOT_FOUND"
run case lookup PET-113-999999 --phone-last4 5678
expect_rc 4
expect_err "$NOT_FOUND"
run case lookup CMP-113-000002 --phone-last4 0000 # anonymous: no phone, never found
expect_rc 4
expect_err "$NOT_FOUND"
run case lookup PET-113-000001 --phone-last4 567
expect_rc 3
expect_err "epb: error: --phone-last4: expected the last 4 digits of the phone number given at intake"
# The three failures are recorded (without the digits tried); the malformed factor is not.
expect_sql "select subject from event where action = 'lookup-failed' order by id" "case:PET-113-000001
case:PET-113-999999
case:CMP-113-000002"
EVENTS=$((EVENTS + 3))
expect_sql 'select count(*) from event' "$EVENTS"

# --reveal-pii shows personal data in full and records who saw which case.
run case show PET-113-000001 --reveal-pii
expect_rc 0
expect_out_contains "name            王小明"
expect_out_contains "id_number       A123456789"
expect_out_contains "phone           0912345678"
expect_out_contains "address         高雄市苓雅區四維三路2號"
run case list --service petition --reveal-pii --format csv
expect_out_contains "PET-113-000001,petition,planning,phone,received,person,王小明,A123456789,,0912345678,ming@example.com,"
expect_out_contains ",張三豐,,,0922333444,"
EPB_ACTOR=auditor run case export --unit testing --reveal-pii
expect_out_contains ",John Smith,F131104093,,0987654321,"
run case overdue --reveal-pii --unit inspection --format csv
expect_out_contains ",林專員,陳美麗,工廠異味"
run case list --reveal-pii --count # a count shows nobody
expect_sql "select actor||'|'||command||'|'||subject||'|'||action from event where action = 'reveal-pii' order by id" \
  "tester|case show|case:PET-113-000001|reveal-pii
tester|case list|case:PET-113-000001|reveal-pii
tester|case list|case:PET-113-000002|reveal-pii
auditor|case export|case:WAT-113-000001|reveal-pii
tester|case overdue|case:CMP-113-000001|reveal-pii"
run case history PET-113-000001 --format csv
expect_out_contains "2024-03-01T09:00:00+08:00,tester,case show,reveal-pii,"
# Nothing else was written by the reading commands.
expect_sql 'select count(*) from event' "$((EVENTS + 5))"

finish
