#!/usr/bin/env bash
# A service's kind brings rules every verb keeps (case_kind.hpp). A service made a fee service
# in the config: its cases (opened while it was plain, without a fee project) cannot be opened,
# imported or changed through the generic verbs (fail closed), each refusal exit 3 with the
# reason, nothing written.
source "$(dirname "$0")/lib.sh"

LEDGER="$XDG_DATA_HOME/epb/ledger.sqlite"
export EPB_NOW="2024-03-01 09:00"
cd "$SCRATCH" || exit 1

run init -q
expect_rc 0
# Cases opened while the service was plain.
run case open --service petition --channel web --subject 路燈不亮 --name 王小明 --phone 0912345678
expect_rc 0
run case open --service petition --channel web --subject 公園髒亂 --name 張三豐
expect_rc 0
run case close PET-113-000002 --outcome 已修復
expect_rc 0

# The same config, but petition is now a fee service.
run config show
printf '%s\n' "$OUT" | sed '0,/^kind = "case"$/s//kind = "fee"/' >fee.toml
run --config fee.toml config check fee.toml
expect_rc 0
run --config fee.toml config show
expect_out_contains '[services.petition]
kind = "fee"'

WHY="has no fee project row (opened outside epb fee project add)"
refuse "epb: error: service petition: a construction fee project is registered with epb fee project add" \
  --config fee.toml case open --service petition --channel web --subject 道路坑洞 --name 李大同
refuse "epb: error: case PET-113-000001: $WHY" --config fee.toml case move PET-113-000001 assigned
refuse "epb: error: case PET-113-000001: $WHY" --config fee.toml case close PET-113-000001 --outcome 已回覆
refuse "epb: error: case PET-113-000001: $WHY" --config fee.toml case assign PET-113-000001 --to 林承辦
refuse "epb: error: case PET-113-000001: $WHY" --config fee.toml case note PET-113-000001 電話聯絡
refuse "epb: error: case PET-113-000001: $WHY" --config fee.toml case extend PET-113-000001 --days 2 --reason 會勘
refuse "epb: error: case PET-113-000002: $WHY" --config fee.toml case reopen PET-113-000002 --reason 再查

# An import row for the service is refused for its `service` column, at FILE:LINE.
cat >rows.csv <<'CSV'
service,channel,name,subject,received
complaint,web,陳美麗,工廠異味,2024-02-05 14:00
petition,web,林志玲,夜間噪音,2024-02-06 08:30
CSV
refuse "epb: error: rows.csv:3: service: service petition: a construction fee project is registered with epb fee project add
epb: rows.csv: read 2, imported 1, updated 0, skipped 0, rejected 1 in * s (nothing written)
epb: error: rows.csv: 1 invalid row" --config fee.toml case import rows.csv

# Reading is not a change.
run --config fee.toml case show PET-113-000001
expect_rc 0
run --config fee.toml case list --count
expect_rc 0
expect_out "2"

finish
