"""The one service object: wires the store, the candidate index and the matcher. Every shell calls this."""

from __future__ import annotations

import threading
import time
from collections.abc import Collection
from dataclasses import dataclass

from tradeguard import __version__
from tradeguard.decide.evaluate import decide
from tradeguard.decide.model import Decision, Transaction
from tradeguard.errors import InputError
from tradeguard.index.candidates import CandidateIndex, IndexedName
from tradeguard.lists.model import Entry, EntryKind, Snapshot
from tradeguard.match.model import Comparison, Hit, Party, ScreenResult
from tradeguard.match.scorer import compare, compare_names, score_party
from tradeguard.names.normalize import NormalizedName, normalize_name
from tradeguard.settings import Settings, load_settings
from tradeguard.store import Store, open_store
from tradeguard.store.licenses import SQLiteLicenseBook

# Near misses this far below the threshold are still returned (match=false) so an analyst sees what almost matched.
NEAR_MISS_MARGIN = 0.15
# How many names the index hands to the scorer per query; measured against brute force in bench/.
CANDIDATE_LIMIT = 150
# How often a long-running engine (API server) checks whether another process activated new snapshots.
REFRESH_INTERVAL_S = 5.0


@dataclass(frozen=True, slots=True)
class _LoadedIndex:
    snapshot_ids: tuple[int, ...]
    index: CandidateIndex


class Engine:
    """Screens parties against the active lists and compares names; thread-safe for concurrent screening."""

    def __init__(self, settings: Settings, store: Store | None = None) -> None:
        self.settings = settings
        self._store = store
        self._loaded: _LoadedIndex | None = None
        self._lock = threading.Lock()
        self._checked_at = 0.0

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> Engine:
        return cls(settings or load_settings())

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = open_store(self.settings.db)
        return self._store

    @property
    def version(self) -> str:
        return __version__

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    # -- index lifecycle -------------------------------------------------------------------------------------

    def active_snapshots(self) -> list[Snapshot]:
        return self.store.active_snapshots()

    def index(self) -> CandidateIndex:
        """The index over the active snapshots, rebuilt when the set of active snapshots changes."""
        loaded = self._loaded
        now = time.monotonic()
        if loaded is not None and now - self._checked_at < REFRESH_INTERVAL_S:
            return loaded.index
        with self._lock:
            self._checked_at = now
            snapshot_ids = tuple(sorted(s.id for s in self.store.active_snapshots()))
            if self._loaded is None or self._loaded.snapshot_ids != snapshot_ids:
                index = CandidateIndex.build(self.store.active_entries())
                self._loaded = _LoadedIndex(snapshot_ids, index)
            return self._loaded.index

    @property
    def ready(self) -> bool:
        return self._loaded is not None

    def snapshot_ids(self) -> tuple[int, ...]:
        self.index()
        assert self._loaded is not None
        return self._loaded.snapshot_ids

    # -- screening ---------------------------------------------------------------------------------------------

    def screen(
        self,
        party: Party,
        *,
        threshold: float | None = None,
        limit: int | None = None,
        sources: Collection[str] | None = None,
    ) -> ScreenResult:
        """Find every active list entry `party` may be, best first, each scored and explained."""
        cutoff = self.settings.threshold if threshold is None else _check_threshold(threshold)
        most = self.settings.screen_limit if limit is None else _check_limit(limit)
        index = self.index()
        query = normalize_name(party.name, party.kind)
        best: dict[int, tuple[Comparison, IndexedName]] = {}
        for name_id in index.candidates(query, CANDIDATE_LIMIT):
            candidate = index.names[name_id]
            entry = index.entries[candidate.entry_index]
            if sources and not _in_sources(entry, sources):
                continue
            scored = self._score(party, query, entry, candidate)
            previous = best.get(candidate.entry_index)
            if previous is None or scored.score > previous[0].score:
                best[candidate.entry_index] = (scored, candidate)
        floor = max(cutoff - NEAR_MISS_MARGIN, 0.0)
        hits = [
            _hit(index.entries[entry_index], candidate, comparison, cutoff)
            for entry_index, (comparison, candidate) in best.items()
            if comparison.score >= floor
        ]
        hits.sort(key=lambda hit: (-hit.score, hit.entry_id))
        assert self._loaded is not None
        return ScreenResult(party, tuple(hits[:most]), cutoff, self._loaded.snapshot_ids, self.version)

    def _score(self, party: Party, query: NormalizedName, entry: Entry, candidate: IndexedName) -> Comparison:
        name_comparison = compare_names(query, candidate.normalized)
        return score_party(party, query, entry, candidate.normalized, name_comparison)

    def compare(self, a: str, b: str, kind: EntryKind | None = None) -> Comparison:
        """Score two names against each other (no lists involved)."""
        return compare(a, b, kind, self.settings.threshold)

    def get_entry(self, entry_id: str, snapshot_id: int | None = None) -> Entry:
        return self.store.get_entry(entry_id, snapshot_id)

    def decide(self, transaction: Transaction) -> Decision:
        """Apply the EAR to a transaction: screen every party and owner, then the rules, with citations."""
        snapshots = {snapshot.dataset: snapshot.id for snapshot in self.active_snapshots()}
        return decide(
            transaction,
            screen=self.screen,
            get_entry=self.get_entry,
            licenses=SQLiteLicenseBook(self.store),
            as_of_snapshots=snapshots,
        )


def _check_threshold(threshold: float) -> float:
    if not 0.0 <= threshold <= 1.0:
        raise InputError(f"threshold must be between 0 and 1, got {threshold}")
    return threshold


def _check_limit(limit: int) -> int:
    if limit < 1:
        raise InputError(f"limit must be at least 1, got {limit}")
    return limit


def _in_sources(entry: Entry, sources: Collection[str]) -> bool:
    """`sources` may name lists (us-bis-entity-list) or datasets (us-csl); the entry id starts with its dataset."""
    return entry.source in sources or entry.id.split(":", 1)[0] in sources


def _hit(entry: Entry, candidate: IndexedName, comparison: Comparison, threshold: float) -> Hit:
    return Hit(
        entry_id=entry.id,
        source=entry.source,
        name=entry.name,
        matched_name=candidate.text,
        score=round(comparison.score, 4),
        match=comparison.score >= threshold,
        explanation=comparison.explanation,
        kind=entry.kind.value,
        countries=entry.countries,
        programs=entry.programs,
        federal_register=entry.federal_register,
        license_requirement=entry.license_requirement,
        license_policy=entry.license_policy,
        features=comparison.features,
        aligned=comparison.aligned,
    )
