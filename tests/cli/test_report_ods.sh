#!/usr/bin/env bash
# epb report annual --format ods: an OpenDocument spreadsheet (mimetype first and stored) that
# headless LibreOffice converts to CSV, sheet by sheet, with the numbers of --format csv of the
# same table (percentages as percentages, money and counts as numbers, text without the CSV
# formula guard) and the run's facts on its About sheet; misuse refused with exit 3.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/report_lib.sh"

cd "$SCRATCH" || exit 1
LEDGER="$XDG_DATA_HOME/epb/ledger.sqlite"
run init -q
expect_rc 0
report_seed_2024
export EPB_NOW="2025-01-10 10:00"

run report annual --year 2024 --format ods --output r.ods
expect_rc 0
expect_out ""
expect_err "epb: annual report written to r.ods (ods)"
CHECKS=$((CHECKS + 1))
ZIP=$(python3 - r.ods <<'PY' 2>&1
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
first = z.infolist()[0]
assert first.filename == "mimetype", first.filename
assert first.compress_type == zipfile.ZIP_STORED, "mimetype is compressed"
assert z.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
assert "content.xml" in z.namelist() and "META-INF/manifest.xml" in z.namelist()
assert z.testzip() is None
print("ok")
PY
)
[ "$ZIP" = ok ] || fail "r.ods is no OpenDocument zip" "$ZIP"
run --format json report annual --year 2024
expect_rc 0
printf '%s\n' "$OUT" >r.json

# --- misuse --------------------------------------------------------------------------------------
SHEET=$(sha256sum <r.ods)
refuse "epb: error: --output r.ods: file exists (use --force to replace it)" report annual --year 2024 --format ods --output r.ods
refuse "epb: error: --output $LEDGER: *" report annual --year 2024 --format ods --output "$LEDGER" --force
refuse "epb: error: --table: csv, tsv and jsonl write one table; this format writes them all" \
  report annual --year 2024 --format ods --output t.ods --table services
expect_file_unchanged r.ods "$SHEET"
CHECKS=$((CHECKS + 1))
[ ! -e t.ods ] || fail "a refused report left t.ods"

# --- through LibreOffice -------------------------------------------------------------------------
CHECKS=$((CHECKS + 1))
if ! command -v soffice >/dev/null; then
  fail "soffice is not installed (scripts/bootstrap libreoffice-calc-nogui)"
  finish
fi
# Every sheet (the filter's 12th field, -1) as UTF-8 CSV of the cells' values, not as shown.
timeout 120 soffice --headless "-env:UserInstallation=file://$SCRATCH/lo" \
  --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
  --outdir "$SCRATCH/sheets" r.ods >convert.log 2>&1 || fail "soffice failed" "$(cat convert.log)"

# The primary table must exist for a table to compare; until the case metrics land the annual
# report may hold its facts only, and then only the About sheet is compared.
run --format csv report annual --year 2024
if [ "$RC" != 0 ]; then
  echo "skip: the annual report has no primary table yet ($ERR): only its About sheet is compared"
  TABLES=""
else
  TABLES=$(python3 -c 'import json,sys; print("\n".join(json.load(open(sys.argv[1]))["tables"]))' r.json)
fi
for key in $TABLES; do
  "$EPB_BIN" --format csv report annual --year 2024 --table "$key" >"table-$key.csv" || fail "csv of table $key"
done
CHECKS=$((CHECKS + 1))
COMPARED=$(python3 - r.json convert.log "$TABLES" <<'PY' 2>&1
import csv, json, re, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
sheets = re.findall(r"^Writing sheet (.*) -> (.*\.csv)$", open(sys.argv[2], encoding="utf-8").read(), re.M)
keys = sys.argv[3].split()
problems = []

def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))

def number(text):
    return float(text.replace(",", ""))

def same(kind, ods, ref):
    if kind == "text":  # the CSV report's formula guard is not part of the value
        if ref[:2] in ("'=", "'+", "'-", "'@"): ref = ref[1:]
        return ods == ref
    if ods == "" or ref == "": return ods == ref
    if kind == "percent":
        value = number(ods[:-1]) if ods.endswith("%") else number(ods) * 100
        return abs(value - number(ref)) < 1e-6
    if kind in ("integer", "money", "decimal"): return abs(number(ods) - number(ref)) < 1e-9
    return ods == ref

if len(sheets) != len(doc["tables"]) + 1:
    problems.append(f"{len(sheets)} sheets for {len(doc['tables'])} tables and About")
else:
    about = read(sheets[-1][1])
    if sheets[-1][0] != "About": problems.append(f"the last sheet is {sheets[-1][0]!r}")
    if ["title", doc["title"]] not in about: problems.append("About lacks the title")
    for key, value in doc["facts"].items():  # generated_at is the machine clock of each run
        if key != "generated_at" and [key, value] not in about: problems.append(f"About lacks the fact {key}")
    cells = 0
    for (key, table), (name, path) in zip(doc["tables"].items(), sheets):
        if key not in keys: continue
        ods, ref = read(path), read(f"table-{key}.csv")
        if ods[:1] != ref[:1]: problems.append(f"{key}: headers differ: {ods[:1]} {ref[:1]}")
        if len(ods) != len(ref): problems.append(f"{key}: {len(ods) - 1} rows in the sheet, {len(ref) - 1} in csv")
        kinds = [c["type"] for c in table["columns"]]
        for r, (a, b) in enumerate(zip(ods[1:], ref[1:]), start=2):
            a += [""] * (len(kinds) - len(a))
            for c, kind in enumerate(kinds):
                cells += 1
                if not same(kind, a[c], b[c]):
                    problems.append(f"{key} row {r} {table['columns'][c]['key']}: sheet {a[c]!r}, csv {b[c]!r}")
print("\n".join(problems[:20]) if problems else f"ok {len(keys)} tables {cells} cells")
PY
)
[[ "$COMPARED" == ok* ]] || fail "the spreadsheet's numbers differ from the csv report's" "$COMPARED"
echo "ods vs csv: $COMPARED"

finish
