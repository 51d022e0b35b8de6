#!/usr/bin/env bash
# Personal data and the audit trail: --reveal-pii records before it shows (or shows nothing),
# events carry the real time, desk verbs refuse a clock in the past, masked phones show no digit
# of the lookup factor, and failed lookups lock a reference with one answer for every failure.
source "$(dirname "$0")/lib.sh"

LEDGER="$SCRATCH/ledger.sqlite"
export EPB_LEDGER=$LEDGER
cd "$SCRATCH" || exit 1
at() { # at WHEN ARGS...: runs epb with the clock at WHEN.
  local when=$1
  shift
  EPB_NOW="$when" run "$@"
}
q() { sqlite3 "$LEDGER" "$1"; }
reveals() { q "select count(*) from event where action = 'reveal-pii'"; }

run init -q
P=PET-113-000001
at "2024-03-04 09:00" case open --service petition --channel web --name 王小明 --id-number A123456789 \
  --phone 0912345678 --email ming@example.com --subject 工地夜間施工噪音
expect_out "$P"
# A second case, paused, and a third, closed: every desk verb has a case to refuse.
at "2024-03-04 10:00" case open --service petition --channel phone --name 張三豐 --phone 07-3351234 --subject 路燈
W=PET-113-000002
at "2024-03-05 09:00" case move $W assigned
at "2024-03-05 09:10" case move $W processing
at "2024-03-05 09:20" case pause $W --note 補件
expect_rc 0
at "2024-03-04 11:00" case open --service petition --channel web --name 李四 --subject 公園
C=PET-113-000003
at "2024-03-06 09:00" case close $C --outcome 已函復
expect_rc 0

# --- 2.3 masks: no output shows a digit of the last four ---------------------------------------
at "2024-03-07 09:00" case list --format csv
expect_out_contains ",0912******,"
expect_out_contains ",07-*******,"
[[ "$OUT" == *5678* || "$OUT" == *1234* ]] && fail "a masked list shows the lookup factor" "$OUT"
at "2024-03-07 09:00" case show $P
expect_out_contains "phone           0912******"

# --- 2.1 reveal: recorded before the first unmasked byte, or nothing shown ----------------------
EPB_NOW=garbage refuse "epb: error: --as-of / EPB_NOW: *" case list --reveal-pii
EPB_NOW=garbage refuse "epb: error: --as-of / EPB_NOW: *" case export --reveal-pii
EPB_NOW=garbage refuse "epb: error: --as-of / EPB_NOW: *" case show $P --reveal-pii
EPB_NOW=garbage refuse "epb: error: --as-of / EPB_NOW: *" case overdue --reveal-pii
refuse "epb: error: --as-of / EPB_NOW: *" case export --reveal-pii --as-of 2024-13-01
refuse "epb: error: --as-of / EPB_NOW: *" case list --reveal-pii --format json --as-of "2024-02-30 09:00"
refuse "epb: error: --as-of / EPB_NOW: *" case show $P --reveal-pii --format csv --as-of "2024-03-07 25:00"
refuse "epb: error: --as-of / EPB_NOW: *" case overdue --reveal-pii --format csv --as-of 113/13/01
check_none() { CHECKS=$((CHECKS + 1)); [ "$(reveals)" = 0 ] || fail "a reveal-pii event was recorded: $1"; }
check_none "bad clocks"

# While another process holds the ledger's write lock past the (short) wait: nothing shown.
hold_ledger "$LEDGER"
for args in "case list --reveal-pii" "case export --reveal-pii --format jsonl" "case show $P --reveal-pii" \
  "case overdue --reveal-pii"; do
  # shellcheck disable=SC2086
  EPB_BUSY_TIMEOUT=1s at "2024-03-20 09:00" $args
  expect_rc 1
  expect_out ""
  expect_err_like "epb: error: ledger: another epb command held the ledger for more than 1 s*"
done
release_ledger
check_none "a held ledger"
# Free again: the events come first, then the data in full.
at "2024-03-07 09:00" case export --reveal-pii
expect_rc 0
expect_out_contains "0912345678"
expect_sql "select count(*) from event where action = 'reveal-pii' and command = 'case export'" "3"

# --- 2.2 events carry the real time of their write ---------------------------------------------
at "2024-03-07 09:00" case history $P --format csv
OUT=${OUT//$'\r'/}
expect_out_contains "at,actor,command,action,detail,recorded_at"
CHECKS=$((CHECKS + 1))
printf '%s\n' "$OUT" | sed -n 2p | grep -Eq ',20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z$' ||
  fail "no recorded_at on the open event" "$OUT"
expect_sql "select count(*) from event where recorded_at is null" "0"
expect_sql "select at from event_iso where subject = 'case:$P' and action = 'open'" "2024-03-04T01:00:00Z"
at "2024-03-07 09:00" case history $P --format json
expect_out_contains '"recorded_at":"20'

# --- 2.2 desk verbs refuse a clock earlier than the receipt or the latest change ---------------
RECEIPT="its receipt (2024-03-04T09:00:00+08:00)"
refuse "epb: error: case $P: the clock (2019-01-01T09:00:00+08:00) is earlier than $RECEIPT; *" \
  case close $P --outcome 已函復 --as-of "2019-01-01 09:00"
refuse "epb: error: case $P: the clock (2024-03-04T08:59:00+08:00) is earlier than $RECEIPT; *" \
  case move $P assigned --as-of "2024-03-04 08:59"
refuse "epb: error: case $P: the clock * is earlier than $RECEIPT; *" case pause $P --note x --as-of 2024-03-01
refuse "epb: error: case $P: the clock * is earlier than $RECEIPT; *" case extend $P --days 1 --reason x --as-of 2024-03-03
refuse "epb: error: case $P: the clock * is earlier than $RECEIPT; *" case assign $P --to 張科員 --as-of 2023-12-31
refuse "epb: error: case $P: the clock * is earlier than $RECEIPT; *" case note $P 電話聯繫 --as-of 2020-01-01
refuse "epb: error: case $P: the clock * is earlier than $RECEIPT; *" case close $P --outcome x --state rejected --as-of 2024-03-04
LAST="its last change (2024-03-05T09:20:00+08:00)"
refuse "epb: error: case $W: the clock (2024-03-05T09:19:00+08:00) is earlier than $LAST; *" \
  case resume $W --as-of "2024-03-05 09:19"
refuse "epb: error: case $W: the clock * is earlier than $LAST; *" case close $W --outcome x --as-of "2024-03-05 09:00"
refuse "epb: error: case $W: the clock * is earlier than $LAST; *" case note $W 補件中 --as-of "2024-03-05 09:10"
refuse "epb: error: case $W: the clock * is earlier than $LAST; *" case assign $W --to 張科員 --as-of "2024-03-04 12:00"
refuse "epb: error: case $W: the clock * is earlier than $LAST; *" case extend $W --days 2 --reason 會勘 --as-of 2024-03-05
refuse "epb: error: case $C: the clock * is earlier than its last change (2024-03-06T09:00:00+08:00); *" \
  case reopen $C --reason 不服 --as-of "2024-03-05 17:00"
EPB_NOW="2024-03-06 08:59" refuse "epb: error: case $C: the clock (2024-03-06T08:59:00+08:00) is earlier than *" \
  case reopen $C --reason 不服
# An import's --on-duplicate update changes a case as a desk verb does: the same rule, per row.
printf '%s\n' 'ref,service,channel,name,phone,subject' "$W,petition,phone,張三豐,07-3351234,路燈不亮" >upd.csv
refuse "epb: error: upd.csv:2: case $W: the clock (2024-03-05T09:00:00+08:00) is earlier than $LAST; *" \
  case import upd.csv --on-duplicate update --as-of "2024-03-05 09:00"
refuse "epb: error: upd.csv:2: case $W: the clock * is earlier than $LAST; *" \
  case import upd.csv --on-duplicate update --dry-run --as-of 2019-01-01
# ROC spelling of the clock, same refusal.
refuse "epb: error: case $P: the clock (2024-03-01T00:00:00+08:00) is earlier than $RECEIPT; *" \
  case move $P assigned --as-of 113/03/01
# Bad clocks on desk verbs are refused before anything is looked at.
refuse "epb: error: --as-of / EPB_NOW: *" case move $P assigned --as-of yesterday
refuse "epb: error: --as-of / EPB_NOW: *" case note $P x --as-of "2024-03-07 09:60"
# At the same instant as the latest change, and later, the verbs work.
at "2024-03-05 09:20" case note $W 補件中
expect_rc 0
at "2024-03-07 09:00" case close $P --outcome 已函復
expect_rc 0

# --- 2.3 the lookup: failures recorded without the digits; five lock the reference -----------
at "2024-03-08 09:00" case lookup $W --phone-last4 1234
expect_rc 0
answer() { at "$1" case lookup "$2" --phone-last4 "$3"; printf '%s\n%s\n%s' "$OUT" "$ERR" "$RC"; }
WRONG=$(answer "2024-03-08 09:01" $W 0000)
UNKNOWN=$(answer "2024-03-08 09:01" PET-113-999999 1234)
CHECKS=$((CHECKS + 1))
[ "$WRONG" = "$UNKNOWN" ] || fail "a wrong factor and an unknown reference answer differently"
CHECKS=$((CHECKS + 1))
[ "$WRONG" = $'\nepb: error: case: no case matches this reference and phone number\n4' ] || fail "not found: $WRONG"
expect_sql "select count(*) from event where action = 'lookup-failed' and subject = 'case:$W'" "1"
expect_sql "select count(*) from event where action = 'lookup-failed' and detail like '%0000%'" "0"
for guess in 0001 0002 0003 0004; do answer "2024-03-08 10:00" $W $guess >/dev/null; done
LOCKED=$(answer "2024-03-08 10:01" $W 1234)
CHECKS=$((CHECKS + 1))
[ "$LOCKED" = "$WRONG" ] || fail "a locked reference answers differently" "$LOCKED"
# The lock holds on the machine's clock as well as on the run's: moving --as-of past the
# cooling-off does not lift it (the unit tests show it lifting when the machine's clock moves).
LATER=$(answer "2024-03-09 10:02" $W 1234)
CHECKS=$((CHECKS + 1))
[ "$LATER" = "$WRONG" ] || fail "a later --as-of lifted the lock" "$LATER"
# Malformed factors are invalid input (exit 3) and record nothing.
refuse "epb: error: --phone-last4: expected the last 4 digits of the phone number given at intake" \
  case lookup $W --phone-last4 123
refuse "epb: error: --phone-last4: expected *" case lookup $W --phone-last4 12345
refuse "epb: error: --phone-last4: expected *" case lookup $W --phone-last4 12a4
refuse "epb: error: --phone-last4: expected *" case lookup $W --phone-last4 "12 34"
refuse "epb: error: --phone-last4: expected *" case lookup $W --phone-last4 -123
refuse "epb: error: --phone-last4: expected *" case lookup $W --phone-last4 +123
refuse "epb: error: --phone-last4: expected *" case lookup $W --phone-last4 １２３４
refuse "epb: error: --phone-last4: expected *" case lookup $W --phone-last4 ""
refuse "epb: error: --phone-last4: expected *" case lookup $W --phone-last4 "0x12"
refuse "epb: error: --as-of / EPB_NOW: *" case lookup $W --phone-last4 1234 --as-of never

# A configured lockout: two failures within an hour lock for ten minutes.
"$EPB_BIN" config show | sed -e 's/^max_failures = 5/max_failures = 2/' -e 's/^window = "1d"/window = "1h"/' \
  -e 's/^cooling_off = "1d"/cooling_off = "10m"/' >"$SCRATCH/lookup.toml"
L2=(--config "$SCRATCH/lookup.toml")
answer "2024-03-10 09:00" $P 0000 >/dev/null
answer "2024-03-10 09:30" $P 0000 >/dev/null
at "2024-03-10 09:31" "${L2[@]}" case lookup $P --phone-last4 5678
expect_rc 4
at "2024-03-10 09:45" "${L2[@]}" case lookup $P --phone-last4 5678
expect_rc 4 # past the ten minutes on the run's clock, not on the machine's

# A read-only ledger: the lookup cannot record failures, so it does not answer at all, and
# --reveal-pii cannot record the reveal, so it reveals nothing. Root writes any file, so as root
# epb runs without the capabilities that override file modes (setpriv, util-linux). The
# directory stays writable: SQLite needs to create the -shm file beside a WAL ledger.
as_reader=()
[ "$(id -u)" = 0 ] && as_reader=(setpriv --bounding-set=-dac_override,-dac_read_search)
if [ "$(id -u)" != 0 ] || command -v setpriv >/dev/null; then
  chmod a-w "$LEDGER"
  before=$(ledger_dump)
  OUT=$("${as_reader[@]}" "$EPB_BIN" --as-of "2024-03-11 09:00" case lookup $P --phone-last4 5678 2>"$SCRATCH/stderr")
  RC=$? ERR=$(cat "$SCRATCH/stderr")
  expect_rc 1
  expect_out ""
  expect_err_like "epb: error: ledger *: read-only; the progress lookup records failed attempts*"
  OUT=$("${as_reader[@]}" "$EPB_BIN" --as-of "2024-03-11 09:00" case show $P --reveal-pii 2>"$SCRATCH/stderr")
  RC=$? ERR=$(cat "$SCRATCH/stderr")
  expect_rc 1
  expect_out ""
  expect_err_like "epb: error: ledger *: read-only; showing personal data in full must be recorded first"
  # A writer says what to fix, not which statement SQLite was running.
  OUT=$("${as_reader[@]}" "$EPB_BIN" --as-of "2024-03-11 09:00" case note $P "補件" 2>"$SCRATCH/stderr")
  RC=$? ERR=$(cat "$SCRATCH/stderr")
  expect_rc 1
  expect_err_like "epb: error: ledger *: cannot be written (check the modes of the file and of its directory, *"
  CHECKS=$((CHECKS + 1))
  [ "$(ledger_dump)" = "$before" ] || fail "a read-only ledger changed"
  chmod u+w "$LEDGER"
fi

# --- one privacy layer: every view masks by default; each reveal is one event per case -------
reveals_by() { q "select count(*) from event where action = 'reveal-pii' and command = '$1'"; }
for view in "case export" "case list --format csv" "case show $P --format csv" "case show $P"; do
  # shellcheck disable=SC2086
  at "2024-03-21 09:00" $view
  expect_rc 0
  for full in 王小明 A123456789 0912345678 ming@example.com; do
    [[ "$OUT" == *"$full"* ]] && fail "'$view' shows $full unmasked" "$OUT"
  done
  expect_out_contains "王O明"
  expect_out_contains "A12****789"
  expect_out_contains "m***@example.com"
done
BEFORE_SHOW=$(reveals_by "case show")
at "2024-03-21 09:00" case show $P --reveal-pii --format csv
expect_out_contains ",王小明,A123456789,"
expect_sql "select count(*) - $BEFORE_SHOW from event where action = 'reveal-pii' and command = 'case show'" "1"
expect_sql "select subject from event where action = 'reveal-pii' and command = 'case show' order by id desc limit 1" \
  "case:$P"
BEFORE_LIST=$(reveals_by "case list")
at "2024-03-21 09:00" case list --reveal-pii --format csv
expect_out_contains ",0912345678,"
expect_sql "select count(*) - $BEFORE_LIST from event where action = 'reveal-pii' and command = 'case list'" "3"

# Notices: an applicant's contact and name masked in list and show, revealed with one event.
notify_world "$SCRATCH/notices"
nat() { local when=$1; shift; EPB_NOW="$when" run -q "${E[@]}" "$@"; }
nat "2024-03-04 10:00" init
nat "2024-03-04 10:00" case open --service petition --channel web --subject 路燈不亮 --name 王小明 \
  --phone 0912345678 --email ming@example.com
nat "2024-03-04 10:00" case open --service petition --channel phone --subject 路面坑洞 --name 李大同 --phone 0911222333
nat "2024-03-08 09:00" notify run
expect_rc 0
nat "2024-03-08 10:00" notify list --format csv
expect_out_contains ",m***@example.com,"
expect_out_contains ",0911******,"
[[ "$OUT" == *ming@* || "$OUT" == *0911222333* ]] && fail "notify list shows a contact unmasked" "$OUT"
N=$(sqlite3 "$L" "select id from notice where recipient = '0911222333'")
nat "2024-03-08 10:00" notify show "$N"
expect_out_contains "recipient   0911******"
expect_out_contains "李O同"
[[ "$OUT" == *李大同* ]] && fail "notify show names the applicant unmasked" "$OUT"
expect_sql "select count(*) from event where action = 'reveal-pii'" "0"
nat "2024-03-08 10:00" notify show "$N" --reveal-pii
expect_out_contains "recipient   0911222333"
expect_out_contains "李大同"
expect_sql "select count(*) from event where action = 'reveal-pii' and command = 'notify show'" "1"
expect_sql "select subject from event where action = 'reveal-pii'" "case:PET-113-000002"
nat "2024-03-08 10:00" notify list --reveal-pii --format csv
expect_out_contains ",ming@example.com,"
# One event per case with an applicant's notice, however many notices it has.
expect_sql "select count(*) from event where action = 'reveal-pii' and command = 'notify list'" "2"
LEDGER=$L
EPB_NOW=garbage refuse "epb: error: --as-of / EPB_NOW: *" "${E[@]}" notify list --reveal-pii
EPB_NOW=garbage refuse "epb: error: --as-of / EPB_NOW: *" "${E[@]}" notify show "$N" --reveal-pii
LEDGER="$SCRATCH/ledger.sqlite"

# --- config: [ledger] and [lookup] are checked like every key; EPB_BUSY_TIMEOUT too -----------
"$EPB_BIN" config show >"$SCRATCH/base.toml"
bad_config() { # bad_config SED GLOB: the base config edited by SED is refused with GLOB.
  sed -e "$1" "$SCRATCH/base.toml" >"$SCRATCH/bad.toml"
  refuse "epb: error: $SCRATCH/bad.toml:*: $2" config check "$SCRATCH/bad.toml"
}
bad_config 's/^busy_timeout = .*/busy_timeout = "5"/' "bad busy_timeout in \[ledger\]: '5' has no unit*"
bad_config 's/^busy_timeout = .*/busy_timeout = "soon"/' "bad busy_timeout in \[ledger\]: *"
bad_config 's/^busy_timeout = .*/busy_timeout = "-1m"/' "bad busy_timeout in \[ledger\]: *"
bad_config 's/^busy_timeout = .*/busy_timeout = "1.5m"/' "bad busy_timeout in \[ledger\]: *"
bad_config 's/^busy_timeout = .*/busy_timeout = "2d"/' "busy_timeout '2d' in \[ledger\] must be from 0s to 1d"
bad_config 's/^busy_timeout = .*/busy_timeout = 300/' "*busy_timeout* must be a string*"
bad_config 's/^busy_timeout = .*/busy_timout = "5m"/' "unknown key 'busy_timout' in \[ledger\]*"
bad_config 's/^max_failures = .*/max_failures = 0/' "*max_failures*"
bad_config 's/^max_failures = .*/max_failures = 1001/' "*max_failures*"
bad_config 's/^max_failures = .*/max_failures = "5"/' "*max_failures* must be an integer*"
bad_config 's/^window = "1d"/window = "30s"/' "window '30s' in \[lookup\] must be from 1m to 366d"
bad_config 's/^window = "1d"/window = "400d"/' "bad window in \[lookup\]: '400d' is longer than 366 days*"
bad_config 's/^cooling_off = .*/cooling_off = ""/' "bad cooling_off in \[lookup\]: *"
bad_config 's/^cooling_off = .*/cooling_off = "24 h"/' "bad cooling_off in \[lookup\]: *"
bad_config 's/^cooling_off = .*/cooldown = "1d"/' "unknown key 'cooldown' in \[lookup\]*"
for value in soon 5 -1s 1.5s 400d "5 m"; do
  EPB_BUSY_TIMEOUT=$value refuse "epb: error: EPB_BUSY_TIMEOUT: '$value' *" case list --as-of "2024-03-07 09:00"
done

finish
