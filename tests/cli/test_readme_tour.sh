#!/usr/bin/env bash
# README.md's "A short tour", run as written: the ```sh block under the heading is read from the
# README itself (continuation lines joined, comments stripped, `epb` replaced by the binary
# under test), and every command must succeed, so the README cannot drift from the program.
# The files the tour names (hotline.csv, dealer.csv, 2028.csv, my.toml, answer.csv, bank.txt) are made here, in a scratch
# directory, at a fixed clock (the survey's demo.sqlite and answers.csv are made by the tour's own
# commands); beyond success, only the survey's verify lines have their output asserted: a line
# whose exit is not 0 by design (verify's 1) is written `... || echo "exit $?"`.
source "$(dirname "$0")/lib.sh"

cd "$SCRATCH" || exit 1
export EPB_NOW=2026-03-02T09:00
# Notices land in files of the scratch directory, never in anyone's mailbox.
notify_world "$SCRATCH/world"
export EPB_CONFIG="$SCRATCH/world/epb.toml"
unset EPB_LEDGER # the tour uses the default ledger ($XDG_DATA_HOME/epb/ledger.sqlite)
LEDGER="$XDG_DATA_HOME/epb/ledger.sqlite"

# The 1999 hotline's export, in the columns of the built-in hotline1999 mapping.
cat >hotline.csv <<'CSV'
案件編號,陳情管道,業務類別,陳情人,身分證字號,聯絡電話,電子郵件,聯絡地址,案由,陳情內容,發生地點,受理時間
1999-0001,hotline,complaint,陳美麗,E223456785,0912000111,,高雄市前鎮區中山二路1號,工廠異味,夜間異味,高雄市前鎮區中山二路1號,2026-02-26 09:00
1999-0002,hotline,petition,林志明,S122334458,0933444555,,,路燈不亮,,高雄市苓雅區四維三路,2026-02-27 10:30
CSV
# A motorcycle dealer's batch of subsidy applications (man epb-subsidy(1), IMPORT).
cat >dealer.csv <<'CSV'
dealer_ubn,dealer_application,programme_year,kind,name,id_number,phone,scrapped_plate,scrapped_made,recycling_certificate,deregistered,new_plate,new_frame,new_class,invoice_number,invoice_date,bank_code,account_number
12345675,D-0001,107,scrap_buy_other,陳美玲,E200000016,0912000001,FAA-233,2001-05-01,RC-1001,107/03/01,EMA-1001,EBK0000001,light,AB-00000001,2018-03-02,004,123456789012
12345675,D-0002,107,scrap_only,林志明,E200000025,0912000002,FAA-234,2000-01-01,RC-1002,2018-03-01,,,,,,700,00012345678901
CSV
# The government's file for a year epb does not ship (2028): every day, weekends off.
WEEKDAYS=(日 一 二 三 四 五 六)
{
  printf '西元日期,星期,是否放假,備註\n'
  day=2028-01-01
  while [ "$day" != 2029-01-01 ]; do
    weekday=$(date -d "$day" +%w)
    off=0
    [ "$weekday" = 0 ] || [ "$weekday" = 6 ] && off=2
    printf '%s,%s,%s,\n' "$(date -d "$day" +%Y%m%d)" "${WEEKDAYS[$weekday]}" "$off"
    day=$(date -d "$day + 1 day" +%F)
  done
} >2028.csv
"$EPB_BIN" config show >my.toml
# The household office's answer to the tour's query file.
printf 'id_number,registered,district,registered_on\nA123456789,yes,苓雅區,2001-01-01\n' >answer.csv
# A bank's collection file (layout bank of [fee.layouts]): the second half of the tour's project.
printf 'H20260302KSEPB-AIRFEE\n%s%s%s%s\nT000001000000009830\n' 115000001020 0000009830 20260302 BK20260302000001 >bank.txt

# The tour's commands: the first ```sh block after the heading, up to its closing fence.
TOUR=$(awk '/^## A short tour/ { inside = 1; next }
            inside && /^```sh/ { block = 1; next }
            block && /^```/ { exit }
            block { print }' "$EPB_SOURCE_DIR/README.md")
CHECKS=$((CHECKS + 1))
[ -n "$TOUR" ] || fail "no tour found in README.md"
COMMANDS=()
line=""
while IFS= read -r part; do
  if [[ "$part" == *'\' ]]; then
    line+="${part%\\} "
    continue
  fi
  line+="$part"
  # A comment starts at '#' after spaces, outside quotes (the tour's quoted values hold none).
  command=$(printf '%s' "$line" | sed -E 's/[[:space:]]+#[^"]*$//')
  COMMANDS+=("$command")
  line=""
done <<<"$TOUR"
CHECKS=$((CHECKS + 1))
[ "${#COMMANDS[@]}" -ge 20 ] || fail "the tour has only ${#COMMANDS[@]} commands" "$TOUR"

TOUR_OUT=() # each command's stdout, by its index in COMMANDS
for command in "${COMMANDS[@]}"; do
  CHECKS=$((CHECKS + 1))
  [[ "$command" == "epb "* ]] || {
    fail "not an epb command: $command"
    continue
  }
  # shellcheck disable=SC2016 # "$EPB_BIN" is expanded by eval
  eval '"$EPB_BIN"'"${command#epb}" >"$SCRATCH/out" 2>"$SCRATCH/err"
  RC=$?
  OUT=$(cat "$SCRATCH/out")
  ERR=$(cat "$SCRATCH/err")
  TOUR_OUT+=("$OUT")
  [ "$RC" = 0 ] || fail "exit $RC: $command" "$ERR"
done

# tour_out PATTERN: the stdout of the one tour command matching the shell pattern.
tour_out() {
  local i found=()
  for i in "${!COMMANDS[@]}"; do
    # shellcheck disable=SC2053
    [[ "${COMMANDS[$i]}" == $1 ]] && found+=("$i")
  done
  [ "${#found[@]}" = 1 ] || {
    fail "${#found[@]} tour commands match $1"
    return
  }
  OUT=${TOUR_OUT[${found[0]}]}
}
# The survey: sample 2 re-drawn identical; sample 3 re-drawn after a complaint joined its period:
# exit 1, told as a frame change naming the case, not as an edited sample.
tour_out "* survey verify 2"
expect_out_contains "survey sample 2: identical"
tour_out "* survey verify 3 *"
expect_out_contains "survey sample 3: the ledger changed since the draw: the frame differs, the stored sample agrees"
expect_out_contains "frame: 1 case added since the draw: CMP-107-000002"
expect_out_lacks "edited"
expect_out_contains "exit 1"
expect_sql "select group_concat(ref || ':' || status, ' ') from case_file where ref like 'CMP-107-%'" \
  "CMP-107-000001:closed CMP-107-000002:closed" demo.sqlite
expect_sql "select count(*) from survey_member where sample_id = 3" "1" demo.sqlite

# The tour did what it says: the case went through its steps, the files were written.
expect_sql "select status, extensions from case_file where ref = 'PET-115-000001'" "processing|1"
expect_sql "select group_concat(action, ' ') from (select action from event where subject = 'case:PET-115-000001'
  and action not like 'notice%' and action <> 'reveal-pii' order by id)" "open move move pause resume extend"
expect_sql "select count(*) from case_file where source_system = 'import'" "2"
expect_sql "select count(*) from subsidy_application where dealer_ubn = '12345675'" "2"
expect_sql "select count(*) from calendar_year where year = 2028" "1"
expect_sql "select count(*) from calendar_closure where date = '2024-07-25'" "1"
expect_sql "select c.status, s.amount, s.corrections from case_file c join subsidy_application s on s.case_id = c.id
  where c.ref = 'SUB-107-000001'" "approved|5000|1"
expect_sql "select count(*) from household_exchange" "2"
# The fee project: both halves paid (one at the counter, one from the bank's file), settled with a top-up.
expect_sql "select group_concat(kind || ':' || state, ' ') from (select kind, state from fee_instalment order by seq)" \
  "half:paid half:paid topup:open"
expect_sql "select count(*) from fee_payment" "2"
expect_sql "select count(*) from water_fee" "1"
CHECKS=$((CHECKS + 1))
[ -s cases.jsonl ] && [ -s copy.sqlite ] && [ -s query.csv ] || fail "the tour's files were not written"

finish
