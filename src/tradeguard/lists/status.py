"""Per-dataset health for `lists status`: the active snapshot, how old its data is, counts per list, staleness."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from tradeguard.lists.model import Snapshot
from tradeguard.lists.sources import DATASETS
from tradeguard.settings import Settings
from tradeguard.store.base import Store


@dataclass(frozen=True, slots=True)
class DatasetStatus:
    """One dataset's state; `age_days` counts from the publisher's date when known, else from the import."""

    dataset: str
    title: str
    snapshot_id: int | None = None
    published: str | None = None
    imported_at: datetime | None = None
    age_days: int | None = None
    age_basis: str | None = None  # "published" or "imported"
    entry_count: int = 0
    counts_by_list: dict[str, int] = field(default_factory=dict)
    stale: bool = False
    warning: str | None = None
    filename: str | None = None
    format: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["imported_at"] = self.imported_at.isoformat() if self.imported_at else None
        return data


def _published_date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def snapshot_status(snapshot: Snapshot, title: str, stale_after_days: int, now: datetime) -> DatasetStatus:
    """The status of one active snapshot at `now`."""
    published = _published_date(snapshot.published)
    basis = "published" if published else "imported"
    since = published or snapshot.imported_at.astimezone(UTC).date()
    age = (now.astimezone(UTC).date() - since).days
    stale = age > stale_after_days
    warning = f"older than {stale_after_days} days ({age} days since {basis}); run `lists update`" if stale else None
    return DatasetStatus(
        dataset=snapshot.dataset,
        title=title,
        snapshot_id=snapshot.id,
        published=snapshot.published,
        imported_at=snapshot.imported_at,
        age_days=age,
        age_basis=basis,
        entry_count=snapshot.entry_count,
        counts_by_list=dict(snapshot.counts_by_list),
        stale=stale,
        warning=warning,
        filename=snapshot.filename,
        format=snapshot.format,
    )


def list_status(store: Store, settings: Settings, *, now: datetime | None = None) -> list[DatasetStatus]:
    """Every known dataset (imported or not) and any other dataset found in the store, in registry order."""
    now = now or datetime.now(UTC)
    active = {snapshot.dataset: snapshot for snapshot in store.active_snapshots()}
    result = []
    for code in [*DATASETS, *sorted(active.keys() - DATASETS.keys())]:
        title = DATASETS[code].title if code in DATASETS else code
        if code in active:
            result.append(snapshot_status(active[code], title, settings.stale_after_days, now))
        else:
            result.append(DatasetStatus(code, title, warning="never imported"))
    return result
