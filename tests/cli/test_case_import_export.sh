#!/usr/bin/env bash
# epb case export and the round trip export → import → export: the columns the importer
# reads, CSV/TSV/JSON lines, formula cells neutralised in CSV and restored on import,
# personal data masked unless --reveal-pii (and a masked export refused on import).
source "$(dirname "$0")/lib.sh"

LEDGER="$XDG_DATA_HOME/epb/ledger.sqlite"
cd "$SCRATCH" || exit 1
# Every command runs at the same instant (the import keeps a case's record as exported; see
# test_case_transfer.sh for cases moved at a later clock).
export EPB_NOW="2024-03-01 09:00"

expect_same() { # expect_same FILE1 FILE2
  CHECKS=$((CHECKS + 1))
  cmp -s "$1" "$2" || fail "$1 and $2 differ" "$(diff "$1" "$2")"
}
save() { printf '%s\n' "$OUT" >"$1"; } # save FILE: stdout of the last run

# A closed case, an organisation, an anonymous complaint, a paused case, an English speaker;
# text with commas, quotes and a newline, and cells a spreadsheet would take for formulas.
run init -q
run case open --service petition --channel phone --subject '=HYPERLINK("http://x.example","點我")' --name 王小明 \
  --id-number A123456789 --phone 0912345678 --email ming@example.com --address 高雄市苓雅區四維三路2號 \
  --received "2024-02-01 09:00" --description $'第一行, 有逗號\n第二行 "引號"'
expect_out "PET-113-000001"
run case open --service petition --channel web --subject 公園髒亂 --name 張三豐 --phone 0922333444 --received "2024-02-05 10:00"
run case close PET-113-000002 --outcome '-已函復'
run case open --service factory_registration --channel in_person --subject 工廠登記 --applicant-kind organisation \
  --name 大發工業股份有限公司 --business-number 04595252 --phone 07-7654321 --received "2024-02-20 09:00"
run case open --service complaint --channel web --subject 夜間噪音 --applicant-kind anonymous \
  --place 高雄市三民區九如一路 --received "2024-02-26 08:00" --source-system hotline --source-id H-1
run case open --service water_test --channel app --subject 飲用水檢驗 --name "John Smith" --id-number F131104093 \
  --phone 0987654321 --applicant-lang en --received "2024-02-29 11:00" --description '@all +886 please'
run case open --service recycling_station --channel mail --subject 回收站登記 --name 李大同 --id-number N116247806 \
  --phone 0911222333 --address 高雄市三民區建工路1號 --received "2024-01-02 09:00"
run case move RCS-113-000001 processing
run case pause RCS-113-000001 --note 缺土地使用證明
run case assign PET-113-000001 --to 林專員
expect_rc 0
EVENTS=$(sqlite3 "$LEDGER" 'select count(*) from event')

# --- export: CSV by default, the stable header, CRLF line ends, formulas neutralised --------
HEADER="ref,service,unit,channel,status,applicant_kind,name,id_number,business_number,phone,email,address,lang,subject,description,place,district,received,due,deadline_rule,assignee,paused_since,extensions,closed,outcome,closed_late,repeat_of,source_system,source_id,updated,clock_start,pauses,extension_log,provisional"
run case export --reveal-pii
expect_rc 0
save full.csv
CHECKS=$((CHECKS + 1))
[ "$(head -1 full.csv)" = "$HEADER"$'\r' ] || fail "export header" "$(head -1 full.csv | od -c | head)"
OUT=${OUT//$'\r'/}
expect_out "$HEADER
PET-113-000001,petition,planning,phone,received,person,王小明,A123456789,,0912345678,ming@example.com,高雄市苓雅區四維三路2號,zh-TW,\"'=HYPERLINK(\"\"http://x.example\"\",\"\"點我\"\")\",\"第一行, 有逗號
第二行 \"\"引號\"\"\",,苓雅區,2024-02-01T09:00:00+08:00,2024-02-06,3 workdays,林專員,,0,,,,,,,2024-03-01T09:00:00+08:00,2024-02-01T09:00:00+08:00,[],[],false
PET-113-000002,petition,planning,web,closed,person,張三豐,,,0922333444,,,zh-TW,公園髒亂,,,,2024-02-05T10:00:00+08:00,2024-02-15,3 workdays,,,0,2024-03-01T09:00:00+08:00,'-已函復,true,,,,2024-03-01T09:00:00+08:00,2024-02-05T10:00:00+08:00,[],[],false
FAC-113-000001,factory_registration,air-noise,in_person,received,organisation,大發工業股份有限公司,,04595252,07-7654321,,,zh-TW,工廠登記,,,,2024-02-20T09:00:00+08:00,2024-03-12,14 workdays,,,0,,,,,,,2024-03-01T09:00:00+08:00,2024-02-20T09:00:00+08:00,[],[],false
CMP-113-000001,complaint,inspection,web,received,anonymous,,,,,,,zh-TW,夜間噪音,,高雄市三民區九如一路,三民區,2024-02-26T08:00:00+08:00,2024-03-04,7 days,,,0,,,,,hotline,H-1,2024-03-01T09:00:00+08:00,2024-02-26T08:00:00+08:00,[],[],false
WAT-113-000001,water_test,testing,app,received,person,John Smith,F131104093,,0987654321,,,en,飲用水檢驗,'@all +886 please,,,2024-02-29T11:00:00+08:00,2024-03-14,10 workdays,,,0,,,,,,,2024-03-01T09:00:00+08:00,2024-02-29T11:00:00+08:00,[],[],false
RCS-113-000001,recycling_station,waste,mail,waiting_docs,person,李大同,N116247806,,0911222333,,高雄市三民區建工路1號,zh-TW,回收站登記,,,三民區,2024-01-02T09:00:00+08:00,2024-01-30,20 workdays,,2024-03-01T09:00:00+08:00,0,,,,,,,2024-03-01T09:00:00+08:00,2024-01-02T09:00:00+08:00,\"[{\"\"from\"\":\"\"2024-03-01T09:00:00+08:00\"\",\"\"to\"\":\"\"\"\"}]\",[],false"
# --reveal-pii: one reveal-pii event per case exported, naming the command.
expect_sql "select count(*) from event where action = 'reveal-pii' and command = 'case export'" "6"
expect_sql "select count(*) from event" "$((EVENTS + 6))"
EVENTS=$((EVENTS + 6))

# --- round trip: into a fresh ledger and out again, byte for byte ------------------------
run --ledger copy.sqlite init -q
imp --ledger copy.sqlite full.csv
expect_rc 0
expect_err "epb: full.csv: read 6, imported 6, updated 0, skipped 0, rejected 0 in X.X s (committed)"
run --ledger copy.sqlite case export --reveal-pii
save copy.csv
expect_same full.csv copy.csv
# The formula cell went out as '=... and came back as =...; so did the -... and @... cells.
expect_sql "select subject from case_file where ref = 'PET-113-000001'" '=HYPERLINK("http://x.example","點我")' copy.sqlite
expect_sql "select outcome from case_file where ref = 'PET-113-000002'" "-已函復" copy.sqlite
expect_sql "select description from case_file where ref = 'WAT-113-000001'" "@all +886 please" copy.sqlite
expect_sql "select description from case_file where ref = 'PET-113-000001'" $'第一行, 有逗號\n第二行 "引號"' copy.sqlite
# Re-importing the export into either ledger adds nothing: the references are known.
imp --ledger copy.sqlite full.csv
expect_err "epb: full.csv: read 6, imported 0, updated 0, skipped 6, rejected 0 in X.X s (committed)"
imp full.csv
expect_err "epb: full.csv: read 6, imported 0, updated 0, skipped 6, rejected 0 in X.X s (committed)"
# New cases in the copy continue the sequences after the imported references.
run --ledger copy.sqlite case open --service petition --channel phone --subject 新案 --name 王小明 --phone 0912345678
expect_out "PET-113-000003"

# The same through JSON lines (no neutralisation there: JSON is not a spreadsheet) and TSV.
run case export --reveal-pii --format jsonl
save full.jsonl
expect_out_contains '"subject":"=HYPERLINK(\"http://x.example\",\"點我\")"'
expect_out_contains '"outcome":"-已函復","closed_late":true,'
CHECKS=$((CHECKS + 1))
[ "$(wc -l <full.jsonl)" = 6 ] || fail "jsonl: not one object per line" "$(cat full.jsonl)"
run --ledger copy-j.sqlite init -q
imp --ledger copy-j.sqlite full.jsonl
expect_rc 0
expect_err "epb: full.jsonl: read 6, imported 6, updated 0, skipped 0, rejected 0 in X.X s (committed)"
run --ledger copy-j.sqlite case export --reveal-pii
save copy-j.csv
expect_same full.csv copy-j.csv
run case export --reveal-pii --format tsv
save full.tsv
CHECKS=$((CHECKS + 1))
[ "$(head -1 full.tsv)" = "${HEADER//,/$'\t'}" ] || fail "tsv header" "$(head -1 full.tsv)"
# TSV has no quoting: the newline in a value becomes a space; formula cells are neutralised.
expect_out_contains $'\t'"'=HYPERLINK(\"http://x.example\",\"點我\")"$'\t第一行, 有逗號 第二行 "引號"\t'
run --ledger copy-t.sqlite init -q
imp --ledger copy-t.sqlite full.tsv
expect_rc 0
expect_err "epb: full.tsv: read 6, imported 6, updated 0, skipped 0, rejected 0 in X.X s (committed)"
run --ledger copy-t.sqlite case export --reveal-pii --format tsv
save copy-t.tsv
expect_same full.tsv copy-t.tsv
expect_sql "select subject from case_file where ref = 'PET-113-000001'" '=HYPERLINK("http://x.example","點我")' copy-t.sqlite
EVENTS=$((EVENTS + 12))

# --- masked by default; a masked export does not import -------------------------------------
run case export
expect_rc 0
save masked.csv
OUT=${OUT//$'\r'/}
expect_out_contains "PET-113-000001,petition,planning,phone,received,person,王O明,A12****789,,0912******,m***@example.com,高雄市苓雅區****,"
expect_out_contains ",organisation,大發工業股份有限公司,,04595252,07-*******,"
expect_out_contains ",person,J*** S****,F13****093,,0987******,"
CHECKS=$((CHECKS + 1))
[[ "$OUT" == *A123456789* || "$OUT" == *0912345678* || "$OUT" == *王小明* ]] && fail "export without --reveal-pii shows personal data"
expect_sql "select count(*) from event" "$EVENTS"
run --ledger masked.sqlite init -q
SUM=$(sha256sum <masked.sqlite)
imp --ledger masked.sqlite masked.csv
expect_rc 3
expect_err "epb: error: masked.csv:2: id_number: national id 'A12****789': expected a letter and 9 digits
epb: error: masked.csv:4: phone: phone '0922******': expected digits only
epb: error: masked.csv:5: phone: phone '07-*******': expected digits only
epb: error: masked.csv:7: id_number: national id 'F13****093': expected a letter and 9 digits
epb: error: masked.csv:8: id_number: national id 'N11****806': expected a letter and 9 digits
epb: masked.csv: read 6, imported 1, updated 0, skipped 0, rejected 5 in X.X s (nothing written)
epb: error: masked.csv: 5 invalid rows"
expect_file_unchanged masked.sqlite "$SUM"

# --- filters and formats ------------------------------------------------------------------
run case export --service petition --format csv
OUT=${OUT//$'\r'/}
CHECKS=$((CHECKS + 1))
[ "$(printf '%s\n' "$OUT" | tail -n +2 | grep -c '^PET-113-00000[12],')" = 2 ] || fail "--service petition" "$OUT"
expect_out_contains "$HEADER"
run case export --service complaint --service water_test --format jsonl
expect_rc 0
CHECKS=$((CHECKS + 1))
[ "$(printf '%s\n' "$OUT" | sed -E 's/^\{"ref":"([^"]+)".*\}$/\1/' | paste -sd' ')" = "CMP-113-000001 WAT-113-000001" ] ||
  fail "jsonl: one object per line" "$OUT"
expect_out_contains '"applicant_kind":"anonymous","name":"",'
expect_out_contains '"name":"J*** S****","id_number":"F13****093",'
run case export --status closed --format tsv
expect_out "${HEADER//,/$'\t'}
$(printf '%s\t' PET-113-000002 petition planning web closed person 張O豐 '' '' 0922****** '' '' zh-TW 公園髒亂 '' '' '' \
  2024-02-05T10:00:00+08:00 2024-02-15 '3 workdays' '' '' 0 2024-03-01T09:00:00+08:00 "'-已函復" true '' '' '' 2024-03-01T09:00:00+08:00 \
  2024-02-05T10:00:00+08:00 '[]' '[]')false"
run case export --paused --format json
expect_out_contains '"ref":"RCS-113-000001"'
expect_out_contains '"paused_since":"2024-03-01T09:00:00+08:00"'
refuse "epb: error: --service: unknown service 'nothing' (known: petition, *)" case export --service nothing
run case export --open --service petition --reveal-pii --format csv
expect_rc 0
expect_sql "select group_concat(subject, ' ') from event where action = 'reveal-pii' and id > (select max(id) - 1 from event)" \
  "case:PET-113-000001"

# A JSON export (one array, an object a line) imports back as it is.
run case export --format json --reveal-pii
expect_rc 0
printf '%s\n' "$OUT" >all.json
run --ledger json.sqlite init -q
imp --ledger json.sqlite all.json
expect_rc 0
run --ledger json.sqlite case export --format json --reveal-pii
CHECKS=$((CHECKS + 1))
[ "$OUT" = "$(cat all.json)" ] || fail "json export -> import -> export differs" "$(diff all.json <(printf '%s\n' "$OUT"))"

finish
