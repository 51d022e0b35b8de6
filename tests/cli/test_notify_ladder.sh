#!/usr/bin/env bash
# The notice ladder of petitions (3 working days; reminder 1 working day before, overdue on the
# first working day late, escalation when 2 late) across the 2023 Lunar New Year and a make-up
# Saturday; cancellation when a case closes; a new cycle after an extension; the documents
# reminder every 5 working days while a case waits, cancelled when it resumes.
source "$(dirname "$0")/lib.sh"

# ledger NAME: a fresh ledger with its own config, whose transports land in $SCRATCH/NAME:
# mail through a capturing sendmail stand-in (mail.txt), sms as JSON lines, post as letters.
ledger() {
  notify_world "$SCRATCH/$1"
  run "${E[@]}" init -q
  expect_rc 0
}
at() { # at WHEN ARGS...: epb with the clock at WHEN
  local when=$1
  shift
  EPB_NOW="$when" run -q "${E[@]}" "$@"
}
# day WHEN: a cron run at WHEN; its summary (without the epb/time prefix) goes to $LOG.
LOG=""
day() {
  run "${E[@]}" notify run --as-of "$1"
  CHECKS=$((CHECKS + 1))
  if [ "$RC" != 0 ] || [ -n "$ERR" ]; then fail "notify run at $1: exit $RC" "$ERR"; fi
  LOG+="$1${OUT:+ ${OUT#epb: notify *: }}"$'\n'
}
expect_log() {
  OUT=${LOG%$'\n'}
  LOG=""
  expect_out "$1"
}
# outbox: every notice as ref,level,audience,transport,state,planned,sent,last_error (CSV).
outbox() {
  run "${E[@]}" notify list --format csv
  OUT=$(printf '%s\n' "${OUT//$'\r'/}" | tail -n +2 | cut -d, -f2-5,7,9-11)
}
# sms_field REF LEVEL FIELD: a field of the JSON line sent for that notice.
sms_field() {
  python3 -c 'import json,sys
for l in open(sys.argv[1]):
    o = json.loads(l)
    if o["ref"] == sys.argv[2] and o["level"] == sys.argv[3]: print(o[sys.argv[4]])' "$OUTDIR/sms.jsonl" "$@"
}

# --- 3. Ladder timing across the 2023 Lunar New Year and a make-up Saturday -----------------------
# 2023-01-20 (Fri) and 01-21..29 are off; Saturday 02-04 is a make-up working day, 02-11 is not.
ledger ladder
at "2023-01-16 10:00" case open --service petition --channel web --subject 路燈不亮 --name 王小明 \
  --phone 0912345678 --email ming@example.com
expect_out "PET-112-000001"
at "2023-01-16 10:05" case assign PET-112-000001 --to clerk01
run "${E[@]}" case show PET-112-000001
expect_out_contains "due             2023-01-19"
for d in 01-17 01-18 01-19 01-20 01-27 01-30 01-31; do day "2023-$d 09:00"; done
# Due Friday 02-03; its first working day late is the make-up Saturday.
at "2023-01-31 10:00" case open --service petition --channel phone --subject 夜間施工 --name 李大同 --phone 0911222333
expect_out "PET-112-000002"
at "2023-01-31 10:05" case assign PET-112-000002 --to clerk02
for d in 02-01 02-02 02-03 02-04 02-05 02-06; do day "2023-$d 09:00"; done
# Due Friday 02-10; Saturday 02-11 is an ordinary one: nothing is late until Monday.
at "2023-02-07 10:00" case open --service petition --channel phone --subject 水溝阻塞 --name 陳美麗 --phone 0922333444
expect_out "PET-112-000003"
at "2023-02-07 10:05" case assign PET-112-000003 --to 蔡佩珊 # by name: clerk03
for d in 02-08 02-09 02-10 02-11 02-12 02-13 02-14 02-15; do day "2023-$d 09:00"; done
expect_log "2023-01-17 09:00
2023-01-18 09:00 planned 1, cancelled 0, sent 1, failed 0
2023-01-19 09:00
2023-01-20 09:00
2023-01-27 09:00
2023-01-30 09:00 planned 1, cancelled 0, sent 1, failed 0
2023-01-31 09:00 planned 1, cancelled 0, sent 1, failed 0
2023-02-01 09:00
2023-02-02 09:00 planned 1, cancelled 0, sent 1, failed 0
2023-02-03 09:00
2023-02-04 09:00 planned 1, cancelled 0, sent 1, failed 0
2023-02-05 09:00
2023-02-06 09:00 planned 1, cancelled 0, sent 1, failed 0
2023-02-08 09:00
2023-02-09 09:00 planned 1, cancelled 0, sent 1, failed 0
2023-02-10 09:00
2023-02-11 09:00
2023-02-12 09:00
2023-02-13 09:00 planned 1, cancelled 0, sent 1, failed 0
2023-02-14 09:00 planned 1, cancelled 0, sent 1, failed 0
2023-02-15 09:00"
outbox
expect_out "PET-112-000001,reminder,assignee,mail,sent,2023-01-18T09:00:00+08:00,2023-01-18T09:00:00+08:00,
PET-112-000001,overdue,applicant,mail,sent,2023-01-30T09:00:00+08:00,2023-01-30T09:00:00+08:00,
PET-112-000001,escalation,unit_head,mail,sent,2023-01-31T09:00:00+08:00,2023-01-31T09:00:00+08:00,
PET-112-000002,reminder,assignee,mail,sent,2023-02-02T09:00:00+08:00,2023-02-02T09:00:00+08:00,
PET-112-000002,overdue,applicant,sms,sent,2023-02-04T09:00:00+08:00,2023-02-04T09:00:00+08:00,
PET-112-000002,escalation,unit_head,mail,sent,2023-02-06T09:00:00+08:00,2023-02-06T09:00:00+08:00,
PET-112-000003,reminder,assignee,mail,sent,2023-02-09T09:00:00+08:00,2023-02-09T09:00:00+08:00,
PET-112-000003,overdue,applicant,sms,sent,2023-02-13T09:00:00+08:00,2023-02-13T09:00:00+08:00,
PET-112-000003,escalation,unit_head,mail,sent,2023-02-14T09:00:00+08:00,2023-02-14T09:00:00+08:00,"
expect_sql "select recipient from notice where level = 'reminder' order by id" "clerk01@ksepb.gov.tw
clerk02@ksepb.gov.tw
clerk03@ksepb.gov.tw"
# Days late count working days only: 1 on 01-30 after the holidays, 2 on 01-31.
expect_sql "select subject from notice where ref = 'PET-112-000001' order by id" "【到期提醒】案件 PET-112-000001 將於 2023-01-19 屆期
案件 PET-112-000001 處理進度通知
【逾期列管】案件 PET-112-000001 已逾期 2 個工作天"
CHECKS=$((CHECKS + 1))
[[ "$(sms_field PET-112-000002 overdue body)" == *"原訂處理期限為 2023-02-03（民國 112/02/03），
目前已逾期 1 個工作天"* ]] || fail "overdue body of PET-112-000002" "$(sms_field PET-112-000002 overdue body)"
expect_sql "select count(*) from event where action = 'notice-sent'" "9"

# --- 5. Closing a case cancels its planned notices --------------------------------------------------
ledger close
at "2024-03-04 10:00" case open --service petition --channel web --subject 公園髒亂 --name 張三豐 --phone 0922333444
expect_out "PET-113-000001"
day "2024-03-10 09:00" # Sunday: the overdue notice (1 working day late on 03-08) is planned, not sent
at "2024-03-10 10:00" case close PET-113-000001 --outcome 已函復
expect_rc 0
day "2024-03-11 09:00"
day "2024-03-12 09:00"
day "2024-03-18 09:00"
expect_log "2024-03-10 09:00 planned 1, cancelled 0, sent 0, failed 0 (outside delivery hours: sending later)
2024-03-11 09:00 planned 0, cancelled 1, sent 0, failed 0
2024-03-12 09:00
2024-03-18 09:00"
run "${E[@]}" notify list --state cancelled --format csv
OUT=${OUT//$'\r'/}
expect_out "id,ref,level,audience,transport,recipient,state,attempts,planned,sent,last_error,subject
1,PET-113-000001,overdue,applicant,sms,0922******,cancelled,0,2024-03-10T09:00:00+08:00,,case closed,案件 PET-113-000001 處理進度通知"
CHECKS=$((CHECKS + 1))
[ ! -e "$OUTDIR/sms.jsonl" ] || fail "a notice of a closed case was sent"
expect_sql "select count(*) from event where action = 'notice-sent'" "0"

# --- 6. An extension: the applicant is told, and the ladder starts again for the new due date ------
# Four petitions due Thursday 2024-03-07; the applicant's channel: e-mail, else phone, else address.
ledger extend
at "2024-03-04 10:00" case open --service petition --channel web --subject 路燈不亮 --name 王小明 \
  --phone 0912345678 --email ming@example.com --address 高雄市苓雅區四維三路2號
at "2024-03-04 10:00" case open --service petition --channel web --subject 路面坑洞 --name 李大同 \
  --phone 0911222333 --address 高雄市三民區建工路1號
at "2024-03-04 10:00" case open --service petition --channel mail --subject "Street noise" --name 陳美麗 \
  --address 高雄市苓雅區四維三路2號 --applicant-lang en
at "2024-03-05 10:00" case open --service petition --channel phone --subject 噪音 --name 林一 --phone 0933444555
expect_out "PET-113-000004"
for r in 1 2 3 4; do at "2024-03-05 10:05" case assign "PET-113-00000$r" --to clerk01; done
day "2024-03-06 09:00" # reminders of 1-3 (v1)
for r in 1 2; do at "2024-03-06 10:00" case extend "PET-113-00000$r" --days 5 --reason 需會勘; done
at "2024-03-06 10:00" case extend PET-113-000003 --days 5 --reason "a site visit is needed"
expect_rc 0
day "2024-03-06 10:30" # the three extension notices
day "2024-03-07 07:00" # PET-113-000004's reminder (v1), planned before hours
at "2024-03-07 07:30" case extend PET-113-000004 --days 3 --reason 需會勘
day "2024-03-07 09:00" # its reminder is cancelled, its extension notice sent
for d in 03-08 03-11 03-12 03-13 03-14 03-15 03-18 03-19; do day "2024-$d 09:00"; done
expect_log "2024-03-06 09:00 planned 3, cancelled 0, sent 3, failed 0
2024-03-06 10:30 planned 3, cancelled 0, sent 3, failed 0
2024-03-07 07:00 planned 1, cancelled 0, sent 0, failed 0 (outside delivery hours: sending later)
2024-03-07 09:00 planned 1, cancelled 1, sent 1, failed 0
2024-03-08 09:00
2024-03-11 09:00
2024-03-12 09:00 planned 1, cancelled 0, sent 1, failed 0
2024-03-13 09:00 planned 3, cancelled 0, sent 3, failed 0
2024-03-14 09:00 planned 1, cancelled 0, sent 1, failed 0
2024-03-15 09:00 planned 4, cancelled 0, sent 4, failed 0
2024-03-18 09:00 planned 3, cancelled 0, sent 3, failed 0
2024-03-19 09:00"
expect_sql "select message_id||' '||transport||' '||state from notice order by ref, id" \
  "notice-PET-113-000001-reminder-v1-c0@epb.ksepb.gov.tw mail sent
notice-PET-113-000001-extension-v2-c1@epb.ksepb.gov.tw mail sent
notice-PET-113-000001-reminder-v2-c0@epb.ksepb.gov.tw mail sent
notice-PET-113-000001-overdue-v2-c0@epb.ksepb.gov.tw mail sent
notice-PET-113-000001-escalation-v2-c0@epb.ksepb.gov.tw mail sent
notice-PET-113-000002-reminder-v1-c0@epb.ksepb.gov.tw mail sent
notice-PET-113-000002-extension-v2-c2@epb.ksepb.gov.tw sms sent
notice-PET-113-000002-reminder-v2-c0@epb.ksepb.gov.tw mail sent
notice-PET-113-000002-overdue-v2-c0@epb.ksepb.gov.tw sms sent
notice-PET-113-000002-escalation-v2-c0@epb.ksepb.gov.tw mail sent
notice-PET-113-000003-reminder-v1-c0@epb.ksepb.gov.tw mail sent
notice-PET-113-000003-extension-v2-c3@epb.ksepb.gov.tw post sent
notice-PET-113-000003-reminder-v2-c0@epb.ksepb.gov.tw mail sent
notice-PET-113-000003-overdue-v2-c0@epb.ksepb.gov.tw post sent
notice-PET-113-000003-escalation-v2-c0@epb.ksepb.gov.tw mail sent
notice-PET-113-000004-reminder-v1-c0@epb.ksepb.gov.tw mail cancelled
notice-PET-113-000004-extension-v2-c4@epb.ksepb.gov.tw sms sent
notice-PET-113-000004-reminder-v2-c0@epb.ksepb.gov.tw mail sent
notice-PET-113-000004-overdue-v2-c0@epb.ksepb.gov.tw sms sent
notice-PET-113-000004-escalation-v2-c0@epb.ksepb.gov.tw mail sent"
expect_sql "select last_error from notice where ref = 'PET-113-000004' and level = 'reminder' and deadline_version = 1" \
  "the due date changed"
# What the applicants read: the new due date and the reason, in their language.
CHECKS=$((CHECKS + 1))
[[ "$(sms_field PET-113-000002 extension body)" == *"預計於 2024-03-14 前辦結。

延長原因：需會勘"* ]] || fail "extension notice by sms" "$(sms_field PET-113-000002 extension body)"
CHECKS=$((CHECKS + 1))
grep -q '^Message-ID: <notice-PET-113-000001-extension-v2-c1@epb.ksepb.gov.tw>' "$OUTDIR/mail.txt" ||
  fail "no extension notice by mail"
LETTER=$(cat "$OUTDIR"/letters/letters-20240306-103000.csv)
CHECKS=$((CHECKS + 1))
[[ "$LETTER" == *"Your case PET-113-000003: processing time extended"*"it by 2024-03-14."*"Reason for the extension: a site visit is needed"* ]] ||
  fail "extension letter in English" "$LETTER"

# --- 7. Waiting for documents: a reminder every 5 working days, none once the case resumes ----------
ledger documents
at "2024-03-04 10:00" case open --service petition --channel web --subject 空地髒亂 --name 王小明 --phone 0912345678
at "2024-03-04 10:05" case assign PET-113-000001 --to clerk01
at "2024-03-04 11:00" case move PET-113-000001 assigned
at "2024-03-04 11:00" case move PET-113-000001 processing
at "2024-03-05 09:00" case pause PET-113-000001 --note 請補附現場照片
expect_rc 0
# Paused: no reminder or overdue notice for the frozen due date (03-07).
for d in 03-06 03-07 03-08 03-11 03-12 03-13 03-18 03-19; do day "2024-$d 09:00"; done
day "2024-03-26 18:00" # 15 working days: the third reminder, planned after hours
at "2024-03-26 18:30" case resume PET-113-000001
day "2024-03-27 09:00"
expect_log "2024-03-06 09:00
2024-03-07 09:00
2024-03-08 09:00
2024-03-11 09:00
2024-03-12 09:00 planned 1, cancelled 0, sent 1, failed 0
2024-03-13 09:00
2024-03-18 09:00
2024-03-19 09:00 planned 1, cancelled 0, sent 1, failed 0
2024-03-26 18:00 planned 1, cancelled 0, sent 0, failed 0 (outside delivery hours: sending later)
2024-03-27 09:00 planned 1, cancelled 1, sent 1, failed 0"
expect_sql "select message_id||' '||state||' '||last_error from notice order by id" \
  "notice-PET-113-000001-documents-v1-c1@epb.ksepb.gov.tw sent 
notice-PET-113-000001-documents-v1-c2@epb.ksepb.gov.tw sent 
notice-PET-113-000001-documents-v1-c3@epb.ksepb.gov.tw cancelled the due date changed
notice-PET-113-000001-reminder-v2-c0@epb.ksepb.gov.tw sent "
# The documents reminder's {reason} is the pause note: what is awaited.
CHECKS=$((CHECKS + 1))
[[ "$(sms_field PET-113-000001 documents body)" == *"補件說明：請補附現場照片"* ]] ||
  fail "documents reminder does not say what is needed" "$(sms_field PET-113-000001 documents body | grep 補件說明)"

finish
