# Shared by the CLI tests of payments (sourced after lib.sh): subsidy applications to pay, and
# CSV output read with LF line ends.

# csv ARGS...: run, with CSV's CR line ends dropped from stdout.
csv() {
  run "$@"
  OUT=${OUT//$'\r'/}
}

# subsidy_apply NAME ID PLATE FRAME NEWPLATE ACCOUNT: one application (programme 107,
# scrap_buy_other, bank 004), moved to reviewing; the household office's answer is the test's.
subsidy_apply() {
  local name=$1
  shift
  run subsidy apply -q --channel in_person --name "$name" --id-number "$1" --phone 0912345678 \
    --programme-year 107 --kind scrap_buy_other --scrapped-plate "$2" --scrapped-made 2001-05-01 \
    --recycling-certificate "RC-$2" --deregistered 107/03/01 --new-plate "$4" --new-frame "$3" \
    --new-class light --invoice-number AB-12345678 --invoice-date 2018-03-02 --bank-code 004 --account-number "$5"
  expect_rc 0
  local ref=$OUT
  run case move -q "$ref" reviewing
  expect_rc 0
}

# expect_roster FILE CONTENT: a bank file (epb-payment(5)) is private (mode 0600) and holds CONTENT.
expect_roster() {
  CHECKS=$((CHECKS + 1))
  [ "$(stat -c %a "$1")" = 600 ] || fail "$1: mode $(stat -c %a "$1")"
  CHECKS=$((CHECKS + 1))
  [ "$(cat "$1")" = "$2" ] || fail "$1" "$(diff <(printf '%s\n' "$2") "$1")"
}
