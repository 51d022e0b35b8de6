#!/usr/bin/env bash
# epb notify refuses bad input with exit 3, an `epb: error:` line naming the option (or
# FILE:LINE:COL of the config), and the ledger as it was: its own options and the notify
# section of the config (window, attempts, transports, ladders, templates), each broken once
# in a copy of the built-in config.
source "$(dirname "$0")/lib.sh"

cd "$SCRATCH" || exit 1
export EPB_NOW="2026-03-02 09:00"
LEDGER="$XDG_DATA_HOME/epb/ledger.sqlite"
run init -q
expect_rc 0
# A case with a notice due, so a run that got past the config would write.
run case open -q --service petition --channel web --name 王小明 --email wang@example.com --subject 路燈不亮 \
  --received "2026-02-23 09:00"
expect_rc 0
run config show
expect_rc 0
printf '%s\n' "$OUT" >base.toml

# refused SED-EXPRESSION "STDERR-GLOB": the built-in config with one change, refused by notify run.
refused() {
  sed "$1" base.toml >bad.toml
  CHECKS=$((CHECKS + 1))
  cmp -s base.toml bad.toml && fail "the change '$1' changed nothing"
  refuse "$2" --config bad.toml notify run
}
refused 's/^window = "08:30-17:30"/window = "25:00-17:30"/' "epb: error: bad.toml:*:*: bad window '25:00-17:30' in \[notify\]*"
refused 's/^window = "08:30-17:30"/window = "17:30-08:30"/' "epb: error: bad.toml:*:*: window '17:30-08:30' in \[notify\] must start before it ends"
refused 's/^max_attempts = 5$/max_attempts = 0/' "epb: error: bad.toml:*:*: 'max_attempts' must be from 1 to 20, not 0"
refused 's/^max_attempts = 5$/max_attempts = -1/' "epb: error: bad.toml:*:*: 'max_attempts' must be from 1 to 20, not -1"
refused 's/^retry_minutes = 30$/retry_minutes = "x"/' "epb: error: bad.toml:*:*: 'retry_minutes' must be an integer, not a string"
refused 's/^kind = "sendmail"$/kind = "pigeon"/' "epb: error: bad.toml:*:*: unknown kind 'pigeon' in transport 'mail'*"
refused 's|^command = "/usr/sbin/sendmail -t -i"$|command = ""|' "epb: error: bad.toml:*:*: 'command' must not be empty"
refused 's/trigger = "before_due", workdays = 1, audience = "assignee"/trigger = "someday", workdays = 1, audience = "assignee"/' \
  "epb: error: bad.toml:*:*: unknown trigger 'someday' in level 'reminder' of notify rules 'default'*"
refused '0,/trigger = "before_due", workdays = 1,/s//trigger = "before_due", workdays = -1,/' \
  "epb: error: bad.toml:*:*: 'workdays' must be from 1 to 365, not -1*"
refused '0,/audience = "assignee", transports = \["mail"\], template = "reminder"/s//audience = "mayor", transports = ["mail"], template = "reminder"/' \
  "epb: error: bad.toml:*:*: unknown audience 'mayor' in level 'reminder' of notify rules 'default'*"
refused '0,/transports = \["mail"\], template = "reminder"/s//transports = ["fax"], template = "reminder"/' \
  "epb: error: bad.toml:*:*: unknown transport 'fax' in level 'reminder' of notify rules 'default'*"
refused '0,/transports = \["mail"\], template = "reminder"/s//transports = ["mail"], template = "nope"/' \
  "epb: error: bad.toml:*:*: unknown template 'nope' in level 'reminder' of notify rules 'default'*"
refused '0,/transports = \["mail"\], template = "reminder"/s//transports = [], template = "reminder"/' \
  "epb: error: bad.toml:*:*: 'transports' in level 'reminder' of notify rules 'default' must name at least one transport*"
refused '0,/^subject = "【到期提醒】.*/s//subject = "案件 {nope} 將屆期"/' \
  "epb: error: bad.toml:*:*: unknown placeholder '{nope}' in 'subject' of template 'reminder'*"
refused '0,/^subject = "【到期提醒】.*/s//subject = "案件 {ref 將屆期"/' \
  "epb: error: bad.toml:*:*: unmatched '{' in 'subject' of template 'reminder'*"
refused '0,/^subject = "【到期提醒】.*/s//subject = ""/' "epb: error: bad.toml:*:*: 'subject' must not be empty"
refused 's|^directory = "/var/spool/epb/letters"$|directory = "/var/spool/epb/letters"\ndirectory = ""|' \
  "epb: error: bad.toml:*:*: *cannot redefine existing string 'directory'*"

# The commands' own options.
refuse "epb: error: --as-of / EPB_NOW: date 'garbage': *" notify run --as-of garbage
refuse "epb: error: --as-of / EPB_NOW: date '2026-13-01': no such day" --as-of 2026-13-01 notify run
refuse "epb: error: ID: 'abc' is not a whole number" notify retry abc
refuse "epb: error: ID: must be at least 1" notify retry 0
refuse "epb: error: ID: must be at least 1" notify retry -1
refuse "epb: error: ID: 'abc' is not a whole number" notify show abc
refuse "epb: error: --limit: must be at least 1" notify list --limit 0
refuse "epb: error: --state: unknown value 'bogus'*" notify list --state bogus

# Not found is 4, and writes nothing either.
BEFORE=$(ledger_dump)
run notify retry 99999
expect_rc 4
expect_err "epb: error: notice 99999: not found"
run notify list --ref PET-999-000001
expect_rc 4
CHECKS=$((CHECKS + 1))
[ "$(ledger_dump)" = "$BEFORE" ] || fail "a not-found notify command changed the ledger"
# The good config still runs (what was refused above was the change, not the setup).
run --config base.toml notify run --dry-run
expect_rc 0
finish
