#!/usr/bin/env bash
# Crash matrix of epb notify run (issue 14 §3): kill -9 at 24 points of a run that plans and
# sends 30 notices by e-mail (a capturing sendmail stand-in), SMS (JSON lines) and post (a letter
# batch). After each kill `epb db check` passes; the next run sends the rest; over both runs
# every notice goes out, and at most the one in flight goes out twice, with the same Message-ID.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/crash_lib.sh"

cd "$SCRATCH" || exit 1
notify_world "$SCRATCH/world"
at() {
  local when=$1
  shift
  EPB_NOW="$when" "$EPB_BIN" -q "${E[@]}" "$@" >/dev/null || fail "epb $*"
}
at "2024-03-04 10:00" init
for n in $(seq 10 19); do
  at "2024-03-04 10:00" case open --service petition --channel web --subject "路燈不亮 $n" --name "王小明$n" \
    --email "ming$n@example.com"
  at "2024-03-04 10:00" case open --service petition --channel phone --subject "路面坑洞 $n" --name "李大同$n" \
    --phone "09112223$n"
  at "2024-03-04 10:00" case open --service petition --channel mail --subject "垃圾清運 $n" --name "陳美麗$n" \
    --address "高雄市苓雅區四維三路${n}號"
done
save_ledger opened
RUN=("${E[@]}" notify run --as-of "2024-03-08 09:00")
AGAIN=("${E[@]}" notify run --as-of "2024-03-08 09:30")

clear_outputs() { rm -rf "$OUTDIR/mail.txt" "$OUTDIR/sms.jsonl" "$OUTDIR/letters"; }
# delivered: the Message-IDs that reached the transports, one a line, sorted (repeats kept).
delivered() {
  {
    [ -f "$OUTDIR/mail.txt" ] && tr -d '\r' <"$OUTDIR/mail.txt" | sed -n 's/^Message-ID: <\(.*\)>$/\1/p'
    [ -f "$OUTDIR/sms.jsonl" ] && sed -n 's/^{"message_id":"\([^"]*\)".*/\1/p' "$OUTDIR/sms.jsonl"
    cat "$OUTDIR"/letters/letters-*.csv 2>/dev/null | sed -n 's/^\(notice-[^,]*\),.*/\1/p'
  } | sort
}

# The run without a kill: the reference.
clear_outputs
crash_measure "${RUN[@]}"
check "the reference run" [ "$CRASH_RC" = 0 ]
check "the reference run sent 30" grep -q "sent 30, failed 0" "$SCRATCH/crash.out"
NOTICES=$(q "select message_id from notice where state = 'sent' order by message_id")
check "30 notices sent" [ "$(printf '%s\n' "$NOTICES" | wc -l)" = 30 ]
check "each delivered once" [ "$(delivered)" = "$NOTICES" ]
echo "notify run: $CRASH_TOTAL kill points ($CRASH_MODE)" >&2

survived=0 tried=0 twice=0
for point in $(crash_points 24) $(crash_points 8); do # spares: see crash_all_or_nothing
  [ "$tried" -ge 24 ] && break
  restore_ledger opened
  clear_outputs
  crash_run "$point" "${RUN[@]}"
  [ "$KILLED" = yes ] || continue
  tried=$((tried + 1))
  before=$FAILURES
  run "${E[@]}" db check
  expect_rc 0
  check "no notice sent twice before the next run ($CRASH_AT)" [ -z "$(delivered | uniq -d)" ]
  check "no notice marked sent that was not delivered ($CRASH_AT)" [ -z "$(comm -23 \
    <(q "select message_id from notice where state = 'sent' order by message_id") <(delivered | uniq))" ]
  run "${AGAIN[@]}"
  expect_rc 0
  check "all 30 notices sent after the next run ($CRASH_AT)" \
    [ "$(q "select message_id from notice where state = 'sent' order by message_id")" = "$NOTICES" ]
  check "nothing planned twice ($CRASH_AT)" [ "$(q "select count(*) from notice")" = 30 ]
  check "every notice delivered ($CRASH_AT)" [ "$(delivered | uniq)" = "$NOTICES" ]
  repeated=$(delivered | uniq -d)
  check "at most the notice in flight delivered twice ($CRASH_AT): $repeated" \
    [ "$(printf '%s' "$repeated" | grep -c .)" -le 1 ] && [ "$(delivered | wc -l)" -le 31 ]
  [ -n "$repeated" ] && twice=$((twice + 1))
  run "${E[@]}" db check
  expect_rc 0
  [ "$FAILURES" = "$before" ] && survived=$((survived + 1))
done
check "at least 20 kills landed in the run (of 24)" [ "$tried" -ge 20 ]
crash_summary "notify run" "$survived" "$tried"
echo "notify run: $twice kills left a notice in flight, sent again with its Message-ID" >&2

finish
