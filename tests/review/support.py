"""Small hand-made list versions for review tests: entries built in code, imported as real snapshots."""

from __future__ import annotations

from collections.abc import Sequence

from tradeguard.lists.model import Alias, Entry, EntryKind, ParsedDataset, Snapshot
from tradeguard.store.base import Store

DATASET = "test-list"


def entry(
    source_id: str, name: str, *aliases: str, kind: EntryKind = EntryKind.ORGANIZATION, **fields: object
) -> Entry:
    return Entry(
        id=f"{DATASET}:{source_id}",
        source="us-bis-entity-list",
        source_id=source_id,
        kind=kind,
        name=name,
        aliases=tuple(Alias(alias) for alias in aliases),
        **fields,  # type: ignore[arg-type]
    )


def import_version(store: Store, entries: Sequence[Entry], version: str) -> Snapshot:
    """Import `entries` as a new active snapshot of the test dataset (`version` makes its digest unique)."""
    parsed = ParsedDataset(DATASET, "test", tuple(entries), source_rows=len(entries))
    return store.import_snapshot(parsed, sha256=f"sha-{version}", filename=f"{version}.csv")


ACME = entry("1", "Acme Rocket Propulsion Works", "Acme Rocketry", countries=("IR",))
KORVAX = entry("2", "Korvax Maritime Logistics LLC", countries=("AE",))
PETROV = entry("3", "Ivan Sergeyevich Petrov", kind=EntryKind.PERSON, countries=("RU",))
