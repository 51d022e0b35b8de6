#!/usr/bin/env bash
# epb case import, part 1: all or nothing, --skip-invalid with a rejects file, re-import
# creates nothing, and every way a file can be refused, each with its FILE:LINE error line
# (physical lines, across quoted newlines), the cap on listed errors, Big5 and BOM input.
# Options, formats and mappings: test_case_import_options.sh; export and round trips:
# test_case_import_export.sh; sample files: test_case_import_sample.sh; kill -9: test_import_crash.sh.
source "$(dirname "$0")/lib.sh"

LEDGER="$XDG_DATA_HOME/epb/ledger.sqlite"
export EPB_NOW="2024-03-01 09:00"
cd "$SCRATCH" || exit 1

expect_file() { # expect_file FILE CONTENT: byte for byte (but for the last line end)
  CHECKS=$((CHECKS + 1))
  [ "$(cat "$1")" = "$2" ] || fail "$1 differs" "$(diff <(printf '%s\n' "$2") "$1")"
}

run init -q
expect_rc 0

# --- Done means: 10 rows, one bad ID (line 8) ---------------------------------------------
cat >ten.csv <<'EOF'
source_system,source_id,service,channel,name,id_number,phone,subject,received
hotline,T001,petition,phone,王小明,A123456789,0912345678,路燈不亮,2024-02-01 09:00
hotline,T002,petition,web,張三豐,E123456783,0922333444,公園髒亂,2024-02-02 10:00
hotline,T003,complaint,hotline,陳美麗,E223456785,07-3351234,工廠異味,2024-02-05 14:00
hotline,T004,complaint,web,林志玲,S122334458,0933444555,夜間噪音,2024-02-06 08:30
hotline,T005,petition,mail,李大同,K120000015,0911222333,道路坑洞,2024-02-07 11:00
hotline,T006,water_test,app,黃小華,Q200000024,0955666777,飲用水檢驗,2024-02-15 09:15
hotline,T007,petition,phone,吳美玲,B123456709,0966777888,垃圾車未到,2024-02-16 16:00
hotline,T008,complaint,phone,周杰倫,R222222221,0977888999,露天燃燒,2024-02-19 13:00
hotline,T009,petition,fax,鄭成功,H109876544,0988999000,行道樹倒塌,2024-02-20 10:30
hotline,T010,complaint,hotline,許文龍,T100000034,0910111222,河川污染,2024-02-21 15:45
EOF
BAD_ID="epb: error: ten.csv:8: id_number: national id 'B123456709': checksum does not match"
SUM=$(sha256sum <"$LEDGER")
imp ten.csv
expect_rc 3
expect_out ""
expect_err "$BAD_ID
epb: ten.csv: read 10, imported 9, updated 0, skipped 0, rejected 1 in X.X s (nothing written)
epb: error: ten.csv: 1 invalid row"
expect_file_unchanged "$LEDGER" "$SUM"
expect_sql "select count(*) from case_file; select count(*) from event" "0
0"

# --skip-invalid --rejects: the 9 good rows go in, the bad one to r.csv as read (its line end
# too), after a note row holding only the reason under the added `epb_error` column.
imp ten.csv --skip-invalid --rejects r.csv
expect_rc 0
expect_err "$BAD_ID
epb: ten.csv: read 10, imported 9, updated 0, skipped 0, rejected 1 in X.X s (committed; rejected rows in r.csv)"
expect_file r.csv "$(printf '%s\n' \
  "source_system,source_id,service,channel,name,id_number,phone,subject,received,epb_error" \
  ",,,,,,,,,\"ten.csv:8: id_number: national id 'B123456709': checksum does not match\"" \
  "hotline,T007,petition,phone,吳美玲,B123456709,0966777888,垃圾車未到,2024-02-16 16:00")"
[ "$(stat -c %a r.csv)" = 600 ] || fail "r.csv mode is $(stat -c %a r.csv), not 600"
# One event records the batch: the file and the ids it added.
expect_sql "select count(*) from case_file; select count(*) from event" "9
1"
expect_sql "select group_concat(source_id, ' ') from case_file" "T001 T002 T003 T004 T005 T006 T008 T009 T010"
expect_sql "select ref || ' ' || applicant_name || ' ' || due_date from case_file where source_id = 'T001'" \
  "PET-113-000001 王小明 2024-02-06"
run case history PET-113-000001 --format csv
expect_out_contains "2024-03-01T09:00:00+08:00,tester,case import,import,"
expect_out_contains '""file"":""ten.csv"",""first_id"":1,""last_id"":9,""imported"":9'

# Importing it again adds nothing, with or without --skip-invalid.
SUM=$(sha256sum <"$LEDGER")
imp ten.csv --skip-invalid --rejects r.csv
expect_rc 0
expect_err "$BAD_ID
epb: ten.csv: read 10, imported 0, updated 0, skipped 9, rejected 1 in X.X s (committed; rejected rows in r.csv)"
expect_sql "select count(*) from case_file; select count(*) from event" "9
1"
imp ten.csv
expect_rc 3
expect_err "$BAD_ID
epb: ten.csv: read 10, imported 0, updated 0, skipped 9, rejected 1 in X.X s (nothing written)
epb: error: ten.csv: 1 invalid row"
expect_file_unchanged "$LEDGER" "$SUM"

# The rejects file, fixed, imports as it is: its notes (`epb_error`) are the importer's own.
sed 's/B123456709/B123456708/' r.csv >fixed.csv
run --ledger fixed.sqlite init -q
imp --ledger fixed.sqlite fixed.csv
# The importer skips the rejects file's notes and takes its records without the epb_error field.
expect_rc 0
expect_err "epb: fixed.csv: read 1, imported 1, updated 0, skipped 0, rejected 0 in X.X s (committed)"

# --- Every way a row can be invalid: all listed, each with its physical line -----------
cat >bad.csv <<'EOF'
service,channel,name,phone,subject,description,received
petition,phone,王小明,0912345678,壞日期,,2023-02-30 10:00
noise,phone,王小明,0912345678,未知業務,,2024-01-02 10:00
petition,pigeon,王小明,0912345678,未知管道,"一行
兩行, 有逗號",2024-01-02 10:00
petition,phone,,0912345678,沒有姓名,,2024-01-02 10:00

petition,phone,王小明,0912-34,電話太短,"""引號""",2024-01-02 10:00
petition,phone,王小明,0912345678,未來,,2030-01-02 10:00
petition,phone,王小明,0912345678,,,2024-01-02 10:00
petition,phone,王小明,0912345678,少一欄,2024-01-02 10:00
petition,phone,王小明,0912345678,多一欄,,2024-01-02 10:00,多
EOF
SUM=$(sha256sum <"$LEDGER")
imp bad.csv
expect_rc 3
expect_err "epb: error: bad.csv:2: received: date '2023-02-30': no such day
epb: error: bad.csv:3: service: unknown service 'noise' (known: petition, complaint, whistleblower, factory_registration, water_test, recycling_station, subsidy, construction_fee, survey_follow_up)
epb: error: bad.csv:4: channel: unknown channel 'pigeon' (known: phone, hotline, fax, mail, web, app, in_person, dealer)
epb: error: bad.csv:6: name: required (or applicant_kind anonymous where the service allows it)
epb: error: bad.csv:8: phone: phone '0912-34': a mobile number is 09 and 8 digits
epb: error: bad.csv:9: received: 2030-01-02T10:00:00+08:00 is in the future
epb: error: bad.csv:10: subject: required
epb: error: bad.csv:11: expected 7 fields as in the header, found 6
epb: error: bad.csv:12: expected 7 fields as in the header, found 8
epb: bad.csv: read 9, imported 0, updated 0, skipped 0, rejected 9 in X.X s (nothing written)
epb: error: bad.csv: 9 invalid rows"
expect_file_unchanged "$LEDGER" "$SUM"

# Broken quoting: the broken record is skipped to the end of its line and reading goes on,
# counting physical lines (line 2's quoted field runs to line 3, line 6's to line 8).
cat >quotes.csv <<'EOF'
service,channel,name,phone,subject,description
petition,phone,王小明,0912345678,好的,"第一行
第二行, 有逗號"
petition,phone,王小明,0912345678,引號在中間,ab"c
petition,phone,王小明,0912345678,引號後有字,"quoted" tail
petition,phone,王小明,0912-34,跨行之後,"x

y"
petition,phone,王小明,0912345678,"跨行後""有字""
z" tail,
petition,phone,王小明,0912345678,沒有結束,"never closed
more
EOF
imp quotes.csv
expect_rc 3
expect_err "epb: error: quotes.csv:4: a quote inside an unquoted field (quote the whole field)
epb: error: quotes.csv:5: text after a closing quote (a quote inside a field must be doubled)
epb: error: quotes.csv:6: phone: phone '0912-34': a mobile number is 09 and 8 digits
epb: error: quotes.csv:9: text after a closing quote (a quote inside a field must be doubled)
epb: error: quotes.csv:11: unterminated quoted field (opened on line 11)
epb: quotes.csv: read 6, imported 1, updated 0, skipped 0, rejected 5 in X.X s (nothing written)
epb: error: quotes.csv: 5 invalid rows"
expect_file_unchanged "$LEDGER" "$SUM"
# Rejected broken records keep their text, so they can be fixed: the fields up to the break at least.
imp quotes.csv --dry-run --skip-invalid --rejects rq.csv
expect_rc 0
CHECKS=$((CHECKS + 1))
# A record with broken quoting goes to the rejects file as its original text plus the error.
grep -q '0912345678,引號在中間,ab' rq.csv || fail "rejects: the broken record's text is lost" "$(cat rq.csv)"

# Problems with the file as a whole: FILE:1, nothing read.
printf '%s\n' 'service,channel,name,phone' 'petition,phone,王小明,0912345678' >nosubject.csv
imp nosubject.csv
expect_rc 3
expect_err "epb: error: nosubject.csv:1: missing column 'subject' (or map one with --map COLUMN=subject)"
FIELDS="ref, service, channel, status, applicant_kind, name, id_number, business_number, phone, email, address, lang, subject, description, place, received, deadline_rule, assignee, paused_since, closed, outcome, closed_late, repeat_of, source_system, source_id, updated, clock_start, pauses, extension_log"
printf '%s\n' 'service,channel,name,phone,subject,colour' 'petition,phone,王小明,0912345678,路燈,red' >colour.csv
imp colour.csv
expect_rc 3
expect_err "epb: error: colour.csv:1: unknown column 'colour' (map it with --map 'colour=FIELD'; fields: $FIELDS)"
printf '%s\n' 'service,channel,name,phone,subject,name' 'petition,phone,王小明,0912345678,路燈,王' >twice.csv
imp twice.csv
expect_rc 3
expect_err "epb: error: twice.csv:1: two columns give field 'name'"
: >empty.csv
imp empty.csv
expect_rc 3
expect_err "epb: error: empty.csv:1: no header line"
imp missing.csv
expect_rc 3
expect_err "epb: error: missing.csv: cannot open: No such file or directory"
expect_file_unchanged "$LEDGER" "$SUM"

# Duplicates: within the file (by source id, or by content when a row has neither ref nor
# source id) and, with --on-duplicate error, already in the ledger.
cat >dup.csv <<'EOF'
source_system,source_id,service,channel,name,phone,subject,received
hotline,T100,petition,phone,王小明,0912345678,甲,2024-02-01 09:00
hotline,T101,petition,phone,王小明,0912345678,乙,2024-02-01 09:00
hotline,T100,petition,phone,王小明,0912345678,甲,2024-02-01 09:00
,,petition,phone,王小明,0912345678,丙,2024-02-01 09:00
,,petition,phone,王小明,0912345678,丙,2024-02-01 09:00
EOF
imp dup.csv
expect_rc 3
expect_err "epb: error: dup.csv:4: source_id: duplicate of an earlier row of this file (PET-113-000005)
epb: error: dup.csv:6: service, channel, name, phone, subject, received: the same content as an earlier row of this file (PET-113-000007)
epb: dup.csv: read 5, imported 3, updated 0, skipped 0, rejected 2 in X.X s (nothing written)
epb: error: dup.csv: 2 invalid rows"
expect_file_unchanged "$LEDGER" "$SUM"
imp ten.csv --on-duplicate error
expect_rc 3
expect_err_contains "epb: error: ten.csv:2: source_id: already in the ledger as PET-113-000001
epb: error: ten.csv:3: source_id: already in the ledger as PET-113-000002
epb: error: ten.csv:4: source_id: already in the ledger as CMP-113-000001"
expect_err_contains "$BAD_ID"
expect_err_contains "epb: ten.csv: read 10, imported 0, updated 0, skipped 0, rejected 10 in X.X s (nothing written)"
expect_file_unchanged "$LEDGER" "$SUM"

# More than 20 errors: the first 20, then how many more.
{
  echo 'service,channel,name,phone,subject'
  for i in $(seq 1 25); do echo "petition,phone,王小明,0912-$i,第${i}件"; done
} >many.csv
imp many.csv
expect_rc 3
expect_err "$(for i in $(seq 1 20); do
  echo "epb: error: many.csv:$((i + 1)): phone: phone '0912-$i': a mobile number is 09 and 8 digits"
done)
epb: error: ... and 5 more
epb: many.csv: read 25, imported 0, updated 0, skipped 0, rejected 25 in X.X s (nothing written)
epb: error: many.csv: 25 invalid rows"

# --- Encodings ------------------------------------------------------------------------------
# Bytes that are neither UTF-8 nor Big5: exit 3, naming the line, nothing written.
{
  printf '%s\n' 'service,channel,name,phone,subject' 'petition,phone,Wang,0912345678,a'
  printf 'petition,phone,\xff\xfe\xfd,0912345678,b\n'
} >latin.csv
imp latin.csv
expect_rc 3
# An encoding error names FILE:LINE of the bad byte.
expect_err_like "epb: error: latin.csv:3: *neither UTF-8 nor Big5*"
# Mixed into a UTF-8 file with Chinese text: still line 3 (the file is not Big5 either).
{
  printf '%s\n' 'service,channel,name,phone,subject' 'petition,phone,王小明,0912345678,路燈不亮'
  printf 'petition,phone,\xff\xfe\xfd,0912345678,公園\n'
} >mixed.csv
imp mixed.csv
expect_rc 3
# A UTF-8 file with a stray bad byte is not misread as Big5.
expect_err_like "epb: error: mixed.csv:3: *"
imp mixed.csv --encoding utf8
expect_rc 3
# Forced UTF-8: the same line.
expect_err_like "epb: error: mixed.csv:3: *not valid UTF-8*"
expect_file_unchanged "$LEDGER" "$SUM"
# A bad byte after the first megabyte: exit 3 too (bounded: the reader must not hang).
{
  echo 'service,channel,name,phone,subject,description'
  seq 1 9000 | sed "s/.*/petition,phone,王小明,0912345678,第&件,$(printf '%0100d' 0)/"
  printf 'petition,phone,\xff\xfe\xfd,0912345678,b,c\n'
} >late.csv
RC=
OUT=$(timeout 5 "$EPB_BIN" case import late.csv 2>"$SCRATCH/stderr")
RC=$?
ERR=$(head -c 2000 "$SCRATCH/stderr")
# Invalid bytes after the first 1 MiB chunk end the import at their line (no endless retry).
expect_rc 3
expect_err_like "epb: error: late.csv:9002: *"
expect_file_unchanged "$LEDGER" "$SUM"

# Big5 (as many government exports are) imports exactly as the same file in UTF-8; so does
# UTF-8 with a BOM. Each into a ledger of its own, compared by export.
grep -v T007 ten.csv >nine.csv
iconv -f UTF-8 -t BIG5 nine.csv >nine.big5.csv
CHECKS=$((CHECKS + 1))
cmp -s nine.csv nine.big5.csv && fail "iconv did not convert to Big5"
printf '\xef\xbb\xbf' | cat - nine.csv >nine.bom.csv
for variant in nine nine.big5 nine.bom; do
  run --ledger "$variant.sqlite" init -q
  imp --ledger "$variant.sqlite" "$variant.csv"
  expect_rc 0
  expect_err "epb: $variant.csv: read 9, imported 9, updated 0, skipped 0, rejected 0 in X.X s (committed)"
  run --ledger "$variant.sqlite" case export --reveal-pii
  printf '%s\n' "$OUT" >"$variant.export.csv"
done
expect_out_contains ",王小明,A123456789,,0912345678,"
CHECKS=$((CHECKS + 2))
cmp -s nine.export.csv nine.big5.export.csv || fail "Big5 import differs" "$(diff nine.export.csv nine.big5.export.csv)"
cmp -s nine.export.csv nine.bom.export.csv || fail "BOM import differs" "$(diff nine.export.csv nine.bom.export.csv)"
# --encoding big5 says so explicitly; --encoding utf8 refuses Big5 bytes.
run --ledger big5b.sqlite init -q
imp --ledger big5b.sqlite nine.big5.csv --encoding big5
expect_rc 0
expect_err "epb: nine.big5.csv: read 9, imported 9, updated 0, skipped 0, rejected 0 in X.X s (committed)"
imp --ledger big5b.sqlite nine.big5.csv --encoding utf8
expect_rc 3
expect_err "epb: error: nine.big5.csv:2: not valid UTF-8 (give --encoding big5 for a Big5 file)"
# A Big5 file's rejected rows are written in UTF-8 (as read, i.e. as decoded).
iconv -f UTF-8 -t BIG5 ten.csv >ten.big5.csv
run --ledger big5c.sqlite init -q
imp --ledger big5c.sqlite ten.big5.csv --skip-invalid --rejects rb.csv
expect_rc 0
expect_err "epb: error: ten.big5.csv:8: id_number: national id 'B123456709': checksum does not match
epb: ten.big5.csv: read 10, imported 9, updated 0, skipped 0, rejected 1 in X.X s (committed; rejected rows in rb.csv)"
expect_file rb.csv "$(sed 's/"ten\.csv:8/"ten.big5.csv:8/' r.csv)"

# The input must be a file that can be read: a directory, a missing or unreadable file are
# invalid input (exit 3) before anything is opened.
mkdir -p adir
refuse "epb: error: adir: is a directory, not a file" case import adir
refuse "epb: error: adir: is a directory, not a file" case import adir --dry-run
refuse "epb: error: missing.csv: cannot open: No such file or directory" case import missing.csv
refuse "epb: error: adir/missing.jsonl: cannot open: No such file or directory" case import adir/missing.jsonl
if [ "$(id -u)" != 0 ]; then # root reads any file
  printf 'service,channel,subject\n' >secret.csv
  chmod 000 secret.csv
  refuse "epb: error: secret.csv: cannot open: Permission denied" case import secret.csv
fi

finish
