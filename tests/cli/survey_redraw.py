#!/usr/bin/env python3
"""Re-draws an epb survey sample from the specification in epb-survey(1) SAMPLING alone.

Written from the man page, not from epb's C++: an auditor's check that a stored sample is what
the documented generator ("epb-sample-1") gives for its definition and frame.

    python3 survey_redraw.py --seed 42 --method systematic --rate 1/10 \\
        --strata unit,district --min-per-stratum 1 --spares 2 < frame.tsv

frame.tsv: one case a line, "ref<TAB>service<TAB>unit<TAB>district<TAB>closed", sorted by ref
(byte order); an optional first line "ref<TAB>service<TAB>unit<TAB>district<TAB>closed" is a
header. Prints "stratum<TAB>role<TAB>position<TAB>ref" for each member in the stored order, then
the sample's SHA-256. --table prints the per-stratum table instead
("stratum<TAB>frame<TAB>planned<TAB>drawn<TAB>spares").

>>> SampleStream(42, "").key == int(hashlib.sha256(b"epb-sample-1\\x0042\\x00").hexdigest()[:16], 16)
True
>>> systematic_positions(25, 3, FixedStream([7]))  # k = 25/3: 7/3, 32/3, 57/3
[2, 10, 19]
>>> plan_strata(Definition(size=10), [5, 3, 2, 0])
[5, 3, 2, 0]
>>> plan_strata(Definition(size=4, min_per_stratum=0), [1, 1, 1, 1, 1, 1])  # ties: earlier strata
[1, 1, 1, 1, 0, 0]
>>> parse_rate("12.5%"), parse_rate("3/40"), parse_rate("100%")
(Fraction(1, 8), Fraction(3, 40), Fraction(1, 1))
"""

import argparse
import hashlib
import sys
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import List, Optional

GENERATOR = "epb-sample-1"
MASK = (1 << 64) - 1
GAMMA = 0x9E3779B97F4A7C15
FIELDS = ("unit", "district", "service")


def mix(z):
    """SplitMix64's finaliser, arithmetic mod 2^64."""
    z ^= z >> 30
    z = (z * 0xBF58476D1CE4E5B9) & MASK
    z ^= z >> 27
    z = (z * 0x94D049BB133111EB) & MASK
    z ^= z >> 31
    return z


class SampleStream:
    """x(n) = mix(key + (n + 1) * GAMMA mod 2^64), n = 0, 1, 2, ..."""

    def __init__(self, seed, stratum):
        message = GENERATOR.encode() + b"\x00" + str(seed).encode() + b"\x00" + stratum.encode("utf-8")
        self.key = int.from_bytes(hashlib.sha256(message).digest()[:8], "big")
        self.n = 0

    def next(self):
        x = mix((self.key + (self.n + 1) * GAMMA) & MASK)
        self.n += 1
        return x

    def below(self, m):
        """The next x with x < 2^64 - (2^64 mod m), taken mod m."""
        limit = (1 << 64) - ((1 << 64) % m)
        while True:
            x = self.next()
            if x < limit:
                return x % m


class FixedStream:
    """For the examples above: below() returns the given numbers in turn."""

    def __init__(self, values):
        self.values = list(values)

    def below(self, m):
        value = self.values.pop(0)
        assert value < m
        return value


def systematic_positions(frame, n, stream):
    s = stream.below(frame)
    return [(s + j * frame) // n for j in range(n)]


def random_order(pool, count, stream):
    a = list(pool)
    for j in range(count):
        r = j + stream.below(len(a) - j)
        a[j], a[r] = a[r], a[j]
    return a[:count]


@dataclass
class Definition:
    rate: Optional[Fraction] = None
    size: Optional[int] = None
    strata: List[str] = field(default_factory=list)
    min_per_stratum: int = 1
    spares: int = 0
    method: str = "systematic"
    seed: int = 0


def plan_strata(definition, frames):
    if definition.rate is not None:
        num, den = definition.rate.numerator, definition.rate.denominator
        planned = [-(-f * num // den) for f in frames]  # ceil
    else:
        total = sum(frames)
        size = definition.size
        planned = [size * f // total if total else 0 for f in frames]
        remainders = [size * f % total if total else 0 for f in frames]
        left = size - sum(planned) if total else 0
        # Largest remainder first; on a tie the earlier stratum (sorted() is stable).
        for i in sorted(range(len(frames)), key=lambda i: -remainders[i])[:max(left, 0)]:
            planned[i] += 1
    return [min(max(p, definition.min_per_stratum), f) for p, f in zip(planned, frames)]


def stratum_name(fields, row):
    return "|".join(f"{name}={row[name]}" for name in fields)


def draw(definition, rows):
    """Returns (table, members): members as (stratum, role, position, ref) in stored order."""
    groups = {}
    for row in rows:
        groups.setdefault(stratum_name(definition.strata, row), []).append(row)
    names = sorted(groups, key=lambda name: name.encode("utf-8"))
    planned = plan_strata(definition, [len(groups[name]) for name in names])
    table, members = [], []
    for name, wanted in zip(names, planned):
        stratum_rows = groups[name]
        frame = len(stratum_rows)
        stream = SampleStream(definition.seed, name)
        chosen = []
        if wanted > 0:
            if definition.method == "systematic":
                chosen = systematic_positions(frame, wanted, stream)
            else:
                chosen = random_order(range(frame), wanted, stream)
        spare_count = min(definition.spares, frame - len(chosen))
        spares = []
        if spare_count > 0:
            taken = set(chosen)
            spares = random_order([p for p in range(frame) if p not in taken], spare_count, stream)
        table.append((name, frame, wanted, len(chosen), len(spares)))
        for role, positions in (("chosen", chosen), ("spare", spares)):
            for k, p in enumerate(positions, start=1):
                members.append((name, role, k, stratum_rows[p]["ref"]))
    return table, members


def sample_hash(members):
    digest = hashlib.sha256()
    for member in members:
        digest.update(("\t".join(str(part) for part in member) + "\n").encode("utf-8"))
    return digest.hexdigest()


def parse_rate(text):
    if text.endswith("%"):
        try:
            value = Fraction(Decimal(text[:-1])) / 100
        except (InvalidOperation, ValueError):
            raise ValueError(f"--rate: '{text}' is not a rate")
    else:
        num, slash, den = text.partition("/")
        if not slash or not num.isdigit() or not den.isdigit() or int(den) == 0:
            raise ValueError(f"--rate: '{text}' is not a rate")
        value = Fraction(int(num), int(den))
    if not 0 < value <= 1 or value.denominator > 1_000_000:
        raise ValueError(f"--rate: '{text}' is not a rate in (0, 1] with a denominator of at most 1000000")
    return value


def read_frame(stream):
    rows = []
    for number, line in enumerate(stream, start=1):
        line = line.rstrip("\n")
        if number == 1 and line == "ref\tservice\tunit\tdistrict\tclosed":
            continue
        parts = line.split("\t")
        if len(parts) != 5:
            raise ValueError(f"frame:{number}: expected 5 tab-separated fields, got {len(parts)}")
        rows.append(dict(zip(("ref", "service", "unit", "district", "closed"), parts)))
    refs = [row["ref"].encode("utf-8") for row in rows]
    if refs != sorted(refs) or len(set(refs)) != len(refs):
        raise ValueError("frame: not sorted by ref (byte order) with each ref once")
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--method", choices=("systematic", "simple"), default="systematic")
    how = parser.add_mutually_exclusive_group(required=True)
    how.add_argument("--rate", type=parse_rate)
    how.add_argument("--size", type=int)
    parser.add_argument("--strata", default="")
    parser.add_argument("--min-per-stratum", type=int, default=1)
    parser.add_argument("--spares", type=int, default=0)
    parser.add_argument("--table", action="store_true", help="print the per-stratum table")
    args = parser.parse_args()
    strata = [name for name in args.strata.split(",") if name] if args.strata else []
    if any(name not in FIELDS for name in strata) or len(set(strata)) != len(strata):
        parser.error(f"--strata: '{args.strata}' is not a list of unit, district, service")
    if not 0 <= args.seed <= MASK:
        parser.error("--seed: must be 0 .. 2^64-1")
    if args.size is not None and args.size <= 0:
        parser.error("--size: must be 1 or more")
    definition = Definition(args.rate, args.size, strata, args.min_per_stratum, args.spares, args.method, args.seed)
    sys.stdin.reconfigure(encoding="utf-8", newline="\n")
    sys.stdout.reconfigure(encoding="utf-8", newline="\n")
    try:
        rows = read_frame(sys.stdin)
    except ValueError as error:
        print(f"survey_redraw.py: {error}", file=sys.stderr)
        return 3
    table, members = draw(definition, rows)
    out = sys.stdout
    if args.table:
        for line in table:
            out.write("\t".join(str(part) for part in line) + "\n")
        return 0
    for member in members:
        out.write("\t".join(str(part) for part in member) + "\n")
    out.write(sample_hash(members) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
