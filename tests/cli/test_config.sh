#!/usr/bin/env bash
# epb config check / show: every problem as FILE:LINE:COL, exit 3; the search order.
source "$(dirname "$0")/lib.sh"

run config check
expect_rc 0
expect_out "ok: built-in default (8 units, 7 channels, 8 services)"

run config show
expect_rc 0
expect_out_contains "# source: built-in (built-in default)"
expect_out_contains '[services.petition]'
expect_out_contains 'deadline = "3 workdays"'

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

finish
