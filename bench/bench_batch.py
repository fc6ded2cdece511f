"""Batch screening benchmark (issue 4): throughput, recall of planted list-name variants, and memory on a large file.

Run: `.venv/bin/python -m bench.bench_batch [--rows N] [--recall-variants N] [--large-rows N] [--workers N]`.
Loads every list of issue 3 (bench/common.py `load_all_lists`) into a database under bench/out/batch/, then:

1. throughput: `screen_file` on a CSV of `--rows` realistic customer rows — person and company names made with Faker
   across eight locales (Latin, Cyrillic, Chinese, Arabic, Japanese scripts), ~1% of them true variants of list names
   (legal-form change, transliteration, typo, word order) — with all lists loaded and `--workers` processes;
2. recall: a file of `--recall-variants` planted variants alone; a variant counts as found when its row is a
   potential match whose hits include the entry it was made from (or another entry carrying the same name: the
   lists overlap, e.g. an SDN entry is also in the CSL);
3. memory: the same runner on a `--large-rows` file with a screener that answers instantly, so the run is long in
   rows but short in time; resident memory of the parent and its workers is sampled as the run goes, to show that
   it stays flat. This also measures the runner's own ceiling (reading, dispatch, writing) apart from matching.
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing
import os
import random
import re
import time
from collections import Counter
from collections.abc import Collection
from pathlib import Path

from faker import Faker

from bench.common import load_all_lists, machine
from tradeguard.batch import BatchObserver, BatchOptions, BatchProgress, BatchSummary, screen_file
from tradeguard.engine import Engine
from tradeguard.lists.model import AliasType, Entry, EntryKind
from tradeguard.match.model import Party, ScreenResult

OUT = Path(__file__).resolve().parent / "out" / "batch"
LOCALES = {
    "en_US": "US", "de_DE": "DE", "fr_FR": "FR", "ru_RU": "RU", "zh_CN": "CN", "ar_AA": "AE", "ja_JP": "JP",
    "es_MX": "MX", "tr_TR": "TR", "it_IT": "IT", "pt_BR": "BR", "ko_KR": "KR",
}  # fmt: skip
HEADER = ["customer_id", "customer_name", "type", "country", "city"]

# Legal forms as written on lists, and other ways companies write the same or a neighbouring form.
LEGAL_FORMS = {
    "LIMITED LIABILITY COMPANY": ["LLC", "L.L.C.", "Limited Liability Co."],
    "JOINT STOCK COMPANY": ["JSC", "Joint-Stock Company", "Joint Stock Co."],
    "CO., LTD.": ["Company Limited", "Co Ltd", "Ltd."], "CO. LTD": ["Company Limited", "Ltd"],
    "LIMITED": ["Ltd", "Ltd.", "Co. Ltd"], "LTD": ["Limited", "Ltd.", "LLC"], "LLC": ["L.L.C.", "Ltd", "LLP"],
    "JSC": ["Joint Stock Company", "OJSC", "PJSC"], "OJSC": ["JSC", "Open Joint Stock Company"],
    "INC": ["Incorporated", "Inc.", "Corp"], "CORPORATION": ["Corp.", "Corp", "Inc"], "GMBH": ["GmbH & Co. KG", "AG"],
    "S.A.": ["SA", "S.A. de C.V."], "FZE": ["FZCO", "FZ-LLC"], "COMPANY": ["Co.", "Co", "Company Ltd"],
}  # fmt: skip
# Words of legal forms, as the lists write them: kept in place when words trade places, and a form the table above
# does not know is left out rather than followed by a second one ("MACEDONIA LTDA Trading LLC" is no variant). The
# generator's own list, not `names.legal_forms.FORM_WORDS`: the variants must not take their idea of a legal form from
# the matcher they measure.
_LEGAL_WORDS = {
    "CO", "LTD", "LIMITED", "LLC", "JSC", "OJSC", "PJSC", "CJSC", "INC", "CORP", "CORPORATION", "GMBH", "COMPANY",
    "JOINT", "STOCK", "LIABILITY", "PUBLIC", "OPEN", "CLOSED", "S.A", "SA", "DE", "C.V", "FZE", "JOINT-STOCK",
    "PRIVATE", "LTDA", "LIMITADA", "SARL", "SRL", "S.R.L", "SAS", "S.A.S", "SPA", "S.P.A", "SL", "S.L", "OOO", "AO",
    "ZAO", "OAO", "PAO", "PLC", "AG", "KG", "BV", "NV", "AB", "AS", "OY", "OYJ", "FZCO", "FZC", "FZ", "LLP", "LP",
    "EIRELI", "OOD", "EOOD", "EAD", "AD", "DOO", "D.O.O", "SDN", "BHD", "PTE", "PVT", "ANONIM", "SIRKETI", "TOO",
    "TOV", "KFT", "ZRT", "JVC", "CIA", "SOCIEDAD", "ANONIMA", "OBSHCHESTVO", "OGRANICHENNOI", "OGRANICHENNOY",
    "OTVETSTVENNOSTYU", "OTVETSTVENNOSTIU", "AKTSIONERNOE", "ZAKRYTOE", "OTKRYTOE", "PUBLICHNOE", "S", "R.L",
}  # fmt: skip


def _is_form_word(word: str) -> bool:
    return word.upper().strip(".,()") in _LEGAL_WORDS


APPENDED_FORMS = ["LLC", "Ltd", "Co., Ltd.", "GmbH", "Trading LLC", "Inc."]
# Romanisation differences between sources: one of these patterns applied where it fits (the old French-style -off
# ends a surname, Smirnoff: "Novak" is never "Noffak").
TRANSLITERATIONS = [
    ("MOHAMMED", "MUHAMMAD"), ("MOHAMMAD", "MOHAMED"), ("MUHAMMAD", "MOHAMMAD"), ("AHMAD", "AHMED"),
    ("YOUSSEF", "YUSUF"), ("HUSSEIN", "HUSAYN"), ("ABDUL ", "ABD AL "), ("KH", "H"), ("OU", "U"), ("YU", "IU"),
    ("YA", "IA"), ("IY", "Y"), ("SH", "SCH"), ("ZH", "J"), ("EV", "EW"), ("Q", "K"), ("EI", "EY"), (r"OV\b", "OFF"),
    ("TS", "TZ"), ("EE", "I"),
]  # fmt: skip


def _has_other_script(text: str) -> bool:
    return any(char.isalpha() and ord(char) > 0x24F for char in text)


def _typo(name: str, rng: random.Random) -> str:
    words = name.split()
    long_words = [at for at, word in enumerate(words) if len(word) >= 5]
    if not long_words:
        return name
    at = rng.choice(long_words)
    word = words[at]
    pos = rng.randrange(1, len(word) - 1)
    edit = rng.randrange(4)
    if edit == 0:
        word = word[:pos] + word[pos + 1 :]  # dropped letter
    elif edit == 1:
        word = word[:pos] + word[pos + 1] + word[pos] + word[pos + 2 :]  # swapped letters
    elif edit == 2:
        word = word[:pos] + word[pos] + word[pos:]  # doubled letter
    else:
        letter = rng.choice("aeiourstn")
        word = word[:pos] + (letter.upper() if word.isupper() else letter) + word[pos + 1 :]  # wrong letter
    words[at] = word
    return " ".join(words)


def _legal_form(name: str, rng: random.Random) -> str:
    upper = name.upper().rstrip(" .")
    for form, others in LEGAL_FORMS.items():
        if upper.endswith(" " + form.rstrip(".")) or upper.endswith(" " + form):
            cut = len(name) - len(form) - (0 if name.upper().endswith(form) else 1)
            return name[: max(cut, 1)].rstrip(" ,") + " " + rng.choice(others)
    words = name.rstrip(" .").split()
    if not any(_is_form_word(word) for word in words):
        return " ".join(words) + " " + rng.choice(APPENDED_FORMS)
    # A form of its own that the table does not know ("PJSC Kazan Helicopters", "MACEDONIA LTDA."): left out, as
    # customer records often do.
    while len(words) > 1 and _is_form_word(words[-1]):
        words.pop()
    while len(words) > 1 and _is_form_word(words[0]):
        words.pop(0)
    return " ".join(words).rstrip(" ,")


def _word_order(name: str, entry: Entry, rng: random.Random) -> str:
    if "," in name and entry.kind == EntryKind.PERSON:
        surname, given = name.split(",", 1)
        return f"{given.strip()} {surname.strip()}"  # "KIM, Jong Un" -> "Jong Un KIM"
    words = name.split()
    if entry.kind == EntryKind.PERSON:
        return " ".join([words[-1], *words[:-1]])  # family name first
    # Companies: two words that are not the legal form trade places ("Alfa Beta Trading LLC" -> "Beta Alfa ...").
    movable = [at for at, word in enumerate(words) if not _is_form_word(word)]
    if len(movable) < 2:
        return " ".join([words[-1], *words[:-1]])
    first, second = sorted(rng.sample(movable, 2))
    words[first], words[second] = words[second], words[first]
    return " ".join(words)


def _transliteration(name: str, entry: Entry, rng: random.Random) -> str:
    scripts = [alias.name for alias in entry.aliases if alias.type == AliasType.ORIGINAL_SCRIPT]
    scripts += [alias.name for alias in entry.aliases if _has_other_script(alias.name)]
    if scripts and rng.random() < 0.5:
        return rng.choice(scripts)  # the name in its own script, as a customer record may hold it
    upper = name.upper()
    fitting = [(old, new) for old, new in TRANSLITERATIONS if re.search(old, upper)]
    if not fitting:  # transliterable through its other-script names only
        return rng.choice(scripts)
    old, new = rng.choice(fitting)
    return re.sub(old, new, upper, count=1)


def _transliterable(entry: Entry) -> bool:
    upper = entry.name.upper()
    return any(_has_other_script(alias.name) for alias in entry.aliases) or any(
        re.search(old, upper) for old, _ in TRANSLITERATIONS
    )


def plant(entry: Entry, rng: random.Random) -> tuple[str, str]:
    """A true variant of one of `entry`'s names, and which kind of variant it is."""
    name = entry.name
    kinds = ["typo"]
    if _transliterable(entry):
        kinds.append("transliteration")
    if len(name.split()) > 1:
        kinds.append("word_order")
    if entry.kind in (EntryKind.ORGANIZATION, EntryKind.UNKNOWN) and not _has_other_script(name):
        kinds += ["legal_form", "legal_form"]
    kind = rng.choice(kinds)
    if kind == "typo":
        return _typo(name, rng), kind
    if kind == "legal_form":
        return _legal_form(name, rng), kind
    if kind == "word_order":
        return _word_order(name, entry, rng), kind
    return _transliteration(name, entry, rng), kind


def plantable(entries: list[Entry]) -> list[Entry]:
    """Entries whose primary name is specific enough to plant: two words or more, eight letters or more."""
    return [
        entry
        for entry in entries
        if entry.kind != EntryKind.VESSEL
        and len(entry.name.split()) >= 2
        and sum(char.isalpha() for char in entry.name) >= 8
        and not _has_other_script(entry.name)
    ]


class FakeCustomers:
    """Realistic customer rows: Faker person and company names across locales, with their country and city."""

    def __init__(self, seed: int) -> None:
        self._fakers = []
        for number, locale in enumerate(LOCALES):
            fake = Faker(locale)
            fake.seed_instance(seed + number)
            self._fakers.append((fake, LOCALES[locale]))
        self._rng = random.Random(seed)

    def row(self, number: int) -> list[str]:
        fake, country = self._rng.choice(self._fakers)
        if self._rng.random() < 0.5:
            return [f"C{number:08d}", fake.name(), "person", country, fake.city()]
        return [f"C{number:08d}", fake.company(), "company", country, fake.city()]


def write_input(path: Path, rows: int, share: float, pool: list[Entry], seed: int) -> dict[int, tuple[str, str, str]]:
    """Write a customer file; return the planted rows: line -> (entry id, variant kind, variant)."""
    rng = random.Random(seed)
    fakes = FakeCustomers(seed)
    planted: dict[int, tuple[str, str, str]] = {}
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for number in range(rows):
            if rng.random() < share:
                entry = rng.choice(pool)
                variant, kind = plant(entry, rng)
                planted[number + 2] = (entry.id, kind, variant)
                party_kind = "person" if entry.kind == EntryKind.PERSON else "company"
                writer.writerow([f"C{number:08d}", variant, party_kind, (entry.countries or ("",))[0], ""])
            else:
                writer.writerow(fakes.row(number))
    return planted


def equivalents(engine: Engine) -> dict[str, set[str]]:
    """Entry id -> every entry id carrying one of its names (the lists overlap: one party, several entries)."""
    index = engine.index()
    by_name: dict[str, set[str]] = {}
    for name in index.names:
        by_name.setdefault(name.text.upper(), set()).add(index.entries[name.entry_index].id)
    same: dict[str, set[str]] = {}
    for name in index.names:
        entry_id = index.entries[name.entry_index].id
        same.setdefault(entry_id, {entry_id}).update(by_name[name.text.upper()])
    return same


def recall(output: Path, planted: dict[int, tuple[str, str, str]], same: dict[str, set[str]]) -> dict[str, object]:
    """Share of planted rows flagged with their own entry, overall and by variant kind; and non-planted flag rate."""
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    flagged_other = other_rows = 0
    misses: list[str] = []
    with output.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), 2):
            if line not in planted:
                other_rows += 1
                flagged_other += row["status"] == "potential_match"
                continue
            entry_id, kind, variant = planted[line]
            hit_ids = {row["entry_id"]} | {hit["id"] for hit in json.loads(row["other_hits"] or "[]")}
            total[kind] += 1
            if row["status"] == "potential_match" and hit_ids & same.get(entry_id, {entry_id}):
                found[kind] += 1
            elif len(misses) < 15:
                misses.append(f"{kind}: {variant!r} (entry {entry_id})")
    by_kind = {kind: f"{found[kind]}/{total[kind]}" for kind in sorted(total)}
    share = sum(found.values()) / max(sum(total.values()), 1)
    other_share = flagged_other / max(other_rows, 1)
    return {
        "recall": round(share, 4),
        "by_kind": by_kind,
        "flagged_non_planted": round(other_share, 4),
        "misses": misses,
    }


def _pss_mb(pid: int) -> float:
    """Proportional set size: pages shared copy-on-write with the parent are split between the sharers, not repeated."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0.0
    match = re.search(r"^Pss:\s+(\d+) kB", text, re.MULTILINE)
    return int(match.group(1)) / 1024 if match else 0.0


class MemoryProbe(BatchObserver):
    """Samples the memory (PSS) of this process and its workers about once a second."""

    def __init__(self) -> None:
        self.samples: list[tuple[int, float, float]] = []  # (rows, parent MB, workers MB)
        self._last = 0.0

    def advanced(self, progress: BatchProgress) -> None:
        now = time.monotonic()
        if now - self._last < 1.0:
            return
        self._last = now
        workers = sum(_pss_mb(child.pid or 0) for child in multiprocessing.active_children())
        self.samples.append((progress.rows, _pss_mb(os.getpid()), workers))

    def report(self) -> str:
        if not self.samples:
            return "no samples"
        picks = [self.samples[int(i * (len(self.samples) - 1) / 4)] for i in range(5)]
        shown = ", ".join(f"{rows:,} rows: {parent:.0f}+{workers:.0f} MB" for rows, parent, workers in picks)
        peak = max(parent + workers for _, parent, workers in self.samples)
        return f"PSS parent+workers at {shown}; peak {peak:.0f} MB"


class InstantEngine:
    """Answers every party with no hits at once: isolates the runner's own cost and memory from matching."""

    def index(self) -> object:
        return None

    def close(self) -> None:
        pass

    def screen(
        self,
        party: Party,
        *,
        threshold: float | None = None,
        limit: int | None = None,
        sources: Collection[str] | None = None,
        near_misses: bool = True,
    ) -> ScreenResult:
        return ScreenResult(party, (), threshold or 0.8)


def _line(summary: BatchSummary) -> str:
    return (
        f"{summary.rows:,} rows in {summary.seconds:.1f} s = {summary.rate:,.0f} rows/s with {summary.workers} "
        f"worker(s) (index {summary.index_seconds:.1f} s); potential matches {summary.potential_matches:,}, "
        f"errors {summary.errors}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=5000, help="rows of the realistic throughput file")
    parser.add_argument("--recall-variants", type=int, default=3000, help="planted variants for recall")
    parser.add_argument("--large-rows", type=int, default=1_000_000, help="rows of the memory file (0: skip)")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--seed", type=int, default=20261122)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    settings = load_all_lists(OUT / "all-lists.sqlite")
    engine = Engine.from_settings(settings)
    pool = plantable(list(engine.index().entries))
    same = equivalents(engine)
    print(f"machine: {machine()}")
    print(f"lists: {len(engine.index().entries):,} entries, {len(engine.index()):,} names; {len(pool):,} plantable")
    options = BatchOptions(workers=args.workers)

    mixed = OUT / "customers.csv"
    planted = write_input(mixed, args.rows, 0.01, pool, args.seed)
    probe = MemoryProbe()
    summary = screen_file(lambda: engine, mixed, OUT / "customers.screened.csv", options, probe)
    print(f"throughput: {_line(summary)}")
    print(f"  memory: {probe.report()}")
    print(f"  planted in the mix: {recall(OUT / 'customers.screened.csv', planted, same)}")

    variants = OUT / "variants.csv"
    planted = write_input(variants, args.recall_variants, 1.0, pool, args.seed + 1)
    summary = screen_file(lambda: engine, variants, OUT / "variants.screened.csv", options)
    print(f"recall run: {_line(summary)}")
    print(f"  {recall(OUT / 'variants.screened.csv', planted, same)}")

    if args.large_rows:
        large = OUT / "large.csv"
        if not large.exists() or sum(1 for _ in large.open("rb")) != args.large_rows + 1:
            started = time.perf_counter()
            write_input(large, args.large_rows, 0.0, pool, args.seed + 2)
            print(f"large file: {args.large_rows:,} rows written in {time.perf_counter() - started:.0f} s")
        probe = MemoryProbe()
        summary = screen_file(InstantEngine, large, OUT / "large.screened.csv", options, probe)
        print(f"runner alone (instant screener): {_line(summary)}")
        print(f"  memory: {probe.report()}")


if __name__ == "__main__":
    main()
