#!/usr/bin/env bash
# The rejects file (issue 9 §1.4): each rejected record exactly as read — all its physical lines,
# its line ends, bad bytes and all — after a note holding only the reason (column or key
# `epb_error`), so that for every kind of rejection, fixing the file and importing it again works.
source "$(dirname "$0")/lib.sh"

export EPB_NOW="2024-03-01 09:00"
export LC_ALL=C # sed over bytes that are not UTF-8
cd "$SCRATCH" || exit 1
LEDGER="$SCRATCH/l.sqlite"
export EPB_LEDGER=$LEDGER
run init -q

check() { # check LABEL COMMAND...
  CHECKS=$((CHECKS + 1))
  local label=$1
  shift
  "$@" || fail "$label"
}
same_bytes() { # same_bytes LABEL FILE-A FILE-B (either may be a pipe)
  CHECKS=$((CHECKS + 1))
  cat "$2" >"$SCRATCH/same.a"
  cat "$3" >"$SCRATCH/same.b"
  cmp -s "$SCRATCH/same.a" "$SCRATCH/same.b" || fail "$1" "$(diff <(cat -A "$SCRATCH/same.a") <(cat -A "$SCRATCH/same.b"))"
}
# The errors as listed on stderr, without the "epb: error: " and without the summary.
listed() { printf '%s\n' "$ERR" | sed -n 's/^epb: error: //p'; }

# --- CSV: one record of every kind of rejection; the broken quote last, as it runs to the end --
NOTE=',,,,,,,,"' # 8 empty input fields, then the reason
{
  printf '%s\n' 'source_system,source_id,service,channel,name,phone,subject,description' \
    'h,S01,petition,phone,王小明,0912345678,好的,' \
    'h,S02,petition,phone,王小明,0912-34,電話壞,' \
    'h,S03,petition,phone,王小明,0912345678,,' \
    'h,S04,petition,phone,王小明,0912345678,多一欄,,多' \
    'h,S05,petition,phone,王小明,0912345678,少一欄' \
    'h,S06,petition,phone,王小明,0912-99,跨行,"第一行' '第二行, 有逗號"' \
    'h,S07,petition,phone,王小明,0912345678,引號ab"c,' \
    'h,S08,petition,phone,王小明,0912345678,"quoted" tail,'
  printf 'h,S09,petition,phone,王小明,0912345678,壞\xff字,\n'
  printf '%s\n' 'h,S01,petition,phone,王小明,0912345678,重複,' \
    'h,S10,noise,phone,王小明,0912345678,未知,' \
    'h,S11,petition,phone,王小明,0912345678,也好,' \
    'h,S12,petition,phone,王小明,0912345678,沒結束,"never closed' \
    'h,S13,petition,phone,王小明,0912345678,被吞,'
} >in.csv
imp in.csv --skip-invalid --rejects r.csv --on-duplicate error
expect_rc 0
expect_err "epb: error: in.csv:3: phone: phone '0912-34': a mobile number is 09 and 8 digits
epb: error: in.csv:4: subject: required
epb: error: in.csv:5: expected 8 fields as in the header, found 9
epb: error: in.csv:6: expected 8 fields as in the header, found 7
epb: error: in.csv:7: phone: phone '0912-99': a mobile number is 09 and 8 digits
epb: error: in.csv:9: a quote inside an unquoted field (quote the whole field)
epb: error: in.csv:10: text after a closing quote (a quote inside a field must be doubled)
epb: error: in.csv:11: neither UTF-8 nor Big5
epb: error: in.csv:12: source_id: duplicate of an earlier row of this file (PET-113-000001)
epb: error: in.csv:13: service: unknown service 'noise' (known: petition, complaint, whistleblower, factory_registration, water_test, recycling_station, subsidy, construction_fee, survey_follow_up)
epb: error: in.csv:15: unterminated quoted field (opened on line 15)
epb: in.csv: read 13, imported 2, updated 0, skipped 0, rejected 11 in X.X s (committed; rejected rows in r.csv)"
check "r.csv: the input's header plus epb_error" [ "$(head -1 r.csv)" = "$(head -1 in.csv),epb_error" ]
# The records: byte for byte the input's rejected lines (all but the header, S01 and S11).
grep -v "^$NOTE" r.csv | sed 1d >r-records.csv
sed '1d;2d;14d' in.csv >in-rejected.csv
same_bytes "r.csv holds the rejected records exactly as read" in-rejected.csv r-records.csv
# The notes: one before each record, the reason as listed.
grep "^$NOTE" r.csv | sed "s/^$NOTE//; s/\"\$//" >r-notes.txt
same_bytes "r.csv's notes are the listed errors" <(listed) r-notes.txt
check "each note comes right before its record" [ "$(sed -n '2p;4p;6p' r.csv | cut -c1-9)" = "$NOTE
$NOTE
$NOTE" ]
check "r.csv is 0600" [ "$(stat -c %a r.csv)" = 600 ]

# Imported as it is, the rejects file gives the same rejections again, and its own rejects file
# the same records: notes are skipped, never taken for records nor written twice.
imp r.csv --skip-invalid --rejects rr.csv --on-duplicate error
expect_rc 0
expect_err_contains "epb: r.csv: read 11, imported 0, updated 0, skipped 0, rejected 11"
grep -v "^$NOTE" rr.csv >rr-records.csv
same_bytes "the rejects of the rejects: the same header and records" <(grep -v "^$NOTE" r.csv) rr-records.csv

# Fixed with sed, it imports whole.
sed -e 's/,0912-34,/,0912345678,/' -e '/,S03,/s/,,$/,補上主旨,/' -e '/,S04,/s/,,多$/,/' -e '/,S05,/s/$/,/' \
  -e 's/0912-99/0912345699/' -e 's/引號ab"c/引號abc/' -e 's/"quoted" tail/"quoted tail"/' -e 's/\xff//' \
  -e '/重複/s/,S01,/,S14,/' -e 's/,noise,/,complaint,/' -e 's/"never closed$/"never closed"/' r.csv >fixed.csv
imp fixed.csv --on-duplicate error
expect_rc 0
expect_err "epb: fixed.csv: read 12, imported 12, updated 0, skipped 0, rejected 0 in X.X s (committed)"
expect_sql "select group_concat(source_id, ' ') from (select source_id from case_file order by source_id)" \
  "S01 S02 S03 S04 S05 S06 S07 S08 S09 S10 S11 S12 S13 S14"
expect_sql "select description from case_file where source_id = 'S06'" "第一行
第二行, 有逗號"
expect_sql "select subject || '|' || description from case_file where source_id in ('S08', 'S09', 'S12') order by source_id" \
  "quoted tail|
壞字|
沒結束|never closed"

# CRLF input: the records keep their CRLF, and the header and notes follow it.
sed 's/$/\r/' in.csv >crlf.csv
run --ledger crlf.sqlite init -q
imp --ledger crlf.sqlite crlf.csv --skip-invalid --rejects rc.csv --on-duplicate error
expect_rc 0
expect_err_contains "rejected 11"
grep -v "^$NOTE" rc.csv | sed 1d >rc-records.csv
same_bytes "CRLF records as read" <(sed '1d;2d;14d' crlf.csv) rc-records.csv
check "every line of rc.csv ends in CRLF" [ "$(grep -c $'\r$' rc.csv)" = "$(wc -l <rc.csv)" ]

# A note beside data is no note: an extra field that lands under epb_error is an error.
printf '%s\n' 'service,channel,name,phone,subject,epb_error' 'petition,phone,王小明,0912345678,多,多' >note-data.csv
imp note-data.csv
expect_rc 3
expect_err_contains "epb: error: note-data.csv:2: epb_error: holds a value in a record with data"
# One field too few where epb_error is not last, or two too few, is an error as ever.
printf '%s\n' 'service,channel,name,phone,subject,epb_error' 'petition,phone,王小明,0912345678' >short.csv
imp short.csv
expect_rc 3
expect_err_contains "epb: error: short.csv:2: expected 5 fields as in the header (6 with epb_error), found 4"

# --- TSV -------------------------------------------------------------------------------------
{
  printf 'source_system\tsource_id\tservice\tchannel\tname\tphone\tsubject\n'
  printf 't\tT01\tpetition\tphone\t王小明\t0912345678\t好\n'
  printf 't\tT02\tpetition\tphone\t王小明\t0912-34\t壞\n'
  printf 't\tT03\tpetition\tphone\t王小明\t0912345678\t多\t多\n'
  printf 't\tT04\tpetition\tphone\t王小明\t0912345678\t壞\xff字\n'
  printf 't\tT05\tpetition\tphone\t王小明\t0912345678\t\n'
} >in.tsv
imp in.tsv --skip-invalid --rejects r.tsv
expect_rc 0
expect_err_contains "epb: in.tsv: read 5, imported 1, updated 0, skipped 0, rejected 4"
TNOTE=$'\t\t\t\t\t\t\t'
check "r.tsv: the header plus epb_error" [ "$(head -1 r.tsv)" = "$(head -1 in.tsv)"$'\tepb_error' ]
same_bytes "r.tsv holds the records as read" <(sed 1,2d in.tsv) <(grep -v "^$TNOTE" r.tsv | sed 1d)
same_bytes "r.tsv's notes are the listed errors" <(listed) <(grep "^$TNOTE" r.tsv | sed "s/^$TNOTE//")
sed -e 's/0912-34/0912345678/' -e $'s/\t多\t多$/\t多/' -e 's/\xff//' -e $'/T05/s/\t$/\t補上/' r.tsv >fixed.tsv
imp fixed.tsv
expect_rc 0
expect_err "epb: fixed.tsv: read 4, imported 4, updated 0, skipped 0, rejected 0 in X.X s (committed)"

# --- JSON lines --------------------------------------------------------------------------------
{
  printf '%s\n' '{"source_system":"j","source_id":"J01","service":"petition","channel":"phone","name":"王小明","phone":"0912345678","subject":"好"}' \
    '{"source_system":"j","source_id":"J02","service":"petition","channel":"phone","name":"王小明","phone":"0912-34","subject":"電話壞"}' \
    '{"source_system":"j","source_id":"J03","service":"petition","channel":"phone","name":"王小明","phone":"0912345678","subject":"少括號"' \
    '  {"source_system":"j","source_id":"J04","service":"petition","channel":"phone","name":"王小明","phone":"0912345678","subject":"顏色","colour":"red"}  ' \
    '{"source_system":"j","source_id":"J05","service":"petition","channel":"phone","name":"王小明","phone":"0912345678"}' \
    '{"source_system":"j","source_id":"J06","service":"petition","channel":"phone","name":"王小明","phone":"0912345678","subject":{"a":1}}'
  printf '{"source_system":"j","source_id":"J07","service":"petition","channel":"phone","name":"王小明","phone":"0912345678","subject":"壞\xff字"}\n'
  printf '{"source_system":"j","source_id":"J08","service":"petition","channel":"phone","name":"王小明","phone":"0912345678","subject":"沒有換行"'
} >in.jsonl
imp in.jsonl --skip-invalid --rejects r.jsonl
expect_rc 0
expect_err_contains "epb: in.jsonl: read 8, imported 1, updated 0, skipped 0, rejected 7"
same_bytes "r.jsonl holds the lines as read" <(sed 1d in.jsonl) <(grep -v '^{"epb_error":' r.jsonl | head -c -1)
check "r.jsonl: a note before each line" [ "$(grep -c '^{"epb_error":"in.jsonl:[0-9]*: ' r.jsonl)" = 7 ]
check "r.jsonl's notes are valid JSON" python3 -c 'import json,sys; [json.loads(l) for l in sys.stdin if l.startswith("{\"epb_error\"")]' <r.jsonl
sed -e 's/"0912-34"/"0912345678"/' -e 's/"少括號"$/"少括號"}/' -e 's/,"colour":"red"//' \
  -e '/J05/s/}$/,"subject":"補上"}/' -e 's/{"a":1}/"a"/' -e 's/\xff//' -e 's/"沒有換行"$/"沒有換行"}/' r.jsonl >fixed.jsonl
imp fixed.jsonl
expect_rc 0
expect_err "epb: fixed.jsonl: read 7, imported 7, updated 0, skipped 0, rejected 0 in X.X s (committed)"

# Without --skip-invalid a bad byte still refuses the whole file at its line, as before.
refuse "epb: error: in.tsv:5: neither UTF-8 nor Big5" case import in.tsv
refuse "epb: error: in.jsonl:7: neither UTF-8 nor Big5" case import in.jsonl

finish
