#!/usr/bin/env bash
# epb report annual and monthly on a hand-counted ledger: the csv's rows worked out by hand
# (epb-report(1) DEFINITIONS), a report as of a past moment giving the numbers it gave that day,
# definitions and facts in json, the subsidy section agreeing with `epb subsidy budget` on the
# demo ledger, and misuse refused with exit 3 and the ledger unchanged.
source "$(dirname "$0")/lib.sh"

cd "$SCRATCH" || exit 1
LEDGER="$XDG_DATA_HOME/epb/ledger.sqlite"
run init -q
expect_rc 0
# csv ARGS...: run, CSV line ends (CRLF) read as LF.
csv() {
  run "$@"
  OUT=$(printf '%s' "$OUT" | tr -d '\r')
}
open_case() { # open_case WHEN SERVICE NAME SUBJECT: prints the new reference
  EPB_NOW="$1" "$EPB_BIN" case open -q --service "$2" --channel web --name "$3" --subject "$4" ||
    fail "case open $3"
}
close_case() { # close_case WHEN REF
  EPB_NOW="$1" "$EPB_BIN" case close -q "$2" --outcome 已函復 >/dev/null || fail "case close $2"
}

# Petitions (3 working days): P1 closed on time in 2 working days, P2 closed late in 5, P3 open
# and overdue at the year end, P4 received on 12-31 and closed on 2026-01-02. A complaint
# (7 days) closed on time in 2 working days.
P1=$(open_case "2025-03-10 09:00" petition 王一 路燈不亮)
P2=$(open_case "2025-03-10 10:00" petition 陳二 工地噪音)
P3=$(open_case "2025-03-11 09:00" petition 林三 水溝異味)
C1=$(open_case "2025-03-10 09:00" complaint 張五 工廠異味)
close_case "2025-03-12 10:00" "$P1"
close_case "2025-03-12 11:00" "$C1"
# The report on the morning of 2025-03-14: P2 due 03-13 is overdue, P3 due 03-14 not yet.
export EPB_NOW="2025-03-14 00:00"
csv report annual --year 2025 --format csv
expect_rc 0
ON_THE_DAY=$OUT
CHECKS=$((CHECKS + 1))
printf '%s\n' "$OUT" | grep -qx 'planning,petition,3,1,1,100.00,2,1,2,2,0,0,0,0' || fail "petitions on 03-14" "$OUT"
close_case "2025-03-17 09:00" "$P2"
P4=$(open_case "2025-12-31 09:00" petition 黃四 公園髒亂)
close_case "2026-01-02 09:00" "$P4"

export EPB_NOW="2026-03-01 09:00"
csv report annual --year 2025 --format csv
expect_rc 0
CHECKS=$((CHECKS + 1))
[ "$(printf '%s\n' "$OUT" | head -1)" = \
  "unit,service,received,closed,closed_on_time,on_time_pct,open_at_end,overdue_at_end,median_workdays,p90_workdays,extensions,pauses,repeats,notices_sent" ] ||
  fail "csv header" "$OUT"
expect_out_contains $'\nplanning,petition,4,2,1,50.00,2,1,2,5,0,0,0,0\n'
expect_out_contains $'\ninspection,complaint,1,1,1,100.00,0,0,2,2,0,0,0,0\n'
# A configured service without cases has its row, with no percentage rather than 0.
expect_out_contains $'\ntesting,water_test,0,0,0,,0,0,,,0,0,0,0'
# 2026 (up to its as-of, 03-01): P4 closed on 01-02, one working day after 12-31 (01-01 is a
# holiday); P3, received in 2025, is still open and overdue.
csv report annual --year 2026 --format csv
expect_out_contains $'\nplanning,petition,0,1,1,100.00,1,1,1,1,0,0,0,0\n'
# ROC year, monthly, unit and service filters.
csv report annual --year 114 --format csv --unit planning
expect_out_contains 'planning,petition,4,2,1,50.00,2,1,2,5'
expect_out_lacks 'inspection'
csv report monthly --month 114/03 --format csv --service petition
CHECKS=$((CHECKS + 1))
[ "$(printf '%s\n' "$OUT" | tail -n +2)" = "planning,petition,3,2,1,50.00,1,1,2,5,0,0,0,0" ] || fail "monthly" "$OUT"
# The months table and the units table by --table.
csv report annual --year 2025 --format csv --table months
expect_out_contains $'\n2025-03,4,3,2,66.67\n'
expect_out_contains $'\n2025-12,1,0,0,'
csv report annual --year 2025 --format csv --table units
expect_out_contains $'\nplanning,綜計科,4,2,1,50.00,2,1,2,5,0,0,0,0\n'

# As of the morning of 2025-03-14, a year later: the numbers of that day, and a fact saying
# how many cases changed since.
csv --as-of "2025-03-14T00:00:00+08:00" report annual --year 2025 --format csv
CHECKS=$((CHECKS + 1))
[ "$OUT" = "$ON_THE_DAY" ] || fail "as-of report differs from the report of that day" "$(diff <(echo "$ON_THE_DAY") <(echo "$OUT"))"
run --as-of "2025-03-14T00:00:00+08:00" report annual --year 2025 --format json
expect_rc 0
CHECKS=$((CHECKS + 1))
printf '%s' "$OUT" | python3 -c '
import json, sys
d = json.load(sys.stdin)
r = d["facts"]
assert r["as_of"] == "2025-03-13T16:00:00Z", r
assert r["changed_after_as_of"] == "2", r   # P2 closed, P4 opened after that moment
assert d["primary"] == "services"
for key in ("clock", "on_time", "overdue_at_end", "open_at_end", "workdays", "calendar"):
    assert d["definitions"][key]["text"], key
rows = d["tables"]["services"]["rows"]
p = [row for row in rows if row["service"] == "petition"][0]
assert p["on_time_pct"] == 100 and p["received"] == 3 and p["overdue_at_end"] == 1, p
assert d["tables"]["services"]["columns"][5] == {"key": "on_time_pct", "label": "準時率", "type": "percent"}
' || fail "json report" "$OUT"
# The human formats carry the definitions, in the run's language.
run --lang en report annual --year 2025
expect_out_contains "Definitions"
expect_out_contains "Closed on time"
expect_out_contains "Overdue at period end"
run report annual --year 2025 --format markdown
expect_out_contains "定義"

# Misuse: nothing is written, the ledger is as it was.
refuse "epb: error: --year: *" report annual --year abc
refuse "epb: error: --year: *" report annual --year 2027
refuse "epb: error: --month: *" report monthly --month 2025-13
refuse "epb: error: --unit: unknown unit 'nope'*" report annual --year 2025 --unit nope
refuse "epb: error: --service: service 'complaint' belongs to unit 'inspection'*" report annual --year 2025 \
  --unit planning --service complaint
refuse "epb: error: --output *" report annual --year 2025 --output "$LEDGER"
echo keep >kept.csv
refuse "epb: error: --output *" report annual --year 2025 --format csv --output kept.csv
CHECKS=$((CHECKS + 1))
[ "$(cat kept.csv)" = keep ] || fail "an existing --output was replaced without --force"
refuse "epb: error: --table: *" report annual --year 2025 --format csv --table nope
run report annual --year 2025 --format csv --output kept.csv --force -q
expect_rc 0
CHECKS=$((CHECKS + 1))
head -1 kept.csv | grep -q '^unit,service,' || fail "--force did not write the report"

# The demo ledger: the subsidy section agrees with `epb subsidy budget` (another code path).
run demo --cases 300 --as-of 2026-11-02T09:00 -q --demo-ledger "$SCRATCH/demo.sqlite"
expect_rc 0
DEMO_CONFIG="$XDG_DATA_HOME/epb/demo/epb.toml"
[ -f "$DEMO_CONFIG" ] || DEMO_CONFIG=$(dirname "$SCRATCH/demo.sqlite")/epb.toml
run --ledger "$SCRATCH/demo.sqlite" --as-of 2026-11-02T09:00 report annual --year 2018 --format json
expect_rc 0
BUDGET=$("$EPB_BIN" --ledger "$SCRATCH/demo.sqlite" --as-of 2026-11-02T09:00 subsidy budget --format json)
CHECKS=$((CHECKS + 1))
python3 - "$OUT" "$BUDGET" <<'PY' || fail "subsidy section vs subsidy budget" "$OUT"
import json, sys
report = json.loads(sys.argv[1])
budget = [json.loads(line) for line in sys.argv[2].splitlines() if line.strip()] if not sys.argv[2].lstrip().startswith("[") else json.loads(sys.argv[2])
rows = {row["programme"]: row for row in report["tables"]["subsidies"]["rows"]}
assert rows, "no subsidy rows"
for line in budget:
    key = f'{line["year"]}/{line["kind"]}'
    assert rows[key]["paid_count"] == line["paid_count"], (key, rows[key], line)
    assert rows[key]["paid_ntd"] == line["paid"], (key, rows[key], line)
PY
finish
