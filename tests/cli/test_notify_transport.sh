#!/usr/bin/env bash
# epb notify run's transports: sendmail (a capturing script receives an RFC 5322 message), JSON
# lines, letter batches; a failing mailer (exit 1, the error, back-off, notify retry); and a
# kill -9 in the middle of sending (nothing lost, only the notice in flight sent twice).
source "$(dirname "$0")/lib.sh"

# The mailers: each records its arguments and appends the message it reads to mail.txt.
cat >"$SCRATCH/mailer-ok" <<'EOF'
#!/bin/sh
dir=$(dirname "$0")
printf '%s\n' "$*" >>"$dir/mail.args"
cat >>"$dir/mail.txt"
EOF
cat >"$SCRATCH/mailer-fail" <<'EOF'
#!/bin/sh
dir=$(dirname "$0")
printf '%s\n' "$*" >>"$dir/mail.args"
cat >/dev/null
echo "sendmail: cannot write to queue: Permission denied" >&2
exit 75
EOF
cat >"$SCRATCH/mailer-slow" <<'EOF'
#!/bin/sh
dir=$(dirname "$0")
cat >>"$dir/mail.txt"
sleep 1
EOF
# ledger NAME MAILER: a fresh ledger with its own config; mail goes to $SCRATCH/NAME/mailer
# (a copy of MAILER), sms to sms.jsonl and post to letters/ there.
ledger() {
  OUTDIR="$SCRATCH/$1"
  L="$OUTDIR/ledger.sqlite"
  LEDGER=$L
  mkdir -p "$OUTDIR"
  use_mailer "$2"
  "$EPB_BIN" config show | sed -e "s|^command = .*|command = \"$OUTDIR/mailer -t -i\"|" \
    -e "s|^path = .*|path = \"$OUTDIR/sms.jsonl\"|" -e "s|^directory = .*|directory = \"$OUTDIR/letters\"|" \
    >"$OUTDIR/epb.toml"
  E=(--ledger "$L" --config "$OUTDIR/epb.toml")
  run "${E[@]}" config check
  expect_rc 0
  run "${E[@]}" init -q
}
# use_mailer MAILER: swaps the mailer by renaming, so a script still running keeps its own file.
use_mailer() {
  cp "$SCRATCH/mailer-$1" "$OUTDIR/mailer.new"
  chmod +x "$OUTDIR/mailer.new"
  mv "$OUTDIR/mailer.new" "$OUTDIR/mailer"
}
# kill_in_flight WHEN: starts notify run at WHEN and kills it (-9) once the first message is out.
kill_in_flight() {
  "$EPB_BIN" "${E[@]}" notify run --as-of "$1" >/dev/null 2>&1 &
  local pid=$! status
  for _ in $(seq 100); do
    grep -q '^Message-ID: ' "$OUTDIR/mail.txt" 2>/dev/null && break
    sleep 0.05
  done
  kill -9 "$pid"
  wait "$pid" 2>/dev/null
  status=$?
  expect_eq "exit status of the killed run" "137" "$status"
}
at() {
  local when=$1
  shift
  EPB_NOW="$when" run -q "${E[@]}" "$@"
}
expect_eq() { # expect_eq WHAT EXPECTED GOT
  CHECKS=$((CHECKS + 1))
  [ "$2" = "$3" ] || fail "$1" "$(diff <(printf '%s\n' "$2") <(printf '%s\n' "$3"))"
}
csv() {
  run "${E[@]}" "$@" --format csv
  OUT=${OUT//$'\r'/}
}

# --- 8. Each transport ---------------------------------------------------------------------------
# Three petitions due Thursday 2024-03-07, one working day late on Friday: the applicants are told
# by e-mail, by SMS and by post. The fourth, due Friday, has no assignee to remind.
ledger transports ok
at "2024-03-04 10:00" case open --service petition --channel web --subject 路燈不亮 --name 王小明 \
  --phone 0912345678 --email ming@example.com
at "2024-03-04 10:00" case open --service petition --channel phone --subject 路面坑洞 --name 李大同 --phone 0911222333
at "2024-03-04 10:00" case open --service petition --channel mail --subject 垃圾清運 --name 陳美麗 \
  --address 高雄市苓雅區四維三路2號
at "2024-03-05 10:00" case open --service petition --channel mail --subject 空屋髒亂 --name 林一 \
  --address 高雄市三民區建工路1號
expect_out "PET-113-000004"
run "${E[@]}" notify run --as-of "2024-03-08 09:00"
expect_rc 0
expect_out "epb: notify 2024-03-08T09:00:00+08:00: planned 4, cancelled 0, sent 3, failed 0"
expect_err ""

# sendmail: the command's own arguments, and one RFC 5322 message on its standard input.
expect_eq "mailer arguments" "-t -i" "$(cat "$OUTDIR/mail.args")"
MAIL=$(cat "$OUTDIR/mail.txt")
CHECKS=$((CHECKS + 1))
[ "$(grep -c $'\r$' "$OUTDIR/mail.txt")" = "$(wc -l <"$OUTDIR/mail.txt")" ] || fail "mail: not every line ends in CRLF"
CHECKS=$((CHECKS + 1))
[ "$(awk '{ if (length($0) > 78) n++ } END { print n + 0 }' "$OUTDIR/mail.txt")" = 0 ] || fail "mail: a line over 78 characters"
HEADERS=$(sed -n '1,/^\r$/p' "$OUTDIR/mail.txt" | tr -d '\r')
expect_eq "mail headers" "From: notice@ksepb.gov.tw
To: =?UTF-8?B?546L5bCP5piO?= <ming@example.com>
Subject: =?UTF-8?B?5qGI5Lu2IFBFVC0xMTMtMDAwMDAxIOiZleeQhumAsuW6pumAmg==?=
 =?UTF-8?B?55+l?=
Date: Fri, 08 Mar 2024 09:00:00 +0800
Message-ID: <notice-PET-113-000001-overdue-v1-c0@epb.ksepb.gov.tw>
Auto-Submitted: auto-generated
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: base64" "$HEADERS"
# The subject's encoded words (split between whole characters) decode to the notice's subject.
SUBJECT=$(printf '%s\n' "$HEADERS" | sed -n '/^Subject:/,/^[^ S]/p' | grep -o '=?UTF-8?B?[^?]*?=' |
  sed 's/^=?UTF-8?B?//; s/?=$//' | while read -r word; do printf '%s' "$word" | base64 -d; done)
expect_eq "decoded subject" "案件 PET-113-000001 處理進度通知" "$SUBJECT"
# The Message-ID is the notice's.
run "${E[@]}" notify show --reveal-pii "$(sqlite3 "$L" "select id from notice where transport = 'mail'")"
expect_rc 0
expect_out_contains "message_id  notice-PET-113-000001-overdue-v1-c0@epb.ksepb.gov.tw"
BODY=$(sed '1,/^\r$/d' "$OUTDIR/mail.txt" | tr -d '\r\n' | base64 -d | tr -d '\r')
expect_eq "decoded body" "王小明 您好：

您向本局提出之人民陳情案件（案號 PET-113-000001），原訂處理期限為 2024-03-07（民國 113/03/07），
目前已逾期 1 個工作天，謹致歉意。

延誤原因：案件仍在處理中
承辦單位：綜計科

本局將儘速辦理，並將處理結果另行通知。如有疑問，請洽高雄市政府環境保護局 服務專線 07-7351500。

高雄市政府環境保護局 敬啟" "$BODY"
CHECKS=$((CHECKS + 1))
[[ "$OUT" == *"$BODY"* ]] || fail "notify show: not the body that was mailed" "$OUT"

# jsonl: one valid JSON object per line, the phone number in full for the gateway.
CHECKS=$((CHECKS + 1))
python3 -c 'import json,sys; [json.loads(l) for l in sys.stdin]' <"$OUTDIR/sms.jsonl" || fail "sms.jsonl: not JSON lines"
SMS=$(python3 -c 'import json,sys
for l in sys.stdin:
    o = json.loads(l)
    print(o["message_id"], o["ref"], o["level"], o["audience"], o["recipient_name"], o["recipient"], o["lang"], o["subject"], o["created"])
    print(o["body"].splitlines()[3])' <"$OUTDIR/sms.jsonl")
expect_eq "sms.jsonl" "notice-PET-113-000002-overdue-v1-c0@epb.ksepb.gov.tw PET-113-000002 overdue applicant 李大同 0911222333 zh-TW 案件 PET-113-000002 處理進度通知 2024-03-08T09:00:00+08:00
目前已逾期 1 個工作天，謹致歉意。" "$SMS"

# letter: one CSV batch per run with postal notices, UTF-8 with a BOM, a header, the address.
expect_eq "letter batches" "letters-20240308-090000.csv" "$(ls "$OUTDIR/letters")"
LETTERS="$OUTDIR/letters/letters-20240308-090000.csv"
expect_eq "BOM" "efbbbf" "$(head -c 3 "$LETTERS" | od -An -tx1 | tr -d ' \n')"
expect_eq "letter header" $'\xef\xbb\xbfmessage_id,ref,recipient_name,address,subject,body\r' "$(head -n 1 "$LETTERS")"
CHECKS=$((CHECKS + 1))
[[ "$(cat "$LETTERS")" == *$'\r\nnotice-PET-113-000003-overdue-v1-c0@epb.ksepb.gov.tw,PET-113-000003,陳美麗,高雄市苓雅區四維三路2號,案件 PET-113-000003 處理進度通知,"陳美麗 您好：\n'* ]] ||
  fail "letter row" "$(cat "$LETTERS")"
expect_eq "letter rows" "1" "$(python3 -c 'import csv,sys; print(len(list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))))' "$LETTERS")"
# Monday: PET-113-000004's letter makes a second batch; the escalations go by mail, not by post.
run "${E[@]}" notify run --as-of "2024-03-11 09:00"
expect_out "epb: notify 2024-03-11T09:00:00+08:00: planned 4, cancelled 0, sent 4, failed 0"
expect_eq "letter batches after Monday" "letters-20240308-090000.csv
letters-20240311-090000.csv" "$(ls "$OUTDIR/letters")"
expect_eq "Monday's letters" "notice-PET-113-000004-overdue-v1-c0@epb.ksepb.gov.tw 高雄市三民區建工路1號" \
  "$(python3 -c 'import csv,sys
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")): print(r["message_id"], r["address"])' \
    "$OUTDIR/letters/letters-20240311-090000.csv")"
expect_eq "messages mailed" "4" "$(grep -c '^Message-ID: ' "$OUTDIR/mail.txt")"

# --- 8. A failing mailer: exit 1 with the reason, back-off, then notify retry ---------------------
ledger failing fail
at "2024-03-04 10:00" case open --service petition --channel web --subject 路燈不亮 --name 王小明 --email ming@example.com
expect_out "PET-113-000001"
run "${E[@]}" notify run --as-of "2024-03-08 09:00"
expect_rc 1
expect_out "epb: notify 2024-03-08T09:00:00+08:00: planned 1, cancelled 0, sent 0, failed 1"
WHY="transport mail: $OUTDIR/mailer exited with status 75: sendmail: cannot write to queue: Permission denied"
expect_err "epb: error: notice 1 (PET-113-000001 overdue): $WHY
epb: error: 1 notice failed; they are retried by later runs"
csv notify list --state failed
expect_out "id,ref,level,audience,transport,recipient,state,attempts,planned,sent,last_error,subject
1,PET-113-000001,overdue,applicant,mail,m***@example.com,failed,1,2024-03-08T09:00:00+08:00,,$WHY,案件 PET-113-000001 處理進度通知"
# 10 minutes later: too early (back-off 30 minutes); quiet, and the mailer is not called.
run "${E[@]}" notify run --as-of "2024-03-08 09:10"
expect_rc 0
expect_out ""
expect_err ""
expect_eq "mailer calls" "1" "$(wc -l <"$OUTDIR/mail.args")"
# 31 minutes later: tried again, failed again; the next try waits twice as long.
run "${E[@]}" notify run --as-of "2024-03-08 09:31"
expect_rc 1
expect_out "epb: notify 2024-03-08T09:31:00+08:00: planned 0, cancelled 0, sent 0, failed 1"
expect_eq "mailer calls" "2" "$(wc -l <"$OUTDIR/mail.args")"
expect_sql "select attempts||' '||next_attempt_at from notice_iso" "2 2024-03-08T02:31:00Z"
run "${E[@]}" notify run --as-of "2024-03-08 10:00"
expect_rc 0
expect_out ""
# The mailer works again: notify retry plans it at once, the next run sends it.
use_mailer ok
EPB_NOW="2024-03-08 10:05" run "${E[@]}" notify retry 1
expect_rc 0
expect_out ""
expect_err "epb: notice 1 (PET-113-000001 overdue) planned again; the next 'epb notify run' sends it"
run "${E[@]}" notify run --as-of "2024-03-08 10:06"
expect_rc 0
expect_out "epb: notify 2024-03-08T10:06:00+08:00: planned 0, cancelled 0, sent 1, failed 0"
expect_err ""
csv notify list
expect_out "id,ref,level,audience,transport,recipient,state,attempts,planned,sent,last_error,subject
1,PET-113-000001,overdue,applicant,mail,m***@example.com,sent,1,2024-03-08T09:00:00+08:00,2024-03-08T10:06:00+08:00,,案件 PET-113-000001 處理進度通知"
expect_eq "messages mailed" "1" "$(grep -c '^Message-ID: <notice-PET-113-000001-overdue-v1-c0@epb.ksepb.gov.tw>' "$OUTDIR/mail.txt")"
expect_sql "select action||' '||detail from event where action like 'notice-%' order by id" \
  'notice-retry {"notice":1}
notice-sent {"notice":1,"level":"overdue","audience":"applicant","transport":"mail","message_id":"notice-PET-113-000001-overdue-v1-c0@epb.ksepb.gov.tw","attempt":1}'
run "${E[@]}" notify run --as-of "2024-03-08 11:00"
expect_out ""

# --- 10. kill -9 while sending: nothing lost, only the notice in flight sent twice ------------------
# Five petitions whose applicants have e-mail; the mailer takes a second per message.
ledger crash slow
for n in 1 2 3 4 5; do
  at "2024-03-04 10:00" case open --service petition --channel web --subject "案件$n" --name "王小$n" \
    --email "user$n@example.com"
done
expect_out "PET-113-000005"
kill_in_flight "2024-03-08 09:00"
expect_eq "messages out before the kill" "1" "$(grep -c '^Message-ID: ' "$OUTDIR/mail.txt")"
FIRST=$(grep '^Message-ID: ' "$OUTDIR/mail.txt" | tr -d '\r' | sed 's/^Message-ID: <\(.*\)>$/\1/')
use_mailer ok
run "${E[@]}" db check
expect_rc 0
expect_out_contains "ok: $L"
# The one in flight is marked sending; the rest are still planned.
expect_sql "select message_id||' '||state||' '||attempts from notice order by id" \
  "notice-PET-113-000001-overdue-v1-c0@epb.ksepb.gov.tw sending 1
notice-PET-113-000002-overdue-v1-c0@epb.ksepb.gov.tw planned 0
notice-PET-113-000003-overdue-v1-c0@epb.ksepb.gov.tw planned 0
notice-PET-113-000004-overdue-v1-c0@epb.ksepb.gov.tw planned 0
notice-PET-113-000005-overdue-v1-c0@epb.ksepb.gov.tw planned 0"
expect_eq "the notice in flight" "notice-PET-113-000001-overdue-v1-c0@epb.ksepb.gov.tw" "$FIRST"
# The next run delivers everything: the one in flight again, with the same Message-ID.
run "${E[@]}" notify run --as-of "2024-03-08 09:05"
expect_rc 0
expect_out "epb: notify 2024-03-08T09:05:00+08:00: planned 0, cancelled 0, sent 5, failed 0"
expect_sql "select count(*) from notice where state = 'sent'" "5"
expect_eq "Message-IDs mailed" "      2 <notice-PET-113-000001-overdue-v1-c0@epb.ksepb.gov.tw>
      1 <notice-PET-113-000002-overdue-v1-c0@epb.ksepb.gov.tw>
      1 <notice-PET-113-000003-overdue-v1-c0@epb.ksepb.gov.tw>
      1 <notice-PET-113-000004-overdue-v1-c0@epb.ksepb.gov.tw>
      1 <notice-PET-113-000005-overdue-v1-c0@epb.ksepb.gov.tw>" \
  "$(grep '^Message-ID: ' "$OUTDIR/mail.txt" | tr -d '\r' | sed 's/^Message-ID: //' | sort | uniq -c)"
expect_sql "select json_extract(detail, '$.notice')||' '||json_extract(detail, '$.attempt') from event where action = 'notice-sent' order by id" \
  "1 2
2 1
3 1
4 1
5 1"
run "${E[@]}" notify run --as-of "2024-03-08 09:06"
expect_out ""
run "${E[@]}" db check
expect_rc 0

# Killed in flight on its last allowed attempt (max_attempts 5): still sent by the next run.
ledger lastcrash fail
at "2024-03-04 10:00" case open --service petition --channel web --subject 路燈不亮 --name 王小明 --email ming@example.com
for when in 09:00 09:31 10:32 12:33; do run "${E[@]}" notify run --as-of "2024-03-08 $when"; done
expect_sql "select state||' '||attempts from notice" "failed 4"
use_mailer slow
kill_in_flight "2024-03-08 16:34"
use_mailer ok
expect_sql "select state||' '||attempts from notice" "sending 5"
run "${E[@]}" notify run --as-of "2024-03-08 16:40"
# A notice killed in flight on its last attempt is sent again by the next run (same Message-ID).
expect_sql "select state from notice" "sent"
expect_eq "messages mailed" "2" "$(grep -c '^Message-ID: ' "$OUTDIR/mail.txt")"

finish
