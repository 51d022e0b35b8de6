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
expect_err "epb: error: a command is required (commands: init, demo, config, case, notify, subsidy, fee, survey, report, calendar, db)
Run with --help for more information."
run -q case
expect_rc 2
expect_err_like "epb: error: 'epb case' needs a command (commands: open, show, list, *)*"

# An unknown command is named, with the likely one when it is close; so is an unknown verb.
COMMANDS="init, demo, config, case, notify, subsidy, fee, survey, report, calendar, db"
run frobnicate
expect_rc 2
expect_err "epb: error: unknown command 'frobnicate' (commands: $COMMANDS)
Run with --help for more information."
run --format csv cas list
expect_rc 2
expect_err "epb: error: unknown command 'cas' (did you mean 'case'? commands: $COMMANDS)
Run with --help for more information."
run case frob
expect_rc 2
expect_err_like "epb: error: unknown command 'case frob' (commands: open, show, list, export, *)*"
run --ledger x.sqlite case lsit --status closed
expect_rc 2
expect_err_like "epb: error: unknown command 'case lsit' (did you mean 'list'? commands: *)*"
run notify rn
expect_rc 2
expect_err_like "epb: error: unknown command 'notify rn' (did you mean 'run'? commands: run, list, show, retry)*"
run calendar --as-of 2024-01-01 shwo 2024
expect_rc 2
expect_err_like "epb: error: unknown command 'calendar shwo' (did you mean 'show'? *)*"
run db chek
expect_rc 2
expect_err_like "epb: error: unknown command 'db chek' (did you mean 'check'? *)*"
# A known verb with a wrong argument is not an unknown command.
run case show
expect_rc 2
expect_err_contains "REF is required"

# Bad values of global options are invalid input, named.
refuse "epb: error: --format: unknown value 'xml' (one of: table, csv, tsv, json, jsonl, markdown, html, ods)" \
  --format xml calendar due --from 2023-01-19 --rule "3 workdays"
refuse "epb: error: --format: unknown value 'jsnl', did you mean 'jsonl'? (one of: *)" --format jsnl case list
refuse "epb: error: --lang: unknown value 'fr' (one of: zh-TW, en)" --lang fr calendar show 2024
refuse "epb: error: --date-style: unknown value 'minguo' (one of: iso, roc)" --date-style minguo calendar show 2024
refuse "epb: error: YEAR: must be from 1900 to 2200" calendar show 1800
refuse "epb: error: YEAR: 'next' is not a whole number" calendar show next

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
# The config first: it says how long to wait for the ledger ([ledger] busy_timeout).
expect_err "epb: config built-in (built-in default)
epb: ledger $XDG_DATA_HOME/epb/ledger.sqlite (schema version $(sqlite3 "$XDG_DATA_HOME/epb/ledger.sqlite" 'PRAGMA user_version'))"

finish
