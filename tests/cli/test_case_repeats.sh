#!/usr/bin/env bash
# Repeated complaints: the same person on the same matter and place, opened within 2 months
# after an earlier complaint was closed, is flagged (repeat_of) and found by `list --repeated`.
source "$(dirname "$0")/lib.sh"

LEDGER="$XDG_DATA_HOME/epb/ledger.sqlite"
at() { # at WHEN ARGS...: runs epb with the clock at WHEN.
  local when=$1
  shift
  EPB_NOW="$when" run "$@"
}
expect_repeat() { # expect_repeat REF REPEAT_OF
  CHECKS=$((CHECKS + 1))
  local got
  got=$(sqlite3 "$LEDGER" "select repeat_of from case_file where ref = '$1'")
  [ "$got" = "$2" ] || fail "$1: repeat_of is '$got', expected '$2'"
}

run init -q
MATTER=(--service complaint --channel hotline --subject 工廠異味 --place 高雄市前鎮區中山二路1號)
CHEN=(--name 陳美麗 --phone 0912345678)

# The first complaint, handled and closed on 2023-01-12 10:00; a second one opened the same
# day stays open (an open case has not been handled yet).
at "2023-01-10 10:00" case open "${MATTER[@]}" "${CHEN[@]}"
expect_out "CMP-112-000001"
at "2023-01-10 11:00" case open "${MATTER[@]}" "${CHEN[@]}"
expect_out "CMP-112-000002"
expect_err "epb: CMP-112-000002 opened: 受理, due 2023-01-17"
expect_repeat CMP-112-000002 ""
at "2023-01-12 10:00" case close CMP-112-000001 --outcome 已稽查改善
expect_rc 0

# Within 2 months after the closing (by 2023-03-12): flagged.
at "2023-03-12 09:00" case open "${MATTER[@]}" "${CHEN[@]}"
expect_rc 0
expect_out "CMP-112-000003"
expect_err "epb: CMP-112-000003 opened (repeats CMP-112-000001): 受理, due 2023-03-20"
expect_repeat CMP-112-000003 CMP-112-000001
CHECKS=$((CHECKS + 1))
[ "$(sqlite3 "$LEDGER" "select json_extract(detail, '$.repeat_of') from event where subject = 'case:CMP-112-000003'")" = \
  CMP-112-000001 ] || fail "the open event does not name the repeated case"
# Another place, another person, an anonymous complainant: not flagged.
at "2023-03-12 09:00" case open --service complaint --channel hotline --subject 工廠異味 \
  --place 高雄市前鎮區中山二路2號 "${CHEN[@]}"
expect_err "epb: CMP-112-000004 opened: 受理, due 2023-03-20"
at "2023-03-12 09:00" case open "${MATTER[@]}" --name 李大同 --phone 0911222333
expect_repeat CMP-112-000005 ""
at "2023-03-12 09:00" case open "${MATTER[@]}" --applicant-kind anonymous
expect_repeat CMP-112-000006 ""
at "2023-03-12 09:00" case open "${MATTER[@]}" --applicant-kind anonymous --phone 0912345678
expect_repeat CMP-112-000007 ""
# A day later is outside the 2 months: not flagged.
at "2023-03-13 09:00" case open "${MATTER[@]}" "${CHEN[@]}"
expect_out "CMP-112-000008"
expect_err "epb: CMP-112-000008 opened: 受理, due 2023-03-20"
expect_repeat CMP-112-000008 ""

# The same person is known by ID number even with another phone; the subject is compared
# without case or surrounding spaces.
WANG=(--name 王小明 --id-number A123456789)
at "2023-04-03 09:00" case open --service complaint --channel web --subject "Noise at night" \
  --place 高雄市三民區九如一路 "${WANG[@]}" --phone 0912000111
expect_out "CMP-112-000009"
at "2023-04-06 09:00" case move CMP-112-000009 assigned
at "2023-04-06 09:00" case move CMP-112-000009 processing
at "2023-04-07 09:00" case close CMP-112-000009 --outcome 已告發
at "2023-06-07 20:00" case open --service complaint --channel app --subject " noise at night " \
  --place 高雄市三民區九如一路 "${WANG[@]}" --phone 0922333444
expect_out "CMP-112-000010"
expect_repeat CMP-112-000010 CMP-112-000009
# Petitions do not track repeats.
at "2023-01-10 10:00" case open --service petition --channel phone --subject 工廠異味 "${CHEN[@]}"
at "2023-01-11 10:00" case close PET-112-000001 --outcome 已函復
at "2023-01-20 10:00" case open --service petition --channel phone --subject 工廠異味 "${CHEN[@]}"
expect_repeat PET-112-000002 ""

# list --repeated, in each format; the table marks repeats with ↺.
export EPB_NOW="2023-06-08 09:00"
run case list --repeated --format csv
expect_rc 0
OUT=${OUT//$'\r'/}
expect_out "ref,service,unit,channel,status,applicant_kind,name,id_number,business_number,phone,email,address,lang,subject,description,place,district,received,due,deadline_rule,assignee,paused_since,extensions,closed,outcome,closed_late,repeat_of,source_system,source_id,updated,clock_start,pauses,extension_log,provisional
CMP-112-000003,complaint,inspection,hotline,received,person,陳O麗,,,0912******,,,zh-TW,工廠異味,,高雄市前鎮區中山二路1號,前鎮區,2023-03-12T09:00:00+08:00,2023-03-20,7 days,,,0,,,,CMP-112-000001,,,2023-03-12T09:00:00+08:00,2023-03-12T09:00:00+08:00,[],[],false
CMP-112-000010,complaint,inspection,app,received,person,王O明,A12****789,,0922******,,,zh-TW,noise at night,,高雄市三民區九如一路,三民區,2023-06-07T20:00:00+08:00,2023-06-14,7 days,,,0,,,,CMP-112-000009,,,2023-06-07T20:00:00+08:00,2023-06-07T20:00:00+08:00,[],[],false"
run case list --repeated --count
expect_out "2"
run case list --repeated --service complaint --opened-from 2023-06-01
expect_out_contains "CMP-112-000010  公害陳情  受理 ↺"
run case list --repeated --format jsonl --limit 1
expect_out_contains '"repeat_of":"CMP-112-000001"'
run case export --repeated --format tsv
expect_out_contains "	CMP-112-000009	"
run case list --repeated --service petition --count
expect_out "0"

finish
