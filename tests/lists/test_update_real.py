"""Imports of the real official files through the real parsers: counts, refusals of truncated files, the SDN diff.

Expected numbers come from the data README or are recomputed here with the csv module, never from our own output.
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from expected_counts import CSL_2022_BY_LIST

from tradeguard.errors import UpdateRefusedError
from tradeguard.lists.diff import diff_snapshots
from tradeguard.lists.update import import_file
from tradeguard.settings import Settings
from tradeguard.store import SQLiteStore


@pytest.fixture
def store(settings: Settings) -> Iterator[SQLiteStore]:
    with SQLiteStore(settings.db) as opened:
        yield opened


@pytest.fixture(scope="module")
def lists(shared_data: Path) -> Path:
    return shared_data / "lists"


@pytest.mark.slow
def test_full_csl_imports_every_row_grouped_by_list(store: SQLiteStore, settings: Settings, lists: Path) -> None:
    report = import_file(store, lists / "us-csl/consolidated-2022-05.csv", settings=settings)
    assert (report.dataset, report.status, report.entry_count) == ("us-csl", "imported", 14_160)
    [snapshot] = store.active_snapshots()
    assert snapshot.counts_by_list == CSL_2022_BY_LIST
    assert snapshot.source_rows == 14_160
    entries = list(store.entries(snapshot.id))
    # The diff relies on the stored fingerprints matching the model's own, for entries read back from the store.
    assert store.fingerprints(snapshot.id) == {entry.id: entry.fingerprint() for entry in entries}
    huawei = [e for e in entries if e.source == "us-bis-entity-list" and "huawei" in e.name.lower()]
    assert len(huawei) >= 100
    assert all(e.license_requirement and e.license_policy and e.federal_register for e in huawei)


@pytest.mark.parametrize(
    ("relative", "dataset", "count"),
    [
        ("us-ofac-sdn/2021-07-07/sdn.csv", "us-ofac-sdn", 8_976),
        ("us-ofac-consolidated/cons_prim-2025-12-19.csv", "us-ofac-cons", 442),
        ("us-ofac-consolidated/consolidated-2026-01-08.xml", "us-ofac-cons", 442),
        ("un/consolidated-2026-02.xml", "un-sc", 730 + 273),
        ("us-bis-dpl/dpl-2023-11-30.txt", "us-bis-dpl", None),
        ("us-csl/consolidated-2019-12-sample.csv", "us-csl", 115),
    ],
)
def test_official_files_import(
    store: SQLiteStore, settings: Settings, lists: Path, relative: str, dataset: str, count: int | None
) -> None:
    report = import_file(store, lists / relative, settings=settings)
    assert (report.dataset, report.status) == (dataset, "imported")
    if count is not None:
        assert report.entry_count == count
    assert store.snapshot(report.snapshot_id or 0).entry_count == report.entry_count
    assert sum(1 for _ in store.active_entries(datasets=[dataset])) == report.entry_count


def test_ofac_companion_files_are_part_of_the_version(
    store: SQLiteStore, settings: Settings, lists: Path, tmp_path: Path
) -> None:
    for part in ("prim", "add", "alt"):
        shutil.copy(lists / f"us-ofac-consolidated/cons_{part}-2025-12-19.csv", tmp_path / f"cons_{part}.csv")
    main = tmp_path / "cons_prim.csv"
    first = import_file(store, main, settings=settings)
    assert import_file(store, main, settings=settings).status == "unchanged"
    shutil.copy(lists / "us-ofac-consolidated/cons_comments-2025-12-19.csv", tmp_path / "cons_comments.csv")
    again = import_file(store, main, settings=settings)  # same main file, one more companion: a new version
    assert (again.status, again.added, again.removed) == ("imported", 0, 0)
    assert again.snapshot_id != first.snapshot_id


def cut(source: Path, dest: Path, *, at_line_end: bool) -> Path:
    data = source.read_bytes()
    end = data.rfind(b"\n", 0, len(data) // 2) + 1 if at_line_end else len(data) // 2 + 7
    dest.write_bytes(data[:end])
    return dest


def test_truncated_files_are_refused_and_change_nothing(
    store: SQLiteStore, settings: Settings, lists: Path, tmp_path: Path
) -> None:
    full = lists / "us-bis-dpl/dpl-2023-11-30.txt"
    before = import_file(store, full, settings=settings)
    mid_record = cut(full, tmp_path / "dpl.txt", at_line_end=False)
    with pytest.raises(UpdateRefusedError, match=r"cannot parse.*truncated"):
        import_file(store, mid_record, settings=settings, force=True)
    # Cut cleanly between records the file still parses, but it would drop half the list: refused too.
    half = cut(full, tmp_path / "dpl.txt", at_line_end=True)
    with pytest.raises(UpdateRefusedError, match="would remove"):
        import_file(store, half, settings=settings)
    assert [s.id for s in store.snapshots()] == [before.snapshot_id]
    assert store.integrity_check() == "ok"


def ent_rows(path: Path) -> dict[str, tuple[str, ...]]:
    """ent_num -> the row's cells, read with the csv module alone (OFAC's legacy CSVs are cp1252)."""
    with path.open(encoding="cp1252", newline="") as handle:
        return {row[0]: tuple(c.strip() for c in row) for row in csv.reader(handle) if row and row[0].isdigit()}


@pytest.mark.slow
def test_sdn_diff_reports_the_real_changes(store: SQLiteStore, settings: Settings, lists: Path) -> None:
    old_path, new_path = lists / "us-ofac-sdn/sdn-2021-08-18.csv", lists / "us-ofac-sdn/sdn-2024-05-03.csv"
    old = import_file(store, old_path, settings=settings)
    new = import_file(store, new_path, settings=settings)
    assert old.snapshot_id is not None and new.snapshot_id is not None
    diff = diff_snapshots(store, old.snapshot_id, new.snapshot_id)
    before, after = ent_rows(old_path), ent_rows(new_path)
    assert (len(before), len(after)) == (9_083, 14_965)
    expected_changed = sum(1 for key in before.keys() & after.keys() if before[key] != after[key])
    assert diff.counts() == {
        "added": len(after.keys() - before.keys()),
        "removed": len(before.keys() - after.keys()),
        "changed": expected_changed,
        "unchanged": len(before.keys() & after.keys()) - expected_changed,
    }
    assert {e.source_id for e in diff.added} == after.keys() - before.keys()
    assert (new.added, new.removed) == (len(diff.added), len(diff.removed))
