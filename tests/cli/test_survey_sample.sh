#!/usr/bin/env bash
# epb survey sample, verify, list and show: a sample drawn twice from the same ledger is the same
# bytes, another seed draws another; a dry run stores nothing; verify says identical, then names
# the cases added to, removed from and changed in the frame since, and tells an edited sample
# from a changed ledger; an auditor re-draws the stored sample from the frame with the
# specification's own script; every bad option is refused with the ledger unchanged.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/survey_lib.sh"

cd "$SCRATCH" || exit 1

# The built-in config with a questionnaire surveying closed petitions and complaints instead
# of its own.
survey_config_with <<'TOML' || fail "the config could not be written"
[survey.questionnaires.handling]
name = "陳情處理滿意度"
name_en = "Case handling satisfaction"
services = ["petition", "complaint"]
states = ["closed"]
items = [{ code = "attitude", text = "服務態度", text_en = "Attitude" }]
follow_up = { at_or_below = 3, service = "survey_follow_up" }
required_rate = "1/10"
TOML

# 36 petitions and 12 complaints closed in the first quarter of 2024 over three districts, two
# of them without a phone; two closed in April; a whistleblower report (not surveyed).
HEADER="service,channel,applicant_kind,name,id_number,business_number,phone,email,address,subject,description,place,received,source_system,source_id,status,closed,outcome"
districts=(苓雅區 前金區 鼓山區)
{
  echo "$HEADER"
  for n in $(seq 1 48); do
    service=petition
    [ "$n" -gt 36 ] && service=complaint
    phone=$(printf '0912%06d' "$n")
    [ $((n % 17)) = 0 ] && phone=
    month=$(((n % 3) + 1))
    day=$(printf '%02d' $(((n % 27) + 1)))
    echo "$service,web,person,王小明$n,,,$phone,,高雄市${districts[$((n % 3))]}中正路${n}號,工地揚塵 $n,,,2024-0$month-${day}T09:00:00+08:00,t,S$n,closed,2024-0$month-${day}T15:00:00+08:00,已回覆"
  done
  echo "petition,web,person,林大華,,,0912999001,,高雄市苓雅區中正路1號,四月,,,2024-04-02T09:00:00+08:00,t,S91,closed,2024-04-03T15:00:00+08:00,已回覆"
  echo "complaint,web,person,林大同,,,0912999002,,高雄市苓雅區中正路2號,四月,,,2024-04-02T09:00:00+08:00,t,S92,closed,2024-04-03T15:00:00+08:00,已回覆"
  echo "whistleblower,web,person,林大明,,,0912999003,,高雄市苓雅區中正路3號,檢舉,,,2024-02-02T09:00:00+08:00,t,S93,closed,2024-02-03T15:00:00+08:00,已回覆"
} >cases.csv

# world LEDGER: a ledger with those cases.
world() {
  EPB_NOW="2024-04-09 09:00" "$EPB_BIN" --ledger "$1" init -q &&
    EPB_NOW="2024-04-09 09:00" "$EPB_BIN" --ledger "$1" case import -q cases.csv >/dev/null
}
world "$SCRATCH/a.sqlite" || {
  fail "the ledger could not be built"
  finish
}
cp "$SCRATCH/a.sqlite" "$SCRATCH/fresh.sqlite"
LEDGER="$SCRATCH/a.sqlite"
export EPB_LEDGER="$LEDGER" EPB_NOW="2024-04-10 10:00"
Q1=(--service petition,complaint --period 2024-01-01..2024-03-31)
ARGS=("${Q1[@]}" --rate 1/10 --strata unit,district --spares 1 --seed 20240410)
survey_tables() { sqlite3 "$1" ".dump survey_sample survey_stratum survey_member"; }
members_of() { sqlite3 -separator $'\t' "$1" "SELECT stratum, role, position, ref FROM survey_member_iso WHERE sample_id = $2 ORDER BY stratum, role, position"; }

# --- dry run: the strata table on stdout, nothing stored ------------------------------------------
before=$(ledger_dump)
run survey sample "${ARGS[@]}" --dry-run --format csv
expect_rc 0
OUT=${OUT//$'\r'/}
expect_out "stratum,frame,planned,drawn,spares
unit=inspection|district=前金區,4,1,1,1
unit=inspection|district=苓雅區,4,1,1,1
unit=inspection|district=鼓山區,4,1,1,1
unit=planning|district=前金區,11,2,2,1
unit=planning|district=苓雅區,12,2,2,1
unit=planning|district=鼓山區,11,2,2,1"
expect_err_like "epb: dry run, nothing stored: 46 cases in the frame (SHA-256 *); 9 drawn and 6 spares in 6 strata; sample SHA-256 *; generator epb-sample-1, seed 20240410"
CHECKS=$((CHECKS + 1))
[ "$(ledger_dump)" = "$before" ] || fail "a dry run changed the ledger"

# --- the draw: its number on stdout, the table and hashes on stderr -----------------------------
run survey sample "${ARGS[@]}" --note "第一季"
expect_rc 0
expect_out "1"
expect_err_contains "unit=planning|district=前金區"
expect_err_like "*epb: survey sample 1: 46 cases in the frame (SHA-256 *); 9 drawn and 6 spares in 6 strata; sample SHA-256 *; generator epb-sample-1, seed 20240410"
expect_sql "SELECT count(*), sum(role = 'chosen'), sum(called) FROM survey_member WHERE sample_id = 1" "15|9|9"
expect_sql "SELECT subject, action FROM event WHERE subject LIKE 'survey:%'" "survey:1|sample"
expect_sql "SELECT questionnaire, services, period_from, period_to, rate_num, rate_den, strata, spares, seed, note FROM survey_sample" \
  "handling|complaint,petition|2024-01-01|2024-03-31|1|10|unit,district|1|20240410|第一季"
# The frame holds the period's closed petitions and complaints with a phone: not the two
# without, not April's, not the whistleblower report.
expect_sql "SELECT frame_size FROM survey_sample WHERE id = 1" "46"

# --- the same ledger and options draw the same bytes ----------------------------------------------
world "$SCRATCH/b.sqlite"
EPB_LEDGER="$SCRATCH/b.sqlite" run survey sample "${ARGS[@]}" --note "第一季"
expect_rc 0
expect_out "1"
CHECKS=$((CHECKS + 1))
[ "$(survey_tables "$SCRATCH/a.sqlite")" = "$(survey_tables "$SCRATCH/b.sqlite")" ] ||
  fail "two draws of the same sample differ" "$(diff <(survey_tables "$SCRATCH/a.sqlite") <(survey_tables "$SCRATCH/b.sqlite"))"
run survey show 1
SHOW_A=$OUT
EPB_LEDGER="$SCRATCH/b.sqlite" run survey show 1
expect_out "$SHOW_A"

# --- another seed, another sample -------------------------------------------------------------------
EPB_LEDGER="$SCRATCH/b.sqlite" run survey sample "${Q1[@]}" --rate 1/10 --strata unit,district --spares 1 --seed 20240411
expect_rc 0
expect_out "2"
CHECKS=$((CHECKS + 1))
[ "$(members_of "$SCRATCH/b.sqlite" 1)" != "$(members_of "$SCRATCH/b.sqlite" 2)" ] || fail "seeds 20240410 and 20240411 drew the same sample"
expect_sql "SELECT count(DISTINCT sample_sha256), count(DISTINCT frame_sha256) FROM survey_sample" "2|1" "$SCRATCH/b.sqlite"

# --- list and show ------------------------------------------------------------------------------------
run survey list --format csv
expect_rc 0
OUT=${OUT//$'\r'/}
expect_out_contains "sample,questionnaire,services,period_from,period_to,rate,size,strata,min_per_stratum,spares,method,seed,generator,exclude_days,frame_size,frame_sha256,sample_sha256,drawn_at,actor,note"
expect_out_contains "1,handling,\"complaint,petition\",2024-01-01,2024-03-31,1/10,,\"unit,district\",1,1,systematic,20240410,epb-sample-1,0,46,"
expect_out_contains ",2024-04-10T02:00:00Z,tester,第一季"
run survey show 1
expect_rc 0
expect_out_contains "questionnaire   handling"
expect_out_contains "seed            20240410"
expect_out_contains "frame_size      46"
expect_out_contains "unit=planning|district=前金區"
expect_out_contains "chosen"
run survey show 1 --format json
expect_rc 0
expect_out_contains '"members":[{"role":"chosen","called":true,"status":"pending","count":9},{"role":"spare","called":false,"status":"pending","count":6}]'
expect_out_contains '"strata_table":[{"stratum":"unit=inspection|district=前金區","frame":4,"planned":1,"drawn":1,"spares":1}'

# --- verify: identical ------------------------------------------------------------------------------
run survey verify 1
expect_rc 0
expect_out_contains "survey sample 1: identical"
run survey verify 1 --format csv
expect_rc 0
expect_out_contains "1,true,identical,46,"

# --- an auditor re-draws the stored sample from the specification ---------------------------------
frame_tsv() {
  sqlite3 -separator $'\t' "$1" "SELECT ref, service, unit, district, closed_date FROM case_file
    WHERE service IN ('complaint', 'petition') AND closed_date BETWEEN '2024-01-01' AND '2024-03-31' AND phone <> ''
    AND status = 'closed' ORDER BY ref"
}
frame_tsv "$LEDGER" >frame.tsv
expect_sql "SELECT frame_sha256 FROM survey_sample WHERE id = 1" "$(sha256sum <frame.tsv | cut -d' ' -f1)"
OUT=$(python3 "$EPB_SOURCE_DIR/tests/cli/survey_redraw.py" --seed 20240410 --rate 1/10 --strata unit,district \
  --spares 1 <frame.tsv 2>"$SCRATCH/stderr")
RC=$?
ERR=$(cat "$SCRATCH/stderr")
expect_rc 0
expect_out "$(members_of "$LEDGER" 1)
$(sqlite3 "$LEDGER" "SELECT sample_sha256 FROM survey_sample WHERE id = 1")"

# --- verify after the ledger changed --------------------------------------------------------------
# changed LEDGER: a copy of a.sqlite (sample 1 drawn, identical) to change.
copy() { cp "$SCRATCH/a.sqlite" "$SCRATCH/$1.sqlite" && LEDGER="$SCRATCH/$1.sqlite"; }

copy added
printf '%s\n%s\n' "$HEADER" "petition,web,person,陳小春,,,0912888001,,高雄市前金區中正路9號,補登,,,2024-02-10T09:00:00+08:00,t,S99,closed,2024-02-11T15:00:00+08:00,已回覆" >late.csv
EPB_LEDGER="$LEDGER" run case import -q late.csv
ADDED=$(sqlite3 "$LEDGER" "SELECT ref FROM case_file WHERE source_id = 'S99'")
EPB_LEDGER="$LEDGER" run survey verify 1
expect_rc 1
expect_out_contains "survey sample 1: the ledger changed since the draw: the frame differs, the stored sample agrees with itself and with its event"
expect_out_contains "frame: 1 case added since the draw: $ADDED"
expect_out_contains "frame now:  47 cases"
expect_err "epb: error: survey sample 1: not identical: the ledger changed since the draw: the frame differs, the stored sample agrees with itself and with its event"
EPB_LEDGER="$LEDGER" run survey verify 1 --format json
expect_rc 1
expect_out_contains "\"added\":[\"$ADDED\"],\"removed\":[],\"changed\":[]"
expect_out_contains '"stored_hash_mismatch":false,"stored_members_altered":false,"definition_altered":false'

copy reopened
REOPENED=$(sqlite3 "$LEDGER" "SELECT ref FROM survey_member_iso WHERE sample_id = 1 AND role = 'chosen' ORDER BY ref LIMIT 1")
EPB_LEDGER="$LEDGER" run case reopen "$REOPENED" --reason 不服
expect_rc 0
EPB_LEDGER="$LEDGER" run survey verify 1
expect_rc 1
expect_out_contains "frame: 1 case removed since the draw (reopened, service or period changed, phone removed): $REOPENED"
expect_out_contains "the ledger changed since the draw"

copy district
MOVED=$(sqlite3 "$LEDGER" "SELECT ref FROM case_file WHERE service = 'petition' ORDER BY ref LIMIT 1 OFFSET 3")
sqlite3 "$LEDGER" "UPDATE case_file SET district = '新興區' WHERE ref = '$MOVED'"
EPB_LEDGER="$LEDGER" run survey verify 1
expect_rc 1
expect_out_contains "frame: 1 case changed since the draw (service, unit, district or closed date): $MOVED"

# --- verify after the stored sample was edited ---------------------------------------------------
copy edited
sqlite3 "$LEDGER" "UPDATE survey_member SET position = 9 WHERE sample_id = 1 AND role = 'chosen' AND position = 1 AND stratum = 'unit=planning|district=前金區'"
EPB_LEDGER="$LEDGER" run survey verify 1
expect_rc 1
expect_out_contains "survey sample 1: the stored sample was edited: its rows disagree with themselves or with the event its draw recorded"
expect_out_contains "stored sample: its 15 members give SHA-256"
expect_out_contains "a member row was edited"
EPB_LEDGER="$LEDGER" run survey verify 1 --format csv
expect_rc 1
expect_out_contains ",[],[],[],false,true,false,true,"

copy reseeded
sqlite3 "$LEDGER" "UPDATE survey_sample SET seed = '1' WHERE id = 1"
EPB_LEDGER="$LEDGER" run survey verify 1
expect_rc 1
expect_out_contains "the stored sample was edited"
expect_out_contains "stored sample: seed is \"1\", not what event #"
expect_out_contains "re-draw: "

# --- bad options: exit 3, nothing written ----------------------------------------------------------
LEDGER="$SCRATCH/a.sqlite"
export EPB_LEDGER="$LEDGER"
P=(--period 2024-01-01..2024-03-31)
S=(--service petition --period 2024-01-01..2024-03-31)
refuse "epb: error: --service: give the services to survey (--service subsidy)" survey sample "${P[@]}" --seed 1
refuse "epb: error: --service: unknown service 'petiton', did you mean 'petition'?" survey sample --service petiton "${P[@]}" --seed 1
refuse "epb: error: --service: service 'whistleblower' is not surveyed (surveyed = false in the config)" survey sample --service whistleblower "${P[@]}" --seed 1
refuse "epb: error: --service: no questionnaire in the config surveys 'water_test'" survey sample --service water_test "${P[@]}" --seed 1
refuse "epb: error: --service: an empty service name in 'petition,,complaint'" survey sample --service petition,,complaint "${P[@]}" --seed 1
refuse "epb: error: --period: required: *" survey sample --service petition --seed 1
refuse "epb: error: --period: 'spring' is no period *" survey sample --service petition --period spring --seed 1
refuse "epb: error: --period: ends (2024-01-01) before it starts (2024-03-31)" survey sample --service petition --period 2024-03-31..2024-01-01 --seed 1
refuse "epb: error: --period: its end: *" survey sample --service petition --period 2024-01-01..2024-02-30 --seed 1
refuse "epb: error: --rate: give --rate or --size, not both" survey sample "${S[@]}" --rate 1/10 --size 5 --seed 1
refuse "epb: error: --rate: *" survey sample "${S[@]}" --rate 0/10 --seed 1
refuse "epb: error: --rate: *" survey sample "${S[@]}" --rate 11/10 --seed 1
refuse "epb: error: --rate: *" survey sample "${S[@]}" --rate tenth --seed 1
refuse "epb: error: --size: '0' is no whole number of at least 1" survey sample "${S[@]}" --size 0 --seed 1
refuse "epb: error: --size: 'many' is no whole number of at least 1" survey sample "${S[@]}" --size many --seed 1
refuse "epb: error: --strata: *" survey sample "${S[@]}" --strata unit,colour --seed 1
refuse "epb: error: --strata: *" survey sample "${S[@]}" --strata unit,unit --seed 1
refuse "epb: error: --min-per-stratum: must be at least 0" survey sample "${S[@]}" --min-per-stratum -1 --seed 1
refuse "epb: error: --spares: 'two' is not a whole number" survey sample "${S[@]}" --spares two --seed 1
refuse "epb: error: --method: 'random' is not one of systematic, simple" survey sample "${S[@]}" --method random --seed 1
refuse "epb: error: --seed: required: *" survey sample "${S[@]}"
for seed in -1 007 1.5 18446744073709551616 0x1f; do
  refuse "epb: error: --seed: '$seed' is not a whole number 0..18446744073709551615 without leading zeros" survey sample "${S[@]}" --seed "$seed"
done
refuse "epb: error: --exclude-surveyed-within: '12h' is not whole days (90d)" survey sample "${S[@]}" --seed 1 --exclude-surveyed-within 12h
refuse "epb: error: --exclude-surveyed-within: *" survey sample "${S[@]}" --seed 1 --exclude-surveyed-within 90
refuse "epb: error: --note: *" survey sample "${S[@]}" --seed 1 --note $'a\x01b'
refuse "epb: error: --service: *" survey sample --service $'petition\xff' "${P[@]}" --seed 1
refuse "epb: error: --seed: *" survey sample "${S[@]}" --seed $'1\x1b[2J'
refuse "epb: error: ID: 'one' is not a whole number" survey verify one
refuse "epb: error: ID: must be at least 1" survey verify 0
refuse "epb: error: ID: 'x' is not a whole number" survey show x

# Not found: exit 4, nothing written.
before=$(ledger_dump)
run survey verify 9
expect_rc 4
expect_err "epb: error: survey sample 9: not found"
run survey show 9
expect_rc 4
expect_err "epb: error: survey sample 9: not found"
run survey sample --service petition --period 2019 --seed 1
expect_rc 4
expect_err "epb: error: sample frame: no case of petition closed 2019-01-01..2019-12-31 has a phone and may be called"
CHECKS=$((CHECKS + 1))
[ "$(ledger_dump)" = "$before" ] || fail "a command that found nothing changed the ledger"

# A questionnaire's required rate is the default; its absence with neither option is refused.
EPB_LEDGER="$SCRATCH/fresh.sqlite" run survey sample --service petition "${P[@]}" --seed 5 --dry-run --format csv
expect_rc 0
expect_out_contains "stratum,frame,planned,drawn,spares"

# --- --help names every option ---------------------------------------------------------------------
run survey sample --help
expect_rc 0
for option in --service --period --rate --size --strata --min-per-stratum --spares --method --seed \
  --exclude-surveyed-within --dry-run --note; do
  expect_out_contains "$option"
done
run survey verify --help
expect_rc 0
expect_out_contains "identical"

finish
