#!/usr/bin/env bash
# The suite must hold at least 400 distinct bad-input cases (issues #9 and #14), at least 20 in
# each family (case, notify, calendar, subsidy, fee, survey, report: the scripts named
# test_FAMILY*.sh): each a `refuse` line (tests/cli/lib.sh) or a script's own `refused` wrapper
# around it, checking the exit code, the `epb: error:` line with FILE:LINE or the option and
# field, and an unchanged ledger dump. Counts the call sites and fails below either floor;
# prints the count per script and per family.
set -uo pipefail
: "${EPB_SOURCE_DIR:?EPB_SOURCE_DIR must point at the source tree}"
floor=400
family_floor=20
total=0
for script in "$EPB_SOURCE_DIR"/tests/cli/test_*.sh; do
  count=$(grep -cE '^[[:space:]]*(refuse|refused)[[:space:]]' "$script")
  [ "$count" -gt 0 ] && printf '%5d %s\n' "$count" "$(basename "$script")"
  total=$((total + count))
done
printf '%5d bad-input cases in all (at least %d wanted)\n' "$total" "$floor"
short=0
for family in case notify calendar subsidy fee survey report; do
  count=0
  for script in "$EPB_SOURCE_DIR"/tests/cli/test_"$family"*.sh; do
    count=$((count + $(grep -cE '^[[:space:]]*(refuse|refused)[[:space:]]' "$script")))
  done
  printf '%5d in family %s (at least %d wanted)\n' "$count" "$family" "$family_floor"
  [ "$count" -ge "$family_floor" ] || short=1
done
if [ "$total" -lt "$floor" ] || [ "$short" = 1 ]; then
  echo "0 passed, 1 failed"
  exit 1
fi
echo "1 passed, 0 failed"
