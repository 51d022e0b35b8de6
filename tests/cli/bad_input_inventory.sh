#!/usr/bin/env bash
# The suite must hold at least 200 distinct bad-input cases (issue #9): each a `refuse` line
# (tests/cli/lib.sh) or a script's own `refused` wrapper around it, checking the exit code, the
# `epb: error:` line with FILE:LINE or the option and field, and an unchanged ledger dump.
# Counts the call sites and fails below the floor; prints the count per script.
set -uo pipefail
: "${EPB_SOURCE_DIR:?EPB_SOURCE_DIR must point at the source tree}"
floor=200
total=0
for script in "$EPB_SOURCE_DIR"/tests/cli/test_*.sh; do
  count=$(grep -cE '^[[:space:]]*(refuse|refused)[[:space:]]' "$script")
  [ "$count" -gt 0 ] && printf '%5d %s\n' "$count" "$(basename "$script")"
  total=$((total + count))
done
printf '%5d bad-input cases in all (at least %d wanted)\n' "$total" "$floor"
if [ "$total" -lt "$floor" ]; then
  echo "0 passed, 1 failed"
  exit 1
fi
echo "1 passed, 0 failed"
