#!/usr/bin/env bash
# epb notify list (filters, formats, masking, --reveal-pii), show, retry's refusals and
# notify run --dry-run (shows what would be planned and sent, changes nothing).
source "$(dirname "$0")/lib.sh"

notify_world "$SCRATCH/out"
at() {
  local when=$1
  shift
  EPB_NOW="$when" run -q "${E[@]}" "$@"
}
csv() {
  run "${E[@]}" "$@" --format csv
  OUT=${OUT//$'\r'/}
}
# snapshot: the ledger's content and file, and what the transports wrote.
snapshot() {
  { sqlite3 "$L" .dump; sha256sum "$L"; ls -R "$OUTDIR"; cat "$OUTDIR"/mail.txt "$OUTDIR"/sms.jsonl 2>/dev/null; } | sha256sum
}
expect_unchanged() {
  CHECKS=$((CHECKS + 1))
  [ "$(snapshot)" = "$1" ] || fail "$2 changed the ledger or sent something"
}

# Three petitions due Thursday 2024-03-07: the applicants have an e-mail address, a phone, an
# address (and English); only the first has an assignee to remind.
run "${E[@]}" init -q
at "2024-03-04 10:00" case open --service petition --channel web --subject 路燈不亮 --name 王小明 \
  --phone 0912345678 --email ming@example.com
at "2024-03-04 10:00" case open --service petition --channel phone --subject 路面坑洞 --name 李大同 --phone 0911222333
at "2024-03-04 10:00" case open --service petition --channel mail --subject "Street noise" --name "John Smith" \
  --address 高雄市苓雅區四維三路2號 --applicant-lang en
at "2024-03-04 10:05" case assign PET-113-000001 --to clerk01
expect_rc 0
run "${E[@]}" notify run --as-of "2024-03-06 09:00"
expect_out "epb: notify 2024-03-06T09:00:00+08:00: planned 3, cancelled 0, sent 1, failed 0"

# --- dry run: what the Friday run would plan and send; nothing written, nothing sent ---------------
BEFORE=$(snapshot)
run "${E[@]}" notify run --dry-run --as-of "2024-03-08 09:00"
expect_rc 0
expect_out "id  ref             level    audience   transport  recipient         state       attempts  planned           sent  last_error  subject
 4  PET-113-000001  overdue  applicant  mail       m***@example.com  would send         0  2024-03-08T09:00                    案件 PET-113-000001 處理進度通知
 5  PET-113-000002  overdue  applicant  sms        0911******        would send         0  2024-03-08T09:00                    案件 PET-113-000002 處理進度通知
 6  PET-113-000003  overdue  applicant  post       高雄市苓雅區****  would send         0  2024-03-08T09:00                    Progress of your case PET-113-000003"
expect_err "epb: dry run: 3 to plan; nothing written"
expect_unchanged "$BEFORE" "notify run --dry-run"
# Before hours: planned, not sent.
csv notify run --dry-run --as-of "2024-03-08 07:00"
expect_out "id,ref,level,audience,transport,recipient,state,attempts,planned,sent,last_error,subject
4,PET-113-000001,overdue,applicant,mail,m***@example.com,planned,0,2024-03-08T07:00:00+08:00,,,案件 PET-113-000001 處理進度通知
5,PET-113-000002,overdue,applicant,sms,0911******,planned,0,2024-03-08T07:00:00+08:00,,,案件 PET-113-000002 處理進度通知
6,PET-113-000003,overdue,applicant,post,高雄市苓雅區****,planned,0,2024-03-08T07:00:00+08:00,,,Progress of your case PET-113-000003"
expect_unchanged "$BEFORE" "notify run --dry-run before hours"
run "${E[@]}" notify run --as-of "2024-03-08 09:00"
expect_out "epb: notify 2024-03-08T09:00:00+08:00: planned 3, cancelled 0, sent 3, failed 0"
# Nothing to do: a dry run is as quiet as a real one.
run "${E[@]}" notify run --dry-run --as-of "2024-03-08 09:00"
expect_rc 0
expect_out ""
expect_err ""
# Notices already planned show as what would be sent now.
run "${E[@]}" notify run --as-of "2024-03-11 07:00"
expect_out "epb: notify 2024-03-11T07:00:00+08:00: planned 3, cancelled 0, sent 0, failed 0 (outside delivery hours: sending later)"
BEFORE=$(snapshot)
csv notify run --dry-run --as-of "2024-03-11 09:00"
expect_out "id,ref,level,audience,transport,recipient,state,attempts,planned,sent,last_error,subject
7,PET-113-000001,escalation,unit_head,mail,planning-head@ksepb.gov.tw,would send,0,2024-03-11T07:00:00+08:00,,,【逾期列管】案件 PET-113-000001 已逾期 2 個工作天
8,PET-113-000002,escalation,unit_head,mail,planning-head@ksepb.gov.tw,would send,0,2024-03-11T07:00:00+08:00,,,【逾期列管】案件 PET-113-000002 已逾期 2 個工作天
9,PET-113-000003,escalation,unit_head,mail,planning-head@ksepb.gov.tw,would send,0,2024-03-11T07:00:00+08:00,,,【逾期列管】案件 PET-113-000003 已逾期 2 個工作天"
expect_err "epb: dry run: 0 to plan; nothing written"
expect_unchanged "$BEFORE" "notify run --dry-run with pending notices"
# A case closed meanwhile: its escalation would be cancelled, not sent.
at "2024-03-11 08:00" case close PET-113-000003 --outcome 已函復
BEFORE=$(snapshot)
csv notify run --dry-run --as-of "2024-03-11 09:00"
expect_err "epb: dry run: 0 to plan; nothing written"
# The dry run shows a notice the real run would cancel (its case closed) as 'would cancel', not 'would send'.
CHECKS=$((CHECKS + 1))
[[ "$OUT" != *"9,PET-113-000003,escalation,unit_head,mail,planning-head@ksepb.gov.tw,would send"* ]] ||
  fail "dry run: a notice the run cancels shows as 'would send'" "$OUT"
expect_unchanged "$BEFORE" "notify run --dry-run with a closed case"
run "${E[@]}" notify run --as-of "2024-03-11 09:00"
expect_out "epb: notify 2024-03-11T09:00:00+08:00: planned 0, cancelled 1, sent 2, failed 0"

# --- list: every notice, oldest first; applicants' contacts masked ---------------------------------
run "${E[@]}" notify list
expect_rc 0
expect_out "id  ref             level       audience   transport  recipient                   state      attempts  planned           sent              last_error                            subject
 1  PET-113-000001  reminder    assignee   mail       clerk01@ksepb.gov.tw        sent              1  2024-03-06T09:00  2024-03-06T09:00                                        【到期提醒】案件 PET-113-000001 將於 2024-03-07 屆期
 2  PET-113-000002  reminder    assignee                                          cancelled         0  2024-03-06T09:00                    no contact for the assignee via mail  【到期提醒】案件 PET-113-000002 將於 2024-03-07 屆期
 3  PET-113-000003  reminder    assignee                                          cancelled         0  2024-03-06T09:00                    no contact for the assignee via mail  【到期提醒】案件 PET-113-000003 將於 2024-03-07 屆期
 4  PET-113-000001  overdue     applicant  mail       m***@example.com            sent              1  2024-03-08T09:00  2024-03-08T09:00                                        案件 PET-113-000001 處理進度通知
 5  PET-113-000002  overdue     applicant  sms        0911******                  sent              1  2024-03-08T09:00  2024-03-08T09:00                                        案件 PET-113-000002 處理進度通知
 6  PET-113-000003  overdue     applicant  post       高雄市苓雅區****            sent              1  2024-03-08T09:00  2024-03-08T09:00                                        Progress of your case PET-113-000003
 7  PET-113-000001  escalation  unit_head  mail       planning-head@ksepb.gov.tw  sent              1  2024-03-11T07:00  2024-03-11T09:00                                        【逾期列管】案件 PET-113-000001 已逾期 2 個工作天
 8  PET-113-000002  escalation  unit_head  mail       planning-head@ksepb.gov.tw  sent              1  2024-03-11T07:00  2024-03-11T09:00                                        【逾期列管】案件 PET-113-000002 已逾期 2 個工作天
 9  PET-113-000003  escalation  unit_head  mail       planning-head@ksepb.gov.tw  cancelled         0  2024-03-11T07:00                    case closed                           【逾期列管】案件 PET-113-000003 已逾期 2 個工作天"
csv notify list --state cancelled --ref PET-113-000003
expect_out "id,ref,level,audience,transport,recipient,state,attempts,planned,sent,last_error,subject
3,PET-113-000003,reminder,assignee,,,cancelled,0,2024-03-06T09:00:00+08:00,,no contact for the assignee via mail,【到期提醒】案件 PET-113-000003 將於 2024-03-07 屆期
9,PET-113-000003,escalation,unit_head,mail,planning-head@ksepb.gov.tw,cancelled,0,2024-03-11T07:00:00+08:00,,case closed,【逾期列管】案件 PET-113-000003 已逾期 2 個工作天"
run "${E[@]}" notify list --state sent --limit 2 --format json
expect_out '[
{"id":1,"ref":"PET-113-000001","level":"reminder","audience":"assignee","transport":"mail","recipient":"clerk01@ksepb.gov.tw","state":"sent","attempts":1,"planned":"2024-03-06T09:00:00+08:00","sent":"2024-03-06T09:00:00+08:00","last_error":"","subject":"【到期提醒】案件 PET-113-000001 將於 2024-03-07 屆期"},
{"id":4,"ref":"PET-113-000001","level":"overdue","audience":"applicant","transport":"mail","recipient":"m***@example.com","state":"sent","attempts":1,"planned":"2024-03-08T09:00:00+08:00","sent":"2024-03-08T09:00:00+08:00","last_error":"","subject":"案件 PET-113-000001 處理進度通知"}
]'
run "${E[@]}" notify list --ref PET-113-000002 --state sent --format jsonl
expect_out '{"id":5,"ref":"PET-113-000002","level":"overdue","audience":"applicant","transport":"sms","recipient":"0911******","state":"sent","attempts":1,"planned":"2024-03-08T09:00:00+08:00","sent":"2024-03-08T09:00:00+08:00","last_error":"","subject":"案件 PET-113-000002 處理進度通知"}
{"id":8,"ref":"PET-113-000002","level":"escalation","audience":"unit_head","transport":"mail","recipient":"planning-head@ksepb.gov.tw","state":"sent","attempts":1,"planned":"2024-03-11T07:00:00+08:00","sent":"2024-03-11T09:00:00+08:00","last_error":"","subject":"【逾期列管】案件 PET-113-000002 已逾期 2 個工作天"}'
run "${E[@]}" notify list --state failed --format tsv
expect_out "$(printf '%s\t' id ref level audience transport recipient state attempts planned sent last_error)subject"
# A --ref that names no case is not found (it would look like a case without notices).
run "${E[@]}" notify list --ref PET-113-999999
expect_rc 4
expect_out ""
expect_err "epb: error: --ref PET-113-999999: no such case"
refuse "epb: error: --state: unknown value 'lost' (one of: planned, sending, sent, failed, cancelled)" \
  "${E[@]}" notify list --state lost
refuse "epb: error: --state: unknown value 'faild', did you mean 'failed'? (one of: *)" "${E[@]}" notify list --state faild
refuse "epb: error: --limit: must be at least 1" "${E[@]}" notify list --limit 0
refuse "epb: error: --limit: 'all' is not a whole number" "${E[@]}" notify list --limit all
refuse "epb: error: ID: must be at least 1" "${E[@]}" notify show 0
refuse "epb: error: ID: 'x1' is not a whole number" "${E[@]}" notify show x1
refuse "epb: error: ID: must be at least 1" "${E[@]}" notify retry -- -4
refuse "epb: error: ID: 'first' is not a whole number" "${E[@]}" notify retry first
EVENTS=$(sqlite3 "$L" "select count(*) from event")
# --reveal-pii: applicants' contacts in full.
csv notify list --state sent --reveal-pii
expect_rc 0
expect_out "id,ref,level,audience,transport,recipient,state,attempts,planned,sent,last_error,subject
1,PET-113-000001,reminder,assignee,mail,clerk01@ksepb.gov.tw,sent,1,2024-03-06T09:00:00+08:00,2024-03-06T09:00:00+08:00,,【到期提醒】案件 PET-113-000001 將於 2024-03-07 屆期
4,PET-113-000001,overdue,applicant,mail,ming@example.com,sent,1,2024-03-08T09:00:00+08:00,2024-03-08T09:00:00+08:00,,案件 PET-113-000001 處理進度通知
5,PET-113-000002,overdue,applicant,sms,0911222333,sent,1,2024-03-08T09:00:00+08:00,2024-03-08T09:00:00+08:00,,案件 PET-113-000002 處理進度通知
6,PET-113-000003,overdue,applicant,post,高雄市苓雅區四維三路2號,sent,1,2024-03-08T09:00:00+08:00,2024-03-08T09:00:00+08:00,,Progress of your case PET-113-000003
7,PET-113-000001,escalation,unit_head,mail,planning-head@ksepb.gov.tw,sent,1,2024-03-11T07:00:00+08:00,2024-03-11T09:00:00+08:00,,【逾期列管】案件 PET-113-000001 已逾期 2 個工作天
8,PET-113-000002,escalation,unit_head,mail,planning-head@ksepb.gov.tw,sent,1,2024-03-11T07:00:00+08:00,2024-03-11T09:00:00+08:00,,【逾期列管】案件 PET-113-000002 已逾期 2 個工作天"
run "${E[@]}" notify show 6 --reveal-pii
expect_out_contains "recipient   高雄市苓雅區四維三路2號"
# Showing applicants' contacts in full is recorded as a reveal-pii event, as with epb case list/show.
expect_sql "select count(*) > 0 from event where id > $EVENTS and action = 'reveal-pii' and command = 'notify list'" "1"
expect_sql "select count(*) > 0 from event where id > $EVENTS and action = 'reveal-pii' and command = 'notify show'" "1"

# --- show: one notice with its text and Message-ID -------------------------------------------------
run "${E[@]}" notify show 5
expect_rc 0
expect_out "id          5
ref         PET-113-000002
level       overdue
audience    applicant
transport   sms
recipient   0911******
state       sent
attempts    1
planned     2024-03-08T09:00
sent        2024-03-08T09:00
subject     案件 PET-113-000002 處理進度通知
message_id  notice-PET-113-000002-overdue-v1-c0@epb.ksepb.gov.tw

李O同 您好：

您向本局提出之人民陳情案件（案號 PET-113-000002），原訂處理期限為 2024-03-07（民國 113/03/07），
目前已逾期 1 個工作天，謹致歉意。

延誤原因：案件仍在處理中
承辦單位：綜計科

本局將儘速辦理，並將處理結果另行通知。如有疑問，請洽高雄市政府環境保護局 服務專線 07-7351500。

高雄市政府環境保護局 敬啟"
run "${E[@]}" notify show 6 --format json
expect_rc 0
expect_out '[
{"id":6,"ref":"PET-113-000003","level":"overdue","audience":"applicant","transport":"post","recipient":"高雄市苓雅區****","state":"sent","attempts":1,"planned":"2024-03-08T09:00:00+08:00","sent":"2024-03-08T09:00:00+08:00","last_error":"","subject":"Progress of your case PET-113-000003","body":"Dear J*** S****,\n\nYour Petition case PET-113-000003 was due to be completed by 2024-03-07. It is now 1 working\nday(s) late, for which we apologise.\n\nReason for the delay: the case is still being handled\nHandled by: Comprehensive Planning Division\n\nWe will complete it as soon as possible and let you know the outcome. If you have any\nquestions, please contact 高雄市政府環境保護局 服務專線 07-7351500.\n\nKaohsiung City Environmental Protection Bureau\n","message_id":"notice-PET-113-000003-overdue-v1-c0@epb.ksepb.gov.tw"}
]'
run "${E[@]}" notify show 999
expect_rc 4
expect_out ""
expect_err "epb: error: notice 999: not found"

# --- retry: only failed or cancelled notices, and only those that can reach someone ----------------
BEFORE=$(snapshot)
run "${E[@]}" notify retry 4
expect_rc 3
expect_err "epb: error: notice 4: is sent; only failed or cancelled notices are retried"
run "${E[@]}" notify retry 2
expect_rc 3
expect_err "epb: error: notice 2: no contact for the assignee via mail"
run "${E[@]}" notify retry 999
expect_rc 4
expect_err "epb: error: notice 999: not found"
expect_unchanged "$BEFORE" "a refused notify retry"

finish
