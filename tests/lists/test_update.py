"""Safety rules of imports and updates, on hand-built datasets (the parser is replaced by a lookup table)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tradeguard.errors import ParseError, UpdateRefusedError
from tradeguard.lists.model import Entry, EntryKind, ParsedDataset
from tradeguard.lists.update import (
    ImportReport,
    companion_files,
    dataset_digest,
    file_sha256,
    import_file,
    safety_problems,
)
from tradeguard.settings import Settings
from tradeguard.store import SQLiteStore


def entries(ids: range, name: str = "PARTY") -> tuple[Entry, ...]:
    return tuple(
        Entry(id=f"us-bis-dpl:{n}", source="us-bis-dpl", source_id=str(n), kind=EntryKind.PERSON, name=f"{name} {n}")
        for n in ids
    )


class FakeParser:
    """Returns the dataset registered for a file name, or raises ParseError for names registered as broken."""

    def __init__(self) -> None:
        self.by_name: dict[str, ParsedDataset | str] = {}

    def add(self, folder: Path, name: str, result: ParsedDataset | str) -> Path:
        path = folder / name
        path.write_text(f"{name} {result if isinstance(result, str) else len(result.entries)}")
        self.by_name[name] = result
        return path

    def __call__(self, path: Path, fmt: str | None) -> ParsedDataset:
        result = self.by_name[path.name]
        if isinstance(result, str):
            raise ParseError(result, path=str(path), line=7)
        return result


def dpl(ids: range, name: str = "PARTY") -> ParsedDataset:
    return ParsedDataset("us-bis-dpl", "dpl-txt", entries(ids, name), source_rows=len(ids))


@pytest.fixture
def store(settings: Settings) -> Iterator[SQLiteStore]:
    with SQLiteStore(settings.db) as opened:
        yield opened


@pytest.fixture
def parser() -> FakeParser:
    return FakeParser()


def run(store: SQLiteStore, path: Path, settings: Settings, parser: FakeParser, force: bool = False) -> ImportReport:
    return import_file(store, path, force=force, settings=settings, parser=parser)


def test_first_import_then_update_reports_added_and_removed(
    store: SQLiteStore, settings: Settings, parser: FakeParser, tmp_path: Path
) -> None:
    first = run(store, parser.add(tmp_path, "v1.txt", dpl(range(100))), settings, parser)
    assert (first.status, first.entry_count, first.previous_snapshot_id, first.added) == ("imported", 100, None, 100)
    second = run(store, parser.add(tmp_path, "v2.txt", dpl(range(10, 115))), settings, parser)
    assert (second.status, second.previous_snapshot_id, second.previous_count) == ("imported", first.snapshot_id, 100)
    assert (second.entry_count, second.added, second.removed, second.forced) == (105, 15, 10, False)
    assert second.sha256 == file_sha256(tmp_path / "v2.txt")
    assert [s.id for s in store.active_snapshots()] == [second.snapshot_id]


def test_same_file_again_is_unchanged(
    store: SQLiteStore, settings: Settings, parser: FakeParser, tmp_path: Path
) -> None:
    path = parser.add(tmp_path, "v1.txt", dpl(range(5)))
    first = run(store, path, settings, parser)
    again = run(store, path, settings, parser)
    assert (again.status, again.snapshot_id) == ("unchanged", first.snapshot_id)
    assert "nothing to do" in again.message
    assert len(store.snapshots()) == 1


def test_dropping_more_than_the_allowed_share_is_refused_unless_forced(
    store: SQLiteStore, settings: Settings, parser: FakeParser, tmp_path: Path
) -> None:
    before = run(store, parser.add(tmp_path, "v1.txt", dpl(range(100))), settings, parser)
    shrunk = parser.add(tmp_path, "v2.txt", dpl(range(79)))  # 21 of 100 removed: 21% > 20%
    with pytest.raises(UpdateRefusedError, match=r"remove 21 of 100 active entries \(21\.0%\).*nothing changed"):
        run(store, shrunk, settings, parser)
    assert [s.id for s in store.snapshots()] == [before.snapshot_id]
    forced = run(store, shrunk, settings, parser, force=True)
    assert (forced.status, forced.forced, forced.removed) == ("imported", True, 21)
    assert "forced past" in forced.message


def test_exactly_the_allowed_share_passes(
    store: SQLiteStore, settings: Settings, parser: FakeParser, tmp_path: Path
) -> None:
    run(store, parser.add(tmp_path, "v1.txt", dpl(range(100))), settings, parser)
    report = run(store, parser.add(tmp_path, "v2.txt", dpl(range(20, 100))), settings, parser)
    assert (report.status, report.removed) == ("imported", 20)


def test_replacing_ids_counts_as_removal_even_if_the_size_is_kept(
    store: SQLiteStore, settings: Settings, parser: FakeParser, tmp_path: Path
) -> None:
    run(store, parser.add(tmp_path, "v1.txt", dpl(range(100))), settings, parser)
    with pytest.raises(UpdateRefusedError, match="remove 50 of 100"):
        run(store, parser.add(tmp_path, "v2.txt", dpl(range(50, 150))), settings, parser)


def test_empty_dataset_is_refused_unless_forced(
    store: SQLiteStore, settings: Settings, parser: FakeParser, tmp_path: Path
) -> None:
    empty = parser.add(tmp_path, "empty.txt", dpl(range(0)))
    with pytest.raises(UpdateRefusedError, match="no entries"):
        run(store, empty, settings, parser)
    assert store.snapshots() == []
    assert run(store, empty, settings, parser, force=True).status == "imported"


def test_unparseable_file_is_refused_even_when_forced(
    store: SQLiteStore, settings: Settings, parser: FakeParser, tmp_path: Path
) -> None:
    before = run(store, parser.add(tmp_path, "v1.txt", dpl(range(10))), settings, parser)
    broken = parser.add(tmp_path, "broken.txt", "file ends in the middle of a record")
    with pytest.raises(UpdateRefusedError, match=r"broken\.txt:7: file ends in the middle.*nothing changed"):
        run(store, broken, settings, parser, force=True)
    assert [s.id for s in store.snapshots()] == [before.snapshot_id]


def test_missing_file_is_refused(store: SQLiteStore, settings: Settings, parser: FakeParser, tmp_path: Path) -> None:
    with pytest.raises(UpdateRefusedError, match="not a readable file"):
        run(store, tmp_path / "nope.txt", settings, parser)


def test_going_back_to_an_older_file_reactivates_its_snapshot(
    store: SQLiteStore, settings: Settings, parser: FakeParser, tmp_path: Path
) -> None:
    v1 = parser.add(tmp_path, "v1.txt", dpl(range(100)))
    first = run(store, v1, settings, parser)
    run(store, parser.add(tmp_path, "v2.txt", dpl(range(100), name="NEW")), settings, parser)
    back = run(store, v1, settings, parser)
    assert (back.status, back.snapshot_id) == ("imported", first.snapshot_id)
    assert "re-activated" in back.message
    assert len(store.snapshots()) == 2
    assert store.get_entry("us-bis-dpl:3").name == "PARTY 3"


def test_safety_problems_rules() -> None:
    assert safety_problems("d", {"a"}, set(), 0.2) == []
    assert safety_problems("d", set(), set(), 0.2) == ["d: the new version has no entries"]
    assert safety_problems("d", {"a", "b", "c", "d"}, {"a", "b", "c", "d", "e"}, 0.2) == []  # 1 of 5 = 20%
    assert len(safety_problems("d", {"a", "b", "c"}, {"a", "b", "c", "d", "e"}, 0.2)) == 1
    assert safety_problems("d", {"x"}, {"a"}, 1.0) == []


def test_ofac_companions_are_part_of_the_version(tmp_path: Path) -> None:
    for name in ("SDN.CSV", "ADD.CSV", "alt.csv", "sdn_comments.csv", "add-2021.csv", "other.csv"):
        (tmp_path / name).write_text(name)
    assert [p.name for p in companion_files(tmp_path / "SDN.CSV")] == ["ADD.CSV", "alt.csv", "sdn_comments.csv"]
    (tmp_path / "cons_prim-2025-12-19.csv").write_text("x")
    (tmp_path / "cons_alt-2025-12-19.csv").write_text("x")
    assert [p.name for p in companion_files(tmp_path / "cons_prim-2025-12-19.csv")] == ["cons_alt-2025-12-19.csv"]
    assert companion_files(tmp_path / "other.csv") == []
    main = file_sha256(tmp_path / "SDN.CSV")
    assert dataset_digest(main) == main
    assert dataset_digest(main, ["b", "a"]) == dataset_digest(main, ["a", "b"]) != dataset_digest(main, ["a", "c"])
