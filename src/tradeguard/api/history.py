"""Where an entry has been: the snapshots of its dataset that hold it (the entry page and `GET /v1/entries/{id}`)."""

from __future__ import annotations

from typing import Any

from tradeguard.errors import NotFoundError
from tradeguard.lists.model import Entry, Snapshot
from tradeguard.store.base import Store


def dataset_of(entry_id: str) -> str:
    """Entry ids are `<dataset>:<source id>`."""
    return entry_id.split(":", 1)[0]


def entry_snapshots(store: Store, entry_id: str) -> list[Snapshot]:
    """Every snapshot (newest first) of the entry's dataset that contains it; a dataset keeps only tens of snapshots."""
    return [
        snapshot
        for snapshot in store.snapshots(dataset_of(entry_id))
        if next(iter(store.entries(snapshot.id, ids=[entry_id])), None) is not None
    ]


def latest_entry(store: Store, entry_id: str) -> tuple[Entry, bool]:
    """The entry from the active lists, else from the newest snapshot that held it; the flag says if it is active."""
    try:
        return store.get_entry(entry_id), True
    except NotFoundError:
        for snapshot in store.snapshots(dataset_of(entry_id)):
            found = next(iter(store.entries(snapshot.id, ids=[entry_id])), None)
            if found is not None:
                return found, False
        raise


def snapshot_summary(snapshot: Snapshot) -> dict[str, Any]:
    """A snapshot as JSON: what was imported when, how big, whether it is the active one."""
    return {
        "id": snapshot.id,
        "dataset": snapshot.dataset,
        "published": snapshot.published,
        "imported_at": snapshot.imported_at.isoformat(),
        "entry_count": snapshot.entry_count,
        "active": snapshot.active,
        "filename": snapshot.filename,
        "format": snapshot.format,
        "counts_by_list": dict(snapshot.counts_by_list),
    }
