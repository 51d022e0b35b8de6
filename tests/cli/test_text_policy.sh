#!/usr/bin/env bash
# The text policy (epb(1) TEXT INPUT): every source of text — options, CSV, TSV and JSON-lines
# imports, config files, calendar files — refuses invalid UTF-8, NUL, control characters (but
# newline and tab in multi-line fields), bidi controls and over-long values with exit 3, naming
# the option or FILE:LINE and the field, and writes nothing. Impossible UTC offsets and invalid
# global options are refused before any command opens the ledger. Human output escapes what an
# older ledger may hold; csv and json stay exact.
source "$(dirname "$0")/lib.sh"

LEDGER="$XDG_DATA_HOME/epb/ledger.sqlite"
export EPB_NOW="2024-03-01 09:00"
cd "$SCRATCH" || exit 1

ESC=$'\e'
BEL=$'\a'
SOH=$'\001'
RLO=$'\u202e'  # RIGHT-TO-LEFT OVERRIDE
LRI=$'\u2066'  # LEFT-TO-RIGHT ISOLATE
RLM=$'\u200f'  # RIGHT-TO-LEFT MARK
CSI=$'\u009b'  # C1 control
BAD=$'abcd\xff' # invalid UTF-8 at byte 5
SURR=$'\xed\xa0\x80' # U+D800 encoded in UTF-8
long() { printf "$1%.0s" $(seq "$2"); }

# --- Options with a refused ledger: the policy runs before the ledger is opened -------------
refuse "epb: error: --subject: control character U+001B not allowed" \
  case open --service petition --channel web --subject "a${ESC}[2Jb" --name 王小明
run init -q
expect_rc 0
run case open --service petition --channel web --subject 路燈不亮 --name 王小明 --phone 0912345678 \
  --description $'第一行\n第二行\twith a tab'
expect_rc 0
expect_out "PET-113-000001"
REF=PET-113-000001
expect_sql "select description from case_file" $'第一行\n第二行\twith a tab'
# zh-TW at the length limit and a four-byte emoji are accepted.
run case open --service petition --channel web --subject "$(long 字 200)" --name "😀 $(long 王 98)"
expect_rc 0

OPEN=(case open --service petition --channel web)
# --- case open: every free-text and name option ----------------------------------------------
refuse "epb: error: --subject: control character U+001B not allowed" "${OPEN[@]}" --subject "x${ESC}" --name 王小明
refuse "epb: error: --subject: control character U+0007 not allowed" "${OPEN[@]}" --subject "x${BEL}" --name 王小明
refuse "epb: error: --subject: control character U+0001 not allowed" "${OPEN[@]}" --subject "x${SOH}" --name 王小明
refuse "epb: error: --subject: invalid UTF-8 at byte 5" "${OPEN[@]}" --subject "$BAD" --name 王小明
refuse "epb: error: --subject: invalid UTF-8 at byte 2" "${OPEN[@]}" --subject "x$SURR" --name 王小明
refuse "epb: error: --subject: invalid UTF-8 at byte 1" "${OPEN[@]}" --subject $'\xc0\xaf' --name 王小明
refuse "epb: error: --subject: control character U+000A not allowed (a single-line value)" \
  "${OPEN[@]}" --subject $'two\nlines' --name 王小明
refuse "epb: error: --subject: bidi control U+202E not allowed" "${OPEN[@]}" --subject "a${RLO}b" --name 王小明
refuse "epb: error: --subject: longer than 200 characters (201)" "${OPEN[@]}" --subject "$(long 字 201)" --name 王小明
refuse "epb: error: --name: control character U+001B not allowed" "${OPEN[@]}" --subject x --name "王${ESC}"
refuse "epb: error: --name: bidi control U+2066 not allowed" "${OPEN[@]}" --subject x --name "王${LRI}"
refuse "epb: error: --name: invisible control U+200F not allowed (a single-line value)" \
  "${OPEN[@]}" --subject x --name "王${RLM}"
refuse "epb: error: --name: control character U+0009 not allowed (a single-line value)" \
  "${OPEN[@]}" --subject x --name $'王\t小明'
refuse "epb: error: --name: longer than 100 characters (101)" "${OPEN[@]}" --subject x --name "$(long 王 101)"
refuse "epb: error: --address: control character U+009B not allowed" \
  "${OPEN[@]}" --subject x --name 王小明 --address "高雄市${CSI}"
refuse "epb: error: --email: control character U+001B not allowed" \
  "${OPEN[@]}" --subject x --name 王小明 --email "a${ESC}@example.com"
refuse "epb: error: --phone: control character U+0007 not allowed" "${OPEN[@]}" --subject x --name 王小明 --phone "0912${BEL}"
refuse "epb: error: --id-number: control character U+007F not allowed" \
  "${OPEN[@]}" --subject x --name 王小明 --id-number $'A12345678\x7f'
refuse "epb: error: --place: bidi control U+202E not allowed" "${OPEN[@]}" --subject x --name 王小明 --place "${RLO}"
refuse "epb: error: --description: control character U+001B not allowed" \
  "${OPEN[@]}" --subject x --name 王小明 --description "x${ESC}[31m"
refuse "epb: error: --description: control character U+000D not allowed" \
  "${OPEN[@]}" --subject x --name 王小明 --description $'lone\rreturn'
refuse "epb: error: --description: longer than 4000 characters (4001)" \
  "${OPEN[@]}" --subject x --name 王小明 --description "$(long a 4001)"
refuse "epb: error: --source-id: control character U+001B not allowed" \
  "${OPEN[@]}" --subject x --name 王小明 --source-system 1999 --source-id "T1${ESC}"
refuse "epb: error: --source-system: invalid UTF-8 at byte 5" \
  "${OPEN[@]}" --subject x --name 王小明 --source-system "$BAD" --source-id T1
refuse "epb: error: --service: control character U+001B not allowed" \
  case open --service "petition${ESC}" --channel web --subject x --name 王小明
refuse "epb: error: --applicant-kind: control character U+0001 not allowed" \
  "${OPEN[@]}" --subject x --name 王小明 --applicant-kind "person${SOH}"
# Impossible UTC offsets would shift the receipt time.
refuse "epb: error: --received: *" "${OPEN[@]}" --subject x --name 王小明 --received "2024-01-02T09:00${ESC}"
refuse "epb: error: received: time '2024-02-01T09:00+25:00': zone offset '+25:00' is impossible (from -12:00 to +14:00, minutes 00 to 59)" \
  "${OPEN[@]}" --subject x --name 王小明 --received "2024-02-01T09:00+25:00"
refuse "epb: error: received: time '2024-02-01T09:00+08:60': zone offset '+08:60' is impossible*" \
  "${OPEN[@]}" --subject x --name 王小明 --received "2024-02-01T09:00+08:60"
refuse "epb: error: received: time '2024-02-01T09:00-13:00': zone offset '-13:00' is impossible*" \
  "${OPEN[@]}" --subject x --name 王小明 --received "2024-02-01T09:00-13:00"

# --- the lifecycle verbs ---------------------------------------------------------------------
refuse "epb: error: TEXT: control character U+001B not allowed" case note "$REF" "note ${ESC}]0;owned${BEL}"
refuse "epb: error: TEXT: bidi control U+202E not allowed" case note "$REF" "a${RLO}b"
refuse "epb: error: TEXT: invalid UTF-8 at byte 5" case note "$REF" "$BAD"
refuse "epb: error: TEXT: longer than 4000 characters (4001)" case note "$REF" "$(long 字 4001)"
refuse "epb: error: --note: control character U+001B not allowed" case move "$REF" processing --note "x${ESC}"
refuse "epb: error: STATE: control character U+001B not allowed" case move "$REF" "processing${ESC}"
refuse "epb: error: --note: control character U+0007 not allowed" case pause "$REF" --note "x${BEL}"
refuse "epb: error: --reason: control character U+001B not allowed" case extend "$REF" --days 2 --reason "x${ESC}"
refuse "epb: error: --to: control character U+001B not allowed" case assign "$REF" --to "clerk${ESC}"
refuse "epb: error: --to: control character U+000A not allowed (a single-line value)" case assign "$REF" --to $'a\nb'
refuse "epb: error: --to: bidi control U+2066 not allowed" case assign "$REF" --to "a${LRI}"
refuse "epb: error: --outcome: control character U+001B not allowed" case close "$REF" --outcome "done${ESC}"
refuse "epb: error: --outcome: bidi control U+202E not allowed" case close "$REF" --outcome "done${RLO}"
refuse "epb: error: --reason: control character U+0001 not allowed" case reopen "$REF" --reason "x${SOH}"
refuse "epb: error: REF: control character U+001B not allowed" case show "PET-113-${ESC}[2J"
refuse "epb: error: REF: control character U+001B not allowed" case history "PET-113-${ESC}"
refuse "epb: error: --assignee: control character U+001B not allowed" case list --assignee "a${ESC}"
refuse "epb: error: --reason: control character U+001B not allowed" calendar close 2024-03-04 --reason "颱風${ESC}"
refuse "epb: error: --reason: bidi control U+202E not allowed" calendar close 2024-03-04 --reason "颱風${RLO}"
refuse "epb: error: --actor / EPB_ACTOR: control character U+001B not allowed" \
  --actor "clerk${ESC}" case note "$REF" hello
EPB_ACTOR="clerk${RLO}" refuse "epb: error: --actor / EPB_ACTOR: bidi control U+202E not allowed" case note "$REF" hello
run case note "$REF" $'a note\nwith two lines'
expect_rc 0

# --- CSV, TSV and JSON-lines imports, per field ----------------------------------------------
csv() { printf 'service,channel,name,subject,address,source_id\n%s\n' "$1" >t.csv; }
csv "petition,web,王${ESC}[31m,路燈,,S1"
refuse "epb: error: t.csv:2: name: control character U+001B not allowed*" case import t.csv
csv "petition,web,王小明,路燈${BEL},,S1"
refuse "epb: error: t.csv:2: subject: control character U+0007 not allowed*" case import t.csv
csv "petition,web,王${SOH},路燈,,S1"
refuse "epb: error: t.csv:2: name: control character U+0001 not allowed*" case import t.csv
csv "petition,web,王小明,路燈,高雄${RLO}市,S1"
refuse "epb: error: t.csv:2: address: bidi control U+202E not allowed*" case import t.csv
csv "petition,web,王小明,路燈,,S1${ESC}"
refuse "epb: error: t.csv:2: source_id: control character U+001B not allowed*" case import t.csv
csv "petition,web,$(long 王 101),路燈,,S1"
refuse "epb: error: t.csv:2: name: longer than 100 characters (101)*" case import t.csv
csv "petition,web,王小明,\"two
lines\",,S1"
refuse "epb: error: t.csv:2: subject: control character U+000A not allowed (a single-line value)*" case import t.csv
printf 'service,channel,name,subject\npetition,web,王\0小明,路燈\n' >t.csv
refuse "epb: error: t.csv:2: name: NUL byte (U+0000) not allowed at byte 4*" case import t.csv
printf 'service,channel,name,subject\npetition,web,王小明,x\xed\xa0\x80\n' >t.csv
refuse "epb: error: t.csv:2: *" case import t.csv --encoding utf8
printf 'service,channel,name,subject\npetition,web,王小明,x\xff\n' >t.csv
refuse "epb: error: t.csv:2: not valid UTF-8*" case import t.csv --encoding utf8
printf 'service,channel,name,subject,received\npetition,web,王小明,x,2024-02-01T09:00+25:00\n' >t.csv
refuse "epb: error: t.csv:2: received: time '2024-02-01T09:00+25:00': zone offset '+25:00' is impossible*" case import t.csv
printf 'service,channel,name,subject,received\npetition,web,王小明,x,2024-02-01T09:00+08:60\n' >t.csv
refuse "epb: error: t.csv:2: received: time '2024-02-01T09:00+08:60': zone offset '+08:60' is impossible*" case import t.csv
printf 'service,channel,name,subject,description\npetition,web,王小明,x,"ok\n\x1b[2J"\n' >t.csv
refuse "epb: error: t.csv:2: description: control character U+001B not allowed*" case import t.csv
printf 'service,channel,name,subject,assignee\npetition,web,王小明,x,a\x07\n' >t.csv
refuse "epb: error: t.csv:2: assignee: control character U+0007 not allowed*" case import t.csv
# Line numbers count physical lines: the bad row starts on line 4.
printf 'service,channel,name,subject,description\npetition,web,王小明,x,"a\nb"\npetition,web,李\x1b,y,\n' >t.csv
refuse "epb: error: t.csv:4: name: control character U+001B not allowed*" case import t.csv

# Column names are quoted by errors: they follow the policy too.
printf 'service,channel,name,subject,no\x1bte\npetition,web,王小明,x,y\n' >t.csv
refuse "epb: error: t.csv:1: column 5: control character U+001B not allowed" case import t.csv
printf 'service,channel,name,sub\xe2\x80\xaeject\npetition,web,王小明,x\n' >t.csv
refuse "epb: error: t.csv:1: column 4: bidi control U+202E not allowed" case import t.csv
# An error that quotes a file name shows its controls escaped.
refuse 'epb: error: no\\x1b\[2Jfile.csv: cannot open: No such file or directory' case import "no${ESC}[2Jfile.csv"

printf 'service\tchannel\tname\tsubject\npetition\tweb\t王\x1b\tx\n' >t.tsv
refuse "epb: error: t.tsv:2: name: control character U+001B not allowed*" case import t.tsv
printf 'service\tchannel\tname\tsubject\npetition\tweb\t王小明\tx\xe2\x80\xae\n' >t.tsv
refuse "epb: error: t.tsv:2: subject: bidi control U+202E not allowed*" case import t.tsv
printf 'service\tchannel\tname\tsubject\npetition\tweb\t王\0\tx\n' >t.tsv
refuse "epb: error: t.tsv:2: name: NUL byte (U+0000) not allowed at byte 4*" case import t.tsv
printf 'service\tchannel\tname\tsubject\npetition\tweb\t王小明\tx\x07\n' >t.tsv
refuse "epb: error: t.tsv:2: subject: control character U+0007 not allowed*" case import t.tsv

jl() { printf '%s\n' "$1" >t.jsonl; }
jl '{"service":"petition","channel":"web","name":"王\u001b[31m","subject":"x"}'
refuse "epb: error: t.jsonl:1: name: control character U+001B not allowed*" case import t.jsonl
jl '{"service":"petition","channel":"web","name":"王小明","subject":"x\u0007"}'
refuse "epb: error: t.jsonl:1: subject: control character U+0007 not allowed*" case import t.jsonl
jl '{"service":"petition","channel":"web","name":"王\u0000明","subject":"x"}'
refuse "epb: error: t.jsonl:1: name: NUL byte (U+0000) not allowed at byte 4*" case import t.jsonl
jl '{"service":"petition","channel":"web","name":"王\u202e明","subject":"x"}'
refuse "epb: error: t.jsonl:1: name: bidi control U+202E not allowed*" case import t.jsonl
jl '{"service":"petition","channel":"web","name":"王\u0001","subject":"x"}'
refuse "epb: error: t.jsonl:1: name: control character U+0001 not allowed*" case import t.jsonl
jl '{"service":"petition","channel":"web","name":"a\nb","subject":"x"}'
refuse "epb: error: t.jsonl:1: name: control character U+000A not allowed (a single-line value)*" case import t.jsonl
jl '{"service":"petition","channel":"web","name":"王\ud800","subject":"x"}'
refuse "epb: error: t.jsonl:1: name: lone surrogate \\\\uD800 at column 50 (not a character)*" case import t.jsonl
jl '{"service":"petition","channel":"web","name":"王\udc00","subject":"x"}'
refuse "epb: error: t.jsonl:1: name: lone surrogate \\\\uDC00 at column 50*" case import t.jsonl
jl '{"service":"petition","channel":"web","name":"王\ud800\u0041","subject":"x"}'
refuse "epb: error: t.jsonl:1: name: lone surrogate \\\\uD800 at column 50*" case import t.jsonl
jl '{"service":"petition","channel":"web","name":"\uDBFFx","subject":"x"}'
refuse "epb: error: t.jsonl:1: name: lone surrogate \\\\uDBFF at column 47*" case import t.jsonl
jl '{"service":"petition","channel":"web","name":"王小明","subject":"x","name":"李"}'
refuse "epb: error: t.jsonl:1: duplicate key 'name'*" case import t.jsonl
printf '%s\n' '{"service":"petition","channel":"web","name":"王小明","subject":"x"}' \
  '{"service":"petition","channel":"web","subject":"y","subject":"y"}' >t.jsonl
refuse "epb: error: t.jsonl:2: duplicate key 'subject'*" case import t.jsonl
jl "{\"service\":\"petition\",\"channel\":\"web\",\"name\":\"王小明\",\"subject\":\"$(long 字 201)\"}"
refuse "epb: error: t.jsonl:1: subject: longer than 200 characters (201)*" case import t.jsonl
jl '{"service":"petition","channel":"web","name":"王小明","subject":"x","na\u001bme":"z"}'
refuse "epb: error: t.jsonl:1: key: control character U+001B not allowed*" case import t.jsonl
jl '{"service":"petition","channel":"web","name":"王小明","subject":"x","received":"2024-02-01T09:00+25:00"}'
refuse "epb: error: t.jsonl:1: received: time '2024-02-01T09:00+25:00': zone offset '+25:00' is impossible*" \
  case import t.jsonl
printf '{"service":"petition","channel":"web","name":"\xed\xa0\x80","subject":"x"}\n' >t.jsonl
refuse "epb: error: t.jsonl:1: *" case import t.jsonl --encoding utf8
# A surrogate pair is one character, and accepted.
jl '{"service":"petition","channel":"web","name":"王\ud83d\ude00","subject":"x","source_id":"J1"}'
run case import t.jsonl
expect_rc 0
expect_sql "select applicant_name from case_file where source_id = 'J1'" "王😀"

# --- config files ----------------------------------------------------------------------------
run config show
printf '%s\n' "$OUT" >good.toml
sed -e '0,/^name = "綜計科"/s//name = "綜計\\u001b科"/' good.toml >bad1.toml
LINE=$(grep -n 'u001b' bad1.toml | cut -d: -f1)
refuse "epb: error: $SCRATCH/bad1.toml:$LINE:8: 'name': control character U+001B not allowed" config check "$SCRATCH/bad1.toml"
sed -e '0,/^name_en = "Comprehensive Planning Division"/s//name_en = "Planning \\u202eDivision"/' good.toml >bad2.toml
LINE=$(grep -n 'u202e' bad2.toml | cut -d: -f1)
refuse "epb: error: $SCRATCH/bad2.toml:$LINE:11: 'name_en': bidi control U+202E not allowed" config check "$SCRATCH/bad2.toml"
# Notice templates: a subject is one line; a body may have several, but no other control.
sed -e '0,/^subject = "【到期提醒】/s//subject = "\\n【到期提醒】/' good.toml >bad3.toml
LINE=$(grep -n '^subject = "\\n' bad3.toml | cut -d: -f1)
refuse "epb: error: $SCRATCH/bad3.toml:$LINE:11: 'subject': control character U+000A not allowed (a single-line value)" \
  config check "$SCRATCH/bad3.toml"
sed -e '0,/^body = """/s//body = """\\u0007/' good.toml >bad4.toml
LINE=$(grep -n '^body = """\\u0007' bad4.toml | cut -d: -f1)
refuse "epb: error: $SCRATCH/bad4.toml:$LINE:8: 'body': control character U+0007 not allowed" config check "$SCRATCH/bad4.toml"
# Column names of [mappings] are matched against a file's header and shown by `config show`:
# a quoted key can spell any control, so they meet the policy too (at the key's position).
mapping_key() { # mapping_key NAME KEY "WHY": a mapping whose column KEY (TOML-escaped) is refused
  { cat good.toml; printf '\n[mappings.evil]\n"%s" = "name"\n' "$2"; } >"$1.toml"
  refuse "epb: error: $SCRATCH/$1.toml:$(wc -l <"$1.toml"):1: a column name of mapping 'evil' ('*'): $3" \
    config check "$SCRATCH/$1.toml"
}
mapping_key map1 '\u001b[31m陳情人' "control character U+001B not allowed"
mapping_key map2 '陳情\u202e人' "bidi control U+202E not allowed"
mapping_key map3 '陳情人\u0000' "NUL byte (U+0000) not allowed at byte 10"
mapping_key map4 '陳情\n人' "control character U+000A not allowed (a single-line value)"
mapping_key map5 '陳情\u0085人' "control character U+0085 not allowed"
mapping_key map6 "$(printf '%0201d' 0)" "longer than 200 characters (201)"
# An invalid config is refused for a command that uses it, too.
refuse "epb: error: $SCRATCH/bad1.toml:$(grep -n 'u001b' bad1.toml | cut -d: -f1):8: 'name': control character U+001B not allowed" \
  --config "$SCRATCH/bad1.toml" case list

# --- calendar files --------------------------------------------------------------------------
printf 'date,kind,name\n2027-01-01,holiday,開國紀念日\x1b[2J\n' >cal.csv
refuse "epb: error: cal.csv:2: name: control character U+001B not allowed" calendar import cal.csv
printf 'date,kind,name\n2027-01-01,holiday,開國\xe2\x80\xae紀念日\n' >cal.csv
refuse "epb: error: cal.csv:2: name: bidi control U+202E not allowed" calendar import cal.csv
printf 'date,kind,name\n2027-01-01,holiday,開國\x07\n' >cal.csv
refuse "epb: error: cal.csv:2: name: control character U+0007 not allowed" calendar import cal.csv
printf '西元日期,星期,是否放假,備註\n20270101,五,2,開國紀念日\x01\n' >gov.csv
refuse "epb: error: gov.csv:2: 備註: control character U+0001 not allowed" calendar import gov.csv

# --- global options: checked before any command opens anything or prints ---------------------
refuse "epb: error: --as-of / EPB_NOW: *" --as-of garbage case list
refuse "epb: error: --as-of / EPB_NOW: *" --as-of garbage case show "$REF"
refuse "epb: error: --as-of / EPB_NOW: *" --as-of garbage case export
refuse "epb: error: --as-of / EPB_NOW: *" --as-of garbage config show
refuse "epb: error: --as-of / EPB_NOW: *" --as-of garbage db check
refuse "epb: error: --as-of / EPB_NOW: *" --as-of garbage calendar show 2024
refuse "epb: error: --as-of / EPB_NOW: *" --as-of garbage notify list
refuse "epb: error: --as-of / EPB_NOW: *" --as-of garbage case import t.csv
EPB_NOW=garbage refuse "epb: error: --as-of / EPB_NOW: *" case list --format json
EPB_NOW=garbage refuse "epb: error: --as-of / EPB_NOW: *" case history "$REF"
refuse "epb: error: --as-of / EPB_NOW: time '2024-03-01T09:00+25:00': zone offset '+25:00' is impossible*" \
  --as-of 2024-03-01T09:00+25:00 case overdue
refuse "epb: error: --as-of / EPB_NOW: time '2024-03-01T09:00+08:60': zone offset '+08:60' is impossible*" \
  --as-of 2024-03-01T09:00+08:60 case list
refuse "epb: error: --as-of / EPB_NOW: *" case list --as-of garbage # after the command words too
refuse "epb: error: --config $SCRATCH/nosuch.toml: no such file" --config "$SCRATCH/nosuch.toml" db check
EPB_CONFIG="$SCRATCH/nosuch.toml" refuse "epb: error: EPB_CONFIG $SCRATCH/nosuch.toml: no such file" case history "$REF"
# An empty file name is no file: not the default ledger, not the searched configuration.
refuse "epb: error: --ledger: an empty file name" --ledger "" case list
XDG_DATA_HOME="$SCRATCH/elsewhere" refuse "epb: error: --ledger: an empty file name" --ledger "" init
refuse "epb: error: --ledger: an empty file name" case export --ledger ""
refuse "epb: error: --config: an empty file name" --config "" case list
refuse "epb: error: --config: an empty file name" --config "" config show
CHECKS=$((CHECKS + 1))
[ ! -e "$SCRATCH/elsewhere" ] || fail "an empty --ledger made the default ledger"
# Before the ledger is opened: a missing ledger is not reached (exit 3, not 4), nor created.
refuse "epb: error: --as-of / EPB_NOW: *" --ledger "$SCRATCH/none.sqlite" --as-of garbage case list
refuse "epb: error: --as-of / EPB_NOW: *" --ledger "$SCRATCH/none.sqlite" --as-of garbage init
CHECKS=$((CHECKS + 1))
[ ! -e "$SCRATCH/none.sqlite" ] || fail "a refused init created the ledger"
# --help and --version still answer, whatever the clock says, and touch no ledger.
EPB_NOW=garbage run --ledger "$SCRATCH/none.sqlite" --version
expect_rc 0
expect_out_contains "epb "
EPB_NOW=garbage run --ledger "$SCRATCH/none.sqlite" case list --help
expect_rc 0
CHECKS=$((CHECKS + 1))
[ ! -e "$SCRATCH/none.sqlite" ] || fail "--help created the ledger"

# --- human output escapes what an older ledger holds; csv and json stay exact ----------------
sqlite3 "$LEDGER" "update case_file set subject = 'evil' || char(27) || '[2J' || char(8238) || 'x',
  applicant_name = '王' || char(7) || '明' where ref = '$REF'"
run case show "$REF"
expect_rc 0
expect_out_contains 'subject         evil\x1b[2J<U+202E>x'
CHECKS=$((CHECKS + 1))
[[ "$OUT" != *"$ESC"* && "$OUT" != *"$BEL"* && "$OUT" != *"$RLO"* ]] || fail "case show printed raw controls"
run case list
expect_rc 0
expect_out_contains 'evil\x1b[2J<U+202E>x'
CHECKS=$((CHECKS + 1))
[[ "$OUT" != *"$ESC"* && "$OUT" != *"$RLO"* ]] || fail "case list printed raw controls"
run case list --format json
expect_rc 0
expect_out_contains '"subject":"evil\u001b[2J'"$RLO"'x"'
run case show "$REF" --format csv
expect_rc 0
expect_out_contains "evil${ESC}[2J${RLO}x"
run case history "$REF"
expect_rc 0
CHECKS=$((CHECKS + 1))
[[ "$OUT" != *"$ESC"* ]] || fail "case history printed raw controls"
# Bytes that are not UTF-8 still make valid JSON (U+FFFD) and show as \xNN in tables.
sqlite3 "$LEDGER" "update case_file set subject = 'bad' || cast(x'ff' as text) where ref = '$REF'"
run case list --format json
expect_out_contains '"subject":"bad\ufffd"'
run case list
expect_out_contains 'bad\xff'

# An unknown command word is quoted back: its controls escaped, not sent to the terminal.
run "frob${ESC}[2J"
expect_rc 2
expect_err_like 'epb: error: unknown command '\''frob\\x1b\[2J'\'' (commands: *)*'
run case "lsit${RLO}"
expect_rc 2
expect_err_like "epb: error: unknown command 'case lsit<U+202E>' (*"
CHECKS=$((CHECKS + 1))
[[ "$ERR" != *"$RLO"* ]] || fail "an unknown command was echoed raw"

finish
