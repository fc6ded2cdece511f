"""Monitoring benchmark: a register of N parties rescreened against a 200-entry change of the SDN (issue 6).

    .venv/bin/python -m bench.bench_monitor [--parties 1000000] [--planted 100]

Set-up (once per N, kept in bench/out/monitor/): the SDN of 2021-08-18 imported; N counterparties made with Faker
across eight locales (persons and companies, each with its locale's country) plus `--planted` parties named after
entries of the change (exact, title case, "given family" order); all registered through `add_parties` (normalised
once, blocking keys written to the inverted table), with normalisation spread over two processes.
Timed: a copy of that database gets a new SDN snapshot = 2021 + 100 entries added (taken from the 2024 list) + 100
entries changed (their 2024 versions), then `run_monitor` rescreens the register against those 200 entries.
"""

from __future__ import annotations

import argparse
import random
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

from faker import Faker

from bench.common import LISTS, bench_settings, build_aside, machine, remove_database
from tradeguard.errors import InputError
from tradeguard.lists.model import Entry, ParsedDataset
from tradeguard.lists.registry import parse_file
from tradeguard.lists.update import import_parsed
from tradeguard.match.model import Party
from tradeguard.review.monitor import run_monitor
from tradeguard.review.register import keys_digest, new_party
from tradeguard.store import open_store
from tradeguard.store.review import NewParty, review_store

OUT = Path(__file__).resolve().parent / "out" / "monitor"
SDN = LISTS / "us-ofac-sdn"
LOCALES = {
    "en_US": "US", "de_DE": "DE", "fr_FR": "FR", "ru_RU": "RU", "zh_CN": "CN", "es_MX": "MX", "tr_TR": "TR",
    "it_IT": "IT",
}  # fmt: skip
CHUNK = 20_000


def _fake_parties(seed: int, count: int) -> list[tuple[str, str]]:
    """(name, country) pairs: half persons, half companies, from one locale per chunk."""
    rng = random.Random(seed)
    locale = rng.choice(sorted(LOCALES))
    fake = Faker(locale)
    fake.seed_instance(seed)
    return [(fake.company() if rng.random() < 0.5 else fake.name(), LOCALES[locale]) for _ in range(count)]


def _prepare(batch: list[tuple[str, str]]) -> list[NewParty]:
    prepared = []
    for name, country in batch:
        try:
            prepared.append(new_party(Party(name, country=country)))
        except InputError:
            continue
    return prepared


def _generate(seed: int) -> list[NewParty]:
    """One chunk of fake parties, normalised (runs in a worker process)."""
    return _prepare(_fake_parties(seed, CHUNK))


def _change(old: ParsedDataset, new: ParsedDataset, size: int) -> tuple[list[Entry], list[Entry]]:
    """(entries added, entries changed): `size // 2` of each, real ones from the 2024 list."""
    before = {entry.id: entry for entry in old.entries}
    rng = random.Random(200)
    added = rng.sample([e for e in new.entries if e.id not in before], size // 2)
    changed = rng.sample([e for e in new.entries if e.id in before and before[e.id] != e], size - size // 2)
    return added, changed


def _planted(entries: list[Entry], count: int) -> list[NewParty]:
    parties = []
    for at, entry in enumerate(entries[:count]):
        last, _, first = entry.name.partition(", ")
        name = [entry.name, entry.name.title(), f"{first} {last.title()}" if first else entry.name.upper()][at % 3]
        parties.append(new_party(Party(name)))
    return parties


def build(db: Path, parties: int, planted: list[NewParty], old: ParsedDataset) -> None:
    """The base database: the 2021 SDN, the register, and monitoring state at the 2021 snapshot."""
    settings = bench_settings(db)
    started = time.perf_counter()
    with open_store(settings.db) as store:
        snapshot = import_parsed(store, old, sha256="sdn-2021", filename="sdn-2021-08-18.csv", force=True,
                                 max_drop_share=1.0)  # fmt: skip
        reviews = review_store(store)
        reviews.add_parties(planted)
        with ProcessPoolExecutor(2) as pool:
            # Twice the chunks needed: Faker repeats names, and a repeated (name, country) is registered once.
            batches = pool.map(_generate, range(2 * (parties // CHUNK + 1)))
            for batch in batches:
                reviews.add_parties(batch)
                registered = reviews.party_count()
                print(f"  registered {registered:,} ({time.perf_counter() - started:.0f} s)", flush=True)
                if registered >= parties + len(planted):
                    break
        assert snapshot.snapshot_id is not None
        reviews.set_monitor_state("us-ofac-sdn", snapshot.snapshot_id)
        reviews.set_key_digest(keys_digest())  # keyed by this code: the monitor run does not re-key
    print(f"register built in {time.perf_counter() - started:.0f} s; database {db.stat().st_size / 1e9:.2f} GB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--parties", type=int, default=1_000_000)
    parser.add_argument("--change", type=int, default=200)
    parser.add_argument("--planted", type=int, default=100)
    args = parser.parse_args()
    print(machine())
    old, new = parse_file(SDN / "sdn-2021-08-18.csv", None), parse_file(SDN / "sdn-2024-05-03.csv", None)
    added, changed = _change(old, new, args.change)
    OUT.mkdir(parents=True, exist_ok=True)
    # Per normalising code: a register keyed by another version would be re-keyed by the run (rekey_register).
    base = OUT / f"register-{args.parties}-{keys_digest()}.sqlite"
    build_aside(base, lambda path: build(path, args.parties, _planted([*added, *changed], args.planted), old))
    run = OUT / "run.sqlite"
    remove_database(run)
    shutil.copyfile(base, run)
    version = {entry.id: entry for entry in old.entries} | {entry.id: entry for entry in [*added, *changed]}
    updated = replace(old, entries=tuple(version[key] for key in sorted(version)))
    settings = bench_settings(run)
    with open_store(settings.db) as store:
        import_parsed(store, updated, sha256="sdn-change", filename="change.csv", force=True, max_drop_share=1.0)
        total = review_store(store).party_count()
        started = time.perf_counter()
        report = run_monitor(store, settings)
        elapsed = time.perf_counter() - started
    planted = {party.party_key for party in _planted([*added, *changed], args.planted)}
    found = {case.party_key for case in report.opened} & planted
    print(
        f"register {total:,} parties; change: {len(added)} added + {len(changed)} changed entries\n"
        f"monitor run: {elapsed:.1f} s; {report.parties_scored:,} party/entry pairs scored; "
        f"{len(report.opened)} cases opened; planted parties found {len(found)}/{len(planted)}"
    )


if __name__ == "__main__":
    main()
