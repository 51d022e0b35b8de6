#!/usr/bin/env bash
# epb calendar: due dates (DOMAIN.md §3 vectors), --explain, show, close, import.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/calendar_files.sh"

due() { run calendar due --from "$1" --rule "$2"; expect_rc 0; expect_out "$3"; }
due 2023-01-19 "3 workdays" 2023-02-01
due 2018-12-28 "1 workday" 2019-01-02
due 2026-02-13 "1 workday" 2026-02-23
due 2025-02-07 "1 workday" 2025-02-08
due 2018-03-01 "30 days" 2018-03-31
due 2019-09-13 "30 days" 2019-10-14
due 2024-09-10 "30 days" 2024-10-11
due 2025-09-27 "2 days" 2025-09-30
# ROC input, every form.
due 112/01/19 "3 workdays" 2023-02-01
due 112.01.19 "3 workdays" 2023-02-01
due 1120119 "3 workdays" 2023-02-01
due 112年1月19日 "3 workdays" 2023-02-01
due "2024-02-09 20:00" "24 hours" "2024-02-10T20:00:00+08:00"

run calendar due --from 2024-09-10 --rule "30 days" --explain --lang en
expect_rc 0
expect_out "2024-10-11
rule: 30 days from 2024-09-10 (Tue), calendar $(run calendar due --from 2024-09-10 --rule '30 days' --format json >/dev/null; echo "$OUT" | sed 's/.*"calendar_version":"\([^"]*\)".*/\1/')
counting: calendar days after the start day; a last day that is not a working day moves to the next working day (§48)
skipped 2024-10-10 Thu holiday: 國慶日"

run calendar due --from 2023-01-19 --rule "3 workdays" --explain --lang en
expect_out_contains "skipped 2023-01-20 Fri holiday: 小年夜"
expect_out_contains "skipped 2023-01-21 Sat weekend: Saturday"
# In zh-TW (the default) every line of the explanation is Chinese: no English word is left.
VERSION=$(run calendar due --from 2024-09-10 --rule '30 days' --format json >/dev/null; echo "$OUT" | sed 's/.*"calendar_version":"\([^"]*\)".*/\1/')
run calendar due --from 2024-09-10 --rule "30 days" --explain
expect_out "2024-10-11
規則：自 2024-09-10（週二）起 30 日（日曆天），行事曆 $VERSION
計算：自起算日次日起算日曆天；期間末日非上班日者，以其次一上班日為期間末日（行政程序法第48條）
跳過 2024-10-10 週四 放假日：國慶日"
run calendar due --from 112/01/19 --rule "3 workdays" --explain --date-style roc
expect_out_contains "規則：自 112/01/19（週四）起 3 個上班日"
expect_out_contains "跳過 112/01/21 週六 例假日：星期六"
CHECKS=$((CHECKS + 1))
printf '%s\n' "$OUT" | sed "s/$VERSION//" | grep -q '[A-Za-z]' && fail "English in the zh-TW explanation" "$OUT"
run calendar due --from 2024-09-10 --rule "48 hours" --explain
expect_out_contains "起 48 小時"
# A zh-TW table names the kinds of day in Chinese; csv keeps the codes.
run calendar show 2024
expect_out_contains "2024-01-01  週一     放假日      開國紀念日"
run calendar show 2024 --format csv
expect_out_contains "2024-01-01,週一,holiday,開國紀念日"
# json and csv follow --date-style like every format: dates in ROC, instants ISO 8601.
run calendar due --from 2023-01-19 --rule "3 workdays" --format json --date-style roc
expect_out_contains '{"from":"112/01/19","rule":"3 workdays","due":"112/02/01",'
expect_out_contains '{"date":"112/01/20","kind":"holiday","reason":"小年夜","provisional":false}'
run calendar due --from "2024-02-09 20:00" --rule "24 hours" --format json --date-style roc
expect_out_contains '"due":"2024-02-10T20:00:00+08:00"'

# Bad input: unknown rule, bad date, outside the calendar.
run calendar due --from 2023-01-19 --rule "3 fortnights"
expect_rc 3
expect_err "epb: error: deadline rule '3 fortnights': unknown unit 'fortnights': expected workdays, days or hours"
run calendar due --from 2023-02-30 --rule "3 days"
expect_rc 3
expect_err "epb: error: --from: date '2023-02-30': no such day"
run calendar due --from 2017-01-02 --rule "3 days"
expect_rc 3
expect_err "epb: error: date 2017-01-02: outside the office calendar (2018–2027, provisional to 2100); import the year with 'epb calendar import'"
run calendar due --from 2023-01-19
expect_rc 2

# show: a year's exceptions.
run calendar show 2025 --format csv --lang en
expect_rc 0
expect_out_contains "2025-02-08,Sat,workday,補行上班"
expect_out_contains "2025-09-29,Mon,holiday,"
run calendar show 2030 --format csv
expect_rc 0
expect_out_contains "2030-02-04,週一,holiday,春節" # 初一 2030-02-03 (the override table; ICU 72.1 says 02-02)
run calendar show 2101
expect_rc 3

# close: a typhoon day moves due dates; it is recorded and not accepted twice.
run init -q
expect_rc 0
run calendar close 2024-07-25 --reason "凱米颱風停止上班"
expect_rc 0
run calendar due --from 2024-07-24 --rule "1 workday"
expect_out "2024-07-26"
run calendar show 2024 --format csv --lang en
expect_out_contains "2024-07-25,Thu,closure,凱米颱風停止上班"
run calendar close 113/07/25 --reason again
expect_rc 3
expect_err "epb: error: date 2024-07-25: already closed (凱米颱風停止上班)"
run calendar close 2024-07-27 --reason weekend
expect_rc 3
run calendar close 2024-07-26 --reason "  "
expect_rc 3
expect_err "epb: error: --reason: must not be empty"

# import: the government's yearly CSV, in Big5, adds a year (past the shipped ones: provisional until then).
gov_calendar 2028 --off 2028-01-03=調整放假 | iconv -f UTF-8 -t BIG5 >"$SCRATCH/2028.csv"
run calendar import "$SCRATCH/2028.csv"
expect_rc 0
expect_err_contains "imported the office calendar for 2028 (1 exceptions, replacing the provisional year)"
run calendar due --from 2027-12-31 --rule "1 workday"
expect_out "2028-01-04"
run calendar due --from 2027-12-31 --rule "1 workday" --format json
expect_out_contains '"provisional":false'
run calendar import "$SCRATCH/missing.csv"
expect_rc 3

LEDGER="$XDG_DATA_HOME/epb/ledger.sqlite"
# §4.2: a holiday name with a comma survives the ledger round-trip, and drops nothing else.
printf 'date,kind,name
2029-01-02,holiday,"開國紀念日, 元旦"
2029-01-03,holiday,"say ""hi"""
2030-01-02,holiday,plain
' \
  >"$SCRATCH/comma.csv"
run calendar import "$SCRATCH/comma.csv"
expect_rc 0
run calendar show 2029 --format csv
OUT=${OUT//$'\r'/}
expect_out 'date,weekday,kind,name,provisional,source
2029-01-02,週二,holiday,"開國紀念日, 元旦",false,imported from '"$SCRATCH"'/comma.csv
2029-01-03,週三,holiday,"say ""hi""",false,imported from '"$SCRATCH"'/comma.csv'
run calendar due --from 2029-01-01 --rule "1 workday"
expect_out "2029-01-04"
run calendar due --from 2030-01-01 --rule "1 workday"
expect_out "2030-01-03"
run calendar due --from 2027-12-31 --rule "1 workday"
expect_out "2028-01-04"
expect_sql "select count(*) from calendar_year" "3"

# §4.3: every bad calendar file is refused with FILE:LINE, and nothing is written.
F="$SCRATCH/bad.csv"
bad_gov() { gov_calendar "$@" >"$F"; }
bad_epb() { printf 'date,kind,name\n%b' "$1" >"$F"; }
# The government's format: every day of each year it names, weekdays matching.
printf '西元日期,星期,是否放假,備註\n20310101,三,2,開國紀念日\n20310102,四,0,\n' >"$F"
refuse "epb: error: $F:3: year 2031 has 2 of its 365 days: no row for 2031-01-03 (the government's file lists every day of the year)" calendar import "$F"
printf '西元日期,星期,是否放假,備註\n20310101,三,2,開國紀念日\n' >"$F"
refuse "epb: error: $F:2: year 2031 has 1 of its 365 days: no row for 2031-01-02 *" calendar import "$F"
bad_gov 2031 --drop 2031-03-05
refuse "epb: error: $F:365: year 2031 has 364 of its 365 days: no row for 2031-03-05 *" calendar import "$F"
bad_gov 2032 --drop 2032-12-31
refuse "epb: error: $F:366: year 2032 has 365 of its 366 days: no row for 2032-12-31 *" calendar import "$F"
bad_gov 2031 --drop 2031-01-01
refuse "epb: error: $F:365: year 2031 has 364 of its 365 days: no row for 2031-01-01 *" calendar import "$F"
bad_gov 2031 --weekday 2031-01-05=一
refuse "epb: error: $F:6: 2031-01-05 is a 星期日, not 一" calendar import "$F"
bad_gov 2031 --weekday 2031-01-05=X
refuse "epb: error: $F:6: 星期 must be 一 to 日, not 'X'" calendar import "$F"
bad_gov 2031 --weekday 2031-01-05=
refuse "epb: error: $F:6: 星期 must be 一 to 日, not ''" calendar import "$F"
bad_gov 2031 --dup 2031-02-01
refuse "epb: error: $F:34: 2031-02-01 is listed twice (first on line 33)" calendar import "$F"
bad_gov 2031 --flag 2031-01-06=1
refuse "epb: error: $F:7: 是否放假 must be 0 or 2, not '1'" calendar import "$F"
bad_gov 2031 --flag 2031-01-06=
refuse "epb: error: $F:7: 是否放假 must be 0 or 2, not ''" calendar import "$F"
bad_gov 2031 --raw "20310230,日,2,"
refuse "epb: error: $F:367: date '20310230': no such day" calendar import "$F"
bad_gov 2031 --raw "hello,日,2,"
refuse "epb: error: $F:367: date 'hello': expected YYYY-MM-DD or an ROC date such as 107/03/31" calendar import "$F"
bad_gov 2031 --raw "20320101,四,2,a,b"
refuse "epb: error: $F:367: expected 西元日期,星期,是否放假,備註, not 5 fields" calendar import "$F"
bad_gov 2031 --raw "20320101,四"
refuse "epb: error: $F:367: expected 西元日期,星期,是否放假,備註, not 2 fields" calendar import "$F"
bad_gov 2031 --raw '20320101,四,2,"開國紀念日'
refuse "epb: error: $F:367: unterminated quote" calendar import "$F"
{ gov_calendar 2031; gov_calendar 2032 --no-header --drop 2032-06-01; } >"$F"
refuse "epb: error: $F:731: year 2032 has 365 of its 366 days: no row for 2032-06-01 *" calendar import "$F"
bad_gov 1900
refuse "epb: error: $F:2: year 1900 is outside 1990–2100" calendar import "$F"
bad_gov 3000
refuse "epb: error: $F:2: year 3000 is outside 1990–2100" calendar import "$F"
bad_gov 1989
refuse "epb: error: $F:2: year 1989 is outside 1990–2100" calendar import "$F"
bad_gov 2101
refuse "epb: error: $F:2: year 2101 is outside 1990–2100" calendar import "$F"
bad_gov 2031 --raw "0781230,六,2,"
refuse "epb: error: $F:367: year 1989 is outside 1990–2100" calendar import "$F"
# Bytes: FILE:LINE, never a byte offset.
{ printf '\xef\xbb\xbf'; gov_calendar 2031 | sed '4s/,0,/,0,\xff/'; } >"$F"
refuse "epb: error: $F:4: invalid UTF-8 (the file starts with a UTF-8 byte-order mark)" calendar import "$F"
{ gov_calendar 2031 | sed '3s/,0,/,0,\xff\xfe/'; } >"$F"
refuse "epb: error: $F:3: invalid bytes: neither UTF-8 nor Big5 text" calendar import "$F"
{ gov_calendar 2031 | iconv -f UTF-8 -t BIG5 | sed '10s/,0,/,0,\xff/'; } >"$F"
refuse "epb: error: $F:10: invalid bytes: neither UTF-8 nor Big5 text" calendar import "$F"
bad_epb '2031-01-02,holiday,\xc3\x28\n'
refuse "epb: error: $F:2: invalid bytes: neither UTF-8 nor Big5 text" calendar import "$F"
# Headers and empty files.
printf 'when,what\n2031-01-02,x\n' >"$F"
refuse "epb: error: $F:1: unknown header: expected 'date,kind,name' or '西元日期,星期,是否放假,備註'" calendar import "$F"
: >"$F"
refuse "epb: error: $F: empty calendar file" calendar import "$F"
printf '西元日期,星期,是否放假,備註\n' >"$F"
refuse "epb: error: $F: no days in the calendar file" calendar import "$F"
printf 'date,kind,name\n# nothing\n' >"$F"
refuse "epb: error: $F: no days in the calendar file" calendar import "$F"
# epb's own format: dates, kinds, names, duplicates, year range.
bad_epb '2031-01-02,holday,x\n'
refuse "epb: error: $F:2: kind must be holiday or workday, not 'holday'" calendar import "$F"
bad_epb '2031-01-02,,x\n'
refuse "epb: error: $F:2: kind must be holiday or workday, not ''" calendar import "$F"
bad_epb '2031-02-30,holiday,x\n'
refuse "epb: error: $F:2: date '2031-02-30': no such day" calendar import "$F"
bad_epb '2031-1-2x,holiday,x\n'
refuse "epb: error: $F:2: date '2031-1-2x': *" calendar import "$F"
bad_epb '2031-01-02,holiday,x\n2031-01-03,holiday,y\n2031-01-02,holiday,z\n'
refuse "epb: error: $F:4: 2031-01-02 is listed twice (first on line 2)" calendar import "$F"
bad_epb '1900-01-02,holiday,x\n'
refuse "epb: error: $F:2: year 1900 is outside 1990–2100" calendar import "$F"
bad_epb '3000-01-02,holiday,x\n'
refuse "epb: error: $F:2: year 3000 is outside 1990–2100" calendar import "$F"
bad_epb '2031-01-02,holiday,x\n2101-01-03,holiday,x\n'
refuse "epb: error: $F:3: year 2101 is outside 1990–2100" calendar import "$F"
bad_epb '2031-01-04,holiday,週六\n'
refuse "epb: error: $F:2: 2031-01-04 is a weekend day already" calendar import "$F"
bad_epb '2031-01-06,workday,補班\n'
refuse "epb: error: $F:2: 2031-01-06 is a weekday, a working day already" calendar import "$F"
bad_epb '2031-01-02,holiday,  \n'
refuse "epb: error: $F:2: the name is empty" calendar import "$F"
bad_epb '2031-01-02,holiday\n'
refuse "epb: error: $F:2: expected date,kind,name, not 2 fields" calendar import "$F"
bad_epb '2031-01-02,holiday,x,y\n'
refuse "epb: error: $F:2: expected date,kind,name, not 4 fields" calendar import "$F"
bad_epb '2031-01-02,holiday,"開國紀念日, 元旦\n2031-01-03,holiday,x\n'
refuse "epb: error: $F:2: unterminated quote" calendar import "$F"
bad_epb '# secondary-copy: 19x\n2031-01-02,holiday,x\n'
refuse "epb: error: $F:2: secondary-copy: '19x' is not a year" calendar import "$F"
# Replacing a published year needs --replace (a shipped year, an imported one).
gov_calendar 2026 >"$F"
refuse "epb: error: $F: replaces the published year 2026 (built-in office calendar); import again with --replace to replace it; 0 open cases would move" calendar import "$F"
bad_epb '2026-01-02,holiday,x\n'
refuse "epb: error: $F: replaces the published year 2026 (built-in office calendar); *" calendar import "$F"
bad_epb '2028-01-04,holiday,x\n'
refuse "epb: error: $F: replaces the published year 2028 (imported from $SCRATCH/2028.csv); *" calendar import "$F"
bad_epb '2029-01-04,holiday,x\n2030-01-04,holiday,y\n'
refuse "epb: error: $F: replaces the published years 2029 (imported from $SCRATCH/comma.csv), 2030 (imported from $SCRATCH/comma.csv); import again with --replace to replace them; 0 open cases would move" calendar import "$F"
run calendar import "$F" --replace
expect_rc 0
expect_sql "select date || ' ' || name from calendar_day where year in (2029, 2030) order by date" "2029-01-04 x
2030-01-04 y"
# Other misuse of the calendar commands.
refuse "epb: error: year 2101: outside the office calendar (2018–2030, provisional to 2100)" calendar show 2101
refuse "epb: error: date 2101-01-03: outside the office calendar (2018–2030, provisional to 2100)" calendar due --from 2101-01-03 --rule "1 workday"
refuse "epb: error: date 2040-02-28: not a working day (holiday: 和平紀念日)" calendar close 2040-02-28 --reason 颱風
refuse "epb: error: date 2040-03-03: not a working day (weekend: Saturday)" calendar close 2040-03-03 --reason 颱風
refuse "epb: error: received: date 2101-01-03: *" case open --service petition --channel web --subject x --name 王小明 \
  --received 2101-01-03 --as-of 2101-01-04

finish
