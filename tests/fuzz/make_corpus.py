#!/usr/bin/env python3
"""Builds the fuzz seed corpora (tests/fuzz/corpus/TARGET/) from the test fixtures: the string
literals of the unit tests (adjacent literals joined, as C++ joins them), the here-documents of the
CLI tests, the shipped config and office calendar. Run again after tests change; commit the result.
Each seed is named by the SHA-1 of its bytes, so running it twice changes nothing."""
import hashlib
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parents[2]
out = root / "tests/fuzz/corpus"
k_max_seed = 64 * 1024
k_max_seeds = 150  # per target: small enough to replay in a second


def cpp_literals(text):
    """The string literals of a C++ source, adjacent ones joined, as bytes."""
    literals, current, i, n = [], None, 0, len(text)
    simple = {"n": b"\n", "t": b"\t", "r": b"\r", "0": b"\0", "\\": b"\\", '"': b'"', "'": b"'", "a": b"\a",
              "b": b"\b", "f": b"\f", "v": b"\v", "?": b"?"}
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            i = text.find("\n", i)
            i = n if i < 0 else i
            continue
        if text.startswith("/*", i):
            i = text.find("*/", i)
            i = n if i < 0 else i + 2
            continue
        if c == "'" and i > 0 and not text[i - 1].isalnum():  # a char literal, not a digit separator
            j = i + 1
            while j < n and text[j] != "'":
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            continue
        raw = re.match(r'(?:u8|u|U|L)?R"([^(\s]{0,16})\(', text[i:i + 24])
        if raw and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            end = text.find(")" + raw.group(1) + '"', i + raw.end())
            if end < 0:
                break
            piece = text[i + raw.end():end].encode()
            current = piece if current is None else current + piece
            i = end + len(raw.group(1)) + 2
            continue
        plain = re.match(r'(?:u8)?"', text[i:i + 3])
        if plain and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            j, piece = i + plain.end(), bytearray()
            while j < n and text[j] != '"':
                if text[j] == "\\":
                    e = text[j + 1]
                    if e == "x":
                        m = re.match(r"[0-9a-fA-F]+", text[j + 2:])
                        piece.append(int(m.group(0), 16) & 0xFF)
                        j += 2 + len(m.group(0))
                        continue
                    if e in "01234567":
                        m = re.match(r"[0-7]{1,3}", text[j + 1:])
                        piece.append(int(m.group(0), 8) & 0xFF)
                        j += 1 + len(m.group(0))
                        continue
                    piece += simple.get(e, e.encode())
                    j += 2
                    continue
                piece += text[j].encode()
                j += 1
            current = bytes(piece) if current is None else current + bytes(piece)
            i = j + 1
            continue
        if not c.isspace() and current is not None:
            literals.append(current)
            current = None
        i += 1
    if current is not None:
        literals.append(current)
    return literals


def heredocs(text):
    """(file name, body) of each `cat >FILE <<'TAG'` here-document of a shell test."""
    pattern = re.compile(r"cat\s*>\s*\"?([^\"\s<]+)\"?\s*<<-?\s*'?(\w+)'?\n(.*?)\n\2\n", re.S)
    return [(m.group(1), (m.group(3) + "\n").encode()) for m in pattern.finditer(text)]


seeds = {}


def add(target, data):
    if 0 < len(data) <= k_max_seed:
        seeds.setdefault(target, {})[hashlib.sha1(data).hexdigest()[:16]] = data


def unit(name):
    return cpp_literals((root / "tests/unit" / name).read_text())


def is_calendar(data):
    return data.startswith(b"date,kind") or "西元日期".encode() in data[:40]


# Tabular input: the import, reader and calendar tests' texts, the CLI tests' files.
for path in sorted((root / "tests/unit").glob("test_*.cpp")):
    for data in cpp_literals(path.read_text()):
        if b"\n" not in data:
            continue
        if is_calendar(data):
            add("calendar", data)
        elif data.lstrip().startswith(b"{"):
            add("jsonl", data)
        elif b"\t" in data.split(b"\n")[0]:
            add("tsv", data)
        elif b"," in data.split(b"\n")[0]:
            add("csv", data)
        if path.name.startswith("test_config"):
            add("config", data)
for path in sorted((root / "tests/cli").glob("*.sh")):
    for name, data in heredocs(path.read_text()):
        suffix = pathlib.Path(name).suffix
        if is_calendar(data):
            add("calendar", data)
        elif suffix in (".csv", ".tsv", ".jsonl"):
            add(suffix[1:], data)
        elif suffix == ".toml":
            add("config", data)
for path in sorted((root / "tests/cli/fixtures").glob("*.tsv")):
    add("tsv", path.read_bytes())
for data in unit("test_fixed_width.cpp"):
    if b"\n" in data:
        add("fixed_width", data)

# The CSV texts as TSV too (TSV tests are few), and collection files as the CLI tests write them.
for data in list(seeds.get("csv", {}).values()):
    add("tsv", data.replace(b",", b"\t"))
bank = "H20260105BANKA\n" + "".join(f"{slip:<12}{amount:010d}{day:<8}{txn:<16}\n" for slip, amount, day, txn in (
    ("115000001012", 9831, "20260302", "B-0001"), ("115000001020", 9830, "20260303", "B-0002"))) + "T000002\n"
add("fixed_width", bank.encode())
cvs = "".join(f"{slip:<12}{amount:010d}{day:<7}{txn:<16}\n" for slip, amount, day, txn in (
    ("115000001012", 9831, "1150302", "C-0001"), ("115000001020", 9830, "1150303", "C-0002"))) + "T000002\n"
add("fixed_width", cvs.encode())

# The shipped files.
add("config", (root / "config/epb.toml").read_bytes())
add("calendar", (root / "config/tw-office-calendar.csv").read_bytes())
templates = re.findall(r'^(?:subject|body)_(?:zh|en) = "((?:[^"\\]|\\.)*)"', (root / "config/epb.toml").read_text(), re.M)
for text in templates:
    add("template", text.encode().decode("unicode_escape").encode("latin-1") if text.isascii() else text.encode())

# Short values: the validators', dates', rules' and durations' tests.
for name in ("test_validators.cpp", "test_bank_account.cpp", "test_field_parsers.cpp", "test_privacy.cpp"):
    for data in unit(name):
        if len(data) < 80 and b"\n" not in data:
            add("validators", data)
for name in ("test_dates.cpp", "test_period.cpp", "test_field_parsers.cpp"):
    for data in unit(name):
        if len(data) < 60 and b"\n" not in data and re.search(rb"\d", data):
            add("date", data)
for name in ("test_deadline.cpp", "test_config.cpp"):
    for data in unit(name):
        if len(data) < 40 and re.search(rb"\d+ ?(work|day|hour)", data):
            add("deadline_rule", data)
for m in re.finditer(rb'deadline = "([^"]*)"', (root / "config/epb.toml").read_bytes()):
    add("deadline_rule", m.group(1))
for path in sorted((root / "tests/unit").glob("test_*.cpp")):
    for data in cpp_literals(path.read_text()):
        if re.fullmatch(rb"[-+ ]?\d+(\.\d+)? ?[a-z]{1,8}", data) and len(data) < 16:
            add("duration", data)
        if b"{" in data and len(data) < 400 and path.name in ("test_notify_plan.cpp", "test_config_notify.cpp"):
            add("template", data)

# The config target's dictionary: every table and key the shipped config uses.
toml = (root / "config/epb.toml").read_text()
words = sorted(set(re.findall(r"^\[+([^\]]+)\]+", toml, re.M)) | set(re.findall(r"^([a-z_0-9]+) =", toml, re.M)))
lines = ["# Tables and keys of config/epb.toml (libFuzzer dictionary; tests/fuzz/make_corpus.py writes it)."]
lines += ['"[%s]"' % word if "." in word else '"%s = "' % word for word in words]
(root / "tests/fuzz/config.dict").write_text("\n".join(lines) + "\n")

for target in sorted(seeds):
    directory = out / target
    directory.mkdir(parents=True, exist_ok=True)
    chosen = sorted(seeds[target].items(), key=lambda item: (len(item[1]), item[0]))[:k_max_seeds]
    for old in directory.iterdir():
        old.unlink()
    for digest, data in chosen:
        (directory / digest).write_bytes(data)
    print(f"{target}: {len(chosen)} seeds", file=sys.stderr)
