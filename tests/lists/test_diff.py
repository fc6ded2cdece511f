"""Snapshot diffs on hand-built versions: added, removed, changed with the exact fields and values."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from tradeguard.errors import InputError
from tradeguard.lists.diff import FieldChange, describe_change, diff_snapshots, latest_pair
from tradeguard.lists.model import Alias, Entry, EntryKind, ParsedDataset
from tradeguard.store import SQLiteStore


def entry(n: int, **changes: object) -> Entry:
    base = Entry(
        id=f"us-ofac-sdn:{n}",
        source="us-ofac-sdn",
        source_id=str(n),
        kind=EntryKind.ORGANIZATION,
        name=f"COMPANY {n}",
        programs=("IRAN",),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    with SQLiteStore(tmp_path / "db.sqlite") as opened:
        yield opened


def load(store: SQLiteStore, entries: list[Entry], sha256: str, code: str = "us-ofac-sdn") -> int:
    return store.import_snapshot(ParsedDataset(code, "ofac-csv", tuple(entries)), sha256=sha256).id


def test_added_removed_and_changed_fields(store: SQLiteStore) -> None:
    old = load(store, [entry(1), entry(2), entry(3), entry(4)], "v1")
    new = load(
        store,
        [
            entry(1),
            entry(2, name="COMPANY TWO", aliases=(Alias("C2"),)),
            entry(4, programs=("IRAN", "SDGT")),
            entry(5),
        ],
        "v2",
    )
    diff = diff_snapshots(store, old, new)
    assert diff.counts() == {"added": 1, "removed": 1, "changed": 2, "unchanged": 1}
    assert [e.id for e in diff.added] == ["us-ofac-sdn:5"]
    assert [e.name for e in diff.removed] == ["COMPANY 3"]
    two, four = diff.changed
    assert two.entry_id == "us-ofac-sdn:2"
    assert two.changes == (
        FieldChange("name", "COMPANY 2", "COMPANY TWO"),
        FieldChange("aliases", (), ({"name": "C2", "type": "aka", "strong": True},)),
    )
    assert four.changes == (FieldChange("programs", ("IRAN",), ("IRAN", "SDGT")),)
    as_json = diff.to_dict(limit=1)
    assert as_json["counts"]["changed"] == 2 and len(as_json["changed"]) == 1
    assert as_json["changed"][0]["fields"][0] == {"field": "name", "old": "COMPANY 2", "new": "COMPANY TWO"}


def test_reverse_diff_swaps_added_and_removed(store: SQLiteStore) -> None:
    old = load(store, [entry(1), entry(2)], "v1")
    new = load(store, [entry(2, name="X"), entry(3)], "v2")
    forward, backward = diff_snapshots(store, old, new), diff_snapshots(store, new, old)
    assert [e.id for e in backward.added] == [e.id for e in forward.removed]
    assert [e.id for e in backward.removed] == [e.id for e in forward.added]
    assert backward.changed[0].changes == (FieldChange("name", "X", "COMPANY 2"),)


def test_identical_content_has_no_changes(store: SQLiteStore) -> None:
    old = load(store, [entry(1), entry(2)], "v1")
    new = load(store, [entry(2), entry(1)], "v2")  # order does not matter
    assert diff_snapshots(store, old, new).counts() == {"added": 0, "removed": 0, "changed": 0, "unchanged": 2}


def test_latest_pair_and_errors(store: SQLiteStore) -> None:
    with pytest.raises(InputError, match="0 snapshot"):
        latest_pair(store, "us-ofac-sdn")
    first = load(store, [entry(1)], "v1")
    other = load(store, [entry(1)], "u1", code="un-sc")
    with pytest.raises(InputError, match="1 snapshot"):
        latest_pair(store, "us-ofac-sdn")
    second = load(store, [entry(2)], "v2")
    third = load(store, [entry(3)], "v3")
    assert latest_pair(store, "us-ofac-sdn") == (second, third)
    assert first < second
    with pytest.raises(InputError, match="cannot diff"):
        diff_snapshots(store, first, other)


def test_describe_change_lists_items_added_and_removed() -> None:
    aliases = FieldChange(
        "aliases",
        ({"name": "OLD", "type": "fka", "strong": True}, {"name": "KEPT", "type": "aka", "strong": True}),
        ({"name": "KEPT", "type": "aka", "strong": True}, {"name": "NEW", "type": "aka", "strong": False}),
    )
    assert describe_change(aliases) == "aliases: +NEW (aka); -OLD (fka)"
    assert describe_change(FieldChange("programs", ("A", "B"), ("B", "A"))) == "programs: reordered"
    assert describe_change(FieldChange("extra", (), (("gender", "Male"),))) == "extra: +gender: Male"
    assert describe_change(FieldChange("remarks", None, "a.k.a. 'CDG'.")) == "remarks: None → a.k.a. 'CDG'."
