#!/usr/bin/env bash
# epb fee project add|list|show, declare, stop, resume, settle: a project from its registration
# to its settlement, and every misuse exits 3 (4 for an unknown project) with nothing written.
source "$(dirname "$0")/lib.sh"

LEDGER="$XDG_DATA_HOME/epb/ledger.sqlite"
run init -q
export EPB_NOW="2026-03-02 10:00"

ADD=(fee project add --owner 王小明 --owner-id A123456789 --phone 0912345678 --address 高雄市苓雅區四維三路2號
  --site 高雄市前鎮區中山二路100號 --permit P-115-0001 --contractor 大發營造 --contractor-ubn 04595257
  --category 1 --quantity 1000 --planned-start 2026-03-10 --planned-end 115/06/07)

run "${ADD[@]}"
expect_rc 0
expect_out "CFD-115-000001"
expect_err "epb: CFD-115-000001 registered: category 1, 2026-03-10 to 2026-06-07"
expect_sql "select district, owner_kind, owner_id, quantity, planned_end, state from fee_project" \
  "前鎮區|person|A123456789|1000|2026-06-07|registered"
expect_sql "select status, place from case_file" "received|高雄市前鎮區中山二路100號"

# with OPTION VALUE: $WITH is the ADD command with OPTION's value replaced.
with() {
  local i
  WITH=()
  for ((i = 0; i < ${#ADD[@]}; i++)); do
    WITH+=("${ADD[i]}")
    if [ "${ADD[i]}" = "$1" ]; then
      WITH+=("$2")
      i=$((i + 1))
    fi
  done
}

# Bad values: exit 3, the option named, nothing written.
with --owner-id A123456788
refuse "epb: error: --owner-id: *" "${WITH[@]}"
with --contractor-ubn 04595258
refuse "epb: error: --contractor-ubn: *" "${WITH[@]}"
with --planned-end 2026-03-01
refuse "epb: error: --planned-end: 2026-03-01 is before the planned start (2026-03-10)" "${WITH[@]}"
# A start typed 0107-03-10 is the year 107: the fee's 100,000 days at most refuse it.
with --planned-start 0107-03-10
refuse "epb: error: --planned-end: 700991 days from the start 0107-03-10: at most 100000" "${WITH[@]}"
with --planned-end 2026-02-30
refuse "epb: error: --planned-end: *" "${WITH[@]}"
with --category Q
refuse "epb: error: --category: unknown category 'Q'*" "${WITH[@]}"
# One-character codes are all one edit apart: the capital letter is the only suggestion.
with --category b
refuse "epb: error: --category: unknown category 'b', did you mean 'B'? (known: 1, 2, 3, 4, 5, 6, 7, 8, 9, A, B, Z)" \
  "${WITH[@]}"
with --category Q
refuse "epb: error: --category: unknown category 'Q' (known: 1, 2, 3, 4, 5, 6, 7, 8, 9, A, B, Z)" "${WITH[@]}"
with --category 99
refuse "epb: error: --category: unknown category '99'*" "${WITH[@]}"
with --quantity -5
refuse "epb: error: --quantity: *" "${WITH[@]}"
with --quantity 0
refuse "epb: error: --quantity: 0 is not a positive quantity" "${WITH[@]}"
with --site $'高雄市\x01前鎮區'
refuse "epb: error: --site: *" "${WITH[@]}"
with --site $'高雄市\n前鎮區'
refuse "epb: error: --site: *" "${WITH[@]}"
with --site "  "
refuse "epb: error: --site: the site address is required" "${WITH[@]}"
# The NUL byte cannot reach a command line; an escape character in a field can.
with --owner $'王\x1b小明'
refuse "epb: error: --owner: *" "${WITH[@]}"
with --permit P-3
refuse "epb: error: --floors-above: counts the start back from the discovery: give --found-on" \
  "${WITH[@]}" --floors-above 2
refuse "epb: error: --found-on: 2026-04-01 is after the clock's date (2026-03-02)" \
  "${WITH[@]}" --found-on 2026-04-01 --miscellaneous
refuse "epb: error: --found-on: works found under way need what their start is counted back by*" \
  "${WITH[@]}" --found-on 2026-02-01
refuse "epb: error: --started-on: give the known start or count it back*" \
  "${WITH[@]}" --found-on 2026-02-01 --started-on 2026-01-01 --floors-above 1
refuse "epb: error: --floors-above: *" "${WITH[@]}" --found-on 2026-02-01 --floors-above -1
refuse "epb: error: --owner-kind: *" "${WITH[@]}" --owner-kind people
refuse "epb: error: --permit: P-115-0001 is already registered as CFD-115-000001" "${ADD[@]}"
refuse "epb: error: --owner-id: *" fee project add --owner-kind company --owner 大發建設 --owner-id 12345678 \
  --site 高雄市苓雅區一路1號 --permit P-2 --category 1 --quantity 10 --planned-start 2026-04-01 --planned-end 2026-05-01
# The generic case verbs cannot open or approve a fee project behind the fee rules.
refuse "epb: error: service construction_fee: a construction fee project is registered with epb fee project add" \
  case open --service construction_fee --channel web --subject 申報 --name 王小明 --id-number A123456789
refuse "epb: error: case CFD-115-000001: is approved (核定) only by epb fee declare*" \
  case move CFD-115-000001 approved --note ok
refuse "epb: error: case CFD-115-000001: is approved (核定) only by epb fee declare*" \
  case close CFD-115-000001 --state approved --outcome ok

# Unknown projects: exit 4, nothing written.
before=$(ledger_dump)
run fee declare CFD-115-000099
expect_rc 4
expect_err "epb: error: project CFD-115-000099: no case number or permit number matches"
run fee stop NO-SUCH-PERMIT --on 2026-03-01
expect_rc 4
[ "$(ledger_dump)" = "$before" ] || fail "the ledger changed on an unknown project"

# Declared: NT$7,950 in full (RC 1,000 m², 90 days, level 2), due 3 days after the start.
refuse "epb: error: --plan: *" fee declare CFD-115-000001 --plan quarters
refuse "epb: error: --instalment-dates: *" fee declare CFD-115-000001 --instalment-dates 2026-04-01
refuse "epb: error: --plan: a fee of NT\$7,950 is paid in full*" fee declare CFD-115-000001 --plan halves
refuse "epb: error: --instalment-dates: *" fee declare CFD-115-000001 --plan instalments --instalment-dates 2026-02-30
run fee declare P-115-0001 --format csv
expect_rc 0
SLIP=$(printf '%s\n' "$OUT" | tr -d '\r' | sed -n 2p | cut -d, -f6)
expect_out "$(printf 'ref,seq,kind,amount,due,slip\r\nCFD-115-000001,1,full,7950,2026-03-13,%s\r' "$SLIP")"
expect_err "epb: CFD-115-000001 declared: NT\$7,950 (level 2, 90 days), 1 instalment"
[[ "$SLIP" == 11500000101? ]] || fail "slip $SLIP"
expect_sql "select status, closed_at is not null from case_file" "approved|1"
expect_sql "select kind, fee, level, days, exempt from fee_declaration" "start|7950|2|90|0"
expect_sql "select action from event where subject = 'case:CFD-115-000001' order by id" "open
fee-project
fee-declare
move"
refuse "epb: error: project CFD-115-000001: was declared already (declared)*" fee declare CFD-115-000001
refuse "epb: error: case CFD-115-000001: is closed (approved); reopen it first" \
  case move CFD-115-000001 rejected --note x
refuse "epb: error: case CFD-115-000001: is declared: a declared project is not reopened*" \
  case reopen CFD-115-000001 --reason again

# Show and list mask the owner's ID, name, phone and addresses; --reveal-pii shows them, logged.
run fee project show CFD-115-000001 --format csv
expect_rc 0
expect_out_contains "owner,王O明"
expect_out_contains "owner_id,A12****789"
expect_out_contains "phone,0912******"
expect_out_contains "site,高雄市前鎮區****"
expect_out_contains "instalment.1.slip,$SLIP"
expect_out_contains "instalment.1.due,2026-03-13"
expect_out_contains "declaration.1.fee,7950"
expect_out_lacks "A123456789"
run fee project list --format json
expect_rc 0
expect_out_contains '"owner":"王O明"'
expect_out_contains '"fee":7950'
expect_out_lacks "四維三路"
run fee project show P-115-0001 --reveal-pii --format tsv
expect_out_contains $'owner_id\tA123456789'
expect_sql "select count(*) from event where action = 'reveal-pii' and subject = 'case:CFD-115-000001'" "1"
refuse "epb: error: --state: *" fee project list --state nosuch

# Stop-work periods: one open stop, resume after it, inside the project, not in the future.
export EPB_NOW="2026-04-02 10:00"
refuse "epb: error: project CFD-115-000001: work is not stopped*" fee resume CFD-115-000001 --on 2026-04-01
refuse "epb: error: --on: 2026-03-01 is outside the project (2026-03-10 to 2026-06-07)" \
  fee stop CFD-115-000001 --on 2026-03-01
refuse "epb: error: --on: 2026-04-03 is after the clock's date (2026-04-02)" fee stop CFD-115-000001 --on 2026-04-03
refuse "epb: error: --on: *" fee stop CFD-115-000001 --on 2026-02-30
run fee stop CFD-115-000001 --on 2026-04-01
expect_rc 0
expect_out "CFD-115-000001"
refuse "epb: error: project CFD-115-000001: work is stopped already since 2026-04-01*" \
  fee stop CFD-115-000001 --on 2026-04-02
refuse "epb: error: --on: 2026-04-01 is not after the stop (2026-04-01)" fee resume CFD-115-000001 --on 2026-04-01
# The clock in the past: a change is never dated before what it follows.
refuse "epb: error: case CFD-115-000001: the clock * is earlier than its latest event*" \
  fee resume CFD-115-000001 --on 2026-03-20 --as-of "2026-03-21 10:00"
export EPB_NOW="2026-04-11 10:00"
run fee resume CFD-115-000001 --on 2026-04-11
expect_rc 0
expect_err "epb: CFD-115-000001 resumed on 2026-04-11 (10 days stopped)"
expect_sql "select stopped_on, resumed_on from fee_stop" "2026-04-01|2026-04-11"

# Settlement: 1,200 m² to 2026-06-17 (100 days less 10 stopped = 90): NT$9,540, a top-up of
# NT$1,590 due 90 days after the settlement; the double rate needs a reason.
export EPB_NOW="2026-06-20 10:00"
refuse "epb: error: --reason: the double rate (Act §75) needs the reason*" \
  fee settle CFD-115-000001 --quantity 1200 --end 2026-06-17 --double-rate
refuse "epb: error: --reason: is the reason for --double-rate" \
  fee settle CFD-115-000001 --quantity 1200 --end 2026-06-17 --reason 漏報
refuse "epb: error: --end: 2026-03-01 is before the start (2026-03-10)" \
  fee settle CFD-115-000001 --quantity 1200 --end 2026-03-01
refuse "epb: error: --end: 2026-06-21 is after the clock's date (2026-06-20)" \
  fee settle CFD-115-000001 --quantity 1200 --end 2026-06-21
refuse "epb: error: --quantity: *" fee settle CFD-115-000001 --quantity 1e3 --end 2026-06-17
run fee settle CFD-115-000001 --quantity 1200 --end 2026-06-17 --format csv
expect_rc 0
expect_out_contains "CFD-115-000001,9540,90,0,1590,"
expect_out_contains ",2026-09-18,"
expect_err "epb: CFD-115-000001 settled: NT\$9,540, top-up NT\$1,590"
expect_sql "select kind, fee, topup, refund from fee_declaration order by id" "start|7950|0|0
settlement|9540|1590|0"
expect_sql "select seq, kind, amount, due_date, state from fee_instalment order by seq" \
  "1|full|7950|2026-03-13|open
2|topup|1590|2026-09-18|open"
expect_sql "select state from fee_project" "settled"
refuse "epb: error: project CFD-115-000001: is settled (結算): its figures are final" \
  fee settle CFD-115-000001 --quantity 1200 --end 2026-06-17
refuse "epb: error: project CFD-115-000001: is settled*" fee stop CFD-115-000001 --on 2026-06-01

# Exempt (≤ NT$100): declared, not paid; no instalment, no slip.
export EPB_NOW="2026-07-01 10:00"
run fee project add --owner-kind company --owner 大發建設股份有限公司 --owner-id 04595257 \
  --site 高雄市苓雅區一路1號 --permit C-1 --category Z --quantity 10000 --planned-start 2026-07-10 \
  --planned-end 2026-07-20 --public-works
expect_rc 0
expect_out "CFD-115-000002"
run fee declare C-1
expect_rc 0
expect_err_like "epb: CFD-115-000002 declared: NT\$* exempt: declared, not paid"
expect_err_like "*NT\$54 (level 3), exempt*" # category Z has no days
expect_sql "select count(*) from fee_instalment where case_id = (select id from case_file where ref = 'CFD-115-000002')" "0"

# Found under way: counted back 90 days a floor, 120 a basement; due at once (no grace).
run fee project add --owner 陳大文 --owner-id F131104093 --site 高雄市鼓山區美術館路1號 --permit U-1 \
  --category 1 --quantity 500 --planned-start 2026-08-01 --planned-end 2026-12-31 --found-on 2026-06-30 \
  --floors-above 1 --basements 1
expect_rc 0
expect_err "epb: CFD-115-000003 registered: category 1, 2026-08-01 to 2026-12-31, counted from 2025-12-02"
run fee declare CFD-115-000003 --format csv
expect_rc 0
expect_out_contains ",1,full,"
expect_out_contains ",2025-12-02,"

# Instalments (from NT$5,000,000) on the dates the city sets: none already past, in order, 2 to 12.
run fee project add --owner 陳大文 --owner-id F131104093 --site 高雄市鼓山區美術館路1號 --permit BIG-1 \
  --category 1 --quantity 3000000 --planned-start 2026-07-10 --planned-end 2026-08-08
expect_rc 0
expect_out "CFD-115-000004"
refuse "epb: error: --instalment-dates: 2020-01-01 is before the declaration (2026-07-01): an instalment is not due in the past" \
  fee declare BIG-1 --plan instalments --instalment-dates 2020-01-01,2020-02-01
refuse "epb: error: --instalment-dates: 2026-06-30 is before the declaration (2026-07-01)*" \
  fee declare BIG-1 --plan instalments --instalment-dates 115/06/30,2026-08-01
refuse "epb: error: --instalment-dates: instalment due dates must increase*" \
  fee declare BIG-1 --plan instalments --instalment-dates 2026-08-01,2026-08-01
refuse "epb: error: --instalment-dates: instalments need 2 to 12 due dates, not 1" \
  fee declare BIG-1 --plan instalments --instalment-dates 2026-08-01
refuse "epb: error: --plan: a fee of NT\$7,410,000 is paid in full or in instalments*" fee declare BIG-1 --plan halves
run fee declare BIG-1 --plan instalments --instalment-dates 2026-07-01,115/08/01 --format csv
expect_rc 0
expect_out_contains ",1,instalment,3705000,2026-07-01,"
expect_out_contains ",2,instalment,3705000,2026-08-01,"

# The double rate near the int64 limit: refused, not wrapped to a negative fee (the ledger's CHECK).
run fee project add --owner 陳大文 --owner-id F131104093 --site 高雄市鼓山區美術館路1號 --permit OLD-1 \
  --category 8 --quantity 1 --planned-start 1926-07-10 --planned-end 2026-06-30
expect_rc 0
run fee declare OLD-1
expect_rc 0
refuse "epb: error: --quantity: the fee at twice the rate is too large for whole NT\$" \
  fee settle OLD-1 --quantity 999999999999 --end 2026-06-30 --double-rate --reason short
run fee --help
expect_out_contains "project"
expect_out_contains "settle"
finish
