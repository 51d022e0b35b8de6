#!/usr/bin/env bash
# Global options, --version/--help, exit codes for usage errors.
source "$(dirname "$0")/lib.sh"

run --version
expect_rc 0
expect_out_contains "epb "

run --help
expect_rc 0
expect_out_contains "calendar"
expect_out_contains "Exit status: 0 ok, 1 failure, 2 usage, 3 invalid input"

# --version and --help never open (or create) the ledger.
run --ledger "$SCRATCH/never.sqlite" --version
expect_rc 0
[ ! -e "$SCRATCH/never.sqlite" ] || fail "--version created the ledger"
run --ledger "$SCRATCH/never.sqlite" calendar --help
[ ! -e "$SCRATCH/never.sqlite" ] || fail "--help created the ledger"

run
expect_rc 2
expect_err_contains "epb: error: A subcommand is required"

run frobnicate
expect_rc 2

run --format xml calendar due --from 2023-01-19 --rule "3 workdays"
expect_rc 2
expect_err_contains "epb: error: --format"

# Global options are accepted before and after the command words alike.
run --format json calendar due --from 2023-01-19 --rule "3 workdays"
expect_rc 0
A=$OUT
run calendar due --from 2023-01-19 --rule "3 workdays" --format json
expect_rc 0
expect_out "$A"
run calendar due --date-style roc --from 2023-01-19 --rule "3 workdays"
expect_out "112/02/01"

# A bad clock is invalid input.
run --as-of "yesterday-ish" calendar show
expect_rc 3
expect_err "epb: error: --as-of / EPB_NOW: date 'yesterday-ish': expected YYYY-MM-DD or an ROC date such as 107/03/31"

# EPB_NOW is the clock: calendar show without a year shows the clock's year.
EPB_NOW=2019-06-01 run calendar show --format csv --lang en
expect_out_contains "2019-06-07,Fri,holiday,端午節"

# -v says which ledger and config a command uses.
run -v init -q
run -v case list --count
expect_out "0"
expect_err "epb: ledger $XDG_DATA_HOME/epb/ledger.sqlite (schema version 5)
epb: config built-in (built-in default)"

finish
