#!/usr/bin/env bash
# epb calendar: due dates (DOMAIN.md §3 vectors), --explain, show, close, import.
source "$(dirname "$0")/lib.sh"

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
expect_out_contains '{"date":"112/01/20","kind":"holiday","reason":"小年夜"}'
run calendar due --from "2024-02-09 20:00" --rule "24 hours" --format json --date-style roc
expect_out_contains '"due":"2024-02-10T20:00:00+08:00"'

# Bad input: unknown rule, bad date, outside the calendar.
run calendar due --from 2023-01-19 --rule "3 fortnights"
expect_rc 3
expect_err "epb: error: deadline rule '3 fortnights': unknown unit 'fortnights': expected workdays, days or hours"
run calendar due --from 2023-02-30 --rule "3 days"
expect_rc 3
expect_err "epb: error: --from: date '2023-02-30': no such day"
run calendar due --from 2031-01-02 --rule "3 days"
expect_rc 3
expect_err "epb: error: date 2031-01-02: outside the office calendar (2018–2026); import the year with 'epb calendar import'"
run calendar due --from 2023-01-19
expect_rc 2

# show: a year's exceptions.
run calendar show 2025 --format csv --lang en
expect_rc 0
expect_out_contains "2025-02-08,Sat,workday,補行上班"
expect_out_contains "2025-09-29,Mon,holiday,"
run calendar show 2030
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

# import: the government's yearly CSV, in Big5, adds a year.
printf '西元日期,星期,是否放假,備註\n20270101,五,2,開國紀念日\n20270102,六,2,\n20270103,日,2,\n20270104,一,0,\n' |
  iconv -f UTF-8 -t BIG5 >"$SCRATCH/2027.csv"
run calendar import "$SCRATCH/2027.csv"
expect_rc 0
expect_err_contains "imported the office calendar for 2027 (1 exceptions)"
run calendar due --from 2026-12-31 --rule "1 workday"
expect_out "2027-01-04"
printf 'date,kind,name\n2027-01-01,holday,x\n' >"$SCRATCH/bad.csv"
run calendar import "$SCRATCH/bad.csv"
expect_rc 3
expect_err "epb: error: $SCRATCH/bad.csv:2: kind must be holiday or workday, not 'holday'"
run calendar import "$SCRATCH/missing.csv"
expect_rc 3

finish
