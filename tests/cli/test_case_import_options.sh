#!/usr/bin/env bash
# epb case import, part 2: standard input, TSV and JSON lines, column mappings (--map,
# --mapping), --dry-run, --on-duplicate, --commit-every and resuming, option checks, the
# summary line and the progress bar (only on a terminal), idempotency by content.
source "$(dirname "$0")/lib.sh"

LEDGER="$XDG_DATA_HOME/epb/ledger.sqlite"
export EPB_NOW="2024-03-01 09:00"
cd "$SCRATCH" || exit 1

imp_in() { # imp_in INPUT ARGS...: the same with INPUT on standard input
  run_in "$@"
  ERR=$(printf '%s' "$ERR" | sed -E 's/ in [0-9]+\.[0-9] s \(/ in X.X s (/')
}
counts() { sqlite3 "$LEDGER" "select (select count(*) from case_file) || ' cases, ' || (select count(*) from event) || ' events'"; }
expect_counts() { # expect_counts "N cases, M events"
  CHECKS=$((CHECKS + 1))
  local got
  got=$(counts)
  [ "$got" = "$1" ] || fail "ledger: expected $1, got $got"
}
fresh() { # fresh: an empty ledger
  rm -f "$LEDGER" "$LEDGER-wal" "$LEDGER-shm"
  run init -q
}

cat >nine.csv <<'EOF'
source_system,source_id,service,channel,name,id_number,phone,subject,received
hotline,T001,petition,phone,王小明,A123456789,0912345678,路燈不亮,2024-02-01 09:00
hotline,T002,petition,web,張三豐,E123456783,0922333444,公園髒亂,2024-02-02 10:00
hotline,T003,complaint,hotline,陳美麗,E223456785,07-3351234,工廠異味,2024-02-05 14:00
hotline,T004,complaint,web,林志玲,S122334458,0933444555,夜間噪音,2024-02-06 08:30
hotline,T005,petition,mail,李大同,K120000015,0911222333,道路坑洞,2024-02-07 11:00
hotline,T006,water_test,app,黃小華,Q200000024,0955666777,飲用水檢驗,2024-02-15 09:15
hotline,T008,complaint,phone,周杰倫,R222222221,0977888999,露天燃燒,2024-02-19 13:00
hotline,T009,petition,fax,鄭成功,H109876544,0988999000,行道樹倒塌,2024-02-20 10:30
hotline,T010,complaint,hotline,許文龍,T100000034,0910111222,河川污染,2024-02-21 15:45
EOF
fresh

# --- The summary: one line on stderr; no progress noise when stderr is not a terminal ----
imp nine.csv --dry-run
expect_rc 0
expect_out ""
CHECKS=$((CHECKS + 1))
[[ "$ERR" == *$'\r'* || "$ERR" == *$'\e'* || "$ERR" == *"rows/s"* ]] && fail "progress text on a non-terminal" "$ERR"
expect_err "epb: nine.csv: read 9, imported 9, updated 0, skipped 0, rejected 0 in X.X s (dry run, nothing written)"
run case import nine.csv --dry-run
CHECKS=$((CHECKS + 1))
[[ "$ERR" =~ ^"epb: nine.csv: read 9, imported 9, updated 0, skipped 0, rejected 0 in "[0-9]+\.[0-9]" s (dry run, nothing written)"$ ]] ||
  fail "summary line" "$ERR"
run -q case import nine.csv --dry-run
expect_rc 0
expect_err ""
# On a terminal: a progress line (rows, rows/s, ETA), cleared before the summary.
if command -v script >/dev/null; then
  OUT=$(script -qefc "'$EPB_BIN' case import nine.csv --dry-run" /dev/null </dev/null)
  CHECKS=$((CHECKS + 1))
  [[ "$OUT" == *$'\r\e[K'"9 rows  "*" rows/s  ETA 0:00"$'\r\e[K'"epb: nine.csv: read 9, imported 9,"* ]] ||
    fail "no progress bar on a terminal" "$(printf '%s' "$OUT" | od -c | head -20)"
fi

# --- --dry-run validates everything and writes nothing -----------------------------------
SUM=$(sha256sum <"$LEDGER")
imp nine.csv --dry-run
expect_file_unchanged "$LEDGER" "$SUM"
expect_counts "0 cases, 0 events"

# --- Standard input ----------------------------------------------------------------------
imp_in "$(cat nine.csv)" case import -
expect_rc 0
expect_err "epb: <stdin>: read 9, imported 9, updated 0, skipped 0, rejected 0 in X.X s (committed)"
expect_counts "9 cases, 1 events"
expect_sql "select subject || ' ' || detail from event" \
  'case-import {"file":"<stdin>","first_id":1,"last_id":9,"imported":9}'
imp_in "$(cat nine.csv)" case import -
expect_err "epb: <stdin>: read 9, imported 0, updated 0, skipped 9, rejected 0 in X.X s (committed)"
imp_in "$(printf '%s\n' 'service,channel,name,phone,subject' 'petition,phone,王小明,0912-34,壞電話')" case import -
expect_rc 3
expect_err "epb: error: <stdin>:2: phone: phone '0912-34': a mobile number is 09 and 8 digits
epb: <stdin>: read 1, imported 0, updated 0, skipped 0, rejected 1 in X.X s (nothing written)
epb: error: <stdin>: 1 invalid row"
expect_counts "9 cases, 1 events"

# --- --on-duplicate: skip (default), update, error ----------------------------------------
# T001's phone changed; T002's subject changed; the rest as they are.
sed -e 's/0912345678/0912000111/' -e 's/公園髒亂/公園很髒亂/' nine.csv >changed.csv
imp changed.csv
expect_rc 0
expect_err "epb: changed.csv: read 9, imported 0, updated 0, skipped 9, rejected 0 in X.X s (committed)"
expect_sql "select phone from case_file where source_id = 'T001'" "0912345678"
imp changed.csv --on-duplicate update
expect_rc 0
expect_err "epb: changed.csv: read 9, imported 0, updated 2, skipped 7, rejected 0 in X.X s (committed)"
expect_sql "select phone || ' ' || phone_last4 from case_file where source_id = 'T001'" "0912000111 0111"
run case show PET-113-000001 --reveal-pii
expect_out_contains "phone           0912000111"
run case lookup PET-113-000001 --phone-last4 0111
expect_rc 0
expect_sql "select subject from case_file where source_id = 'T002'" "公園很髒亂"
run case history PET-113-000001 --format tsv
expect_out_contains "case import	import	{\"file\":\"<stdin>\",\"first_id\":1,"
expect_sql "select action from event where subject = 'case:PET-113-000001' order by id" "import-update
reveal-pii"
# The update's event says what changed (old → new, personal data masked) and from which file and line.
UPDATE="select detail from event where action = 'import-update' and subject = 'case:PET-113-000001'"
expect_sql "select json_extract(detail, '$.file') || ':' || json_extract(detail, '$.line') || ' ' ||
  (select group_concat(key, ' ') from json_each(detail, '$.changes')) from ($UPDATE)" "changed.csv:2 phone"
expect_sql "select count(*) from ($UPDATE) where detail like '%0912345678%' or detail like '%0912000111%'" "0"
expect_sql "select json_extract(detail, '$.changes.phone.from') <> '' and json_extract(detail, '$.changes.phone.to') <> ''
  from ($UPDATE)" "1"
expect_sql "select detail from event where action = 'import-update' and subject = 'case:PET-113-000002'" \
  '{"file":"changed.csv","line":3,"changes":{"subject":{"from":"公園髒亂","to":"公園很髒亂"}}}'
imp changed.csv --on-duplicate update
expect_err "epb: changed.csv: read 9, imported 0, updated 0, skipped 9, rejected 0 in X.X s (committed)"
SUM=$(sha256sum <"$LEDGER")
imp changed.csv --on-duplicate error
expect_rc 3
expect_err "$(for t in 2:PET-113-000001 3:PET-113-000002 4:CMP-113-000001 5:CMP-113-000002 6:PET-113-000003 \
  7:WAT-113-000001 8:CMP-113-000003 9:PET-113-000004 10:CMP-113-000004; do
  echo "epb: error: changed.csv:${t%%:*}: source_id: already in the ledger as ${t#*:}"
done)
epb: changed.csv: read 9, imported 0, updated 0, skipped 0, rejected 9 in X.X s (nothing written)
epb: error: changed.csv: 9 invalid rows"
expect_file_unchanged "$LEDGER" "$SUM"
refuse "epb: error: --on-duplicate: unknown value 'replace' (one of: skip, update, error)" \
  case import changed.csv --on-duplicate replace
refuse "epb: error: --on-duplicate: unknown value 'updat', did you mean 'update'? (one of: *)" \
  case import changed.csv --on-duplicate updat

# --- Option checks -------------------------------------------------------------------------
imp nine.csv --skip-invalid
expect_rc 3
expect_err "epb: error: --skip-invalid: needs --rejects FILE for the rows left out"
imp nine.csv --rejects r.csv
expect_rc 3
expect_err "epb: error: --rejects: only with --skip-invalid"
CHECKS=$((CHECKS + 1))
[ -e r.csv ] && fail "r.csv written"
refuse "epb: error: --input-format: unknown value 'xml' (one of: csv, tsv, jsonl)" case import nine.csv --input-format xml
refuse "epb: error: --encoding: unknown value 'latin1' (one of: auto, utf8, big5)" case import nine.csv --encoding latin1
refuse "epb: error: --encoding: unknown value 'bg5', did you mean 'big5'? (one of: *)" case import nine.csv --encoding bg5
refuse "epb: error: --commit-every: must be at least 1" case import nine.csv --commit-every 0
refuse "epb: error: --commit-every: must be at least 1" case import nine.csv --commit-every -3
refuse "epb: error: --commit-every: 'many' is not a whole number" case import nine.csv --commit-every many
refuse "epb: error: --commit-every: '1e3' is not a whole number" case import nine.csv --commit-every 1e3
refuse "epb: error: --commit-every: '99999999999999999999' is too large" case import nine.csv --commit-every 99999999999999999999
run case import
expect_rc 2
expect_file_unchanged "$LEDGER" "$SUM"

# --- TSV: by extension (.tsv, .txt) or --input-format; no quoting in TSV ------------------
fresh
tr ',' '\t' <nine.csv >nine.tsv
imp nine.tsv
expect_rc 0
expect_err "epb: nine.tsv: read 9, imported 9, updated 0, skipped 0, rejected 0 in X.X s (committed)"
cp nine.tsv nine.txt
imp nine.txt
expect_err "epb: nine.txt: read 9, imported 0, updated 0, skipped 9, rejected 0 in X.X s (committed)"
cp nine.tsv nine.dat
imp nine.dat --input-format tsv
expect_err "epb: nine.dat: read 9, imported 0, updated 0, skipped 9, rejected 0 in X.X s (committed)"
imp nine.dat
expect_rc 3
expect_err_contains "epb: error: nine.dat:1: unknown column 'source_system	source_id	service"
printf 'service\tchannel\tname\tphone\tsubject\tdescription\npetition\tphone\t王小明\t0912345678\t"引號"照原樣\t逗號, 也照原樣\n' >quotes.tsv
imp quotes.tsv
expect_rc 0
expect_sql "select subject || '|' || description from case_file order by id desc limit 1" '"引號"照原樣|逗號, 也照原樣'
printf 'service\tchannel\tname\tphone\tsubject\npetition\tphone\t王小明\t0912345678\n' >short.tsv
imp short.tsv
expect_rc 3
expect_err_contains "epb: error: short.tsv:2: expected 5 fields as in the header, found 4"

# --- JSON lines: keys in any order, new keys as they come; a bad line names its line ------
# (Columns count bytes of the line, as compilers do.)
fresh
cat >cases.jsonl <<'EOF'
{"service":"petition","channel":"phone","name":"王小明","phone":"0912345678","subject":"路燈不亮","received":"2024-02-01 09:00"}
{"subject":"公園髒亂","received":"2024-02-05 10:00","phone":"0922333444","name":"張三豐","channel":"web","service":"petition","source_id":"W-7","source_system":"webform"}

{"channel":"hotline","service":"complaint","subject":"工廠異味","place":"高雄市前鎮區中山二路","name":"陳美麗","phone":"07-3351234","email":null,"received":"2024-02-15 14:00"}
EOF
imp cases.jsonl
expect_rc 0
expect_err "epb: cases.jsonl: read 3, imported 3, updated 0, skipped 0, rejected 0 in X.X s (committed)"
expect_sql "select ref || ' ' || subject || ' ' || source_system || ':' || source_id from case_file where source_system <> 'row'" \
  "PET-113-000002 公園髒亂 webform:W-7"
expect_sql "select district from case_file where service = 'complaint'" "前鎮區"
imp cases.jsonl
expect_err "epb: cases.jsonl: read 3, imported 0, updated 0, skipped 3, rejected 0 in X.X s (committed)"
imp_in "$(cat cases.jsonl)" case import - --input-format jsonl
expect_err "epb: <stdin>: read 3, imported 0, updated 0, skipped 3, rejected 0 in X.X s (committed)"
cat >broken.jsonl <<'EOF'
{"service":"petition","channel":"phone","name":"李大同","phone":"0911222333","subject":"甲"}
{"service":"petition","channel":"phone","subject":"乙", "name":"李大同"
[1]
{"service":"petition","channel":"phone","name":"李大同","subject":"丙","extra":{"a":1}}
{"service":"petition","channel":"phone","name":"李大同","subject":"丁"} x
{"service":"petition","channel":"phone","name":"李大同","phone":"0912-34","subject":"戊"}
{"service":"petition","channel":"phone","name":"李大同"}
EOF
SUM=$(sha256sum <"$LEDGER")
imp broken.jsonl
expect_rc 3
expect_err "epb: error: broken.jsonl:2: expected ',' or '}' at column 76
epb: error: broken.jsonl:3: expected a JSON object '{' at column 1
epb: error: broken.jsonl:4: unknown column 'extra' (map it with --map 'extra=FIELD'; fields: ref, service, channel, status, applicant_kind, name, id_number, business_number, phone, email, address, lang, subject, description, place, received, deadline_rule, assignee, paused_since, closed, outcome, closed_late, repeat_of, source_system, source_id, updated, clock_start, pauses, extension_log)
epb: error: broken.jsonl:5: text after the object at column 77
epb: error: broken.jsonl:6: phone: phone '0912-34': a mobile number is 09 and 8 digits
epb: error: broken.jsonl:7: subject: required
epb: broken.jsonl: read 7, imported 1, updated 0, skipped 0, rejected 6 in X.X s (nothing written)
epb: error: broken.jsonl: 6 invalid rows"
expect_file_unchanged "$LEDGER" "$SUM"
# A key first met on line 3 is named with line 3, not line 1.
cat >colour.jsonl <<'EOF'
{"service":"petition","channel":"phone","name":"李大同","subject":"甲"}
{"service":"petition","channel":"phone","name":"李大同","subject":"乙"}
{"service":"petition","channel":"phone","name":"李大同","subject":"丙","colour":"red"}
EOF
imp colour.jsonl
expect_rc 3
# An unknown JSON key fails the row it appears on, at that row's line.
expect_err_like "epb: error: colour.jsonl:3: unknown column 'colour' (map it with --map 'colour=FIELD'; fields: *"
expect_file_unchanged "$LEDGER" "$SUM"

# --- Mappings: --map COLUMN=FIELD, --mapping NAME from the configuration --------------------
fresh
cat >hotline.csv <<'EOF'
案件編號,陳情管道,業務類別,陳情人,身分證字號,聯絡電話,電子郵件,聯絡地址,案由,陳情內容,發生地點,受理時間
1999-0001,hotline,complaint,陳美麗,E223456785,07-3351234,,高雄市前鎮區成功二路1號,工廠異味,"晚上十點後, 味道最重",高雄市前鎮區中山二路,2024-02-15 14:00
1999-0002,hotline,petition,王小明,A123456789,0912345678,ming@example.com,,路燈不亮,,,2024-02-16 09:30
EOF
imp hotline.csv
expect_rc 3
expect_err_contains "epb: error: hotline.csv:1: unknown column '案件編號' (map it with --map '案件編號=FIELD'; fields: ref, service,"
imp hotline.csv --mapping hotline1999
expect_rc 0
expect_err "epb: hotline.csv: read 2, imported 2, updated 0, skipped 0, rejected 0 in X.X s (committed)"
expect_sql "select ref, source_id, applicant_name, district, description from case_file order by id" \
  "CMP-113-000001|1999-0001|陳美麗|前鎮區|晚上十點後, 味道最重
PET-113-000001|1999-0002|王小明||"
imp hotline.csv --mapping hotline1999
expect_err "epb: hotline.csv: read 2, imported 0, updated 0, skipped 2, rejected 0 in X.X s (committed)"
# --map alone, for a file with a few Chinese headers; it adds to or overrides a --mapping.
printf '%s\n' '業務,管道,陳情人,電話,案由' 'petition,phone,張三豐,0922333444,公園髒亂' >zh.csv
imp zh.csv --map 業務=service --map 管道=channel --map 陳情人=name --map 電話=phone --map 案由=subject
expect_rc 0
expect_err "epb: zh.csv: read 1, imported 1, updated 0, skipped 0, rejected 0 in X.X s (committed)"
expect_sql "select applicant_name || ' ' || phone from case_file where subject = '公園髒亂'" "張三豐 0922333444"
imp zh.csv --mapping hotline1999 --map 業務=service --map 管道=channel --map 電話=phone
expect_rc 0
expect_err "epb: zh.csv: read 1, imported 0, updated 0, skipped 1, rejected 0 in X.X s (committed)"
SUM=$(sha256sum <"$LEDGER")
imp zh.csv --map 陳情人=applicant
expect_rc 3
expect_err "epb: error: --map: '陳情人=applicant': no field 'applicant'"
imp zh.csv --map 陳情人
expect_rc 3
expect_err "epb: error: --map: '陳情人': expected COLUMN=FIELD"
imp zh.csv --mapping hotline2000
expect_rc 3
expect_err "epb: error: --mapping: no mapping 'hotline2000' in the configuration"
imp zh.csv --map 業務=service --map 管道=service
expect_rc 3
expect_err "epb: error: zh.csv:1: two columns give field 'service'"
expect_file_unchanged "$LEDGER" "$SUM"

# --- --commit-every N: whole batches; re-running the corrected file resumes ----------------
fresh
{
  echo 'source_system,source_id,service,channel,name,phone,subject,received'
  for i in $(seq 1 10); do
    phone=09123456$(printf %02d "$i")
    [ "$i" = 5 ] && phone=0912-34
    echo "hotline,C$i,petition,phone,王小明,$phone,第${i}件,2024-02-01 09:00"
  done
} >batches.csv
imp batches.csv --commit-every 2
expect_rc 3
# The summary counts what the committed batches hold.
expect_err "epb: error: batches.csv:6: phone: phone '0912-34': a mobile number is 09 and 8 digits
epb: batches.csv: read 10, imported 4, updated 0, skipped 0, rejected 1 in X.X s (stopped at the first invalid row; earlier batches committed)
epb: error: batches.csv: 1 invalid row"
expect_sql "select group_concat(source_id, ' ') from case_file" "C1 C2 C3 C4"
expect_counts "4 cases, 2 events" # one for each committed batch
sed 's/0912-34/0912345605/' batches.csv >batches-fixed.csv
imp batches-fixed.csv --commit-every 2
expect_rc 0
expect_err "epb: batches-fixed.csv: read 10, imported 6, updated 0, skipped 4, rejected 0 in X.X s (committed)"
expect_sql "select count(*), count(distinct source_id), min(ref), max(ref) from case_file" "10|10|PET-113-000001|PET-113-000010"
expect_counts "10 cases, 5 events"
# With --dry-run nothing is committed, batches or not.
fresh
SUM=$(sha256sum <"$LEDGER")
imp batches-fixed.csv --commit-every 2 --dry-run
expect_rc 0
expect_err "epb: batches-fixed.csv: read 10, imported 10, updated 0, skipped 0, rejected 0 in X.X s (dry run, nothing written)"
expect_file_unchanged "$LEDGER" "$SUM"

# A dry run reports what the run would do, batch by batch: the same counts and errors, for a file
# with a duplicate inside a batch, one across batches, and rows already in the ledger.
summary_counts() { printf '%s\n' "$ERR" | sed -n 's/.*: \(read .*rejected [0-9]*\) in .*/\1/p'; }
row_errors() { printf '%s\n' "$ERR" | grep -v '^epb: [^e]'; }
{
  echo 'source_system,source_id,service,channel,name,phone,subject,received'
  for i in 1 2 3 4 1 5 6 6 7 8; do
    echo "hotline,D$i,petition,phone,王小明,09123456$(printf %02d "$i"),第${i}件,2024-02-01 09:00"
  done
} >dups.csv
for every in 1 2 3 4 20; do
  for extra in "" "--on-duplicate skip" "--skip-invalid --rejects dups-rejects.csv"; do
    fresh
    imp batches-fixed.csv --commit-every 3 -q # D-rows are new; C-rows are in the ledger already
    # shellcheck disable=SC2086
    imp dups.csv --commit-every "$every" --dry-run $extra
    DRY_COUNTS=$(summary_counts) DRY_ERRORS=$(row_errors) DRY_RC=$RC
    CHECKS=$((CHECKS + 1))
    [[ "$ERR" == *"(dry run, nothing written"* ]] || fail "dry run verdict" "$ERR"
    # shellcheck disable=SC2086
    imp dups.csv --commit-every "$every" $extra
    CHECKS=$((CHECKS + 1))
    [ "$DRY_COUNTS" = "$(summary_counts)" ] && [ "$DRY_ERRORS" = "$(row_errors)" ] && [ "$DRY_RC" = "$RC" ] ||
      fail "--commit-every $every $extra: the dry run said $DRY_COUNTS (exit $DRY_RC), the run $(summary_counts) (exit $RC)" "$ERR"
  done
done
fresh
imp dups.csv --commit-every 2 --dry-run
expect_rc 3
expect_err "epb: error: dups.csv:6: source_id: duplicate of an earlier row of this file (PET-113-000001)
epb: error: dups.csv:9: source_id: duplicate of an earlier row of this file (PET-113-000006)
epb: dups.csv: read 10, imported 4, updated 0, skipped 0, rejected 2 in X.X s (dry run, nothing written; the run would stop at the first invalid row, after committing the batches before it)
epb: error: dups.csv: 2 invalid rows"

# --- Idempotent by content: rows without ref or source id are recognised on a re-run ------
fresh
printf '%s\n' 'service,channel,name,phone,subject,received' 'petition,phone,王小明,0912345678,路燈不亮,2024-02-01 09:00' >plain.csv
imp plain.csv
expect_err "epb: plain.csv: read 1, imported 1, updated 0, skipped 0, rejected 0 in X.X s (committed)"
EPB_NOW="2024-03-04 10:00" imp plain.csv
expect_err "epb: plain.csv: read 1, imported 0, updated 0, skipped 1, rejected 0 in X.X s (committed)"
# Without a `received` column the time of receipt is the clock, but the row is the same row.
printf '%s\n' 'service,channel,name,phone,subject' 'petition,phone,張三豐,0922333444,公園髒亂' >undated.csv
imp undated.csv
expect_err "epb: undated.csv: read 1, imported 1, updated 0, skipped 0, rejected 0 in X.X s (committed)"
EPB_NOW="2024-03-04 10:00" imp undated.csv
# The content key leaves out a receipt time the file did not give, so a re-run later still recognises the row.
expect_err "epb: undated.csv: read 1, imported 0, updated 0, skipped 1, rejected 0 in X.X s (committed)"
expect_counts "2 cases, 2 events"

# --- Rejected rows, fixed, go in again; formula-like cells come back as they were ---------
fresh
printf '%s\n' 'service,channel,name,phone,subject,description' \
  'petition,phone,王小明,0912-34,負數,-5度' 'petition,phone,王小明,0912345678,公式,=1+1' >formula.csv
imp formula.csv --skip-invalid --rejects rf.csv
expect_rc 0
expect_err "epb: error: formula.csv:2: phone: phone '0912-34': a mobile number is 09 and 8 digits
epb: formula.csv: read 2, imported 1, updated 0, skipped 0, rejected 1 in X.X s (committed; rejected rows in rf.csv)"
expect_sql "select description from case_file" "=1+1"
# The rejects file holds the record exactly as read (the formula-like cell as the input had it,
# so it imports back unchanged), after a note holding the reason.
CHECKS=$((CHECKS + 1))
[ "$(cat rf.csv)" = "service,channel,name,phone,subject,description,epb_error
,,,,,,\"formula.csv:2: phone: phone '0912-34': a mobile number is 09 and 8 digits\"
petition,phone,王小明,0912-34,負數,-5度" ] || fail "rf.csv" "$(cat rf.csv)"
sed -e 's/0912-34,/0912345678,/' rf.csv >rf-fixed.csv
imp rf-fixed.csv
expect_rc 0
expect_err "epb: rf-fixed.csv: read 1, imported 1, updated 0, skipped 0, rejected 0 in X.X s (committed)"
expect_sql "select description from case_file order by id" "=1+1
-5度"

finish
