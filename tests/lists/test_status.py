"""`lists status`: age from the published date (else the import), staleness, counts per list, missing datasets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tradeguard.lists.model import Entry, EntryKind, ParsedDataset, Snapshot
from tradeguard.lists.sources import DATASETS
from tradeguard.lists.status import list_status, snapshot_status
from tradeguard.settings import Settings
from tradeguard.store import SQLiteStore

NOW = datetime(2024, 5, 20, 12, 0, tzinfo=UTC)


def snapshot(published: str | None, imported_at: datetime) -> Snapshot:
    return Snapshot(7, "un-sc", "x", published, imported_at, 3, True, counts_by_list={"un-sc": 3})


def test_age_counts_from_the_published_date_when_known() -> None:
    status = snapshot_status(snapshot("2024-05-03", NOW - timedelta(hours=1)), "UN", 7, NOW)
    assert (status.age_days, status.age_basis, status.stale) == (17, "published", True)
    assert status.warning is not None and "older than 7 days (17 days since published)" in status.warning


def test_age_counts_from_the_import_otherwise() -> None:
    fresh = snapshot_status(snapshot(None, NOW - timedelta(days=7)), "UN", 7, NOW)
    assert (fresh.age_days, fresh.age_basis, fresh.stale, fresh.warning) == (7, "imported", False, None)
    stale = snapshot_status(snapshot("not a date", NOW - timedelta(days=8)), "UN", 7, NOW)
    assert (stale.age_days, stale.age_basis, stale.stale) == (8, "imported", True)


def test_list_status_covers_every_dataset(settings: Settings, tmp_path: Path) -> None:
    entries = tuple(
        Entry(id=f"us-csl:{n}", source=source, source_id=str(n), kind=EntryKind.UNKNOWN, name=f"N{n}")
        for n, source in enumerate(["us-bis-entity-list"] * 3 + ["us-ofac-sdn"] * 2 + ["us-bis-dpl"])
    )
    with SQLiteStore(settings.db) as store:
        store.import_snapshot(ParsedDataset("us-csl", "csl-csv", entries, published="2024-05-19"), sha256="a")
        store.import_snapshot(ParsedDataset("test-extra", "x", entries[:1]), sha256="b")
        statuses = list_status(store, settings, now=NOW)
    assert [s.dataset for s in statuses] == [*DATASETS, "test-extra"]
    csl = statuses[0]
    assert (csl.entry_count, csl.age_days, csl.stale) == (6, 1, False)
    assert csl.counts_by_list == {"us-bis-entity-list": 3, "us-ofac-sdn": 2, "us-bis-dpl": 1}
    assert list(csl.counts_by_list) == ["us-bis-entity-list", "us-ofac-sdn", "us-bis-dpl"]  # largest first
    missing = statuses[1]
    assert (missing.snapshot_id, missing.warning) == (None, "never imported")
    assert datetime.fromisoformat(csl.to_dict()["imported_at"]) == csl.imported_at
