#!/usr/bin/env bash
# epb report annual --format html: one self-contained page (no external reference of any kind)
# that headless Chromium renders with no console error and a screenshot of non-trivial size;
# its structure against the JSON of the same report (every table with its rows, every
# definition, every chart with its title, every id reference resolved); misuse of --output and
# --table refused with exit 3 and the ledger and an existing file unchanged.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/report_lib.sh"

cd "$SCRATCH" || exit 1
LEDGER="$XDG_DATA_HOME/epb/ledger.sqlite"
run init -q
expect_rc 0

report_seed_2024
export EPB_NOW="2025-01-10 10:00"

# --- the page ----------------------------------------------------------------------------------
run report annual --year 2024 --format html --output r.html
expect_rc 0
expect_out ""
expect_err "epb: annual report written to r.html (html)"
CHECKS=$((CHECKS + 1))
[ "$(head -n 1 r.html)" = "<!DOCTYPE html>" ] || fail "r.html does not start with the doctype"
expect_file_has r.html '<html lang="zh-TW">'
expect_file_has r.html '<meta charset="utf-8">'
expect_file_has r.html '<dl class="facts"'
expect_file_has r.html '<dt>period</dt><dd>2024-01-01..2024-12-31</dd>'
expect_file_has r.html '@media print'
CHECKS=$((CHECKS + 1))
TITLE=$(sed -n 's:^<title>\(.*\)</title>$:\1:p' r.html)
[ -n "$TITLE" ] && grep -qxF "<h1>$TITLE</h1>" r.html || fail "the <title> and the <h1> differ or are missing" "$TITLE"
CHECKS=$((CHECKS + 1))
[[ "$TITLE" == *2024* ]] || fail "the title does not name the year" "$TITLE"
# Nothing outside the file: no URL, no src, no link, no import, no script, no url() but #ids.
for external in "http:" "https:" "//" "src=" "<link" "@import" "<script" "<iframe" "<object" "<img"; do
  expect_file_lacks r.html "$external"
done
CHECKS=$((CHECKS + 1))
[ "$(grep -o 'url(' r.html | wc -l)" = "$(grep -o 'url(#' r.html | wc -l)" ] || fail "a url() names another file"

# The page against the JSON of the same report: a <table> per table with a <tbody> row per
# row (an empty table says so in one), a definition each, an SVG per chart with its title and
# desc, ids unique and every aria or #anchor reference naming one.
run --format json report annual --year 2024
expect_rc 0
printf '%s\n' "$OUT" >r.json
CHECKS=$((CHECKS + 1))
STRUCTURE=$(python3 - r.json r.html <<'PY' 2>&1
import json, re, sys
from html.parser import HTMLParser
doc = json.load(open(sys.argv[1], encoding="utf-8"))
page = open(sys.argv[2], encoding="utf-8").read()

class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.refs, self.tables, self.stack = [], [], [], []
        self.svgs = self.svg_titles = self.svg_descs = self.sections = self.h2 = 0
        self.in_tbody = False
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a: self.ids.append(a["id"])
        for name in ("aria-labelledby", "aria-describedby"):
            self.refs += a.get(name, "").split()
        if tag == "a" and a.get("href", "").startswith("#"): self.refs.append(a["href"][1:])
        if tag == "table": self.tables.append(0)
        if tag == "tbody": self.in_tbody = True
        if tag == "tr" and self.in_tbody: self.tables[-1] += 1
        if tag == "svg": self.svgs += 1
        if tag == "title" and "svg" in self.stack and a.get("id", "").endswith("-title"): self.svg_titles += 1
        if tag == "desc" and "svg" in self.stack: self.svg_descs += 1
        if tag == "section": self.sections += 1
        if tag == "h2": self.h2 += 1
        if tag not in ("meta", "line", "rect", "circle", "path", "polyline"): self.stack.append(tag)
    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if self.stack and self.stack[-1] == tag: self.stack.pop()
    def handle_endtag(self, tag):
        if tag == "tbody": self.in_tbody = False
        if tag in ("line", "rect", "circle", "path", "polyline", "meta"): return
        if not self.stack or self.stack[-1] != tag:
            raise SystemExit(f"unbalanced </{tag}> (open: {self.stack[-3:]})")
        self.stack.pop()

p = Page()
p.feed(page)
problems = []
if p.stack: problems.append(f"unclosed: {p.stack}")
tables = list(doc["tables"].values())
if len(p.tables) != len(tables): problems.append(f"{len(p.tables)} <table>s for {len(tables)} tables")
for got, table in zip(p.tables, tables):
    want = max(len(table["rows"]), 1)
    if got != want: problems.append(f"table {table['title']!r}: {got} rows shown for {want}")
if page.count('<div id="d-') != len(doc["definitions"]): problems.append("definitions differ")
for d in doc["definitions"].values():
    term = d["term"].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if ">" + term.replace('"', "&quot;").replace("'", "&#39;") + "</dt>" not in page:
        problems.append(f"definition {d['term']!r} not shown")
if doc["definitions"] and 'id="s-definitions"' not in page: problems.append("no definitions section")
if not (p.svgs == p.svg_titles == p.svg_descs): problems.append(f"{p.svgs} charts, {p.svg_titles} titles, {p.svg_descs} descs")
if p.sections != p.h2: problems.append(f"{p.sections} sections, {p.h2} h2")
dupes = {i for i in p.ids if p.ids.count(i) > 1}
if dupes: problems.append(f"ids repeated: {sorted(dupes)}")
missing = sorted(set(p.refs) - set(p.ids))
if missing: problems.append(f"references to no element: {missing}")
print("\n".join(problems) if problems else f"ok {len(tables)} tables {p.svgs} charts {len(doc['definitions'])} definitions")
PY
)
[[ "$STRUCTURE" == ok* ]] || fail "the page's structure" "$STRUCTURE"
echo "html structure: $STRUCTURE"

# The same report on standard output (html is text): the same page but its generated_at fact.
run report annual --year 2024 --format html
expect_rc 0
CHECKS=$((CHECKS + 1))
[ "$(printf '%s\n' "$OUT" | grep -v generated_at)" = "$(grep -v generated_at r.html)" ] ||
  fail "stdout and --output differ"
run --lang en report annual --year 2024 --format html
expect_rc 0
expect_out_contains '<html lang="en">'

# --- headless Chromium -------------------------------------------------------------------------
CHECKS=$((CHECKS + 1))
if ! command -v chromium >/dev/null; then
  fail "chromium is not installed (scripts/bootstrap chromium)"
else
  chrome() {
    timeout 60 chromium --headless=new --no-sandbox --disable-gpu --user-data-dir="$(mktemp -d "$SCRATCH/chrome.XXXXXX")" \
      --enable-logging=stderr --v=0 --window-size=1280,2000 "$@"
  }
  chrome --screenshot="$SCRATCH/shot.png" "file://$SCRATCH/r.html" >/dev/null 2>chrome.log || fail "chromium failed" "$(tail chrome.log)"
  CHECKS=$((CHECKS + 1))
  ! grep -E 'CONSOLE|Uncaught' chrome.log || fail "console messages from the page"
  CHECKS=$((CHECKS + 1))
  SIZE=$(stat -c %s shot.png 2>/dev/null || echo 0)
  [ "$SIZE" -gt 20000 ] || fail "the screenshot is missing or trivial ($SIZE bytes)"
  chrome --dump-dom "file://$SCRATCH/r.html" >dom.html 2>chrome-dom.log || fail "chromium --dump-dom failed"
  CHECKS=$((CHECKS + 1))
  ! grep -E 'CONSOLE|Uncaught' chrome-dom.log || fail "console messages from the page (dump-dom)"
  chrome --no-pdf-header-footer --print-to-pdf="$SCRATCH/r.pdf" "file://$SCRATCH/r.html" >/dev/null 2>chrome-pdf.log ||
    fail "chromium --print-to-pdf failed"
  CHECKS=$((CHECKS + 1))
  [ "$(head -c 5 r.pdf 2>/dev/null)" = "%PDF-" ] && grep -aq "/MediaBox \[0 0 594.9" r.pdf ||
    fail "the page does not print on A4"
  expect_file_has dom.html "<h1>"
  expect_file_has dom.html '<dl class="facts"'
  CHECKS=$((CHECKS + 1))
  [ "$(grep -o '<svg' dom.html | wc -l)" = "$(grep -o '<svg' r.html | wc -l)" ] ||
    fail "Chromium's DOM holds another number of charts than the file"
  CHECKS=$((CHECKS + 1))
  [ "$(grep -o '<table' dom.html | wc -l)" = "$(grep -o '<table' r.html | wc -l)" ] ||
    fail "Chromium's DOM holds another number of tables than the file"
fi

# --- misuse --------------------------------------------------------------------------------------
PAGE=$(sha256sum <r.html)
refuse "epb: error: --output r.html: file exists (use --force to replace it)" \
  report annual --year 2024 --format html --output r.html
expect_file_unchanged r.html "$PAGE"
refuse "epb: error: --output $LEDGER: *" report annual --year 2024 --format html --output "$LEDGER" --force
refuse "epb: error: --output $LEDGER-wal: *" report annual --year 2024 --format html --output "$LEDGER-wal" --force
refuse "epb: error: --output: an empty path: name the file" report annual --year 2024 --format html --output ""
refuse "epb: error: --output $SCRATCH/nowhere/r.html: no such directory $SCRATCH/nowhere" \
  report annual --year 2024 --format html --output "$SCRATCH/nowhere/r.html"
refuse "epb: error: --table: csv, tsv and jsonl write one table; this format writes them all" \
  report annual --year 2024 --format html --table services
expect_file_unchanged r.html "$PAGE"
CHECKS=$((CHECKS + 1))
[ ! -e "$SCRATCH/nowhere" ] || fail "a refused --output made a directory"
# --force replaces the page.
run report annual --year 2024 --format html --output r.html --force
expect_rc 0
expect_err "epb: annual report written to r.html (html)"

finish
