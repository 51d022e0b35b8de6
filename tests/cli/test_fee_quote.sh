#!/usr/bin/env bash
# epb fee quote: the calculator (試算) on the built-in [fee]. The worked examples of DOMAIN.md §6,
# ROC dates, every --format, and each misuse with its exit code and exact message; a quote
# reads only the config and writes nothing.
source "$(dirname "$0")/lib.sh"

LEDGER="$XDG_DATA_HOME/epb/ledger.sqlite"

# Without a ledger: a quote needs none and creates none.
run fee quote --category 1 --quantity 1000 --days 90 --level 2
expect_rc 0
expect_out "fee       NT\$7,950
category  1 RC 建築工程（含磚造、木造）
level     2 (given)
quantity  1000 m²
months    3 (90 days / 30)
rate      NT\$2.65 per m² a month
factor    1
exact     7950 (rounded half away from zero, once)"
expect_err ""
CHECKS=$((CHECKS + 1))
[ ! -e "$LEDGER" ] || fail "a quote created the ledger"

run init -q
expect_rc 0

# The level derived: scale 3,000 m²·month is below 4,600 and the level-3 fee is not small.
run fee quote --category 1 --quantity 1000 --days 90
expect_rc 0
expect_out_contains "fee       NT\$7,950"
expect_out_contains "level     2 (scale 3000 m²·month < 4600, level-3 fee 17700 ≥ 2000)"

# 2,000 m² for 100 days: scale 6,666.67 ≥ 4,600, level 1, 16,466.67 rounded once.
run --lang en fee quote --category 1 --quantity 2000 --days 100
expect_rc 0
expect_out "fee       NT\$16,467
category  1 RC building (also brick, wood)
level     1 (scale 6666.67 m²·month ≥ 4600)
quantity  2000 m²
months    ≈ 3.333333 (100 days / 30)
rate      NT\$2.47 per m² a month
factor    1
exact     ≈ 16466.666667 (rounded half away from zero, once)"

# Dates instead of days, ISO or ROC, both ends counted: 114/01/01..114/03/31 is 90 days.
run fee quote --category 1 --quantity 1000 --start 114/01/01 --end 114/03/31
expect_rc 0
expect_out_contains "months    3 (90 days / 30)"
run fee quote --category 1 --quantity 2000 --start 2025-01-01 --end 民國114年4月10日
expect_rc 0
expect_out_contains "fee       NT\$16,467"

# Level 3: small, short, cheap works.
run fee quote --category 1 --quantity 100 --days 30
expect_rc 0
expect_out_contains "level     3 (level-3 fee 590 < 2000, area 100 m² < 10000 m², 30 days < 365)"
expect_out_contains "fee       NT\$590"

# Untimed categories take no days: demolition by floor area, other works by contract amount.
run fee quote --category 3 --quantity 2000
expect_rc 0
expect_out_contains "months    none: not charged by time"
expect_out_contains "fee       NT\$1,120"
run --lang en fee quote --category Z --quantity 28572 --level 2
expect_rc 0
expect_out "fee       NT\$100 (exempt: at most NT\$100 is declared, not paid)
category  Z Other works
level     2 (given)
quantity  NT\$28572 (the contract amount)
months    none: not charged by time
rate      0.0035 of the amount
factor    1
exact     100.002 (rounded half away from zero, once)"
run fee quote --category Z --quantity 28715 --level 2
expect_rc 0
expect_out_contains "fee       NT\$101"
expect_out_lacks "exempt"

# Exact where a double is not: 57 × 2.65 × 100 / 30 is 503.49999999999994 in binary, 503.5 exactly.
run fee quote --category 1 --quantity 57 --days 100 --level 2
expect_rc 0
expect_out_contains "fee       NT\$504"
expect_out_contains "exact     503.5 "

# --format json: one object; decimals as strings (never a binary float), amounts as integers.
run --format json fee quote --category 1 --quantity 2000 --days 100
expect_rc 0
expect_out '{"category":"1","category_name":"RC 建築工程（含磚造、木造）","basis":"m2","timed":true,"quantity":"2000","days":100,"months":"3.333333","scale":"6666.666667","level":1,"level_given":false,"level_reason":"scale 6666.67 m²·month ≥ 4600","rate":"2.47","factor":"1","exact":"16466.666667","fee":16467,"exempt":false}'
run --format jsonl fee quote --category B --quantity 200
expect_rc 0
expect_out '{"category":"B","category_name":"疏濬工程","basis":"m3","timed":false,"quantity":"200","days":null,"months":"1","scale":"200","level":3,"level_given":false,"level_reason":"level-3 fee 1780 < 2000","rate":"8.9","factor":"1","exact":"1780","fee":1780,"exempt":false}'
run --format csv fee quote --category 1 --quantity 1000 --days 90
expect_rc 0
# CSV lines end in CR LF (RFC 4180).
expect_out $'category,category_name,basis,timed,quantity,days,months,scale,level,level_given,level_reason,rate,factor,exact,fee,exempt\r
1,RC 建築工程（含磚造、木造）,m2,true,1000,90,3,3000,2,false,"scale 3000 m²·month < 4600, level-3 fee 17700 ≥ 2000",2.65,1,7950,7950,false\r'
run --format tsv fee quote --category 8 --quantity 0.1 --days 30
expect_rc 0
expect_out "category	category_name	basis	timed	quantity	days	months	scale	level	level_given	level_reason	rate	factor	exact	fee	exempt
8	區域開發工程（社區開發、工業區開發）	ha	true	0.1	30	1	0.1	3	false	level-3 fee 1157 < 2000, area 1000 m² < 10000 m², 30 days < 365	11574	1	1157.4	1157	false"

# Bad values: exit 3, the option named, nothing written.
refuse "epb: error: --days: category 1 (RC building (also brick, wood)) is charged by the month: the days are required" \
  fee quote --category 1 --quantity 1000
refuse "epb: error: --days: category 3 (Demolition) is not charged by time: it takes no days" \
  fee quote --category 3 --quantity 10 --days 5
refuse "epb: error: --start: category B (Dredging) is not charged by time: it takes no days" \
  fee quote --category B --quantity 10 --start 2025-01-01 --end 2025-01-05
refuse "epb: error: --category: unknown category 'X' (categories: 1, 2, 3, 4, 5, 6, 7, 8, 9, A, B, Z)" \
  fee quote --category X --quantity 1 --days 3
refuse "epb: error: --category: unknown category 'a' (categories: 1, 2, 3, 4, 5, 6, 7, 8, 9, A, B, Z)" \
  fee quote --category a --quantity 1 --days 3
refuse "epb: error: --quantity: 'abc' is not a number: unexpected 'a'" fee quote --category 1 --quantity abc --days 3
refuse "epb: error: --quantity: '1e3' is not a number: unexpected 'e'" fee quote --category 1 --quantity 1e3 --days 3
refuse "epb: error: --quantity: '+5' is not a number: unexpected '+'" fee quote --category 1 --quantity +5 --days 3
refuse "epb: error: --quantity: '1.5.2' is not a number: unexpected '.'" fee quote --category 1 --quantity 1.5.2 --days 3
refuse "epb: error: --quantity: '12,34' is not a number: thousands separators must part groups of three digits" \
  fee quote --category 1 --quantity 12,34 --days 3
refuse "epb: error: --quantity: '0.1234567' is not a number: at most 6 digits after the point" \
  fee quote --category 1 --quantity 0.1234567 --days 3
refuse "epb: error: --quantity: '1000000000000' is not a number: it must be less than 10^12 (1,000,000,000,000)" \
  fee quote --category 1 --quantity 1000000000000 --days 3
refuse "epb: error: --quantity: '-5' must be greater than 0" fee quote --category 1 --quantity -5 --days 3
refuse "epb: error: --quantity: '0' must be greater than 0" fee quote --category 1 --quantity 0 --days 3
refuse "epb: error: --quantity: a number is required, not an empty text" fee quote --category 1 --quantity "" --days 3
refuse "epb: error: --quantity: the amount is too large for whole NT\$" \
  fee quote --category 8 --quantity 999999999999 --days 100000
refuse "epb: error: --days: must be from 1 to 100000" fee quote --category 1 --quantity 1 --days 0
refuse "epb: error: --days: 'x' is not a whole number" fee quote --category 1 --quantity 1 --days x
refuse "epb: error: --level: must be from 1 to 3" fee quote --category 1 --quantity 1 --days 3 --level 4
refuse "epb: error: --level: must be from 1 to 3" fee quote --category 1 --quantity 1 --days 3 --level 0
refuse "epb: error: --end: 2025-01-01 is before --start 2025-02-01" \
  fee quote --category 1 --quantity 1 --start 2025-02-01 --end 2025-01-01
# The dates are bound as --days is: 100,000 days at most (a start typed 0107-03-01 is the year 107).
refuse "epb: error: --end: 700509 days from --start 0107-03-01: at most 100000" \
  fee quote --category 1 --quantity 1 --start 0107-03-01 --end 2025-02-01
refuse "epb: error: --end: 100001 days from --start 2000-01-01: at most 100000" \
  fee quote --category 1 --quantity 1 --start 2000-01-01 --end 2273-10-16
run fee quote --category 1 --quantity 1 --start 2000-01-01 --end 2273-10-15 --format json
expect_rc 0
expect_out_contains '"days":100000,'
refuse "epb: error: --start: date '114/02/30': no such day" \
  fee quote --category 1 --quantity 1 --start 114/02/30 --end 2025-03-01
refuse "epb: error: --end: date 'tomorrow': expected YYYY-MM-DD or an ROC date such as 107/03/31" fee quote --category 1 --quantity 1 --start 2025-01-01 --end tomorrow
refuse "epb: error: --category: control character U+001B not allowed" \
  fee quote --category $'\x1b[31m' --quantity 1 --days 1
refuse "epb: error: --quantity: control character U+0007 not allowed" \
  fee quote --category 1 --quantity $'1\a' --days 1

# The command line itself wrong: exit 2.
run fee quote --category 1 --quantity 1 --days 3 --start 2025-01-01 --end 2025-01-02
expect_rc 2
expect_err "epb: error: --days: give --days or --start and --end, not both"
run fee quote --category 1 --quantity 1 --start 2025-01-01
expect_rc 2
expect_err "epb: error: --end: required with --start"
run fee quote --category 1 --quantity 1 --end 2025-01-01
expect_rc 2
expect_err "epb: error: --start: required with --end"
run fee quote --quantity 5 --days 3
expect_rc 2
expect_err_contains "--category is required"

# A config without [fee] quotes nothing.
mkdir -p "$SCRATCH/nofee"
sed '/^\[fee\]$/,$d' "$EPB_SOURCE_DIR/config/epb.toml" >"$SCRATCH/nofee/epb.toml"
refuse "epb: error: --category: unknown category '1' (categories: none configured)" \
  --config "$SCRATCH/nofee/epb.toml" fee quote --category 1 --quantity 1 --days 3

# The man page has the section.
CHECKS=$((CHECKS + 1))
grep -q "^# THE QUOTE" "$EPB_SOURCE_DIR/man/epb-fee.1.scd" || fail "epb-fee(1) lacks THE QUOTE"

finish
