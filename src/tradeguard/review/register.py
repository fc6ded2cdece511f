"""The counterparty register: parties normalised once at registration, with their blocking keys kept for monitoring.

Files are read with the batch readers and column detection of `screen-file`, so the same CSV/XLSX that screens
also registers. Rows that cannot be read are reported with their line and skipped; the others are registered.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tradeguard.batch.columns import detect_columns
from tradeguard.batch.formats import open_reader
from tradeguard.batch.model import BatchOptions, ColumnMap
from tradeguard.batch.screening import Screener, party_from_values
from tradeguard.errors import InputError
from tradeguard.index.cache import source_digest
from tradeguard.match.model import Party
from tradeguard.names.normalize import normalize_name
from tradeguard.review.cases import open_cases
from tradeguard.review.identity import party_key
from tradeguard.review.model import RegisteredParty
from tradeguard.store.base import Store
from tradeguard.store.review import NewParty, review_store

BATCH_SIZE = 10_000  # parties per write transaction


@dataclass(frozen=True, slots=True)
class RegisterReport:
    """What an import did: parties added, already registered, rows rejected (with their lines), cases opened."""

    source: str
    columns: str
    added: tuple[int, ...] = ()
    duplicates: int = 0
    rejected: tuple[str, ...] = ()
    cases_opened: int = 0
    screened: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "columns": self.columns,
            "added": len(self.added),
            "duplicates": self.duplicates,
            "rejected": list(self.rejected),
            "cases_opened": self.cases_opened,
            "screened": self.screened,
        }


def new_party(party: Party, external_id: str | None = None) -> NewParty:
    """Normalise a party once for the register; InputError if its name cannot be matched at all."""
    normalized = normalize_name(party.name, party.kind)
    return NewParty(party, party_key(party), frozenset(normalized.keys), external_id)


def keys_digest() -> str:
    """A digest of the code the blocking keys come from: `names/` alone (scoring and index changes leave them)."""
    return source_digest("names")


def rekey_register(store: Store) -> int:
    """Recompute every live party's blocking keys when the normalising code changed since they were computed
    (`keys_digest`): keys from an older tradeguard could miss the keys of today's list names. Returns the number of
    parties re-keyed (0 when the keys are current)."""
    reviews = review_store(store)
    digest = keys_digest()
    if reviews.key_digest() == digest:
        return 0
    rekeyed = last_id = 0
    while batch := reviews.parties_after(last_id, BATCH_SIZE):
        reviews.replace_keys({party.id: _keys_of(party) for party in batch})
        rekeyed, last_id = rekeyed + len(batch), batch[-1].id
    reviews.set_key_digest(digest)
    return rekeyed


def _keys_of(party: RegisteredParty) -> frozenset[str]:
    try:
        return frozenset(normalize_name(party.name, party.kind).keys)
    except InputError:  # a name an older normaliser accepted and this one refuses: findable by nothing
        return frozenset()


def _record_key_digest(store: Store) -> None:
    """Before registering into an empty register, record that its keys will be today's (a register holding parties
    without a record dates from before the record existed: monitoring re-keys it)."""
    reviews = review_store(store)
    if reviews.key_digest() is None and reviews.party_count() == 0:
        reviews.set_key_digest(keys_digest())


def add_party(store: Store, party: Party, external_id: str | None = None) -> tuple[RegisteredParty, bool]:
    """Register one party: (the registered party, True if it was new; False if it already was registered)."""
    _record_key_digest(store)
    reviews = review_store(store)
    prepared = new_party(party, external_id)
    added, _ = reviews.add_parties([prepared])
    if added:
        return reviews.parties_by_id(added)[added[0]], True
    existing = reviews.party_by_key(prepared.party_key)
    if existing is None:  # removed between the insert and this read by another writer
        raise InputError(f"party {party.name!r} could not be registered; retry")
    return existing, False


def import_parties(store: Store, path: Path, options: BatchOptions | None = None) -> RegisterReport:
    """Register every party of a CSV/XLSX/Parquet/JSONL file, in batches; bad rows are listed, not fatal."""
    options = options or BatchOptions()
    _record_key_digest(store)
    reviews = review_store(store)
    rejected: list[str] = []
    added: list[int] = []
    duplicates = 0
    with open_reader(path, options) as reader:
        columns = detect_columns(reader.columns, options)
        for batch in _batches(_prepared(reader.rows(), reader.columns, columns, rejected), BATCH_SIZE):
            new_ids, skipped = reviews.add_parties(batch)
            added.extend(new_ids)
            duplicates += skipped
    return RegisterReport(str(path), columns.describe(), tuple(added), duplicates, tuple(rejected))


def _prepared(
    rows: Iterable[Any], headers: Sequence[str], columns: ColumnMap, rejected: list[str]
) -> Iterator[NewParty]:
    id_at = headers.index(columns.id) if columns.id is not None else None
    for row in rows:
        if row.error is not None:
            rejected.append(row.error if row.error.startswith("line") else f"line {row.line}: {row.error}")
            continue
        try:
            party = party_from_values(row.values, headers, columns)
            external = row.values[id_at] if id_at is not None and id_at < len(row.values) else None
            yield new_party(party, None if external in (None, "") else str(external))
        except (ValueError, InputError) as exc:
            rejected.append(f"line {row.line}: {getattr(exc, 'message', None) or exc}")


def _batches(items: Iterable[NewParty], size: int) -> Iterator[list[NewParty]]:
    batch: list[NewParty] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def screen_registered(store: Store, screener: Screener, party_ids: Iterable[int]) -> int:
    """Screen newly registered parties against the active lists and open cases for their potential matches."""
    reviews = review_store(store)
    opened = 0
    ids = list(party_ids)
    for start in range(0, len(ids), BATCH_SIZE):
        for registered in reviews.parties_by_id(ids[start : start + BATCH_SIZE]).values():
            result = screener.screen(registered.to_party())
            opened += sum(1 for _, action in open_cases(store, result, origin="register", party_id=registered.id))
    return opened


@dataclass(frozen=True, slots=True)
class PartyPage:
    """One page of the register."""

    parties: list[RegisteredParty] = field(default_factory=list)
    total: int = 0


def list_parties(store: Store, *, limit: int = 100, offset: int = 0) -> PartyPage:
    """Live registered parties, oldest first, one page at a time."""
    if limit < 1 or offset < 0:
        raise InputError("limit must be at least 1 and offset at least 0")
    reviews = review_store(store)
    return PartyPage(reviews.parties(limit=limit, offset=offset), reviews.party_count())
