#!/usr/bin/env bash
# epb report annual: the fee and survey sections on the demo ledger (epb-demo(1)): the demo's fee
# year (2026) in "fees" and the demo's 2018 subsidy survey in "surveys", each with numbers that
# hold together (outstanding at least its overdue part, responded at most sampled, the satisfied
# share inside its interval), their definitions in the JSON, and a year with neither: the
# tables are there, with a note.
source "$(dirname "$0")/lib.sh"

DIR="$XDG_DATA_HOME/epb/demo"
DEMO="$DIR/ledger.sqlite"
CONF="$DIR/epb.toml"
AS_OF=2026-11-02T09:00

run demo --cases 300 --as-of "$AS_OF" --format csv
expect_rc 0
epb_demo() { run --ledger "$DEMO" --config "$CONF" --as-of "$AS_OF" "$@"; }

# expect_jq FILTER: the JSON report in $OUT makes FILTER true.
expect_jq() {
  CHECKS=$((CHECKS + 1))
  [ "$(printf '%s' "$OUT" | jq -r "$1" 2>&1)" = "true" ] || fail "jq: $1" "$(printf '%s' "$OUT" | head -c 600)"
}

epb_demo report annual --year 2026 --format json
expect_rc 0
FEE='(.tables.fees.rows[] | select(.service == "construction_fee"))'
expect_jq "[$FEE] | length == 1"
expect_jq "$FEE | .unit == \"air-noise\" and .declarations > 0 and .assessed > 0 and .collected > 0"
expect_jq "$FEE | .payments > 0 and .late_charges >= 0 and .late_charges <= .collected"
expect_jq "$FEE | .outstanding_at_end >= .overdue_at_end and .overdue_at_end >= 0"
expect_jq "$FEE | .refunds >= 1 and .refunded > 0"
expect_jq "$FEE | .dunning_sent >= .late_payers_contacted and .late_payers_contacted >= 1"
expect_jq '[.tables.fees.columns[] | select(.key == "assessed")][0].type == "money"'
expect_jq '.tables | has("water_fees")'
expect_jq '.definitions | has("fee_assessed") and has("fee_collected") and has("fee_outstanding") and has("fee_refunds") and has("fee_late_payers")'
# The collected NT$ is the ledger's own sum of the year's payments.
COLLECTED=$(sqlite3 "$DEMO" "select coalesce(sum(amount), 0) from fee_payment where paid_on like '2026-%'")
expect_jq "$FEE | .collected == $COLLECTED"

epb_demo report annual --year 2018 --format json
expect_rc 0
expect_jq '.tables.surveys.rows | length >= 1'
SURVEY='.tables.surveys.rows[0]'
expect_jq "$SURVEY | .sample == 1 and .sampled > 0 and .responded > 0 and .responded <= .sampled"
expect_jq "$SURVEY | .responded + .refused + .unreachable + .pending == .sampled"
expect_jq "$SURVEY | .satisfied <= .rated and .rated <= .responded"
expect_jq "$SURVEY | .satisfied_low <= .satisfied_pct and .satisfied_pct <= .satisfied_high"
expect_jq '.tables.survey_items.rows | length >= 1'
expect_jq '.definitions | has("survey_satisfied") and has("survey_interval")'
# The same counts as epb survey results (the engine the report calls).
epb_demo survey results --sample 1 --format csv
expect_rc 0
RESPONDED=$(printf '%s\n' "$OUT" | awk -F, 'NR == 2 { print $4 }')
epb_demo report annual --year 2018 --format json
expect_jq "$SURVEY | .responded == $RESPONDED"

# The human formats carry each section's summary line.
epb_demo --format markdown report annual --year 2026
expect_rc 0
expect_out_contains "## 規費徵收"
expect_out_contains "營建工程空污費：核定 NT\$"
epb_demo --format markdown report annual --year 2018
expect_out_contains "## 滿意度調查"
expect_out_contains "期間內樣本 1 個"

# A year with no fee and no survey: the tables exist, with a note.
epb_demo report annual --year 2020 --format json
expect_rc 0
expect_jq '.tables.surveys.rows == [] and (.tables.surveys.note | length > 0)'
expect_jq '(.tables.fees.rows[] | select(.service == "construction_fee")) | .assessed == 0 and .collected == 0'
expect_jq '.tables.fees.note | length > 0'

finish
