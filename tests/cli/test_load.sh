#!/usr/bin/env bash
# Load (issue #14): eight processes on one ledger file at once, for 10 s by default and 60 s in
# CI (CI=true or EPB_LOAD=1; EPB_LOAD_SECONDS=N for any other length): two intake loops (one
# assigns what it opens), small case imports (and now and then one again), `notify run` every
# 2 s (mail, sms and letters into files), two approvers racing for one small subsidy budget,
# fee payment imports (and now and then one again) and reports, which take a `db backup` half
# way. Afterwards: no command failed (the approvers' refusals are the documented exit 3 ones:
# budget_exhausted, or a move the other approver made first), no notice sent twice, no payment
# or case imported twice, the budget never over-committed (during the run too), `db check` ok
# on the ledger and on the backup. Prints the operations per process type, the operations per
# second sustained, the refusals and the longest wait for one command.
source "$(dirname "$0")/lib.sh"

if [ -n "${EPB_LOAD_SECONDS:-}" ]; then
  DURATION=$EPB_LOAD_SECONDS
elif [ "${CI:-}" = true ] || [ "${EPB_LOAD:-0}" = 1 ]; then
  DURATION=60
else
  DURATION=10
fi
notify_world "$SCRATCH/w"
cd "$SCRATCH" || exit 1
export EPB_LEDGER=$L EPB_CONFIG="$OUTDIR/epb.toml"
q() { sqlite3 -cmd '.timeout 60000' "$L" "$1"; }
check() { # check WHAT COMMAND...: one check
  local what=$1
  shift
  CHECKS=$((CHECKS + 1))
  "$@" || fail "$what"
}

# One clock for all (a change is never dated before the case's latest event): a Friday of 2026.
# A 2026 scrap + buy (other) programme: NT$5,000 an application, room for CAP of the 3 × CAP
# applications under review.
export EPB_NOW="2026-03-20 10:00"
CAP=$((DURATION / 2 + 5))
APPS=$((CAP * 3))
BUDGET=$((CAP * 5000))
cat >>"$OUTDIR/epb.toml" <<EOF

[subsidy.programmes.2026.scrap_buy_other]
national = 4000
city_topup = 1000
low_income_bonus = 5000
budget = $BUDGET
year_by = "invoice"
deadline = "2026-12-31"
documents = ["form", "id_copy", "recycling_certificate", "invoice", "photos", "declaration", "bank_book"]
EOF
run init -q
expect_rc 0

# --- the fee projects first (the cloning tool wants the ledger's only case): 40,000, a ledger of
# some 50 MB, as a year's makes. Each has an instalment of NT$7,950, the first 100 due
# 2026-03-13 (dunned by the cron job unless paid first), the others 2026-12-31; the first
# PAYMENTS are paid on 2026-03-12, in files of 5 payments ---------------------------------------
FEES=40000
PAYMENTS=$((DURATION * 100))
EPB_NOW="2026-03-02 10:00" run fee project add -q --owner 王小明 --owner-id A123456789 --phone 0912345678 \
  --address 高雄市苓雅區四維三路2號 --site 高雄市前鎮區中山二路100號 --permit P-115-0001 --contractor 大發營造 \
  --contractor-ubn 04595257 --category 1 --quantity 1000 --planned-start 2026-03-10 --planned-end 2026-06-07
expect_rc 0
EPB_NOW="2026-03-03 10:00" run fee declare -q CFD-115-000001
expect_rc 0
bash "$EPB_SOURCE_DIR/tests/tools/clone_fee_projects.sh" "$L" $((FEES - 1)) 99
check "fee instalments" [ "$(q "select count(*) from fee_instalment where state = 'open'")" = "$FEES" ]
# The ledger as the cron job left it on the eve of the due date: each instalment looked at once
# (the first look at 40,000 takes the planner over a second in one transaction, a day's new
# declarations a moment), the 100 reminded.
EPB_NOW="2026-03-12 10:00" run notify run
expect_rc 0
expect_out "epb: notify 2026-03-12T10:00:00+08:00: planned 100, cancelled 0, sent 100, failed 0"
mkdir -p pay
q "select slip || ',7950,2026-03-12,B' || id || ',bank' from fee_instalment order by id limit $PAYMENTS" | split -l 5 -d -a 5 - pay/
for f in pay/*; do
  { echo slip,amount,paid_on,txn_id,collector; cat "$f"; } >"$f.csv" && rm "$f"
done

# --- the subsidy applications: a dealer's batch of APPS, every applicant's household answered --
python3 - "$APPS" >dealer.csv 3>answer.csv <<'PY'
import os, sys
letters = {c: v for c, v in zip("ABCDEFGHJKLMNPQRSTUVXYWZIO", range(10, 36))}
def national_id(n):
    body = f"E2{n:07d}"[:9]
    code = letters[body[0]]
    total = code // 10 + (code % 10) * 9 + sum(int(d) * w for d, w in zip(body[1:], range(8, 0, -1)))
    return body + str((10 - total % 10) % 10)
out, answers = sys.stdout, os.fdopen(3, "w")
print("dealer_ubn,dealer_application,programme_year,kind,name,id_number,phone,address,scrapped_plate,"
      "scrapped_made,recycling_certificate,deregistered,new_plate,new_frame,new_class,invoice_number,"
      "invoice_date,bank_code,account_number", file=out)
print("id_number,registered,district,registered_on", file=answers)
for n in range(1, int(sys.argv[1]) + 1):
    pid = national_id(n)
    print(f"12345675,D-{n:05d},115,scrap_buy_other,陳美玲,{pid},0912{n:06d},高雄市苓雅區四維三路{n}號,"
          f"F{chr(65 + n // 1000 % 26)}{chr(65 + n // 100 % 10)}-{n % 1000:03d},2001-05-01,RC-{n:05d},2026-03-01,"
          f"EM{chr(65 + n // 1000 % 26)}-{n % 10000:04d},EBK{n:07d},light,AB-{n:08d},2026-03-02,004,"
          f"1234567{n:07d}", file=out)
    print(f"{pid},yes,苓雅區,", file=answers)
PY
run subsidy import -q dealer.csv
expect_rc 0
run subsidy household import -q answer.csv
expect_rc 0
check "applications" [ "$(q "select count(*) from subsidy_application where household_registered = 1")" = "$APPS" ]
mapfile -t REFS < <(q "select c.ref from case_file c join subsidy_application s on s.case_id = c.id order by c.id")

OPEN_DATA=false
"$EPB_BIN" report --help | grep -q '^  open-data' && OPEN_DATA=true

# --- the processes ----------------------------------------------------------------------------
mkdir -p p
: >failures.log
END=$(($(date +%s) + DURATION))
HALF=$((END - DURATION / 2))
# op KIND REFUSALS ARGS...: one epb command, timed, logged as "KIND ok|refused|failed MILLISECONDS
# [WHY]" in $P.log; exit 3 with stderr matching the extended regex REFUSALS is a refusal (WHY:
# the match), anything else but exit 0 a failure (in failures.log, with stderr). Leaves stdout
# in $P.out, stderr in $P.err.
op() {
  local kind=$1 refusals=$2 t0=${EPOCHREALTIME/./} rc ms
  shift 2
  "$EPB_BIN" "$@" >"$P.out" 2>"$P.err"
  rc=$?
  ms=$(((${EPOCHREALTIME/./} - t0) / 1000))
  if [ $rc = 0 ]; then
    echo "$kind ok $ms" >>"$P.log"
  elif [ $rc = 3 ] && [ -n "$refusals" ] && grep -Eq "$refusals" "$P.err"; then
    echo "$kind refused $ms $(grep -Eo "$refusals" "$P.err" | head -1 | tr ' ' _)" >>"$P.log"
  else
    echo "$kind failed $ms" >>"$P.log"
    { echo "$P: epb $* -> exit $rc"; cat "$P.err"; } >>failures.log
  fi
  return $rc
}
failed() { echo "$P: $*" >>failures.log; }
running() { [ "$(date +%s)" -lt $END ]; }

intake() { # intake N: opens petitions (N 2: complaints, each assigned to a clerk)
  P=p/intake$1
  local n=0
  while running; do
    n=$((n + 1))
    if [ "$1" = 1 ]; then
      op open "" case open --service petition --channel web --subject "第 $n 件" --name 王小明 --phone 0912345678
    else
      op open "" case open --service complaint --channel phone --subject "噪音 $n" --name 李大同 --phone 0911222333 &&
        op assign "" case assign "$(cat "$P.out")" --to clerk0$((n % 3 + 1))
    fi
  done
}
importer() { # small files of 5 new cases; every fourth time the previous file again (nothing added)
  P=p/import
  local n=0 r
  while running; do
    n=$((n + 1))
    {
      echo source_system,source_id,service,channel,name,id_number,phone,subject,received
      for r in 1 2 3 4 5; do echo "load,L$n-$r,petition,phone,張三豐,E123456783,0922333444,公園髒亂 $n-$r,2026-03-01 09:00"; done
    } >p/import-$n.csv
    op import "" case import p/import-$n.csv
    if [ $((n % 4)) = 0 ]; then
      op reimport "" case import p/import-$((n - 1)).csv &&
        { grep -q "imported 0, updated 0, skipped 5," "$P.err" || failed "import-$((n - 1)).csv again: $(cat "$P.err")"; }
    fi
  done
  echo $n >"$P.files"
}
notifier() { # the cron job: a run every 2 s, whether or not the one before has finished (a
  # run that finds another at work leaves the outbox to it)
  local n=0
  while running; do
    n=$((n + 1))
    (
      P=p/notify-$n
      op notify "" notify run && grep -q "leaving it to that one" "$P.err" && echo "$n" >>p/notify.overlaps
    ) &
    sleep 2
  done
  wait
}
approver() { # approver NAME REF...: under review, then approved, over and over until the end
  P=p/$1
  shift
  while running; do
    for ref in "$@"; do
      running || break
      op move "cannot move from '(reviewing|approved)' to 'reviewing'" case move "$ref" reviewing
      op approve "cannot move from 'approved' to 'approved'|budget_exhausted" subsidy approve "$ref"
    done
  done
}
payer() { # the bank's files of 5 payments; every fourth time the previous file again
  P=p/fee
  local n=0 files=(pay/*.csv)
  while running && [ $n -lt ${#files[@]} ]; do
    op payments "" fee import-payments "${files[$n]}"
    if [ $((n % 4)) = 3 ]; then
      op repayments "" fee import-payments "${files[$((n - 1))]}" &&
        { grep -q "imported 0, updated 0, skipped 5," "$P.err" || failed "${files[$((n - 1))]} again: $(cat "$P.err")"; }
    fi
    n=$((n + 1))
  done
  echo $n >"$P.files"
  # A fast machine gets through every file: then the bank sends old ones again, which change nothing.
  local again=0
  while running && [ "$n" -gt 0 ]; do
    op repayments "" fee import-payments "${files[$again]}" &&
      { grep -q "imported 0, updated 0, skipped 5," "$P.err" || failed "${files[$again]} again: $(cat "$P.err")"; }
    again=$(((again + 1) % n))
  done
}
reporter() { # reports, the budget as the ledger has it, and one backup half way
  P=p/report
  local backed_up=false committed
  while running; do
    op annual "" report annual --year 2026 --format csv
    [ $OPEN_DATA = true ] && op open-data "" --format csv report open-data --year 2026
    op budget "" subsidy budget --format csv
    op overdue "" case overdue --format csv
    committed=$(q "select coalesce(sum(amount), 0) from subsidy_application where programme_year = 2026
      and programme_kind = 'scrap_buy_other' and amount is not null")
    [ "$committed" -le $BUDGET ] || failed "NT\$$committed committed of a budget of NT\$$BUDGET"
    if [ $backed_up = false ] && [ "$(date +%s)" -ge $HALF ]; then
      op backup "" db backup "$SCRATCH/backup.sqlite" && backed_up=true
    fi
  done
}

START=$EPOCHREALTIME
intake 1 &
intake 2 &
importer &
notifier &
approver approve-a "${REFS[@]}" &
mapfile -t BACKWARDS < <(printf '%s\n' "${REFS[@]}" | tac)
approver approve-b "${BACKWARDS[@]}" &
payer &
reporter &
wait
ELAPSED=$(echo "${EPOCHREALTIME/./} - ${START/./}" | bc)

# --- afterwards -------------------------------------------------------------------------------
CHECKS=$((CHECKS + 1))
[ -s failures.log ] && fail "commands failed" "$(head -40 failures.log)"
cat p/*.log >ops.log
count() { awk -v k="$1" -v o="$2" '$1 == k && $2 == o' ops.log | wc -l; }
for kind in open assign import notify move approve payments annual budget backup; do
  check "no $kind ran" [ "$(count "$kind" ok)" -gt 0 ]
done

# Cases: as many as were opened and imported, no import twice.
IMPORTED=$(($(count import ok) * 5))
check "cases opened" [ "$(q "select count(*) from case_file where source_system = ''
  and service in ('petition', 'complaint')")" = "$(count open ok)" ]
check "cases imported" [ "$(q "select count(*) from case_file where source_system = 'load'")" = "$IMPORTED" ]
check "a case imported twice" [ "$(q "select count(*) from (select 1 from case_file where source_id <> ''
  group by source_system, source_id having count(*) > 1)")" = 0 ]

# Payments: one a transaction and an instalment, as many as the files held.
PAID=$(($(count payments ok) * 5))
check "payments" [ "$(q "select count(*) from fee_payment")" = "$PAID" ]
check "instalments paid" [ "$(q "select count(*) from fee_instalment where state = 'paid'")" = "$PAID" ]
check "an instalment paid twice" [ "$(q "select count(*) from (select 1 from fee_payment group by instalment_id
  having count(*) > 1)")" = 0 ]
check "a payment event twice" [ "$(q "select count(*) from event where action = 'fee-payment'")" = "$PAID" ]

# The budget: never more committed than the cap; as many approvals as approvers saw succeed.
APPROVED=$(q "select count(*) || ' ' || coalesce(sum(amount), 0) from subsidy_application where amount is not null")
check "budget over-committed: $APPROVED of NT\$$BUDGET" [ "${APPROVED#* }" -le "$BUDGET" ]
check "approvals: ${APPROVED% *} in the ledger, $(count approve ok) succeeded" \
  [ "${APPROVED% *}" = "$(count approve ok)" ]
check "approved beyond the cap" [ "${APPROVED% *}" -le $CAP ]
# A refusal for the budget means the budget was used up, to the last NT$5,000.
EXHAUSTED=$(grep -c ' budget_exhausted$' ops.log)
[ "$EXHAUSTED" -gt 0 ] && check "budget_exhausted with NT\$${APPROVED#* } of NT\$$BUDGET committed" \
  [ "${APPROVED#* }" = "$BUDGET" ]
run subsidy budget --format csv
expect_out_contains "2026,scrap_buy_other,$BUDGET,${APPROVED#* },0,$((BUDGET - ${APPROVED#* })),"

# Notices: one message id each, no two sent for the same key, each delivered once.
notify run -q >/dev/null 2>&1 || true
check "a message id twice" [ "$(q "select count(*) from (select 1 from notice group by message_id
  having count(*) > 1)")" = 0 ]
check "a notice sent twice" [ "$(q "select count(*) from (select 1 from notice where state = 'sent'
  group by case_id, source, item, level, cycle having count(*) > 1)")" = 0 ]
SENT=$(q "select count(*) from notice where state = 'sent'")
cat "$OUTDIR"/mail.txt "$OUTDIR"/sms.jsonl "$OUTDIR"/letters/* 2>/dev/null |
  grep -o 'notice-[^"<>, ]*@epb\.ksepb\.gov\.tw' >delivered.txt
check "a notice delivered twice: $(sort delivered.txt | uniq -d | head -3)" [ -z "$(sort delivered.txt | uniq -d)" ]
check "delivered $(wc -l <delivered.txt), sent $SENT" [ "$(wc -l <delivered.txt)" = "$SENT" ]
check "nothing sent" [ "$SENT" -gt 0 ]

run db check
expect_rc 0
expect_out_contains "integrity and schema checked"
run --ledger "$SCRATCH/backup.sqlite" db check
expect_rc 0
expect_out_contains "integrity and schema checked"
BACKUP_CASES=$(sqlite3 "$SCRATCH/backup.sqlite" "select count(*) from case_file")
check "the backup, taken half way: $BACKUP_CASES cases" [ "$BACKUP_CASES" -gt $((FEES + APPS)) ] &&
  check "the backup, taken half way: $BACKUP_CASES cases" [ "$BACKUP_CASES" -lt "$(q "select count(*) from case_file")" ]
check "the backup's budget" [ "$(sqlite3 "$SCRATCH/backup.sqlite" "select coalesce(sum(amount), 0)
  from subsidy_application where amount is not null")" -le "$BUDGET" ]

# --- the figures ------------------------------------------------------------------------------
TOTAL=$(wc -l <ops.log)
echo "load: 8 processes for $(echo "scale=1; $ELAPSED / 1000000" | bc) s on one ledger:"
awk '{ n[$1]++; if ($2 == "refused") r[$1]++; if ($3 > max[$1]) max[$1] = $3 }
  END { for (k in n) printf "  %-10s %6d ops, %5d refused, longest %6d ms\n", k, n[k], r[k], max[k] }' ops.log | sort
echo "  total      $TOTAL ops, $(echo "scale=1; $TOTAL * 1000000 / $ELAPSED" | bc) ops/s sustained, 0 failed;" \
  "longest command (its wait included): $(sort -k3 -n ops.log | tail -1 | awk '{ print $3 " ms (" $1 ")" }')"
echo "  command times: median $(sort -n -k3 ops.log | awk '{ t[NR] = $3 } END { print t[int((NR + 1) / 2)] }') ms," \
  "99th percentile $(sort -n -k3 ops.log | awk '{ t[NR] = $3 } END { print t[int(NR * 0.99 + 0.5)] }') ms," \
  "$(awk '$3 >= 1000' ops.log | wc -l) of $TOTAL took 1 s or more"
echo "  refusals (exit 3, expected): $(awk '$2 == "refused" { print $1 ": " $4 }' ops.log | sort | uniq -c |
  awk '{ $1 = $1 " ×"; print }' | paste -sd ';' | sed 's/;/; /g')"
echo "  notify runs that found another at work: $(wc -l <p/notify.overlaps 2>/dev/null || echo 0)"
echo "  ${APPROVED% *} approved for NT\$${APPROVED#* } of NT\$$BUDGET; $SENT notices sent, $PAID payments," \
  "$IMPORTED cases imported"

finish
