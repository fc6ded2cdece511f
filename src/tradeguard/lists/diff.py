"""What changed between two snapshots of a dataset: entries added, removed, and changed field by field.

Entries are matched by their stable id; a pair is "changed" iff `Entry.fingerprint()` differs, which the store keeps
beside every entry, so only the entries that differ are ever decoded.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from tradeguard.errors import InputError
from tradeguard.lists.model import Entry, Snapshot
from tradeguard.store.base import Store


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of an entry, before and after (plain JSON-ready values)."""

    field: str
    old: Any
    new: Any


@dataclass(frozen=True, slots=True)
class EntryChange:
    """An entry present in both snapshots whose content changed."""

    entry_id: str
    name: str
    source: str
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class SnapshotDiff:
    """Entries added, removed and changed from the `old` snapshot to the `new` one (each sorted by entry id)."""

    dataset: str
    old: Snapshot
    new: Snapshot
    added: tuple[Entry, ...]
    removed: tuple[Entry, ...]
    changed: tuple[EntryChange, ...]
    unchanged: int

    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "removed": len(self.removed),
            "changed": len(self.changed),
            "unchanged": self.unchanged,
        }

    def to_dict(self, limit: int | None = None) -> dict[str, Any]:
        """JSON-ready form; `limit` caps each list of entries (the counts stay complete)."""
        cut = slice(None, limit)
        return {
            "dataset": self.dataset,
            "old": {
                "id": self.old.id,
                "published": self.old.published,
                "imported_at": self.old.imported_at.isoformat(),
            },
            "new": {
                "id": self.new.id,
                "published": self.new.published,
                "imported_at": self.new.imported_at.isoformat(),
            },
            "counts": self.counts(),
            "added": [_brief(entry) for entry in self.added[cut]],
            "removed": [_brief(entry) for entry in self.removed[cut]],
            "changed": [
                {
                    "id": change.entry_id,
                    "name": change.name,
                    "source": change.source,
                    "fields": [{"field": c.field, "old": c.old, "new": c.new} for c in change.changes],
                }
                for change in self.changed[cut]
            ],
        }


def _brief(entry: Entry) -> dict[str, Any]:
    return {"id": entry.id, "name": entry.name, "source": entry.source, "kind": entry.kind.value}


def field_changes(old: Entry, new: Entry) -> tuple[FieldChange, ...]:
    """The fields whose values differ between two versions of an entry, in the model's field order."""
    before, after = old.to_dict(), new.to_dict()
    return tuple(
        FieldChange(f.name, before[f.name], after[f.name]) for f in fields(Entry) if before[f.name] != after[f.name]
    )


def diff_snapshots(store: Store, old_id: int, new_id: int) -> SnapshotDiff:
    """Compare two snapshots of the same dataset; InputError if they belong to different datasets."""
    old, new = store.snapshot(old_id), store.snapshot(new_id)
    if old.dataset != new.dataset:
        raise InputError(f"snapshot {old_id} is of {old.dataset} and {new_id} of {new.dataset}: cannot diff them")
    old_prints, new_prints = store.fingerprints(old_id), store.fingerprints(new_id)
    added_ids = new_prints.keys() - old_prints.keys()
    removed_ids = old_prints.keys() - new_prints.keys()
    changed_ids = {key for key in old_prints.keys() & new_prints.keys() if old_prints[key] != new_prints[key]}
    before = {entry.id: entry for entry in store.entries(old_id, changed_ids)}
    changed = tuple(
        EntryChange(entry.id, entry.name, entry.source, field_changes(before[entry.id], entry))
        for entry in store.entries(new_id, changed_ids)
    )
    return SnapshotDiff(
        dataset=new.dataset,
        old=old,
        new=new,
        added=tuple(store.entries(new_id, added_ids)),
        removed=tuple(store.entries(old_id, removed_ids)),
        changed=changed,
        unchanged=len(new_prints) - len(added_ids) - len(changed_ids),
    )


def latest_pair(store: Store, dataset: str) -> tuple[int, int]:
    """Ids of the two newest snapshots of `dataset` (older first); InputError when there are fewer than two."""
    snapshots = store.snapshots(dataset)
    if len(snapshots) < 2:
        raise InputError(f"{dataset} has {len(snapshots)} snapshot(s); a diff needs two (import another version)")
    return snapshots[1].id, snapshots[0].id


def _item_label(item: Any) -> str:
    if isinstance(item, dict):
        label = item.get("name") or item.get("full") or item.get("value")
        if label is not None:
            qualifiers = [str(item[key]) for key in ("type", "country") if item.get(key)]
            return f"{label} ({', '.join(qualifiers)})" if qualifiers else str(label)
    if isinstance(item, list | tuple):
        return ": ".join(str(part) for part in item)
    return str(item)


def describe_change(change: FieldChange) -> str:
    """One line a person can read: `+item`/`-item` for list fields, `old → new` for the others."""
    if isinstance(change.old, list | tuple) and isinstance(change.new, list | tuple):
        before, after = [_item_label(i) for i in change.old], [_item_label(i) for i in change.new]
        parts = [f"+{label}" for label in after if label not in before]
        parts += [f"-{label}" for label in before if label not in after]
        return f"{change.field}: {'; '.join(parts) or 'reordered'}"
    return f"{change.field}: {change.old} → {change.new}"
