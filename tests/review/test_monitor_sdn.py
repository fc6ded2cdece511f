"""Monitoring on the real SDN: 2021-08-18 → 2024-05-03 opens exactly the new potential matches of the register.

The expected cases are computed here without the monitor: the change set from the two parsed files' fingerprints,
and every registered party scored by brute force against every added or changed entry's names.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from tradeguard.engine import Engine
from tradeguard.errors import InputError
from tradeguard.lists.model import Entry, ParsedDataset
from tradeguard.lists.registry import parse_file
from tradeguard.lists.update import import_parsed
from tradeguard.match.model import Comparison, Party
from tradeguard.match.scorer import name_score, score_party
from tradeguard.names.normalize import normalize_name
from tradeguard.review.cases import decide
from tradeguard.review.model import CaseStatus, MonitorReport
from tradeguard.review.monitor import run_monitor
from tradeguard.review.register import import_parties, screen_registered
from tradeguard.settings import Settings, load_settings
from tradeguard.store import Store, open_store
from tradeguard.store.review import review_store
from tradeguard.store.sqlite import encode_entry

OLD, NEW = "sdn-2021-08-18.csv", "sdn-2024-05-03.csv"


@dataclass
class World:
    settings: Settings
    store: Store
    old: ParsedDataset
    new: ParsedDataset
    parties: list[Party]
    before: set[tuple[str, str]]  # (party name, entry id) of every case before the update
    cleared: tuple[str, str]  # a case marked false-positive whose entry changes in the update
    report: MonitorReport


def _person_order(name: str) -> str:
    """ "SAFAROV, Azamat" → "Azamat Safarov": how a customer file would write the listed person."""
    last, _, first = name.partition(", ")
    return f"{first} {last.title()}" if first else name.title()


def _register(old: ParsedDataset, new: ParsedDataset) -> list[Party]:
    """Parties named after entries added, changed, removed and unchanged, plus names on no list."""
    before, after = {e.id: e for e in old.entries}, {e.id: e for e in new.entries}
    changed = sorted(_changed_ids(old, new))
    unchanged = sorted(before.keys() & after.keys() - set(changed))
    rng = random.Random(6)
    picks = [
        *(after[k] for k in rng.sample(sorted(after.keys() - before.keys()), 30)),
        *(after[k] for k in rng.sample(changed, 15)),
        *(before[k] for k in rng.sample(sorted(before.keys() - after.keys()), 15)),
        *(before[k] for k in rng.sample(unchanged, 10)),
    ]
    parties = [Party(_person_order(e.name) if i % 2 else e.name, country=None) for i, e in enumerate(picks)]
    fillers = ["Bäckerei Müller GmbH", "Northwind Traders Ltd", "Blue Harbor Fisheries", "Jane Q. Example"]
    return parties + [Party(name) for name in fillers]


def _write_register(path: Path, parties: list[Party]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Customer ID", "Company Name"])
        writer.writerows([f"C{i:04d}", party.name] for i, party in enumerate(parties))


def _import(store: Store, parsed: ParsedDataset, name: str, settings: Settings) -> None:
    import_parsed(store, parsed, sha256=name, filename=name, force=False, max_drop_share=settings.max_drop_share)


@pytest.fixture(scope="module")
def world(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    folder = tmp_path_factory.mktemp("monitor")
    settings = load_settings(environ={"TRADEGUARD_DB": str(folder / "db.sqlite"), "TRADEGUARD_CONFIG": "/none"})
    sdn = shared_data / "lists/us-ofac-sdn"
    old, new = parse_file(sdn / OLD, None), parse_file(sdn / NEW, None)
    parties = _register(old, new)
    _write_register(folder / "customers.csv", parties)
    with open_store(settings.db) as store:
        _import(store, old, OLD, settings)
        registered = import_parties(store, folder / "customers.csv")
        screen_registered(store, Engine(settings, store), registered.added)
        run_monitor(store, settings)  # first check: the whole 2021 list, as if every entry were new
        cases = review_store(store).cases(None)
        before = {(case.party.name, case.entry_id) for case in cases}
        changed_ids = _changed_ids(old, new)
        target = next(case for case in cases if case.entry_id in changed_ids)
        decide(store, target.id, "false-positive", "different person", "alice")
        _import(store, new, NEW, settings)
        report = run_monitor(store, settings)
        yield World(settings, store, old, new, parties, before, (target.party.name, target.entry_id), report)


@cache
def _prints(parsed: ParsedDataset) -> dict[str, str]:
    """Entry id -> fingerprint (the store's fast encoder hashes the same canonical JSON as `Entry.fingerprint`)."""
    return {e.id: encode_entry(0, e)[5] for e in parsed.entries}


def _changed_ids(old: ParsedDataset, new: ParsedDataset) -> set[str]:
    before, after = _prints(old), _prints(new)
    return {key for key in before.keys() & after.keys() if before[key] != after[key]}


def _best(party: Party, entry: Entry, threshold: float) -> Comparison | None:
    query = normalize_name(party.name, party.kind)
    best = 0.0
    for name in entry.all_names():
        try:
            best = max(best, name_score(query, normalize_name(name, entry.kind)))
        except InputError:
            continue
    if best == 0.0:
        return None
    scored = score_party(party, query, entry, query, Comparison(best, best >= threshold, ""))
    return scored if scored.score >= threshold else None


def _brute_force(world: World, entries: list[Entry]) -> set[tuple[str, str]]:
    threshold = world.settings.threshold
    return {(p.name, e.id) for p in world.parties for e in entries if _best(p, e, threshold) is not None}


def test_the_register_was_screened_and_the_2021_list_checked_before_the_update(world: World) -> None:
    assert world.report.compared == (("us-ofac-sdn", 1, 2),)
    assert len(world.before) >= 20  # parties named after 2021 entries matched them


def test_monitoring_opens_exactly_the_new_potential_matches(world: World) -> None:
    old_ids = {e.id for e in world.old.entries}
    changed = _changed_ids(world.old, world.new)
    touched = [e for e in world.new.entries if e.id not in old_ids or e.id in changed]
    assert world.report.entries_checked == len(touched) == 6761 + 782
    expected = _brute_force(world, touched) - world.before
    opened = {(case.party.name, case.entry_id) for case in world.report.opened}
    assert opened == expected
    assert len(opened) >= 25  # the 30 parties named after added entries, less person-order misses
    assert all(case.status is CaseStatus.OPEN and case.origin == "monitor" for case in world.report.opened)


def test_a_cleared_case_whose_entry_changed_comes_back_for_review(world: World) -> None:
    reopened = {(case.party.name, case.entry_id) for case in world.report.reopened}
    assert world.cleared in reopened
    assert all(case.status is CaseStatus.REOPENED for case in world.report.reopened)


def test_removed_entries_close_their_cases_with_a_note(world: World) -> None:
    new_ids = {e.id for e in world.new.entries}
    expected = {pair for pair in world.before if pair[1] not in new_ids}
    closed = {(case.party.name, case.entry_id) for case in world.report.closed}
    assert closed == expected and len(closed) >= 10
    case = review_store(world.store).case(world.report.closed[0].id)
    assert case.status is CaseStatus.CLOSED
    assert case.history[-1].note == "entry removed from us-ofac-sdn in snapshot #2"


def test_a_second_run_without_list_changes_does_nothing(world: World) -> None:
    again = run_monitor(world.store, world.settings)
    assert again.compared == () and not again.changed
