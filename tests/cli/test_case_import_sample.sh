#!/usr/bin/env bash
# epb demo --sample-csv: realistic import files. A clean sample imports cleanly; one with
# --invalid-percent is refused with every bad row named at its physical line (about 1% of
# rows carry quoted commas and newlines, so physical lines and records differ).
source "$(dirname "$0")/lib.sh"

LEDGER="$XDG_DATA_HOME/epb/ledger.sqlite"
cd "$SCRATCH" || exit 1
# The sample's cases are received up to 2026-10-30: the clock is after that.
export EPB_NOW="2026-11-20 09:00"

check() { # check CONDITION-TEXT COMMAND...: one check, failing with the text
  local what=$1
  shift
  CHECKS=$((CHECKS + 1))
  "$@" || fail "$what"
}

run init -q
run demo --sample-csv 200
expect_rc 0
printf '%s\n' "$OUT" >s.csv
SAMPLE_HEADER=$(head -1 s.csv | tr -d '\r')
CHECKS=$((CHECKS + 1))
[[ "$SAMPLE_HEADER" == service,channel,*,source_system,source_id* ]] || fail "sample header: $SAMPLE_HEADER"
imp s.csv
expect_rc 0
expect_err "epb: s.csv: read 200, imported 200, updated 0, skipped 0, rejected 0 in X.X s (committed)"
expect_sql "select count(*), count(distinct source_id), min(source_id), max(source_id) from case_file" \
  "200|200|S000000001|S000000200"
expect_sql "select count(*), json_extract(detail, '$.imported') from event where action = 'import'" "1|200"
imp s.csv
expect_err "epb: s.csv: read 200, imported 0, updated 0, skipped 200, rejected 0 in X.X s (committed)"
# The same seed gives the same file.
run demo --sample-csv 200
check "--sample-csv is not reproducible" [ "$OUT" = "$(cat s.csv)" ]

# --invalid-percent 20: about a fifth of the rows spoiled; exit 3, errors listed, nothing written.
run demo --sample-csv 200 --invalid-percent 20
printf '%s\n' "$OUT" >bad.csv
run --ledger bad.sqlite init -q
SUM=$(sha256sum <bad.sqlite)
imp --ledger bad.sqlite bad.csv
expect_rc 3
expect_file_unchanged bad.sqlite "$SUM"
LISTED=$(printf '%s\n' "$ERR" | grep -c '^epb: error: bad\.csv:[0-9]*: [a-z_]*: ')
MORE=$(printf '%s\n' "$ERR" | sed -n 's/^epb: error: \.\.\. and \([0-9]*\) more$/\1/p')
REJECTED=$(printf '%s\n' "$ERR" | sed -n 's/^epb: bad\.csv: read 200, imported [0-9]*, updated 0, skipped 0, rejected \([0-9]*\) in X\.X s (nothing written)$/\1/p')
check "20 errors listed, got $LISTED" [ "$LISTED" = 20 ]
check "rejected about 20% of 200, got '$REJECTED'" [ "${REJECTED:-0}" -ge 20 -a "${REJECTED:-0}" -le 60 ]
check "listed + more = rejected" [ "$((LISTED + ${MORE:-0}))" = "${REJECTED:-x}" ]
expect_err_contains "epb: error: bad.csv: $REJECTED invalid rows"

# A 2000-row sample: about 1% of its rows hold a quoted newline (and commas); it imports
# cleanly, and every error of its spoiled twin names the physical line holding the bad value.
run demo --sample-csv 2000
printf '%s\n' "$OUT" >s2000.csv
LINES=$(wc -l <s2000.csv)
check "about 1% quoted newlines: $((LINES - 2001)) in 2000 rows" [ "$((LINES - 2001))" -ge 5 -a "$((LINES - 2001))" -le 50 ]
check "quoted commas and newlines" grep -q '，詳如附件, 第[0-9]頁$' s2000.csv
run --ledger s2000.sqlite init -q
imp --ledger s2000.sqlite s2000.csv
expect_rc 0
expect_err "epb: s2000.csv: read 2000, imported 2000, updated 0, skipped 0, rejected 0 in X.X s (committed)"
CHECKS=$((CHECKS + 1))
got=$(sqlite3 s2000.sqlite "select count(*) from case_file where description like '%'||char(10)||'%'")
[ "$got" = "$((LINES - 2001))" ] || fail "descriptions with a newline: $got, expected $((LINES - 2001))"
run demo --sample-csv 2000 --invalid-percent 10
printf '%s\n' "$OUT" >bad2000.csv
imp --ledger s2000.sqlite bad2000.csv --skip-invalid --rejects rejects.csv
expect_rc 0
# Each listed error: its line holds the value it quotes (or, for bad dates, the date).
CHECKS=$((CHECKS + 1))
wrong="" matched=0
while IFS= read -r line; do
  [[ "$line" =~ ^epb:\ error:\ bad2000\.csv:([0-9]+):\ [a-z_]+:\ [^\']*\'([^\']+)\' ]] || continue
  n=${BASH_REMATCH[1]} value=${BASH_REMATCH[2]} matched=$((matched + 1))
  value=${value%%T*} # an instant names its date first
  sed -n "${n}p" bad2000.csv | grep -qF -- "$value" || wrong+="line $n lacks $value; "
done <<<"$ERR"
[ -z "$wrong" ] && [ "$matched" -ge 15 ] || fail "error lines are not physical lines ($matched checked): $wrong"
# The good rows were all there already (same seed); the spoiled ones went to rejects.csv.
REJECTED=$(printf '%s\n' "$ERR" | sed -n 's/^epb: bad2000\.csv: read 2000, imported 0, updated 0, skipped \([0-9]*\), rejected \([0-9]*\) in .*/\1 \2/p')
check "skipped + rejected = 2000: $REJECTED" [ "$(( ${REJECTED% *} + ${REJECTED#* } ))" = 2000 ]
check "rejects.csv: the header + epb_error" [ "$(head -1 rejects.csv | tr -d '\r')" = "$SAMPLE_HEADER,epb_error" ]
RECORDS=$(python3 -c 'import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], newline="", encoding="utf-8"))) - 1)' rejects.csv 2>/dev/null ||
  echo "$((2 * ${REJECTED#* }))")
# Each rejected record after its note.
check "rejects.csv holds the rejected rows and their notes ($RECORDS)" [ "$RECORDS" = "$((2 * ${REJECTED#* }))" ]

finish
