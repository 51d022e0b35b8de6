#!/usr/bin/env bash
# epb notify run as cron runs it: the demo ledger's due notices sent once, nothing on a second
# run or on a Sunday, the Monday run sending what came due; quiet hours; repeated runs; one run
# at a time (the lock), and two runs started together sending every notice exactly once.
source "$(dirname "$0")/lib.sh"

expect_eq() { # expect_eq WHAT EXPECTED GOT
  CHECKS=$((CHECKS + 1))
  [ "$2" = "$3" ] || fail "$1: expected [$2], got [$3]"
}
sum() { sha256sum <"$1" 2>/dev/null || echo absent; }
lines() { if [ -f "$1" ]; then wc -l <"$1"; else echo 0; fi; }
# ids_unique JSONL: every line is JSON and no message_id repeats; prints the number of lines.
jsonl_ids() {
  python3 -c 'import json,sys
ids = [json.loads(l)["message_id"] for l in sys.stdin]
print(len(ids), len(set(ids)))' <"$1"
}
mail_ids() { if [ -f "$1" ]; then grep -c '^Message-ID: ' "$1"; else echo 0; fi; }

# --- 1. The issue's "Done means" on the demo ledger --------------------------------------------
DEMO="$SCRATCH/demo"
# Without the fee year: its dunning history (sent by a transport that writes nothing) is
# test_demo_fee.sh's; this counts every notice of the ledger against the files.
run demo --cases 300 --fee-projects 0 --as-of 2026-11-02T09:00 --demo-ledger "$DEMO/ledger.sqlite"
expect_rc 0
run --config "$DEMO/epb.toml" config check
expect_rc 0
expect_out "ok: $DEMO/epb.toml (8 units, 8 channels, 9 services)"
# Its transports land in the demo folder.
CHECKS=$((CHECKS + 1))
grep -qx "path = \"$DEMO/sms.jsonl\"" "$DEMO/epb.toml" || fail "demo config: sms not in $DEMO"
L="$DEMO/ledger.sqlite"
LEDGER=$L
D=(--ledger "$L" --config "$DEMO/epb.toml")
run "${D[@]}" --as-of 2026-11-02T09:00 case overdue --count
OVERDUE=$OUT

run "${D[@]}" notify run --as-of "2026-11-02 09:00"
expect_rc 0
expect_err ""
SENT=$(sqlite3 "$L" "select count(*) from notice where state = 'sent'")
PLANNED=$(sqlite3 "$L" "select count(*) from notice")
expect_out "epb: notify 2026-11-02T09:00:00+08:00: planned $PLANNED, cancelled 0, sent $SENT, failed 0"
# Every overdue case got its overdue notice; everything with a contact went out, once.
expect_sql "select count(*) from notice where level = 'overdue'" "$OVERDUE"
expect_sql "select count(*) from notice where transport <> '' and state <> 'sent'" "0"
expect_sql "select count(*) from notice where transport = '' and state <> 'cancelled'" "0"
expect_sql "select count(*) from event where action = 'notice-sent'" "$SENT"
SMS=$(sqlite3 "$L" "select count(*) from notice where state = 'sent' and transport = 'sms'")
MAIL=$(sqlite3 "$L" "select count(*) from notice where state = 'sent' and transport = 'mail'")
expect_eq "sms lines, distinct ids" "$SMS $SMS" "$(jsonl_ids "$DEMO/sms.jsonl")"
expect_eq "mail messages" "$MAIL" "$(mail_ids "$DEMO/mail.txt")"
expect_eq "distinct mail ids" "$MAIL" "$(grep '^Message-ID: ' "$DEMO/mail.txt" | sort -u | wc -l)"
expect_eq "sent by sms and mail" "$SENT" "$((SMS + MAIL))"
CHECKS=$((CHECKS + 1))
if [ "$SMS" -le 10 ] || [ "$MAIL" -le 10 ]; then fail "too few notices to prove anything: $SMS sms, $MAIL mail"; fi

# A second run at the same moment: silent, sends nothing, writes nothing.
SMS_SUM=$(sum "$DEMO/sms.jsonl")
MAIL_SUM=$(sum "$DEMO/mail.txt")
DUMP=$(sqlite3 "$L" .dump | sha256sum)
run "${D[@]}" notify run --as-of "2026-11-02 09:00"
expect_rc 0
expect_out ""
expect_err ""
expect_file_unchanged "$DEMO/sms.jsonl" "$SMS_SUM"
expect_file_unchanged "$DEMO/mail.txt" "$MAIL_SUM"
expect_eq "ledger content after a second run" "$DUMP" "$(sqlite3 "$L" .dump | sha256sum)"

# A petition received after that run, due Thursday 11-05, is one working day late on
# Friday: the Sunday run plans its overdue notice but sends nothing; Monday sends it.
EPB_NOW="2026-11-02 10:00" run "${D[@]}" case open --service petition --channel phone --subject 噪音擾人 \
  --name 周杰 --phone 0955123456
expect_rc 0
expect_out_contains "PET-115-"
PET=$OUT
run "${D[@]}" notify run --as-of "2026-11-08 09:00"
expect_rc 0
SUNDAY=$(sqlite3 "$L" "select count(*) from notice_iso where planned_at like '2026-11-08%'")
expect_out "epb: notify 2026-11-08T09:00:00+08:00: planned $SUNDAY, cancelled 0, sent 0, failed 0 (outside delivery hours: sending later)"
expect_sql "select level||' '||state from notice_iso where ref = '$PET'" "overdue planned"
expect_file_unchanged "$DEMO/sms.jsonl" "$SMS_SUM"
expect_file_unchanged "$DEMO/mail.txt" "$MAIL_SUM"
run "${D[@]}" notify run --as-of "2026-11-08 11:00" # later on Sunday: still nothing
expect_out ""
expect_file_unchanged "$DEMO/sms.jsonl" "$SMS_SUM"
run "${D[@]}" notify run --as-of "2026-11-09 09:00"
expect_rc 0
expect_err ""
MONDAY=$(sqlite3 "$L" "select count(*) from notice_iso where planned_at like '2026-11-09%'")
SENT_MONDAY=$(sqlite3 "$L" "select count(*) from notice_iso where sent_at like '2026-11-09%'")
expect_out "epb: notify 2026-11-09T09:00:00+08:00: planned $MONDAY, cancelled 0, sent $SENT_MONDAY, failed 0"
# Sent on Monday: what the Sunday run planned, and the petition's escalation (2 working days late).
expect_sql "select level||' '||state||' '||sent_at from notice_iso where ref = '$PET' order by id" \
  "overdue sent 2026-11-09T01:00:00Z
escalation sent 2026-11-09T01:00:00Z"
expect_sql "select count(*) from notice_iso where transport <> '' and state <> 'sent'" "0"
expect_sql "select count(*) from notice_iso where sent_at like '2026-11-09%' and planned_at like '2026-11-08%'" \
  "$(sqlite3 "$L" "select count(*) from notice_iso where planned_at like '2026-11-08%' and transport <> ''")"
SMS=$(sqlite3 "$L" "select count(*) from notice where state = 'sent' and transport = 'sms'")
MAIL=$(sqlite3 "$L" "select count(*) from notice where state = 'sent' and transport = 'mail'")
expect_eq "sms lines, distinct ids after Monday" "$SMS $SMS" "$(jsonl_ids "$DEMO/sms.jsonl")"
expect_eq "mail messages after Monday" "$MAIL" "$(mail_ids "$DEMO/mail.txt")"
CHECKS=$((CHECKS + 1))
grep -q "\"message_id\":\"notice-$PET-overdue-v1-c0@epb.ksepb.gov.tw\"" "$DEMO/sms.jsonl" ||
  fail "the petition's overdue notice is not in sms.jsonl"

# --- 4. Once only: three more runs, at the same and later times, change nothing -----------------
SMS_SUM=$(sum "$DEMO/sms.jsonl")
MAIL_SUM=$(sum "$DEMO/mail.txt")
NOTICES=$(sqlite3 "$L" "select count(*) from notice")
EVENTS=$(sqlite3 "$L" "select count(*) from event")
for when in "2026-11-09 09:00" "2026-11-09 09:00" "2026-11-09 16:59"; do
  run "${D[@]}" notify run --as-of "$when"
  expect_rc 0
  expect_out ""
  expect_err ""
done
expect_file_unchanged "$DEMO/sms.jsonl" "$SMS_SUM"
expect_file_unchanged "$DEMO/mail.txt" "$MAIL_SUM"
expect_sql "select count(*) from notice" "$NOTICES"
expect_sql "select count(*) from event" "$EVENTS"
expect_sql "select count(*) from (select 1 from notice group by case_id, level, deadline_version, cycle having count(*) > 1)" "0"
expect_sql "select count(*) from (select 1 from event where action = 'notice-sent' group by json_extract(detail, '$.notice') having count(*) > 1)" "0"

# --- 2. Quiet hours: 08:30-17:30 on working days ------------------------------------------------
# A petition received Monday 2024-03-04 is due Thursday 03-07; its assignee's reminder comes due
# on Wednesday 03-06, the applicant's overdue notice on Friday 03-08.
Q="$SCRATCH/quiet"
mkdir -p "$Q"
"$EPB_BIN" config show | sed -e "s|^command = .*|command = \"$Q/mailer -t -i\"|" \
  -e "s|^path = .*|path = \"$Q/sms.jsonl\"|" -e "s|^directory = .*|directory = \"$Q/letters\"|" >"$Q/epb.toml"
printf '#!/bin/sh\ncat >>"%s/mail.txt"\n' "$Q" >"$Q/mailer"
chmod +x "$Q/mailer"
QL="$Q/ledger.sqlite"
LEDGER=$QL
E=(--ledger "$QL" --config "$Q/epb.toml")
run "${E[@]}" init -q
EPB_NOW="2024-03-04 10:00" run "${E[@]}" case open --service petition --channel web --subject 路燈不亮 --name 王小明 \
  --phone 0912345678 --email ming@example.com
expect_out "PET-113-000001"
EPB_NOW="2024-03-04 10:05" run "${E[@]}" case assign PET-113-000001 --to clerk01
expect_rc 0
run "${E[@]}" notify run --as-of "2024-03-06 18:00"
expect_rc 0
expect_out "epb: notify 2024-03-06T18:00:00+08:00: planned 1, cancelled 0, sent 0, failed 0 (outside delivery hours: sending later)"
expect_err ""
for when in "2024-03-07 07:00" "2024-03-07 08:29"; do
  run "${E[@]}" notify run --as-of "$when"
  expect_rc 0
  expect_out "" # a notice waits, but nothing new happened: cron mails nothing
done
CHECKS=$((CHECKS + 1))
[ ! -e "$Q/mail.txt" ] || fail "mail sent outside delivery hours"
run "${E[@]}" notify run --as-of "2024-03-07 08:30"
expect_out "epb: notify 2024-03-07T08:30:00+08:00: planned 0, cancelled 0, sent 1, failed 0"
expect_eq "mail after 08:30" "1" "$(mail_ids "$Q/mail.txt")"
# 17:30 is already outside; so is a plain Saturday; Monday 08:30 sends the overdue notice and
# the escalation that came due meanwhile.
run "${E[@]}" notify run --as-of "2024-03-08 17:30"
expect_out "epb: notify 2024-03-08T17:30:00+08:00: planned 1, cancelled 0, sent 0, failed 0 (outside delivery hours: sending later)"
run "${E[@]}" notify run --as-of "2024-03-09 10:00"
expect_out ""
expect_eq "mail before Monday" "1" "$(mail_ids "$Q/mail.txt")"
run "${E[@]}" notify run --as-of "2024-03-11 08:30"
expect_out "epb: notify 2024-03-11T08:30:00+08:00: planned 1, cancelled 0, sent 2, failed 0"
expect_sql "select level||' '||sent_at from notice_iso order by id" "reminder 2024-03-07T00:30:00Z
overdue 2024-03-11T00:30:00Z
escalation 2024-03-11T00:30:00Z"

# --- 9. One run at a time ----------------------------------------------------------------------
# Another run holds the lock: exit 0, say so, send nothing. A petition due 03-14 is overdue on 03-15.
EPB_NOW="2024-03-11 10:00" run "${E[@]}" case open --service petition --channel web --subject 垃圾車 --name 林一 \
  --phone 0933444555
expect_out "PET-113-000002"
MAIL_SUM=$(sum "$Q/mail.txt")
exec 9>"$QL.notify.lock"
flock 9
run "${E[@]}" notify run --as-of "2024-03-15 09:00"
expect_rc 0
expect_out ""
expect_err "epb: another 'epb notify run' is active on this ledger; leaving it to that one"
exec 9>&-
expect_sql "select count(*) from notice" "3"
CHECKS=$((CHECKS + 1))
[ ! -e "$Q/sms.jsonl" ] || fail "a run sent while another held the lock"
# The holder is gone: the next run does the work.
run "${E[@]}" notify run --as-of "2024-03-15 09:00"
expect_rc 0
expect_out "epb: notify 2024-03-15T09:00:00+08:00: planned 1, cancelled 0, sent 1, failed 0"
expect_eq "sms after the lock" "1 1" "$(jsonl_ids "$Q/sms.jsonl")"

# A petition entered at 10:00 that was received by post a week ago is already 2 working days
# late: the 11:00 run tells the applicant and the unit head.
EPB_NOW="2024-03-15 10:00" run "${E[@]}" case open --service petition --channel mail --subject 排水溝 --name 吳二 \
  --phone 0966777888 --received "2024-03-08 10:00"
expect_out "PET-113-000003"
run "${E[@]}" notify run --as-of "2024-03-15 11:00"
# A case added after the day's first run (a backdated intake) is looked at by the next run, not tomorrow.
expect_out "epb: notify 2024-03-15T11:00:00+08:00: planned 2, cancelled 0, sent 2, failed 0"
run "${E[@]}" notify run --as-of "2024-03-18 09:00"
expect_sql "select level||' '||state from notice where ref = 'PET-113-000003' order by id" "overdue sent
escalation sent"

# Two real runs started together on a fresh demo ledger: every notice sent exactly once.
C="$SCRATCH/concurrent"
run demo --cases 300 --fee-projects 0 --as-of 2026-11-02T09:00 --demo-ledger "$C/ledger.sqlite"
expect_rc 0
for i in 1 2; do
  "$EPB_BIN" --ledger "$C/ledger.sqlite" --config "$C/epb.toml" notify run --as-of "2026-11-02 09:00" \
    >"$SCRATCH/run$i.out" 2>"$SCRATCH/run$i.err" &
  eval "PID$i=\$!"
done
wait "$PID1"
RC1=$?
wait "$PID2"
RC2=$?
expect_eq "exit codes of two runs at once" "0 0" "$RC1 $RC2"
CL="$C/ledger.sqlite"
LEDGER=$CL
SENT=$(sqlite3 "$CL" "select count(*) from notice where state = 'sent'")
SMS=$(sqlite3 "$CL" "select count(*) from notice where state = 'sent' and transport = 'sms'")
MAIL=$(sqlite3 "$CL" "select count(*) from notice where state = 'sent' and transport = 'mail'")
expect_sql "select count(*) from notice where transport <> '' and state <> 'sent'" "0"
expect_sql "select count(*) from event where action = 'notice-sent'" "$SENT"
expect_eq "sms lines, distinct ids (two runs)" "$SMS $SMS" "$(jsonl_ids "$C/sms.jsonl")"
expect_eq "mail messages (two runs)" "$MAIL" "$(mail_ids "$C/mail.txt")"
expect_eq "distinct mail ids (two runs)" "$MAIL" "$(grep '^Message-ID: ' "$C/mail.txt" | sort -u | wc -l)"
# One run did the work and said so once; the other found it busy or found nothing to do.
OUT=$(cat "$SCRATCH/run1.out" "$SCRATCH/run2.out")
expect_out "epb: notify 2026-11-02T09:00:00+08:00: planned $(sqlite3 "$CL" 'select count(*) from notice'), cancelled 0, sent $SENT, failed 0"
ERR=$(cat "$SCRATCH/run1.err" "$SCRATCH/run2.err")
CHECKS=$((CHECKS + 1))
[ -z "$ERR" ] || [ "$ERR" = "epb: another 'epb notify run' is active on this ledger; leaving it to that one" ] ||
  fail "stderr of two runs at once" "$ERR"

finish
