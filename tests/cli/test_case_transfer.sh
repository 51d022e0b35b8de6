#!/usr/bin/env bash
# Moving cases to another ledger: `case export --reveal-pii | case import` carries each case's
# whole timing (the rule it was opened under, when its clock started, its pauses, extensions,
# closed-late flag, repeat link and last change), so that export → import into an empty
# ledger → export gives the same bytes, in every format; on the demo ledger, with a reopened,
# a paused, a resumed and an extended case added, and refusals of a broken timing record.
source "$(dirname "$0")/lib.sh"

cd "$SCRATCH" || exit 1
DEMO="$XDG_DATA_HOME/epb/demo/ledger.sqlite"
# Without the subsidy season and the fee year: a subsidy application (a fee project) is a case
# plus its domain row, which the generic case import refuses to open (the kinds' intake rules).
run demo --cases 600 --subsidies 0 --fee-projects 0 --as-of 2026-11-02T09:00 -q
expect_rc 0
export EPB_LEDGER="$DEMO"

# Add what the demo does not make: a reopened case (its clock starts again), a case paused
# and resumed, then extended, and one paused now. Each on a case the demo left open or closed.
CLOSED=$("$EPB_BIN" --as-of 2026-11-02T09:30 case list --status closed --service petition --format csv --limit 1 |
  tail -n +2 | cut -d, -f1)
OPEN=$("$EPB_BIN" --as-of 2026-11-02T09:30 case list --status processing --service petition --format csv --limit 1 |
  tail -n +2 | cut -d, -f1)
FIRST=$(printf '%s\n' "$OPEN" | sed -n 1p)
# The second from another service with a pause state: the demo leaves one processing petition.
SECOND=$("$EPB_BIN" --as-of 2026-11-02T09:30 case list --status processing --service factory_registration --format csv \
  --limit 1 | tail -n +2 | cut -d, -f1)
run --as-of 2026-11-02T10:00 case reopen "$CLOSED" --reason 陳情人再議
expect_rc 0
run --as-of 2026-11-02T10:05 case pause "$FIRST" --note 補件
expect_rc 0
run --as-of 2026-11-03T11:00 case resume "$FIRST" --note 已補
expect_rc 0
run --as-of 2026-11-03T11:30 case extend "$FIRST" --days 2 --reason 需會勘
expect_rc 0
run --as-of 2026-11-03T12:00 case pause "$SECOND" --note 補件
expect_rc 0
export EPB_NOW=2026-11-04T09:00

expect_same() { # expect_same FILE1 FILE2
  CHECKS=$((CHECKS + 1))
  cmp -s "$1" "$2" || fail "$1 and $2 differ" "$(diff "$1" "$2" | head -20)"
}

# The timing columns and what they hold for the cases just changed.
run case export --format jsonl --reveal-pii --status processing --service petition --limit 1
expect_out_contains '"clock_start":"'
expect_out_contains '"pauses":[{"from":"2026-11-02T10:05:00+08:00","to":"2026-11-03T11:00:00+08:00"}]'
expect_out_contains '"extension_log":[{"at":"2026-11-03T11:30:00+08:00","workdays":2,"reason":"需會勘","notify_applicant":true,"notified":""}]'
run case show "$CLOSED" --format json
expect_out_contains '"clock_start":"2026-11-02T10:00:00+08:00"'

for format in csv tsv jsonl json; do
  run case export --reveal-pii --format "$format"
  expect_rc 0
  printf '%s\n' "$OUT" >"first.$format"
  target="$SCRATCH/moved-$format.sqlite"
  run --ledger "$target" init -q
  input=$format
  [ "$format" = json ] && input=jsonl
  run --ledger "$target" case import "first.$format" --input-format "$input" -q
  expect_rc 0
  run --ledger "$target" case export --reveal-pii --format "$format"
  expect_rc 0
  printf '%s\n' "$OUT" >"second.$format"
  expect_same "first.$format" "second.$format"
done

# The stored record is the same too: due dates, closed-late flags, pauses and extensions.
CASES="select ref, status, due_date, due_at, closed_late, unixepoch(paused_at), extensions, clock_start_at,
  repeat_of, updated_at, closed_at, received_at, deadline_rule from case_file order by ref"
PAUSES="select c.ref, p.paused_at, p.resumed_at from case_pause p join case_file c on c.id = p.case_id order by 1, 2"
EXTENSIONS="select c.ref, e.at, e.workdays, e.reason, e.notify_applicant, e.notified_at
  from case_extension e join case_file c on c.id = e.case_id order by 1, 2"
for query in "$CASES" "$PAUSES" "$EXTENSIONS"; do
  CHECKS=$((CHECKS + 1))
  [ "$(sqlite3 "$DEMO" "$query")" = "$(sqlite3 "$SCRATCH/moved-csv.sqlite" "$query")" ] ||
    fail "the moved ledger differs: $query" "$(diff <(sqlite3 "$DEMO" "$query") <(sqlite3 "$SCRATCH/moved-csv.sqlite" "$query") | head)"
done
expect_sql "select count(*) > 0 from case_pause where resumed_at is not null" "1" "$SCRATCH/moved-csv.sqlite"
expect_sql "select count(*) > 0 from case_extension" "1" "$SCRATCH/moved-csv.sqlite"
expect_sql "select count(*) > 0 from case_file where closed_late = 1" "1" "$SCRATCH/moved-csv.sqlite"
expect_sql "select count(*) from case_file where clock_start_at <> received_at" "1" "$SCRATCH/moved-csv.sqlite"

# The moved ledger answers as the first: overdue, and the explanation of a due date.
run case overdue --format csv
OVERDUE=$OUT
run --ledger "$SCRATCH/moved-csv.sqlite" case overdue --format csv
expect_out "$OVERDUE"
run case show "$FIRST" --explain --lang en
EXPLAINED=$OUT
run --ledger "$SCRATCH/moved-csv.sqlite" case show "$FIRST" --explain --lang en
expect_out "$EXPLAINED"

# A broken timing record is refused, naming the line and the field, and nothing is written.
unset EPB_LEDGER
LEDGER="$SCRATCH/bad.sqlite"
run --ledger "$LEDGER" init -q
H='ref,service,channel,status,name,subject,received,closed,outcome,deadline_rule,paused_since,closed_late,repeat_of,updated,clock_start,pauses,extension_log'
row() { printf '%s\nPET-115-000001,petition,phone,%s\n' "$H" "$1" >bad.csv; }
bad() { # bad "ROW" "STDERR-GLOB"
  row "$1"
  refuse "$2*" --ledger "$LEDGER" case import bad.csv
}
R='王小明,路燈,2026-10-01T09:00:00+08:00'
bad "received,$R,,,9 fortnights,,,,,,," "epb: error: bad.csv:2: deadline_rule: *"
bad "received,$R,,,,,,,,2026-09-01T09:00:00+08:00,," "epb: error: bad.csv:2: clock_start: 2026-09-01T09:00:00+08:00 is before the case was received*"
bad "received,$R,,,,,,,,2026-12-01T09:00:00+08:00,," "epb: error: bad.csv:2: clock_start: * is in the future*"
bad "received,$R,,,,,,,,,not json," "epb: error: bad.csv:2: pauses: not a JSON list of objects: *"
bad "received,$R,,,,,,,,,\"[{\"\"from\"\":\"\"2026-10-02T09:00:00+08:00\"\",\"\"till\"\":\"\"x\"\"}]\"," \
  "epb: error: bad.csv:2: pauses: item 1: unknown key 'till' (keys: from, to)*"
bad "received,$R,,,,,,,,,\"[{\"\"from\"\":\"\"2026-10-05T09:00:00+08:00\"\",\"\"to\"\":\"\"2026-10-02T09:00:00+08:00\"\"}]\"," \
  "epb: error: bad.csv:2: pauses: item 1: to: before the pause began*"
bad "received,$R,,,,,,,,,\"[{\"\"from\"\":\"\"2026-10-02T09:00:00+08:00\"\",\"\"to\"\":\"\"\"\"},{\"\"from\"\":\"\"2026-10-05T09:00:00+08:00\"\"}]\"," \
  "epb: error: bad.csv:2: pauses: item 2: from: an earlier pause has not ended*"
bad "received,$R,,,,,,,,,\"[{\"\"from\"\":\"\"2026-10-02T09:00:00+08:00\"\",\"\"to\"\":\"\"2026-10-06T09:00:00+08:00\"\"},{\"\"from\"\":\"\"2026-10-05T09:00:00+08:00\"\",\"\"to\"\":\"\"2026-10-07T09:00:00+08:00\"\"}]\"," \
  "epb: error: bad.csv:2: pauses: item 2: from: before the previous pause ended*"
bad "received,$R,,,,,,,,,\"[{\"\"from\"\":\"\"2026-10-02T09:00:00+08:00\"\"}]\"," \
  "epb: error: bad.csv:2: pauses: the last pause has not ended, but 'received' is not a pause state"
bad "received,$R,,,,2026-10-02T09:00:00+08:00,,,,,," "epb: error: bad.csv:2: paused_since: 'received' is not a pause state"
bad "waiting_docs,$R,,,,2026-10-03T09:00:00+08:00,,,,,\"[{\"\"from\"\":\"\"2026-10-02T09:00:00+08:00\"\"}]\"," \
  "epb: error: bad.csv:2: paused_since: differs from the open pause in pauses"
bad "received,$R,,,,,true,,,,," "epb: error: bad.csv:2: closed_late: only for a closed case"
bad "closed,$R,2026-10-03T09:00:00+08:00,已函復,,,maybe,,,,," "epb: error: bad.csv:2: closed_late: 'maybe' is not true or false"
bad "received,$R,,,,,,PET-x,,,," "epb: error: bad.csv:2: repeat_of: 'PET-x' is not a reference like PET-113-000042"
bad "received,$R,,,,,,PET-115-000001,,,," "epb: error: bad.csv:2: repeat_of: names the case itself"
bad "received,$R,,,,,,,2030-01-01T09:00:00+08:00,,," "epb: error: bad.csv:2: updated: * is in the future"
bad "received,$R,,,,,,,,,,\"[{\"\"at\"\":\"\"2026-10-02T09:00:00+08:00\"\",\"\"workdays\"\":0,\"\"reason\"\":\"\"x\"\"}]\"" \
  "epb: error: bad.csv:2: extension_log: item 1: workdays: '0' is not a number of working days from 1 to 365"
bad "received,$R,,,,,,,,,,\"[{\"\"at\"\":\"\"2026-10-02T09:00:00+08:00\"\",\"\"workdays\"\":2,\"\"reason\"\":\"\" \"\"}]\"" \
  "epb: error: bad.csv:2: extension_log: item 1: reason: required"
bad "received,$R,,,,,,,,,,\"[{\"\"at\"\":\"\"2026-10-02T09:00:00+08:00\"\",\"\"workdays\"\":2,\"\"reason\"\":\"\"x\"\",\"\"notify_applicant\"\":\"\"yes\"\"}]\"" \
  "epb: error: bad.csv:2: extension_log: item 1: notify_applicant: 'yes' is not true or false"
bad "received,$R,,,,,,,,,,\"[{\"\"at\"\":\"\"2026-10-05T09:00:00+08:00\"\",\"\"workdays\"\":2,\"\"reason\"\":\"\"x\"\",\"\"notified\"\":\"\"2026-10-04T09:00:00+08:00\"\"}]\"" \
  "epb: error: bad.csv:2: extension_log: item 1: notified: before the extension was granted"
bad "received,$R,,,,,,,,,,\"[{\"\"at\"\":\"\"2026-10-05T09:00:00+08:00\"\",\"\"workdays\"\":1,\"\"reason\"\":\"\"a\"\"},{\"\"at\"\":\"\"2026-10-04T09:00:00+08:00\"\",\"\"workdays\"\":1,\"\"reason\"\":\"\"b\"\"}]\"" \
  "epb: error: bad.csv:2: extension_log: item 2: at: before the previous extension*"
# In JSON lines the lists are nested arrays; a nested value anywhere else is refused.
printf '{"service":"petition","channel":"phone","name":"王小明","subject":["路燈"]}\n' >nested.jsonl
refuse "epb: error: nested.jsonl:1: subject: expected a string, number, true, false or null, not a nested array or object*" \
  --ledger "$LEDGER" case import nested.jsonl
printf '{"service":"petition","channel":"phone","name":"王小明","subject":"路燈","pauses":[{"from":"x"]}\n' >nested.jsonl
refuse "epb: error: nested.jsonl:1: pauses: unexpected ']' at column *" --ledger "$LEDGER" case import nested.jsonl
printf '{"service":"petition","channel":"phone","name":"王小明","subject":"路燈","pauses":{"from":"x"}}\n' >nested.jsonl
refuse "epb: error: nested.jsonl:1: pauses: not a JSON list of objects: expected a JSON array '['*" \
  --ledger "$LEDGER" case import nested.jsonl

finish
