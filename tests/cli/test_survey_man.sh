#!/usr/bin/env bash
# epb-survey(1) keeps up with `epb survey --help`: every verb is in its synopsis, and every
# option of every verb is named in the page; epb(1) lists the family.
source "$(dirname "$0")/lib.sh"

PAGE="$EPB_SOURCE_DIR/man/epb-survey.1.scd"
run survey --help
expect_rc 0
VERBS=$(sed -n '/^Subcommands:/,$p' <<<"$OUT" | awk '/^  [a-z]/ {print $1}')
CHECKS=$((CHECKS + 1))
[ "$(wc -w <<<"$VERBS")" -eq 10 ] || fail "expected 10 survey verbs" "$VERBS"
for verb in $VERBS; do
  CHECKS=$((CHECKS + 1))
  grep -q "^\*epb survey $verb[* ]" "$PAGE" || fail "epb-survey(1) lacks 'epb survey $verb' in its synopsis"
  run survey "$verb" --help
  expect_rc 0
  for option in $(grep -oE '^  +--[a-z-]+' <<<"$OUT" | tr -d ' ' | grep -v -- '--help'); do
    CHECKS=$((CHECKS + 1))
    grep -q -- "\*$option\*\|$option " "$PAGE" || fail "epb-survey(1) does not name $option of 'epb survey $verb'"
  done
done
CHECKS=$((CHECKS + 1))
grep -q '^\*survey\* ' "$EPB_SOURCE_DIR/man/epb.1.scd" || fail "epb(1) does not list survey"
CHECKS=$((CHECKS + 1))
grep -q 'epb-survey\*(1)' "$EPB_SOURCE_DIR/man/epb.toml.5.scd" || fail "epb.toml(5) does not point to epb-survey(1)"
# No line of the page starts with '-' (scdoc would read a list).
CHECKS=$((CHECKS + 1))
! grep -n '^-' "$PAGE" || fail "a line of epb-survey(1) starts with -"

finish
