#!/usr/bin/env bash
# An auditor can re-draw a sample from epb-survey(1) SAMPLING alone: survey_redraw.py, written
# from the specification, draws from the fixture frame exactly the listings that epb's own
# draw_sample() is held to in tests/unit/test_survey_draw.cpp (same fixture, same files).
source "$(dirname "$0")/lib.sh"

here="$EPB_SOURCE_DIR/tests/cli"
frame="$here/fixtures/survey_frame.tsv"

redraw() {
  OUT=$(python3 "$here/survey_redraw.py" "$@" <"$frame" 2>"$SCRATCH/stderr")
  RC=$?
  ERR=$(cat "$SCRATCH/stderr")
}

# The specification's own worked examples.
OUT=$(cd "$here" && python3 -m doctest survey_redraw.py 2>&1)
RC=$?
expect_rc 0
expect_out ""

redraw --seed 42 --method systematic --rate 1/10 --strata unit,district --spares 2
expect_rc 0
expect_out "$(cat "$here/fixtures/survey_redraw_systematic.expected")"

redraw --seed 20181231 --method simple --size 12 --strata unit --min-per-stratum 2 --spares 3
expect_rc 0
expect_out "$(cat "$here/fixtures/survey_redraw_simple.expected")"

redraw --seed 18446744073709551615 --size 5 --spares 4
expect_rc 0
expect_out "$(cat "$here/fixtures/survey_redraw_whole.expected")"

# The rate as a percentage is the same fraction: the same sample.
redraw --seed 42 --rate 10% --strata unit,district --spares 2
expect_rc 0
expect_out "$(cat "$here/fixtures/survey_redraw_systematic.expected")"

redraw --seed 42 --method systematic --rate 1/10 --strata unit,district --spares 2 --table
expect_rc 0
expect_out "$(printf '%s\n' \
  $'unit=air-noise|district=前金區\t20\t2\t2\t2' \
  $'unit=air-noise|district=苓雅區\t9\t1\t1\t2' \
  $'unit=air-noise|district=鼓山區\t1\t1\t1\t0' \
  $'unit=waste|district=鼓山區\t7\t1\t1\t2' \
  $'unit=water|district=前金區\t25\t3\t3\t2')"

# Another seed, another sample; the hash is over the members, so it differs too.
redraw --seed 43 --rate 1/10 --strata unit,district --spares 2
expect_rc 0
[ "$(tail -n 1 <<<"$OUT")" != "$(tail -n 1 "$here/fixtures/survey_redraw_systematic.expected")" ] ||
  fail "seed 43 drew the same sample as seed 42"

# A frame that is not sorted by ref is refused: the order is part of the specification.
OUT=$(printf 'B-2\ts\tu\td\t2018-01-01\nB-1\ts\tu\td\t2018-01-01\n' |
  python3 "$here/survey_redraw.py" --seed 1 --size 1 2>"$SCRATCH/stderr")
RC=$?
ERR=$(cat "$SCRATCH/stderr")
expect_rc 3
expect_err "survey_redraw.py: frame: not sorted by ref (byte order) with each ref once"

finish
