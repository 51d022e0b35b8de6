#!/usr/bin/env bash
# Full disks and I/O errors (issue 14 §4): the commands of the crash matrix and those that write
# a file (--output, --roster, --rejects, standard output) run with the file-size limit lowered
# under them (ulimit -f, SIGXFSZ ignored: writes fail with EFBIG), and on a small tmpfs that is
# full but for a few KiB (ENOSPC; skipped, with a message, where nothing can be mounted). Each
# run succeeds, or fails cleanly: exit 1, one `epb: error: ` line, the ledger as before, no
# partial output file; `epb db check` passes (disk_full_lib.sh).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/crash_lib.sh"
source "$(dirname "$0")/disk_full_lib.sh"
source "$(dirname "$0")/calendar_files.sh"

LEDGER="$XDG_DATA_HOME/epb/ledger.sqlite"
cd "$SCRATCH" || exit 1
if small_fs_mount 8m; then
  echo "disk full: a tmpfs of 8 MiB at $SMALL_FS" >&2
else
  echo "disk full: SKIPPED the small file system half: cannot mount a tmpfs here (needs root); ulimit -f only" >&2
fi

# --- case import, case export, report annual, calendar import, case recompute --------------
export EPB_NOW="2026-11-02 09:00"
run init -q
"$EPB_BIN" demo --sample-csv 1500 >cases.csv
{ cat cases.csv; echo 'petition,phone,王小明,0912-34,壞的'; } >bad.csv
save_ledger empty
disk_full_sweep "case import" empty - case import cases.csv
disk_full_sweep "case import --rejects" empty rejects.csv case import bad.csv --skip-invalid --rejects rejects.csv
restore_ledger empty
run case import cases.csv -q
expect_rc 0
save_ledger cases
disk_full_sweep "report annual --output" cases annual.csv report annual --year 2026 --format csv --output annual.csv
# A file system with no inode left: the output file cannot even be created (exit 1, not 3).
mkdir -p "$SCRATCH/noinode"
if mount -t tmpfs -o size=1m,nr_inodes=8,mode=0700 epb-test "$SCRATCH/noinode" 2>/dev/null; then
  for i in $(seq 1 20); do : >"$SCRATCH/noinode/f$i" 2>/dev/null || break; done
  DISK_FULL_CASES=$((DISK_FULL_CASES + 1))
  run report annual --year 2026 --format csv --output "$SCRATCH/noinode/annual.csv"
  expect_clean_failure "report annual --output, no inode left"
  expect_err_like "epb: error: --output $SCRATCH/noinode/annual.csv: cannot create a file in $SCRATCH/noinode: No space left on device"
  no_file_left "$SCRATCH/noinode" annual.csv
  umount "$SCRATCH/noinode"
fi
# case export writes to standard output only: a failed write is an error, exit 1.
for kib in 0 16 64; do
  DISK_FULL_CASES=$((DISK_FULL_CASES + 1))
  OUT=$(
    (trap '' XFSZ && ulimit -f "$kib" && exec "$EPB_BIN" case export --format jsonl 2>&1 >export.jsonl) | cat
    exit "${PIPESTATUS[0]}"
  )
  RC=$? ERR=$OUT
  expect_clean_failure "case export > file (ulimit -f $kib)"
done
gov_calendar 2026 --off 2026-11-03=颱風停班 --off 2026-11-04=颱風停班 >2026.csv
disk_full_sweep "calendar import" cases - calendar import 2026.csv --replace
restore_ledger cases
run calendar import 2026.csv --replace
save_ledger closed
disk_full_sweep "case recompute" closed - case recompute

# --- subsidy pay --batch --roster and --confirm -------------------------------------------
approved_subsidies 1000
save_ledger approved
KEEPS=reveals disk_full_sweep "subsidy pay --batch --roster" approved roster.csv subsidy pay --batch --roster roster.csv
restore_ledger approved
rm -f roster.csv
run subsidy pay --batch --roster roster.csv
expect_rc 0
awk -F, 'NR > 1 && $2 != "TOTAL" { print $1 "," $2 "," $6 ",paid,,2018-03-07" }' roster.csv |
  sed '1i batch,ref,amount,status,reason,paid_on' >result.csv
save_ledger batched
EPB_NOW="2018-03-08 10:00" disk_full_sweep "subsidy pay --confirm" batched - subsidy pay --confirm result.csv

# --- fee import-payments --------------------------------------------------------------------
rm -f "$LEDGER" "$LEDGER-wal" "$LEDGER-shm"
export EPB_NOW="2026-03-02 10:00"
run init -q
run fee project add -q --owner 王小明 --owner-id A123456789 --phone 0912345678 --address 高雄市苓雅區四維三路2號 \
  --site 高雄市前鎮區中山二路100號 --permit P-115-0001 --contractor 大發營造 --contractor-ubn 04595257 \
  --category 1 --quantity 1000 --planned-start 2026-03-10 --planned-end 2026-06-07
EPB_NOW="2026-03-03 10:00" run fee declare -q CFD-115-000001
bash "$EPB_SOURCE_DIR/tests/tools/clone_fee_projects.sh" "$LEDGER" 1000
{
  echo slip,amount,paid_on,txn_id,collector
  q "select slip || ',' || amount || ',2026-03-12,B' || id || ',bank' from fee_instalment order by id"
} >payments.csv
save_ledger declared
EPB_NOW="2026-03-12 18:00" disk_full_sweep "fee import-payments" declared - fee import-payments payments.csv

# --- survey export --output, survey import -------------------------------------------------
LEDGER="$SCRATCH/demo.sqlite"
"$EPB_BIN" demo --cases 300 --demo-ledger "$LEDGER" >/dev/null 2>&1
export EPB_LEDGER=$LEDGER EPB_NOW="2019-02-01 10:00"
run survey sample --service subsidy --period 2018 --rate 1/2 --strata district --spares 1 --seed 20190201 -q
SAMPLE=$(q 'select max(id) from survey_sample')
run survey export "$SAMPLE"
printf '%s\n' "$OUT" | awk -F, 'NR == 1 { print "ref,process,speed,staff,overall" } $3 == "chosen" { print $2 ",5,4,5,4" }' \
  >answers.csv
save_ledger sampled
disk_full_sweep "survey export --output" sampled calls.csv survey export "$SAMPLE" --output calls.csv
disk_full_sweep "survey import" sampled - survey import "$SAMPLE" answers.csv
unset EPB_LEDGER

# --- notify run: the SMS outbox reaches the file-size limit in the middle of a line ----------
# The outbox is filled to just under 1 MiB, so that a line is cut off by the limit: the half line
# must go (a gateway tailing the file would read it, the next line would run into it), the
# notices not sent are failed or still in flight, and the next run sends every one.
notify_world "$SCRATCH/world"
at() {
  local when=$1
  shift
  EPB_NOW="$when" "$EPB_BIN" -q "${E[@]}" "$@" >/dev/null || fail "epb $*"
}
at "2024-03-04 10:00" init
for n in $(seq 10 19); do
  at "2024-03-04 10:00" case open --service petition --channel phone --subject "路面坑洞 $n" --name "李大同$n" \
    --phone "09112223$n"
  at "2024-03-04 10:00" case open --service petition --channel mail --subject "垃圾清運 $n" --name "陳美麗$n" \
    --address "高雄市苓雅區四維三路${n}號"
done
save_ledger world
jsonl_whole() { python3 -c 'import json, sys
for line in open(sys.argv[1], encoding="utf-8"): json.loads(line)' "$1" 2>/dev/null; }
for room in 40 300 700 1500 5000; do
  DISK_FULL_CASES=$((DISK_FULL_CASES + 1))
  restore_ledger world
  rm -rf "$OUTDIR/letters"
  python3 -c 'import sys
size, room = 1024 * 1024, int(sys.argv[1])
line = "{\"message_id\":\"old\",\"body\":\"" + "x" * 80 + "\"}\n"
sys.stdout.write(line * ((size - room) // len(line)))' "$room" >"$OUTDIR/sms.jsonl"
  OLD=$(wc -l <"$OUTDIR/sms.jsonl")
  limited 1024 "${E[@]}" notify run --as-of "2024-03-08 09:00"
  label="notify run, $room bytes to the limit"
  if [ "$RC" != 0 ]; then
    DISK_FULL_REFUSED=$((DISK_FULL_REFUSED + 1))
    expect_clean_failure "$label"
  fi
  check "$label: the outbox holds whole lines only" jsonl_whole "$OUTDIR/sms.jsonl"
  check "$label: some notices failed" [ "$(q "select count(*) from notice where state = 'failed'")" -gt 0 ]
  run "${E[@]}" db check
  expect_rc 0
  run "${E[@]}" notify run --as-of "2024-03-11 09:00"
  expect_rc 0
  check "$label: all sent the next working day" [ "$(q "select count(*) from notice where state <> 'sent'")" = 0 ]
  check "$label: the outbox holds whole lines only, after the next run" jsonl_whole "$OUTDIR/sms.jsonl"
  sent=$(tail -n +"$((OLD + 1))" "$OUTDIR/sms.jsonl" | sed -n 's/^{"message_id":"\([^"]*\)".*/\1/p' | sort)
  check "$label: each SMS notice in the outbox once" [ "$(printf '%s\n' "$sent" | uniq -d | grep -c .)" -le 1 ]
  check "$label: every SMS notice in the outbox" [ "$(printf '%s\n' "$sent" | sort -u)" = \
    "$(q "select message_id from notice where transport = 'sms' order by message_id")" ]
done

echo "disk full: $DISK_FULL_CASES runs, $DISK_FULL_REFUSED refused cleanly, the rest succeeded" >&2
finish
