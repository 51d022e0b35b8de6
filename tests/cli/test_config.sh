#!/usr/bin/env bash
# epb config check / show: every problem as FILE:LINE:COL, exit 3; the search order.
source "$(dirname "$0")/lib.sh"

run config check
expect_rc 0
expect_out "ok: built-in default (8 units, 8 channels, 9 services)"

run config show
expect_rc 0
expect_out_contains "# source: built-in (built-in default)"
expect_out_contains '[services.petition]'
expect_out_contains 'deadline = "3 workdays"'
expect_out_contains '[services.petition]
kind = "case"'

# The shown config is itself a valid config that says the same.
printf '%s\n' "$OUT" >"$SCRATCH/shown.toml"
run config check "$SCRATCH/shown.toml"
expect_rc 0

# A typo'd key, an unknown unit, a missing final state, a move to nowhere: all reported.
cat >"$SCRATCH/bad.toml" <<'TOML'
[units.planning]
name = "綜計科"
name_en = "Planning"
[services.petition]
prefix = "PET"
name = "人民陳情"
name_en = "Petition"
unit = "plannin"
deadlne = "3 workdays"
initial = "received"
[services.petition.states.received]
name = "收件"
name_en = "Received"
next = ["gone"]
TOML
run config check "$SCRATCH/bad.toml"
expect_rc 3
expect_err "epb: error: $SCRATCH/bad.toml:8:8: unknown unit 'plannin' in service 'petition' (did you mean 'planning'?)
epb: error: $SCRATCH/bad.toml:9:1: unknown key 'deadlne' in service 'petition' (did you mean 'deadline'?)
epb: error: $SCRATCH/bad.toml:11:1: service 'petition' has no final state
epb: error: $SCRATCH/bad.toml:14:9: state 'received' of service 'petition' moves to undefined state 'gone'"
expect_out ""

# Wrong types and a bad deadline rule.
sed -e 's/deadlne = "3 workdays"/deadline = "3 fortnights"/' -e 's/unit = "plannin"/unit = "planning"\nsurveyed = "yes"/' \
  "$SCRATCH/bad.toml" >"$SCRATCH/bad2.toml"
run config check "$SCRATCH/bad2.toml"
expect_rc 3
expect_err_contains "bad2.toml:9:12: 'surveyed' must be a boolean, not a string"
expect_err_contains "bad2.toml:10:12: bad deadline '3 fortnights' in service 'petition': unknown unit 'fortnights'"

# A TOML syntax error has its line and column.
printf '[units.planning\nname = 1\n' >"$SCRATCH/syntax.toml"
run config check "$SCRATCH/syntax.toml"
expect_rc 3
expect_err_contains "epb: error: $SCRATCH/syntax.toml:1:"

run config check "$SCRATCH/missing.toml"
expect_rc 3
expect_err "epb: error: config $SCRATCH/missing.toml: no such file"

# A broken config stops every command that needs it, and names the problem.
run --config "$SCRATCH/bad.toml" case list
expect_rc 3
expect_err_contains "unknown key 'deadlne'"

# Search order: --config, EPB_CONFIG, $XDG_CONFIG_HOME/epb/epb.toml, built-in.
mkdir -p "$XDG_CONFIG_HOME/epb"
cp "$SCRATCH/shown.toml" "$XDG_CONFIG_HOME/epb/epb.toml"
run config show
expect_out_contains "# source: $XDG_CONFIG_HOME/epb/epb.toml"
EPB_CONFIG="$SCRATCH/shown.toml" run config show
expect_out_contains "# source: $SCRATCH/shown.toml (EPB_CONFIG)"
EPB_CONFIG="$SCRATCH/shown.toml" run --config "$XDG_CONFIG_HOME/epb/epb.toml" config show
expect_out_contains "# source: $XDG_CONFIG_HOME/epb/epb.toml (--config)"

# Mistakes that only show the day they matter are caught by the check, each at FILE:LINE:COL:
# a mapping to a field that does not exist, two columns for one field, a unit head's bad
# e-mail or phone, a service whose cases can never close. Nothing else is opened or written.
C="$SCRATCH/shown.toml"
bad_config() { # bad_config NAME SED-SCRIPT "STDERR-GLOB"
  sed -e "$2" "$C" >"$SCRATCH/$1.toml"
  refuse "epb: error: $SCRATCH/$1.toml:$3" config check "$SCRATCH/$1.toml"
}
bad_config field 's/^"案由" = "subject"/"案由" = "subjet"/' \
  "[0-9]*:[0-9]*: column '案由' of mapping 'hotline1999' maps to unknown field 'subjet' (did you mean 'subject'?)"
bad_config nofield 's/^"案由" = "subject"/"案由" = "title"/' \
  "[0-9]*:[0-9]*: column '案由' of mapping 'hotline1999' maps to unknown field 'title'"
bad_config twice 's/^"陳情內容" = "description"/"陳情內容" = "subject"/' \
  "[0-9]*:[0-9]*: columns '案由' and '陳情內容' of mapping 'hotline1999' both give field 'subject'"
bad_config email 's/planning-head@ksepb.gov.tw/planning-head@/' \
  "7:[0-9]*: bad email 'planning-head@' in the head of unit 'planning': *"
bad_config email2 's/waste-head@ksepb.gov.tw/waste head@ksepb.gov.tw/' \
  "22:[0-9]*: bad email 'waste head@ksepb.gov.tw' in the head of unit 'waste': *"
bad_config phone '7s/phone = "07-7351500"/phone = "7351500x"/' \
  "7:[0-9]*: bad phone '7351500x' in the head of unit 'planning': *"
# A service's kind must be one this version knows, at the value's line and column.
bad_config kind '0,/^kind = "case"$/s//kind = "subsdy"/' \
  "[0-9]*:8: unknown kind 'subsdy' of service 'petition' (known: case, subsidy, fee) (did you mean 'subsidy'?)"
bad_config kind2 '0,/^kind = "case"$/s//kind = "grant"/' \
  "[0-9]*:8: unknown kind 'grant' of service 'petition' (known: case, subsidy, fee)"
bad_config kind3 '0,/^kind = "case"$/s//kind = ["case"]/' "[0-9]*:8: 'kind' must be a string, not an array"
loop_service() { # loop_service NEXT-OF-B: a service whose initial state a moves to b only
  cat "$C"
  printf '\n[services.loop]\nprefix = "LOP"\nname = "迴圈"\nname_en = "Loop"\nunit = "planning"\n'
  printf 'deadline = "3 workdays"\ninitial = "a"\n'
  printf '[services.loop.states.a]\nname = "甲"\nname_en = "A"\nnext = ["b"]\n'
  printf '[services.loop.states.b]\nname = "乙"\nname_en = "B"\n%s\n' "$1"
  printf '[services.loop.states.done]\nname = "完"\nname_en = "Done"\nfinal = true\n'
}
loop_service 'next = ["a"]' >"$SCRATCH/loop.toml"
refuse "epb: error: $SCRATCH/loop.toml:[0-9]*:11: service 'loop' can never close: no final state can be reached from its initial state 'a'" \
  config check "$SCRATCH/loop.toml"
loop_service '' >"$SCRATCH/deadend.toml"
refuse "epb: error: $SCRATCH/deadend.toml:[0-9]*:11: service 'loop' can never close: *" config check "$SCRATCH/deadend.toml"
{ loop_service 'next = ["done"]'; printf '[services.loop.states.c]\nname = "丙"\nname_en = "C"\n'; } \
  | sed 's/^next = \["b"\]$/next = ["b", "c"]/' >"$SCRATCH/stuck.toml"
refuse "epb: error: $SCRATCH/stuck.toml:[0-9]*:1: service 'loop': a case in state 'c' can never close (no final state can be reached from it)" \
  config check "$SCRATCH/stuck.toml"
loop_service 'next = ["done"]' >"$SCRATCH/fine.toml"
run config check "$SCRATCH/fine.toml"
expect_rc 0
# The check's file must be a file.
refuse "epb: error: $SCRATCH: is a directory, not a file" config check "$SCRATCH"
refuse "epb: error: --config $SCRATCH: is a directory, not a file" --config "$SCRATCH" case list

finish
