#!/usr/bin/env bash
# Subsidy decisions through the outbox: documents requested, approved and rejected reach the
# applicant by the first transport they have a contact for (sms as JSON lines, letters), with
# what is missing, the amount or the reason in the body; a second run plans nothing; bad
# decision levels in the config are refused at FILE:LINE:COL.
source "$(dirname "$0")/lib.sh"

notify_world "$SCRATCH/out"
at() {
  local when=$1
  shift
  EPB_NOW="$when" run -q "${E[@]}" "$@"
  expect_rc 0
}
run "${E[@]}" init -q

APPLY=(subsidy apply --channel in_person --programme-year 107 --kind scrap_buy_other --scrapped-made 2001-05-01
  --deregistered 107/03/01 --new-class light --invoice-number AB-12345678 --invoice-date 2018-03-02
  --bank-code 004 --account-number 1234-5678-9012)
# One applicant with a phone (sms), one with a postal address only (a letter).
at "2018-03-05 10:00" "${APPLY[@]}" --name 王小明 --id-number A123456789 --phone 0912345678 \
  --scrapped-plate FAA-233 --recycling-certificate RC-1 --new-plate EMA-1234 --new-frame EBK1234567
at "2018-03-05 10:00" "${APPLY[@]}" --name 李大同 --id-number F131104093 --address 高雄市苓雅區四維三路2號 \
  --scrapped-plate FAB-234 --recycling-certificate RC-2 --new-plate EMB-5678 --new-frame EBK7654321
printf 'id_number,registered,district,registered_on\nA123456789,yes,苓雅區,\nF131104093,yes,苓雅區,\n' \
  >"$SCRATCH/answer.csv"
at "2018-03-05 10:00" subsidy household import "$SCRATCH/answer.csv"
at "2018-03-05 10:00" case move SUB-107-000001 reviewing
at "2018-03-05 10:00" case move SUB-107-000002 reviewing

# 補件: the notice names the missing documents.
at "2018-03-05 11:00" subsidy request-docs SUB-107-000001 --missing "invoice photos"
run "${E[@]}" notify run --as-of "2018-03-06 09:00"
expect_out "epb: notify 2018-03-06T09:00:00+08:00: planned 1, cancelled 0, sent 1, failed 0"
SMS="$OUTDIR/sms.jsonl"
[ "$(wc -l <"$SMS")" = 1 ] || fail "one text message" "$(cat "$SMS")"
grep -q '"message_id":"notice-SUB-107-000001-subsidy-documents-docs-requested-v0-c1@epb.ksepb.gov.tw"' "$SMS" ||
  fail "documents notice Message-ID" "$(cat "$SMS")"
grep -q '應補文件：載明申請人及車身或牌照號碼之發票、車輛及車身號碼或牌照照片' "$SMS" || fail "missing documents in the body" "$(cat "$SMS")"

# Approved with the amount (by sms), rejected with the reason (by letter).
at "2018-03-06 10:00" subsidy documents-received SUB-107-000001 --note 已補件
at "2018-03-06 10:30" subsidy approve SUB-107-000001
at "2018-03-06 10:30" subsidy reject SUB-107-000002 --reason "新車發票日期不在補助期間"
run "${E[@]}" notify run --as-of "2018-03-07 09:00"
expect_out "epb: notify 2018-03-07T09:00:00+08:00: planned 2, cancelled 0, sent 2, failed 0"
[ "$(wc -l <"$SMS")" = 2 ] || fail "two text messages" "$(cat "$SMS")"
tail -1 "$SMS" | grep -q '補助金額新臺幣 5,000 元' || fail "amount in the approval" "$(tail -1 "$SMS")"
tail -1 "$SMS" | grep -q '"level":"approved"' || fail "approval level" "$(tail -1 "$SMS")"
LETTERS=$(cat "$OUTDIR"/letters/*.csv)
[[ "$LETTERS" == *"notice-SUB-107-000002-subsidy-rejected-rejected-v0-c1@epb.ksepb.gov.tw"* ]] ||
  fail "rejection letter" "$LETTERS"
[[ "$LETTERS" == *"理由：新車發票日期不在補助期間"* ]] || fail "reason in the letter" "$LETTERS"
expect_sql "select count(*) from subsidy_decision where notified_at is null" "0"
expect_sql "select ref, source, item, level, cycle, state from notice order by id" \
  "SUB-107-000001|subsidy|documents|docs-requested|1|sent
SUB-107-000001|subsidy|approved|approved|1|sent
SUB-107-000002|subsidy|rejected|rejected|1|sent"

# A second run changes nothing and sends nothing.
BEFORE=$(ledger_dump)
SENT=$(cat "$SMS" "$OUTDIR"/letters/*.csv | sha256sum)
run "${E[@]}" notify run --as-of "2018-03-07 09:00"
expect_rc 0
expect_out ""
[ "$(cat "$SMS" "$OUTDIR"/letters/*.csv | sha256sum)" = "$SENT" ] || fail "a second run sent something"

# list and show: masked as every notice, with the source and item.
run "${E[@]}" notify list --format csv
expect_rc 0
expect_out_contains "3,SUB-107-000002,rejected,applicant,post,高雄市苓雅區****,sent,"
run "${E[@]}" notify show 2
expect_rc 0
expect_out_contains "source      subsidy
item        approved
message_id  notice-SUB-107-000001-subsidy-approved-approved-v0-c1@epb.ksepb.gov.tw"
expect_out_contains "0912******"

# Bad decision levels: refused at FILE:LINE:COL, nothing opened or written.
C="$OUTDIR/epb.toml"
bad_config() { # bad_config NAME SED-SCRIPT "STDERR-GLOB"
  sed -e "$2" "$C" >"$SCRATCH/$1.toml"
  refuse "epb: error: $SCRATCH/$1.toml:$3" config check "$SCRATCH/$1.toml"
}
bad_config decision 's/decision = "approved"/decision = "aproved"/' \
  "[0-9]*:[0-9]*: unknown decision 'aproved' in level 'approved' of notify rules 'subsidy' (did you mean 'approved'?)"
bad_config nodecision 's/decision = "approved"/decision = "granted"/' \
  "[0-9]*:[0-9]*: unknown decision 'granted' in level 'approved' of notify rules 'subsidy': expected documents, approved, rejected or paid"
bad_config missing 's/trigger = "decision", decision = "paid", /trigger = "decision", /' \
  "[0-9]*:[0-9]*: missing key 'decision' in level 'paid' of notify rules 'subsidy'"
bad_config workdays 's/decision = "paid", /decision = "paid", workdays = 2, /' \
  "[0-9]*:[0-9]*: 'workdays' does not apply to trigger 'decision' in level 'paid' of notify rules 'subsidy': it fires when the decision is made"
bad_config foreign '0,/trigger = "extension", audience/s//trigger = "extension", decision = "paid", audience/' \
  "[0-9]*:[0-9]*: 'decision' applies only to trigger 'decision', not 'extension' in level 'extension' of notify rules 'default'"
bad_config kind '/^\[notify.rules.petition\]/,/^]/s/{ code = "documents", trigger = "paused_every", workdays = 5, audience = "applicant", transports = \["mail", "sms", "post"\], template = "documents" },/&\n  { code = "told", trigger = "decision", decision = "approved", audience = "applicant", transports = ["sms"], template = "subsidy_approved" },/' \
  "[0-9]*:[0-9]*: trigger 'decision' in level 'told' of notify rules 'petition': service 'petition' is of kind 'case'; decisions come from services of kind 'subsidy'"
bad_config placeholder 's/補助金額新臺幣 {amount} 元/補助金額新臺幣 {amounts} 元/' \
  "[0-9]*:[0-9]*: unknown placeholder '{amounts}' in 'body' of template 'subsidy_approved' (did you mean '{amount}'?)"
bad_config placeholder2 's/已於 {paid_on} 撥入/已於 {paid_date} 撥入/' \
  "[0-9]*:[0-9]*: unknown placeholder '{paid_date}' in 'body' of template 'subsidy_paid'*"
bad_config trigger 's/trigger = "decision", decision = "paid"/trigger = "decison", decision = "paid"/' \
  "[0-9]*:[0-9]*: unknown trigger 'decison' in level 'paid' of notify rules 'subsidy' (did you mean 'decision'?)"
# The default ladder may hold decision levels: it covers a subsidy service without a ladder.
sed -e '0,/template = "documents" },/s//template = "documents" },\n  { code = "told", trigger = "decision", decision = "paid", audience = "applicant", transports = ["sms"], template = "subsidy_paid" },/' \
  "$C" >"$SCRATCH/default.toml"
grep -q 'code = "told", trigger = "decision"' "$SCRATCH/default.toml" || fail "no decision level added"
run config check "$SCRATCH/default.toml"
expect_rc 0
[ "$(ledger_dump)" = "$BEFORE" ] || fail "config check wrote to the ledger"

# A rejection reopened before its notice went out is not told (the case is in review again).
at "2018-03-07 10:00" case reopen SUB-107-000002 --reason 發票日期誤判
at "2018-03-07 10:30" subsidy reject SUB-107-000002 --reason 照片不符
at "2018-03-07 11:00" case reopen SUB-107-000002 --reason 照片可辨識
SENT=$(cat "$OUTDIR"/letters/*.csv | sha256sum)
run "${E[@]}" notify run --as-of "2018-03-08 09:00"
expect_rc 0
expect_out "epb: notify 2018-03-08T09:00:00+08:00: planned 1, cancelled 1, sent 0, failed 0"
[ "$(cat "$OUTDIR"/letters/*.csv | sha256sum)" = "$SENT" ] || fail "a reopened rejection was told"
expect_sql "select state from notice where ref = 'SUB-107-000002' order by id" "sent
cancelled"
expect_sql "select decision_reason from subsidy_application where case_id = 2" ""

finish
