# Shared by the survey CLI tests (sourced after lib.sh): a ledger with six petitions (closed on
# 2024-01-04) and a stored sample 1 of them, written with plain SQL as `epb survey sample`
# stores one:
#   stratum district=苓雅區: chosen PET-113-000001..3, spares PET-113-000004, PET-113-000005
#   stratum district=前金區: chosen PET-113-000006, no spare
# and a config whose questionnaire "petition" has items attitude, speed, result (a score of 3
# or less opens a second reply of the built-in service survey_follow_up, 3 workdays). Sets
# LEDGER and CFG; survey_config_with writes such a config with another questionnaire.

LEDGER="$XDG_DATA_HOME/epb/ledger.sqlite"
CFG="$SCRATCH/epb.toml"

# survey_config_with < QUESTIONNAIRE_TOML: writes $CFG, the built-in config less its
# questionnaires ([survey.questionnaires.*]: a test brings the one it counts on) plus the TOML on
# stdin, and points EPB_CONFIG at it. The built-in survey_follow_up service stays.
survey_config_with() {
  {
    "$EPB_BIN" config show | awk '/^\[/ { skip = ($0 ~ /^\[survey\.questionnaires\./) } !skip'
    echo
    cat
  } >"$CFG" || return 1
  export EPB_CONFIG="$CFG"
}

survey_world() {
  survey_config_with <<'TOML' || return 1
[survey.questionnaires.petition]
name = "陳情處理滿意度"
name_en = "Petition handling satisfaction"
services = ["petition"]
follow_up = { at_or_below = 3, service = "survey_follow_up" }
max_attempts = 3
items = [
  { code = "attitude", text = "服務態度", text_en = "Attitude" },
  { code = "speed", text = "處理速度", text_en = "Speed" },
  { code = "result", text = "處理結果", text_en = "Result" },
]
free_text = { text = "其他意見", text_en = "Comments" }
TOML
  "$EPB_BIN" init -q || return 1
  local n address
  for n in 1 2 3 4 5 6; do
    address="高雄市苓雅區四維三路${n}號"
    [ "$n" = 6 ] && address="高雄市前金區中正四路${n}號"
    EPB_NOW="2024-01-02 10:00" "$EPB_BIN" case open -q --service petition --channel phone --subject "工地揚塵 $n" \
      --name "王小明$n" --phone "091234567$n" --address "$address" >/dev/null || return 1
    EPB_NOW="2024-01-04 16:00" "$EPB_BIN" case close -q "PET-113-00000$n" --outcome 已派員稽查改善 >/dev/null || return 1
  done
  sqlite3 "$LEDGER" <<'SQL'
INSERT INTO survey_sample (id, questionnaire, services, period_from, period_to, rate_num, rate_den, strata,
  min_per_stratum, spares, method, seed, generator, frame_size, frame_sha256, frame, sample_sha256, drawn_at, actor)
VALUES (1, 'petition', 'petition', '2024-01-01', '2024-01-31', 1, 2, 'district', 1, 2, 'systematic', '42',
  'epb-sample-1', 6, 'f', X'', 's', 1704420000, 'analyst');
INSERT INTO survey_member (sample_id, case_id, stratum, role, position, called)
SELECT 1, id, CASE WHEN id = 6 THEN 'district=前金區' ELSE 'district=苓雅區' END,
  CASE WHEN id IN (4, 5) THEN 'spare' ELSE 'chosen' END, CASE id WHEN 4 THEN 1 WHEN 5 THEN 2 WHEN 6 THEN 1 ELSE id END,
  CASE WHEN id IN (4, 5) THEN 0 ELSE 1 END
FROM case_file ORDER BY id;
SQL
}
