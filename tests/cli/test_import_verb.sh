#!/usr/bin/env bash
# The import verb every record type shares (cmd/import_verb.cpp), as `epb case import` uses
# it: its options in --help, the summary of a run stopped in its first batch, a flag column
# read by the shared field parsers, and the batch record of each commit.
source "$(dirname "$0")/lib.sh"

LEDGER="$XDG_DATA_HOME/epb/ledger.sqlite"
export EPB_NOW="2024-03-01 09:00"
cd "$SCRATCH" || exit 1
run init -q

# --- every shared option is offered -------------------------------------------------------
run case import --help
expect_rc 0
for option in --input-format --encoding --map --mapping --skip-invalid --rejects --dry-run --on-duplicate \
  --commit-every; do
  expect_out_contains "$option"
done
expect_out_contains "csv, tsv or jsonl (default: from the extension; csv)"
expect_out_contains "skip (default), update or error"

# --- stopped in the first batch: nothing imported, nothing written -------------------------
{
  echo 'source_system,source_id,service,channel,name,phone,subject,received'
  for i in 1 2 3 4 5; do
    phone=09123456$(printf %02d "$i")
    [ "$i" = 3 ] && phone=0912-34
    echo "hotline,C$i,petition,phone,王小明,$phone,第${i}件,2024-02-01 09:00"
  done
} >five.csv
imp five.csv --commit-every 4
expect_rc 3
expect_err "epb: error: five.csv:4: phone: phone '0912-34': a mobile number is 09 and 8 digits
epb: five.csv: read 5, imported 0, updated 0, skipped 0, rejected 1 in X.X s (nothing written)
epb: error: five.csv: 1 invalid row"
expect_sql "select count(*) from case_file" "0"
expect_sql "select count(*) from event" "0"

# --- each committed batch is recorded once, with the ids it added ---------------------------
sed 's/0912-34/0912345603/' five.csv >five-fixed.csv
imp five-fixed.csv --commit-every 2
expect_rc 0
expect_err "epb: five-fixed.csv: read 5, imported 5, updated 0, skipped 0, rejected 0 in X.X s (committed)"
expect_sql "select count(*) from event where subject = 'case-import'" "3"
expect_sql "select count(*) from case_file" "5"

# --- closed_late is a flag: yes/no are read as true/false; anything else names the field ----
printf 'service,channel,name,phone,subject,received,status,closed,outcome,closed_late,source_system,source_id\n' >late.csv
printf 'petition,phone,王小明,0912345678,路燈,2024-02-01 09:00,closed,2024-02-02 09:00,已修復,yes,old,L1\n' >>late.csv
imp late.csv
expect_rc 0
expect_sql "select closed_late from case_file where source_id = 'L1'" "1"
printf 'service,channel,name,phone,subject,received,status,closed,outcome,closed_late,source_system,source_id\n' >late-bad.csv
printf 'petition,phone,王小明,0912345678,路燈,2024-02-01 09:00,closed,2024-02-02 09:00,已修復,perhaps,old,L2\n' >>late-bad.csv
refuse "epb: error: late-bad.csv:2: closed_late: 'perhaps' is not true or false*" case import late-bad.csv

finish
