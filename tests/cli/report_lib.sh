# Shared by the report CLI tests (test_report_html.sh, test_report_ods.sh): a small ledger of
# one year's casework, made with the real `epb case` commands.

# report_seed_2024: in the default ledger, petitions 1-4 received in January 2024 (1 and 2
# closed in January, 3 in March), 5-6 in February (5 closed the same week), 4 and 6 left open.
# Subjects and names hold markup, quotes and CJK, which no report may pass on unescaped.
report_seed_2024() {
  local n when
  for n in 1 2 3 4 5 6; do
    when="2024-01-0$((n + 1)) 10:00"
    [ "$n" -ge 5 ] && when="2024-02-0$n 10:00"
    EPB_NOW="$when" "$EPB_BIN" case open -q --service petition --channel phone --subject "工地揚塵 <b>$n</b> & \"x\"" \
      --name "王小明<i>$n</i>" --phone "0912345$(printf %03d "$n")" --address "高雄市苓雅區四維三路${n}號" >/dev/null ||
      fail "case open $n"
  done
  report_close "2024-01-09 16:00" PET-113-000001
  report_close "2024-01-12 16:00" PET-113-000002
  report_close "2024-03-20 16:00" PET-113-000003
  report_close "2024-02-09 16:00" PET-113-000005
}
report_close() { EPB_NOW="$1" "$EPB_BIN" case close -q "$2" --outcome 已派員稽查改善 >/dev/null || fail "close $2"; }

# expect_file_has FILE STRING, expect_file_lacks FILE STRING (case-insensitive).
expect_file_has() {
  CHECKS=$((CHECKS + 1))
  grep -qF -- "$2" "$1" || fail "$1 lacks: $2"
}
expect_file_lacks() {
  CHECKS=$((CHECKS + 1))
  ! grep -qiF -- "$2" "$1" || fail "$1 holds: $2" "$(grep -oiF -- "$2" "$1" | head -3)"
}
