#!/usr/bin/env python3
"""pii_scan.py [--ledger LEDGER] [--allow WORD]... FILE...: proves a file carries no personal data.

Exits 0 when no FILE shows any of the following, else 1 listing every hit (file, what, text) on
stdout; the last line on stderr counts the files, the ledger values looked for and the hits:
- a Taiwan national ID ([A-Z][12] + 8 digits) or resident certificate number, new ([A-Z][89] + 8
  digits) or old ([A-Z][A-D] + 8 digits) (DOMAIN.md §1), any letter case, checksum or not;
- a UBN that could be a sole proprietor's: any standalone run of exactly 8 digits (no digit,
  letter, '-', ':', '.' or '/' on either side, so parts of ISO dates, times, case refs and
  decimals are not one) that is not itself a YYYYMMDD date from 1912 to 2099 — every 8-digit
  number is suspect, whatever its checksum;
- a phone number: a mobile 09 + 8 digits (also written 09xx-xxx-xxx or with spaces, or +886 9...),
  a landline 0 + 1-2 digit area code (or +886 and the code without its 0), an optional '-' or
  space, 6-8 digits (not inside a longer number, a ref or a date);
- an e-mail address;
- with --ledger: every personal value the ledger holds — the names, ID numbers, UBNs, phones,
  e-mails, addresses, payees and accounts of cases, subsidies, fees, payments, notices and
  survey opt-outs (every table's columns of those names) — as written, as CSV quotes it
  ("" for "), as JSON escapes it and as XML escapes it; of an address also its part after the
  district (the street and number), so a leak of the street alone shows.
  A value of fewer than 2 characters is skipped (it would match everywhere), and so is one
  equal to a word the output carries by design: a district of the ledger's cases, or a word
  given with --allow (a service or unit name); each skipped value is named on stderr.
An .ods (or any zip) FILE is scanned member by member (content.xml, styles.xml, meta.xml...).
Standard library only.
"""
import argparse
import json
import re
import sqlite3
import sys
import zipfile
from datetime import date
from xml.sax.saxutils import escape

ID_PATTERNS = [
    ("national ID", re.compile(r"(?<![A-Za-z0-9])[A-Za-z][12]\d{8}(?!\d)")),
    ("resident certificate", re.compile(r"(?<![A-Za-z0-9])[A-Za-z][89]\d{8}(?!\d)")),
    ("resident certificate (old)", re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Da-d]\d{8}(?!\d)")),
]
EIGHT_DIGITS = re.compile(r"(?<![0-9A-Za-z\-:./])\d{8}(?![0-9A-Za-z\-:./])")
PHONE_PATTERNS = [
    ("mobile phone", re.compile(r"(?<![0-9A-Za-z\-])(?:0|\+886[- ]?)9\d{2}[- ]?\d{3}[- ]?\d{3}(?![0-9])")),
    ("phone", re.compile(r"(?<![0-9A-Za-z\-])(?:0|\+886[- ]?)\d{1,2}[- ]?\d{6,8}(?![0-9])")),
    ("phone", re.compile(r"\(0\d{1,2}\) ?\d{3,4}-?\d{4}(?![0-9])")),
]
EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")

# Columns that hold personal data (or an exact place) in any table of the ledger.
PERSONAL_COLUMNS = {
    "applicant_name", "id_number", "business_number", "phone", "email", "address", "applicant_id",
    "owner_id", "payee", "account", "account_number", "recipient_name", "recipient", "site_address",
    "place", "contractor", "scrapped_plate", "new_plate", "new_frame",
}
# Where an address's administrative part may end (縣/市, then 區/鄉/鎮/市): what follows is the
# street and number, scanned for on its own.
ADMIN_END = re.compile(r"[縣市區鄉鎮]")


def is_date(digits):
    try:
        year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:])
        return 1912 <= year <= 2099 and date(year, month, day) is not None
    except ValueError:
        return False


def ledger_values(path, allowed):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    allowed = set(allowed)
    if "case_file" in tables:
        allowed |= {r[0] for r in db.execute("SELECT DISTINCT district FROM case_file WHERE district <> ''")}
    values = {}
    for table in tables:
        columns = [r[1] for r in db.execute(f'PRAGMA table_info("{table}")')]
        for column in columns:
            if column not in PERSONAL_COLUMNS:
                continue
            for (value,) in db.execute(f'SELECT DISTINCT "{column}" FROM "{table}" WHERE "{column}" <> \'\''):
                value = str(value)
                values.setdefault(value, f"{table}.{column}")
                if "address" in column or column == "place":
                    for m in ADMIN_END.finditer(value[:10]):
                        street = value[m.end():]
                        if len(street) >= 4:
                            values.setdefault(street, f"{table}.{column} (street)")
    kept = {}
    for value, where in values.items():
        if len(value) < 2 or value in allowed:
            print(f"pii_scan: not scanning for {value!r} ({where}): too short or a word the output carries",
                  file=sys.stderr)
            continue
        kept[value] = where
    return kept


def spellings(value):
    yield value
    yield value.replace('"', '""')
    yield json.dumps(value, ensure_ascii=False)[1:-1]
    yield json.dumps(value)[1:-1]
    yield escape(value, {'"': "&quot;", "'": "&apos;"})


def scan_text(name, text, values):
    hits = []
    for what, pattern in ID_PATTERNS + PHONE_PATTERNS + [("e-mail", EMAIL)]:
        hits += [(name, what, m.group(0)) for m in pattern.finditer(text)]
    hits += [(name, "8-digit number (UBN?)", m.group(0)) for m in EIGHT_DIGITS.finditer(text) if not is_date(m.group(0))]
    for value, where in values.items():
        if any(s in text for s in set(spellings(value))):
            hits.append((name, f"ledger value of {where}", value))
    return hits


def scan_file(path, values):
    if zipfile.is_zipfile(path):
        hits = []
        with zipfile.ZipFile(path) as archive:
            for member in archive.namelist():
                text = archive.read(member).decode("utf-8", errors="replace")
                hits += scan_text(f"{path}:{member}", text, values)
        return hits
    with open(path, encoding="utf-8", errors="replace") as f:
        return scan_text(path, f.read(), values)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ledger", help="also scan for every personal value this ledger holds")
    parser.add_argument("--allow", action="append", default=[], help="a word the output carries by design")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    values = ledger_values(args.ledger, args.allow) if args.ledger else {}
    hits = []
    for path in args.files:
        hits += scan_file(path, values)
    for name, what, text in hits:
        print(f"{name}: {what}: {text}")
    # The summary says how much was looked for, so a test can tell a real scan from an empty one.
    print(f"pii_scan: {len(args.files)} file(s), {len(values)} ledger value(s) looked for, "
          f"{len(hits)} hit{'s' if len(hits) != 1 else ''}", file=sys.stderr)
    return 1 if hits else 0


if __name__ == "__main__":
    sys.exit(main())
