#!/usr/bin/env bash
# The calendar's horizon (issue #9 §4.1, DOMAIN.md §10): past the last published year epb builds
# provisional years from the statutory rules, flags what depends on them, warns from 1 July that
# next year's calendar is due, and an imported official year replaces the provisional one.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/calendar_files.sh"
LEDGER="$XDG_DATA_HOME/epb/ledger.sqlite"

run init -q
expect_rc 0
LAST=2027 # the last shipped year: the provisional machinery is tested past it
NEXT=$((LAST + 1))

open_at() { # open_at AS_OF SUBJECT: a petition (3 workdays) opened at AS_OF
  run case open --service petition --channel web --subject "$2" --name 王小明 --phone 0912345678 --as-of "$1"
}

# --- intake never stops at the horizon -----------------------------------------------------
# The issue's reproduction: 2026-12-29 was refused while 2027 was not shipped; it is now published.
open_at "2026-12-29T10:00:00+08:00" 年底
expect_rc 0
expect_err "epb: PET-115-000001 opened: 收件, due 2027-01-04"
run case close PET-115-000001 --outcome 已函復 --as-of 2026-12-30T10:00:00+08:00
expect_rc 0
open_at "$LAST-12-29T10:00:00+08:00" 跨年
expect_rc 0
expect_out "PET-$((LAST - 1911))-000001"
expect_err "epb: PET-$((LAST - 1911))-000001 opened: 收件, due $NEXT-01-04 (provisional: a calendar year not yet published)"
open_at "$NEXT-03-01T10:00:00+08:00" 明年
expect_rc 0
expect_out "PET-$((NEXT - 1911))-000001"
open_at "$LAST-06-01T10:00:00+08:00" 今年
expect_rc 0
run case open --service petition --channel web --subject 舊案 --name 陳大文 --phone 0922333444 \
  --received 2023-01-19T09:00:00+08:00 --as-of 2023-01-19T10:00:00+08:00
expect_rc 0
OLD=PET-112-000001
A=PET-$((LAST - 1911))-000001
B=PET-$((NEXT - 1911))-000001
C=PET-$((LAST - 1911))-000002
expect_sql "select ref, due_date, due_provisional from case_file where ref <> 'PET-115-000001' order by id" "$A|$NEXT-01-04|1
$B|$NEXT-03-06|1
$C|$LAST-06-04|0
$OLD|2023-02-01|0"

# The flag in csv/json, the mark and its footnote in tables.
run case list --format csv --as-of "$NEXT-03-02"
expect_rc 0
OUT=${OUT//$'\r'/}
CHECKS=$((CHECKS + 1))
[ "$(printf '%s\n' "$OUT" | head -1 | tr ',' '\n' | tail -1)" = provisional ] || fail "csv: no provisional column" "$OUT"
expect_out_contains ",$NEXT-01-04,3 workdays,"
CHECKS=$((CHECKS + 1))
[ "$(printf '%s\n' "$OUT" | grep -c ',true$')" = 2 ] || fail "csv: two provisional rows" "$OUT"
run case show "$A" --format json --as-of "$NEXT-03-02"
expect_out_contains '"due":"'"$NEXT"'-01-04"'
expect_out_contains '"provisional":true}'
run case show "$C" --format json --as-of "$NEXT-03-02"
expect_out_contains '"provisional":false}'
run case list --as-of "$NEXT-03-02"
expect_out_contains "$NEXT-01-04*"
expect_out_contains "* 暫定：$NEXT 年起的行事曆尚未公布，依法定假日推算；匯入正式行事曆（epb calendar import）後執行 epb case recompute"
run case list --as-of "$NEXT-03-02" --lang en --service nothing
expect_rc 3
run case list --as-of "$NEXT-03-02" --lang en --opened-to "$LAST-11-30"
expect_rc 0
CHECKS=$((CHECKS + 1))
[[ "$OUT" != *"* provisional"* ]] || fail "no footnote without a provisional row" "$OUT"
run case show "$A" --as-of "$NEXT-03-02" --lang en
expect_out_contains "due             $NEXT-01-04*"
expect_out_contains "late            36 working days*"
expect_out_contains "* provisional: counted over a calendar year not yet published (after $LAST); import the official year (epb calendar import), then run epb case recompute"
# --explain: one more line.
run case show "$A" --explain --as-of "$NEXT-03-02" --lang en
expect_out_contains "    $LAST-12-31 holiday: 補假"
expect_out_contains "  provisional: counted over a calendar year not yet published (after $LAST): predicted from the statutory holidays, without bridge days; it moves if the official calendar differs"
run case show "$C" --explain --as-of "$NEXT-03-02" --lang en
CHECKS=$((CHECKS + 1))
[[ "$OUT" != *"  provisional: counted"* ]] || fail "explain: a published year is not provisional" "$OUT"
run case show "$A" --explain --format json --as-of "$NEXT-03-02"
expect_out_contains '"provisional":true}}' # deadline_explain is an object

# calendar due: the field, the mark, the explanation.
run calendar due --from "$LAST-12-29" --rule "3 workdays" --lang en
expect_rc 0
expect_out "$NEXT-01-04*
* provisional: counted over a calendar year not yet published (after $LAST)"
run calendar due --from "$LAST-12-01" --rule "3 workdays"
expect_out "$LAST-12-06"
# The footnote in the run's language (zh-TW by default), and csv/tsv a row with the field, no mark.
run calendar due --from "$LAST-12-29" --rule "3 workdays" --lang zh-TW
expect_out "$NEXT-01-04*
* 暫定：$NEXT 年起的行事曆尚未公布，依法定假日推算"
run calendar due --from "$LAST-12-29" --rule "3 workdays" --format csv
OUT=${OUT//$'\r'/}
expect_out "from,rule,due,calendar_version,provisional
$LAST-12-29,3 workdays,$NEXT-01-04,$(sed -n 's/.*"calendar_version":"\([^"]*\)".*/\1/p' <<<"$(run calendar due --from "$LAST-12-29" --rule "3 workdays" --format json; echo "$OUT")"),true"
run calendar due --from "$LAST-12-01" --rule "3 workdays" --format tsv --date-style roc
expect_out_contains $'\t'"$((LAST - 1911))/12/06"$'\t'
expect_out_contains $'\tfalse'
# zh-TW --explain: every line Chinese, the provisional one too.
run calendar due --from "$LAST-12-29" --rule "3 workdays" --explain
expect_out_contains "暫定：$NEXT 年起的行事曆尚未公布，依法定假日推算（不含調整放假）"
expect_out_lacks "provisional"
expect_out_lacks "skipped"
run case show "$A" --explain --as-of "$NEXT-03-02"
expect_out_contains "  暫定：$NEXT 年起的行事曆尚未公布，依法定假日推算（不含調整放假）"
expect_out_contains "* 暫定：$NEXT 年起的行事曆尚未公布"
expect_out_lacks "provisional:"
expect_out_lacks "stepping over"
run calendar due --from "$LAST-12-29" --rule "3 workdays" --format json
expect_out_contains '"due":"'"$NEXT"'-01-04"'
expect_out_contains '"provisional":true,"skipped":[{"date":"'"$LAST"'-12-31","kind":"holiday","reason":"補假","provisional":false},{"date":"'"$NEXT"'-01-01","kind":"weekend","reason":"Saturday","provisional":true}'
run calendar due --from "$LAST-12-01" --rule "3 workdays" --format json
expect_out_contains '"provisional":false'
run calendar due --from "$LAST-12-29" --rule "3 workdays" --explain --lang en
expect_out_contains "provisional: counted over a calendar year not yet published (after $LAST)"
# An hour rule does not count calendar days.
run calendar due --from "$LAST-12-31 20:00" --rule "24 hours" --format json
expect_out_contains '"provisional":false'

# calendar show: a provisional year, and where each year came from.
run calendar show "$NEXT" --format csv --lang en
expect_rc 0
expect_out_contains "$NEXT-01-24,Mon,holiday,小年夜"
expect_out_contains "$NEXT-05-29,Mon,holiday,補假"
expect_err "epb: $NEXT: provisional, predicted from the statutory holidays (no bridge days or make-up Saturdays); import the official calendar when it is published"
run calendar show "$LAST" --format csv
expect_err "epb: $LAST: built-in office calendar, from a secondary copy of the official calendar"
# Machine formats carry it per row: whether the day is predicted, and the year's source.
expect_out_contains "date,weekday,kind,name,provisional,source"
expect_out_contains "$LAST-01-01,週五,holiday,開國紀念日,false,\"built-in office calendar, from a secondary copy of the official calendar\""
run calendar show "$NEXT" --format json
expect_out_contains '"name":"小年夜","provisional":true,"source":"provisional"}'
run calendar show "$NEXT" --format tsv
expect_out_contains $'\ttrue\tprovisional'
run calendar show "$NEXT" # the table keeps its four columns; standard error says provisional
expect_out_lacks "provisional"
run calendar show 2026 --format csv
expect_err "epb: 2026: built-in office calendar"

# --- overdue past the last year: counted (and flagged), never a silent 0 --------------------
run case overdue --as-of "$LAST-01-04" --format csv
expect_rc 0
OUT=${OUT//$'\r'/}
expect_out "ref,service,unit,status,due,workdays_late,assignee,applicant,subject,provisional
$OLD,petition,planning,received,2023-02-01,976,,陳O文,舊案,false"
run case overdue --as-of "$NEXT-01-04" --format csv
OUT=${OUT//$'\r'/}
expect_out "ref,service,unit,status,due,workdays_late,assignee,applicant,subject,provisional
$OLD,petition,planning,received,2023-02-01,1221,,陳O文,舊案,true
$C,petition,planning,received,$LAST-06-04,145,,王O明,今年,true"
run case overdue --as-of "$NEXT-01-04" --format jsonl
expect_out_contains '"workdays_late":1221,'
expect_out_contains '"provisional":true}'
run case overdue --as-of "$NEXT-01-04"
expect_out_contains "1221*" # the count runs into a provisional year, the 2023 due date does not
CHECKS=$((CHECKS + 1))
[[ "$OUT" != *"2023-02-01*"* ]] || fail "a published due date is marked provisional" "$OUT"
expect_out_contains "* 暫定"
run case overdue --due-within "5 workdays" --as-of "$NEXT-01-03" --format csv
OUT=${OUT//$'\r'/}
expect_out "ref,service,unit,status,due,workdays_left,assignee,applicant,subject,provisional
$A,petition,planning,received,$NEXT-01-04,1,,王O明,跨年,true"

# --- warnings from 1 July of the last published year (the run's clock) ----------------------
WARN="epb: warning: the office calendar is published to $LAST; import $NEXT's calendar (epb calendar import FILE) — due dates after $LAST-12-31 are provisional"
run db check --as-of "$LAST-06-30T23:59:00+08:00"
expect_rc 0
expect_err ""
run db check --as-of "$LAST-07-01T00:00:00+08:00"
expect_rc 0
expect_err "$WARN"
EPB_NOW="$LAST-09-01" run db check -q
expect_rc 0
expect_out ""
expect_err "$WARN"
run db check --as-of "$NEXT-02-01"
expect_err "$WARN"
# (the notices themselves fail here, no transport being set up: only the warning matters)
run notify run --as-of "$LAST-06-30T09:00:00+08:00" -q
CHECKS=$((CHECKS + 1))
[[ "$ERR" != *"warning"* ]] || fail "notify run warned before 1 July" "$ERR"
run notify run --as-of "$LAST-07-01T09:00:00+08:00" -q
expect_err_contains "$WARN"
run notify run --dry-run --as-of "$LAST-07-02T09:00:00+08:00" -q
expect_err_contains "$WARN"
# A notice about a provisional due date says so.
run notify run --as-of "$NEXT-01-10T09:00:00+08:00" -q
expect_sql "select count(*) > 0 from notice where ref = '$A' and body like '%$NEXT-01-04（暫定）%'" "1"

# --- the official year replaces the provisional one; recompute shows and applies the moves -
# DGPA's NEXT: the provisional days, plus a bridge day on 01-03 (and a make-up Saturday).
gov_calendar "$NEXT" --off "$NEXT-01-03=調整放假" --work "$NEXT-01-15=補行上班" >"$SCRATCH/official.csv"
run calendar import "$SCRATCH/official.csv"
expect_rc 0
expect_err "epb: imported the office calendar for $NEXT (2 exceptions, replacing the provisional year)
epb: $A: due $NEXT-01-04 (provisional) → $NEXT-01-05
epb: $B: due $NEXT-03-06 (provisional) → $NEXT-03-06
epb: 2 open cases change their due date or provisional flag: run 'epb case recompute' to apply"
expect_sql "select year, source from calendar_year" "$NEXT|$SCRATCH/official.csv"
run calendar show "$NEXT" --format csv --lang en
OUT=${OUT//$'\r'/}
expect_out "date,weekday,kind,name,provisional,source
$NEXT-01-03,Mon,holiday,調整放假,false,imported from $SCRATCH/official.csv
$NEXT-01-15,Sat,workday,補行上班,false,imported from $SCRATCH/official.csv"
expect_err "epb: $NEXT: imported from $SCRATCH/official.csv"
run case recompute --dry-run --format csv
expect_rc 0
OUT=${OUT//$'\r'/}
expect_out "ref,due_before,due_after,provisional
$A,$NEXT-01-04,$NEXT-01-05,false
$B,$NEXT-03-06,$NEXT-03-06,false"
expect_err "epb: 1 open case would move (dry run: nothing written); 1 due date would be confirmed (provisional flag changed, same day)"
expect_sql "select due_provisional from case_file where ref = '$A'" "1"
run case recompute
expect_rc 0
expect_out_contains "$A  $NEXT-01-04*  $NEXT-01-05  false"
# Its footnote dates the mark by the calendar it was computed with, not "$((NEXT + 1)) on".
expect_out_contains "* 暫定：依尚未公布之年度推算；due_before 依當時之行事曆，due_after 依目前之行事曆（公布至 $NEXT 年）"
expect_out_lacks "$((NEXT + 1)) 年起"
expect_err "epb: 1 open case moved; 1 due date confirmed (provisional flag changed, same day)"
expect_sql "select ref, due_date, due_provisional from case_file where ref <> 'PET-115-000001' order by id" "$A|$NEXT-01-05|0
$B|$NEXT-03-06|0
$C|$LAST-06-04|0
$OLD|2023-02-01|0"
expect_sql "select json_extract(detail, '\$.provisional') from event where action = 'recompute' and subject = 'case:$A'" "0"
run case list --as-of "$NEXT-03-02"
CHECKS=$((CHECKS + 1))
[[ "$OUT" != *"*"* ]] || fail "no mark once the year is published" "$OUT"
run case recompute
expect_err "epb: 0 open cases moved"
# The horizon moved: no warning until 1 July of the new last year; then the next one.
run db check --as-of "$NEXT-06-30"
expect_err ""
run db check --as-of "$NEXT-07-01"
expect_err "epb: warning: the office calendar is published to $NEXT; import $((NEXT + 1))'s calendar (epb calendar import FILE) — due dates after $NEXT-12-31 are provisional"
open_at "$((NEXT + 1))-02-01T10:00:00+08:00" 後年
expect_rc 0
expect_err_contains "(provisional: a calendar year not yet published)"

# Replacing an imported (published) year needs --replace, and first lists what would move.
gov_calendar "$NEXT" --off "$NEXT-01-03=調整放假" --off "$NEXT-01-05=調整放假" >"$SCRATCH/revised.csv"
refuse "epb: error: $SCRATCH/revised.csv: replaces the published year $NEXT (imported from $SCRATCH/official.csv); import again with --replace to replace it; 1 open case would move:
epb: error:   $A: due $NEXT-01-05 → $NEXT-01-06" \
  calendar import "$SCRATCH/revised.csv"
run calendar import "$SCRATCH/revised.csv" --replace
expect_rc 0
expect_err_contains "epb: imported the office calendar for $NEXT (2 exceptions, replacing imported from $SCRATCH/official.csv)"
expect_err_contains "epb: $A: due $NEXT-01-05 → $NEXT-01-06"
run case recompute --format csv
OUT=${OUT//$'\r'/}
expect_out "ref,due_before,due_after,provisional
$A,$NEXT-01-05,$NEXT-01-06,false"

# A secondary copy (the shipped LAST) is replaced by DGPA's own day-by-day file without --replace,
# but not by epb's exceptions-only format.
gov_calendar "$LAST" --off "$LAST-01-01=開國紀念日" --off "$LAST-02-04=小年夜" --off "$LAST-02-05=農曆除夕" \
  --off "$LAST-02-08=春節" --off "$LAST-02-09=補假" --off "$LAST-02-10=補假" --off "$LAST-03-01=補假" \
  --off "$LAST-04-05=民族掃墓節" --off "$LAST-04-06=補假" --off "$LAST-04-30=補假" --off "$LAST-06-09=端午節" \
  --off "$LAST-09-15=中秋節" --off "$LAST-09-28=教師節" --off "$LAST-10-11=補假" --off "$LAST-10-25=光復節" \
  --off "$LAST-12-24=補假" --off "$LAST-12-31=補假" >"$SCRATCH/dgpa-last.csv"
printf 'date,kind,name\n%s-01-01,holiday,開國紀念日\n' "$LAST" >"$SCRATCH/last-epb.csv"
refuse "epb: error: $SCRATCH/last-epb.csv: replaces the published year $LAST (built-in office calendar, from a secondary copy of the official calendar); import again with --replace to replace it; 1 open case would move:
epb: error:   $A: due $NEXT-01-06 → $NEXT-01-04" \
  calendar import "$SCRATCH/last-epb.csv"
run calendar import "$SCRATCH/dgpa-last.csv"
expect_rc 0
expect_err "epb: imported the office calendar for $LAST (17 exceptions, replacing built-in office calendar, from a secondary copy of the official calendar)"
run calendar show "$LAST" --format csv
expect_err "epb: $LAST: imported from $SCRATCH/dgpa-last.csv"
# Now it is DGPA's own: replacing it needs --replace like any published year.
refuse "epb: error: $SCRATCH/dgpa-last.csv: replaces the published year $LAST (imported from $SCRATCH/dgpa-last.csv); *" \
  calendar import "$SCRATCH/dgpa-last.csv"

# A closure on a provisional working day is kept with the year; the lookup marks a provisional date.
run calendar close "$((NEXT + 1))-03-05" --reason 颱風停止上班
expect_rc 0
run calendar show "$((NEXT + 1))" --format csv
expect_out_contains "$((NEXT + 1))-03-05,週一,closure,颱風停止上班"
run calendar due --from "$((NEXT + 1))-03-02" --rule "1 workday" --format json
expect_out_contains '"due":"'"$((NEXT + 1))"'-03-06","calendar_version"'
run case lookup "PET-$((NEXT + 1 - 1911))-000001" --phone-last4 5678 --lang en
expect_rc 0
expect_out_contains "$((NEXT + 1))-02-06*"
expect_out_contains "* provisional: counted over a calendar year not yet published (after $NEXT)"
expect_out_lacks "epb case recompute" # the citizen is not told to run the clerk's commands
run case lookup "PET-$((NEXT + 1 - 1911))-000001" --phone-last4 5678
expect_out_contains "* 暫定：$((NEXT + 1)) 年起的行事曆尚未公布，依法定假日推算"
expect_out_lacks "epb "
# Machine formats: a provisional field, the date unmarked; a failed lookup's answer is unchanged.
run case lookup "PET-$((NEXT + 1 - 1911))-000001" --phone-last4 5678 --format json
expect_out_contains '"due":"'"$((NEXT + 1))"'-02-06","last_update":'
expect_out_contains '"provisional":true}'
run case lookup "PET-$((NEXT + 1 - 1911))-000001" --phone-last4 5678 --format csv
OUT=${OUT//$'\r'/}
expect_out_contains ",$((NEXT + 1))-02-06,"
expect_out_contains ",true"
for factor in 5679 0000; do
  run case lookup "PET-$((NEXT + 1 - 1911))-000001" --phone-last4 $factor --format json
  expect_rc 4
  expect_out ""
  expect_err "epb: error: case: no case matches this reference and phone number"
done
run case lookup "PET-$((NEXT + 1 - 1911))-999999" --phone-last4 5678 --format json
expect_rc 4
expect_out ""
expect_err "epb: error: case: no case matches this reference and phone number"

# Nothing is counted for a date no calendar covers: an error, never 0.
refuse "epb: error: date 2101-01-03: outside the office calendar (2018–$NEXT, provisional to 2100)" \
  calendar due --from 2101-01-03 --rule "1 workday"
refuse "epb: error: received: date 2101-01-03: outside the office calendar (2018–$NEXT, provisional to 2100)" \
  case open --service petition --channel web --subject x --name 王小明 --received 2101-01-03 --as-of 2101-01-04
refuse "epb: error: date 2017-12-29: outside the office calendar (2018–$NEXT, provisional to 2100); import the year with 'epb calendar import'" \
  calendar due --from 2017-12-29 --rule "1 workday"
refuse "epb: error: year 2101: outside the office calendar (2018–$NEXT, provisional to 2100)" calendar show 2101
refuse "epb: error: date $((NEXT + 1))-02-28: not a working day (holiday: 和平紀念日)" \
  calendar close "$((NEXT + 1))-02-28" --reason 颱風

# Export → import → export keeps the provisional flag of a due date that a pause and an
# extension carry from a published year into one not yet published (in a fresh ledger $NEXT is
# provisional again): the import recomputes such a due date, and once forgot the flag.
MOVED="$SCRATCH/moved.sqlite"
KEEP=$LEDGER
LEDGER=$SCRATCH/from.sqlite
run --ledger "$LEDGER" init -q
run --ledger "$LEDGER" case open --service petition --channel web --subject 跨年暫停 --name 王小明 --phone 0912345678 \
  --as-of "$LAST-12-20T09:00:00+08:00"
R=$OUT
for step in "move $R assigned" "move $R processing" "pause $R --note 補件"; do
  run --ledger "$LEDGER" case $step --as-of "$LAST-12-20T10:00:00+08:00" -q
  expect_rc 0
done
run --ledger "$LEDGER" case resume "$R" --note 已補件 --as-of "$LAST-12-27T10:00:00+08:00" -q
run --ledger "$LEDGER" case extend "$R" --days 5 --reason 會勘 --as-of "$LAST-12-28T10:00:00+08:00" -q
expect_sql "select due_provisional from case_file" "1"
run --ledger "$LEDGER" case export --reveal-pii --format jsonl --as-of "$NEXT-01-20"
BEFORE=$OUT
expect_out_contains '"provisional":true}'
printf '%s\n' "$BEFORE" >"$SCRATCH/moved.jsonl"
run --ledger "$MOVED" init -q
run --ledger "$MOVED" case import "$SCRATCH/moved.jsonl" --as-of "$NEXT-01-20" -q
expect_rc 0
run --ledger "$MOVED" case export --reveal-pii --format jsonl --as-of "$NEXT-01-20"
CHECKS=$((CHECKS + 1))
[ "$OUT" = "$BEFORE" ] || fail "export → import → export differs" "$(diff <(tr , '\n' <<<"$BEFORE") <(tr , '\n' <<<"$OUT"))"
expect_sql "select due_provisional from case_file" "1" "$MOVED"
LEDGER=$KEEP

# Machine formats refuse before any header: nothing on stdout, the ledger unchanged.
OUTSIDE="outside the office calendar (2018–$NEXT, provisional to 2100)"
P=PET-$((NEXT + 1 - 1911))-000001
refuse "epb: error: date 2101-01-03: $OUTSIDE" calendar due --from 2101-01-03 --rule "1 workday" --format csv
refuse "epb: error: date 2101-01-03: $OUTSIDE" calendar due --from 2101-01-03 --rule "1 workday" --format tsv
refuse "epb: error: date 2101-01-03: $OUTSIDE" calendar due --from 2101-01-03 --rule "3 days" --format json
refuse "epb: error: date 2017-12-29: $OUTSIDE; *" calendar due --from 2017-12-29 --rule "1 workday" --format jsonl
refuse "epb: error: date 2101-01-*: $OUTSIDE" calendar due --from 2100-12-30 --rule "5 workdays" --format csv
refuse "epb: error: --from: date '$NEXT-02-30': no such day" calendar due --from "$NEXT-02-30" --rule "1 workday" --format csv
refuse "epb: error: deadline rule '0 workdays': *" calendar due --from "$NEXT-03-01" --rule "0 workdays" --format csv
refuse "epb: error: year 2101: $OUTSIDE" calendar show 2101 --format json
refuse "epb: error: year 2101: $OUTSIDE" calendar show 2101 --format csv
refuse "epb: error: year 2017: $OUTSIDE" calendar show 2017 --format tsv
refuse "epb: error: year 1989: $OUTSIDE" calendar show 1989 --format jsonl
# Past the last provisional year nothing is counted: overdue, show and list say so, never 0.
refuse "epb: error: date 2101-01-01: $OUTSIDE" case overdue --as-of 2101-01-05
refuse "epb: error: date 2101-01-01: $OUTSIDE" case overdue --as-of 2101-01-05 --format csv
refuse "epb: error: date 2101-01-01: $OUTSIDE" case show "$P" --as-of 2101-01-05
refuse "epb: error: --phone-last4: expected *" case lookup "$P" --phone-last4 567 --format json
refuse "epb: error: --phone-last4: expected *" case lookup "$P" --phone-last4 56789 --format csv
# Government files for a provisional year are checked like any: every day, once, rightly named.
gov_calendar 2030 --drop 2030-12-31 >"$SCRATCH/g-short.csv"
refuse "epb: error: $SCRATCH/g-short.csv:365: year 2030 has 364 of its 365 days: *" calendar import "$SCRATCH/g-short.csv"
refuse "epb: error: $SCRATCH/g-short.csv:365: year 2030 has 364 of its 365 days: *" \
  calendar import "$SCRATCH/g-short.csv" --replace
gov_calendar 2030 --dup 2030-05-06 >"$SCRATCH/g-dup.csv"
refuse "epb: error: $SCRATCH/g-dup.csv:128: 2030-05-06 is listed twice (first on line 127)" calendar import "$SCRATCH/g-dup.csv"
gov_calendar 2030 --flag 2030-03-01=1 >"$SCRATCH/g-flag.csv"
refuse "epb: error: $SCRATCH/g-flag.csv:61: 是否放假 must be 0 or 2, not '1'" calendar import "$SCRATCH/g-flag.csv"
gov_calendar 2101 >"$SCRATCH/g-2101.csv"
refuse "epb: error: $SCRATCH/g-2101.csv:2: year 2101 is outside 1990–2100" calendar import "$SCRATCH/g-2101.csv"
printf '西元日期,星期,是否放假,備註\n' >"$SCRATCH/g-header.csv"
refuse "epb: error: $SCRATCH/g-header.csv: no days in the calendar file" calendar import "$SCRATCH/g-header.csv"

finish
