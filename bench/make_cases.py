"""Generate the labelled name-pair table `tests/fixtures/match/list-cases.csv` ONCE from the real lists.

Run from the project root: `.venv/bin/python bench/make_cases.py` (and `... make_cases.py un` for the second table,
`tests/fixtures/match/un-script-cases.csv`: UN NAME_ORIGINAL_SCRIPT names vs their Latin names, with hard negatives).
Deterministic (fixed seed). The output is small and
committed; the list files themselves are never copied. Sources, all in ../shared/data/lists:

- cross-script positives: persons whose Latin name has an alias in Cyrillic, Arabic, Chinese or Greek script
  (derived EU/UN/OFAC merge; the UN part is the UN list's NAME_ORIGINAL_SCRIPT);
- variant positives: OFAC SDN primary names and their a.k.a.s (2021-07-07 CSV), and the CSL 2022 Huawei Entity
  List rows against their alt_names. Akas that share no spelling at all with the name (nicknames, "Abu Ali") say
  nothing about name matching, so pairs with a rapidfuzz token_set_ratio below 50 — a generic measure, not this
  matcher — are left out;
- legal-form positives: SDN company names with their legal form spelt another way;
- hard negatives: two different SDN persons with the same surname, or the same given name and a similar surname;
  two different SDN organisations sharing their first word; two different Huawei Entity List entries; a company name
  with its number changed.
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import random
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

from anyascii import anyascii
from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("TRADEGUARD_SHARED_DATA", ROOT / "../shared/data")) / "lists"
OUT = ROOT / "tests/fixtures/match/list-cases.csv"
rng = random.Random(7)


def script_of(name: str) -> str:
    for char in name:
        if char.isalpha() and ord(char) > 0x24F:
            word = unicodedata.name(char, "OTHER").split()[0]
            return {"CJK": "chinese"}.get(word, word.lower())
    return "latin"


def cross_script_rows() -> list[dict[str, str]]:
    data = json.loads((DATA / "derived/eu-un-ofaccons-2026-01-28.json").read_text(encoding="utf-8"))["entities"]
    by_script: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for entity in data:
        if entity["type"] != "individual" or script_of(entity["name"]) != "latin":
            continue
        for alias in entity["aliases"]:
            script = script_of(alias)
            if script in {"cyrillic", "arabic", "chinese", "greek"} and same_name(entity["name"], alias):
                by_script[script].append((entity["name"], alias))
    quota = {"cyrillic": 120, "arabic": 120, "chinese": 30, "greek": 20}
    rows = []
    for script, pairs in sorted(by_script.items()):
        for latin, other in rng.sample(pairs, min(quota[script], len(pairs))):
            rows.append(row(latin, other, "Person", True, f"cross-script-{script}"))
    return rows


def _consonants(text: str) -> str:
    return re.sub(r"[aeiouyw'`]", "", anyascii(text).lower())


_GENERIC = re.compile(
    r"\b(co|company|ltd|limited|llc|inc|corp|corporation|s|a|sa|de|c|v|cv|the|of|and|al|el|bank|group|trading|"
    r"international|industries|technologies|technology|affiliated|entity)\b"
)


def _distinctive(name: str) -> str:
    """The name without legal forms and generic words, for the alias filter (sharing "S.A." is not a variant)."""
    return _GENERIC.sub(" ", re.sub(r"[^a-z0-9]+", " ", name.lower())).strip()


def same_name(latin: str, other: str) -> bool:
    """Keep transliterations, drop nicknames and translations ("Abu Yasir", "The surgeon"): consonants must agree.

    A generic filter (anyascii + rapidfuzz on consonants), not this matcher.
    """
    return fuzz.token_set_ratio(_consonants(latin), _consonants(other)) >= 60


def sdn_entries() -> dict[str, tuple[str, str, list[str]]]:
    base = DATA / "us-ofac-sdn/2021-07-07"
    entries: dict[str, tuple[str, str, list[str]]] = {}
    with (base / "sdn.csv").open(encoding="latin-1", newline="") as handle:
        for fields in csv.reader(handle):
            if len(fields) > 2:
                kind = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane"}.get(
                    fields[2].strip().lower(), "Company"
                )
                entries[fields[0]] = (fields[1].strip(), kind, [])
    with (base / "alt.csv").open(encoding="latin-1", newline="") as handle:
        for fields in csv.reader(handle):
            if len(fields) > 3 and fields[0] in entries:
                entries[fields[0]][2].append(fields[3].strip())
    return entries


def alias_rows(entries: dict[str, tuple[str, str, list[str]]]) -> list[dict[str, str]]:
    pairs = [
        (name, alias, kind)
        for name, kind, aliases in entries.values()
        for alias in aliases
        if fuzz.token_set_ratio(_distinctive(name), _distinctive(alias)) >= 60 and name.lower() != alias.lower()
    ]
    rows = [row(a, b, kind, True, "sdn-alias") for a, b, kind in rng.sample(pairs, 160)]
    exact = rng.sample(list(entries.values()), 20)
    rows += [row(name, name, kind, True, "exact") for name, kind, _ in exact]
    return rows


LEGAL_SWAPS = (
    (r"\bCO\., LTD\.$", "COMPANY LIMITED"),
    (r"\bLTD\.?$", "LIMITED"),
    (r"\bLLC$", "LIMITED LIABILITY COMPANY"),
    (r"\bJSC$", "JOINT STOCK COMPANY"),
    (r"\bINC\.?$", "INCORPORATED"),
    (r"\bCORP\.?$", "CORPORATION"),
    (r"\bS\.A\.$", "SA"),
    (r"\bGMBH$", "G.M.B.H."),
)


def legal_form_rows(entries: dict[str, tuple[str, str, list[str]]]) -> list[dict[str, str]]:
    rows = []
    companies = sorted(name for name, kind, _ in entries.values() if kind == "Company")
    for pattern, replacement in LEGAL_SWAPS:
        matching = [name for name in companies if re.search(pattern, name)]
        for name in rng.sample(matching, min(6, len(matching))):
            rows.append(row(name, re.sub(pattern, replacement, name), "Company", True, "legal-form-variant"))
    return rows


def _tokens(name: str) -> list[str]:
    return re.findall(r"[A-Za-z]+", name.upper())


def person_negative_rows(entries: dict[str, tuple[str, str, list[str]]]) -> list[dict[str, str]]:
    persons = [name for name, kind, _ in entries.values() if kind == "Person" and "," in name]
    by_surname: dict[str, list[str]] = defaultdict(list)
    for name in persons:
        by_surname[name.split(",")[0].strip().upper()].append(name)
    pairs = []
    for names in by_surname.values():
        for a, b in itertools.pairwise(names):
            given_a, given_b = _tokens(a.split(",", 1)[1]), _tokens(b.split(",", 1)[1])
            if given_a and given_b and given_a[0] != given_b[0]:
                pairs.append((a, b))
    rows = [row(a, b, "Person", False, "same-surname-other-person") for a, b in rng.sample(pairs, min(90, len(pairs)))]
    by_given: dict[str, list[str]] = defaultdict(list)
    for name in persons:
        given = _tokens(name.split(",", 1)[1])
        if given:
            by_given[given[0]].append(name)
    near = []
    for names in by_given.values():
        for a, b in itertools.pairwise(names):
            surname_a, surname_b = a.split(",")[0].upper(), b.split(",")[0].upper()
            if surname_a != surname_b and fuzz.ratio(surname_a, surname_b) >= 60:
                near.append((a, b))
    rows += [row(a, b, "Person", False, "same-given-similar-surname") for a, b in rng.sample(near, min(50, len(near)))]
    return rows


def org_negative_rows(entries: dict[str, tuple[str, str, list[str]]]) -> list[dict[str, str]]:
    orgs = [name for name, kind, _ in entries.values() if kind == "Company"]
    by_first: dict[str, list[str]] = defaultdict(list)
    for name in orgs:
        words = _tokens(name)
        if len(words) >= 2 and len(words[0]) >= 4:
            by_first[words[0]].append(name)
    pairs = [
        (a, b)
        for names in by_first.values()
        for a, b in itertools.pairwise(names)
        if a.upper() != b.upper() and "BANK" not in a.upper() + b.upper()
    ]
    rows = [
        row(a, b, "Company", False, "shared-first-word-other-org") for a, b in rng.sample(pairs, min(90, len(pairs)))
    ]
    numbered = [name for name in orgs if re.search(r"\b\d{1,2}\b", name)]
    for name in rng.sample(numbered, min(15, len(numbered))):
        other = re.sub(r"\b(\d{1,2})\b", lambda m: str(int(m.group(1)) + 1), name, count=1)
        rows.append(row(name, other, "Company", False, "number-changed"))
    return rows


def huawei_rows() -> list[dict[str, str]]:
    with (DATA / "us-csl/consolidated-2022-05.csv").open(encoding="utf-8", newline="") as handle:
        rows_in = [r for r in csv.DictReader(handle) if "huawei" in r["name"].lower() and "Entity List" in r["source"]]
    rows = []
    for record in rows_in:
        for alias in filter(None, (a.strip() for a in record["alt_names"].split(";"))):
            if fuzz.token_set_ratio(_distinctive(record["name"]), _distinctive(alias)) >= 60:
                rows.append(row(record["name"], alias, "Company", True, "huawei-alias"))
    names = sorted({record["name"] for record in rows_in})
    negatives = [(a, b) for a, b in itertools.pairwise(names) if _core(a) != _core(b)]
    rows += [
        row(a, b, "Company", False, "huawei-other-entity") for a, b in rng.sample(negatives, min(40, len(negatives)))
    ]
    return rows


def _core(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower().split(",")[0])


def row(name1: str, name2: str, kind: str, is_match: bool, category: str) -> dict[str, str]:
    return {"name1": name1, "name2": name2, "kind": kind, "is_match": str(is_match).lower(), "category": category}


UN_OUT = ROOT / "tests/fixtures/match/un-script-cases.csv"
_UN_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")


def un_original_script() -> list[tuple[str, str, str]]:
    """(Latin name, NAME_ORIGINAL_SCRIPT name, kind) of every UN list entry that gives its name in its own script."""
    from lxml import etree

    root = etree.parse(str(DATA / "un/consolidated-2026-02.xml")).getroot()
    found = []
    for record in [*root.iter("INDIVIDUAL"), *root.iter("ENTITY")]:
        original = (record.findtext("NAME_ORIGINAL_SCRIPT") or "").strip()
        latin = " ".join(filter(None, ((record.findtext(part) or "").strip() for part in _UN_PARTS)))
        if original and latin and script_of(original) != "latin":
            found.append((latin, original, "Person" if record.tag == "INDIVIDUAL" else "Company"))
    return found


def un_rows() -> list[dict[str, str]]:
    """Positives: a UN entry's Latin name vs its original-script name. Hard negatives: the original-script name vs
    the Latin name of the most similar OTHER entry written in the same script (by a generic measure, not this
    matcher): relatives, namesakes, sister organisations."""
    entries = un_original_script()
    rows = [row(latin, original, kind, True, f"un-original-{script_of(original)}") for latin, original, kind in entries]
    for index, (latin, original, kind) in enumerate(entries):
        others = [
            (fuzz.token_set_ratio(latin, other_latin), other_latin)
            for other_index, (other_latin, other_original, other_kind) in enumerate(entries)
            if other_index != index
            and other_kind == kind
            and script_of(other_original) == script_of(original)
            and other_latin != latin
        ]
        if others:
            rows.append(row(max(others)[1], original, kind, False, f"un-other-{script_of(original)}"))
    return rows


def write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["name1", "name2", "kind", "is_match", "category"])
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} rows -> {path.relative_to(ROOT)}")


def main() -> None:
    import sys

    if sys.argv[1:] == ["un"]:  # the UN original-script table, generated later than the first table
        write(UN_OUT, un_rows())
        return
    entries = sdn_entries()
    rows = cross_script_rows() + alias_rows(entries) + legal_form_rows(entries)
    rows += person_negative_rows(entries) + org_negative_rows(entries) + huawei_rows()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    write(OUT, rows)


if __name__ == "__main__":
    main()
