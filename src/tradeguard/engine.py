"""The one service object: wires the store, the candidate index and the matcher. Every shell calls this."""

from __future__ import annotations

import heapq
import threading
import time
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tradeguard import __version__
from tradeguard.decide.evaluate import decide
from tradeguard.decide.model import Decision, Transaction
from tradeguard.errors import InputError, NotFoundError, StoreError
from tradeguard.index.cache import cache_key, index_cache_folder, load_or_build
from tradeguard.index.candidates import CandidateIndex, IndexedName
from tradeguard.lists.model import Entry, EntryKind, Snapshot
from tradeguard.match.evidence import evidence_gain
from tradeguard.match.model import Comparison, Hit, Party, ScreenResult
from tradeguard.match.scorer import compare, compare_names, name_score, party_score, score_party
from tradeguard.names.model import NormalizedName
from tradeguard.names.normalize import normalize_name
from tradeguard.review.cases import mark_suppressed
from tradeguard.settings import Settings, load_settings
from tradeguard.store import Store, open_store
from tradeguard.store.licenses import SQLiteLicenseBook

if TYPE_CHECKING:
    from tradeguard.audit.recorder import AuditedEngine
    from tradeguard.decide.licenses import HeldLicense

# Near misses this far below the threshold are still returned (match=false) so an analyst sees what almost matched.
NEAR_MISS_MARGIN = 0.15
# How many names the index hands to the scorer per query (those whose score bound could reach the reporting floor,
# highest bound first): a guard for absurdly generic queries, not a filter. The bound is tight, so names above the
# floor are mostly real hits; at 150 a query like "حمز أسامة محمد بن لادن" (441 such names) lost true matches.
# Measured against brute force in bench/bench_screen.py.
CANDIDATE_LIMIT = 1000
# How often `_shortlist` checks whether the names left can still enter the answer (a check sorts the scores so far).
STOP_CHECK_EVERY = 16
# The bound is exact up to float noise (`tests/index/test_bounds.py`); scores are rounded to 4 places, bounds are
# not: a bound of 0.81709 allows a score of 0.8171 (`_ceiling`).
FLOAT_NOISE = 1e-7
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
        self._pinned: tuple[int, ...] | None = None  # set by at_snapshots(): these snapshots, not the active ones
        self._storeless = False  # set by from_index(): no database at all (e.g. a Spark executor)

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> Engine:
        return cls(settings or load_settings())

    @classmethod
    def from_index(cls, settings: Settings, index: CandidateIndex, snapshot_ids: tuple[int, ...]) -> Engine:
        """An engine over an already-compiled index (e.g. shipped to a Spark executor) that never asks a store."""
        engine = cls(settings)
        engine._loaded = _LoadedIndex(snapshot_ids, index)
        engine._checked_at = float("inf")  # screening never re-checks the active snapshots: there is no store here
        engine._storeless = True
        return engine

    def sibling(self) -> Engine:
        """A new engine with its own database connection that reuses this engine's built (read-only) index, so a
        background job does not rebuild it or share a connection across threads."""
        engine = Engine(self.settings)
        engine._loaded = self._loaded
        return engine

    @classmethod
    def at_snapshots(cls, settings: Settings, store: Store, snapshot_ids: Collection[int]) -> Engine:
        """An engine over exactly these snapshots (active or not), e.g. to replay an audit record."""
        engine = cls(settings, store)
        engine._pinned = tuple(sorted(set(snapshot_ids)))
        return engine

    def audited(self, actor: str | None = None) -> AuditedEngine:
        """This engine with every screening and decision recorded in the audit trail, as `actor` (default: OS user)."""
        from tradeguard.audit.recorder import AuditedEngine

        return AuditedEngine(self, actor)

    @property
    def store(self) -> Store:
        if self._storeless:
            raise StoreError("this engine screens a compiled index shipped without a database (Engine.from_index)")
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
        if self._pinned is not None:
            return sorted((self.store.snapshot(sid) for sid in self._pinned), key=lambda s: s.dataset)
        return self.store.active_snapshots()

    def index(self) -> CandidateIndex:
        """The index over the active snapshots, rebuilt when the set of active snapshots changes."""
        loaded = self._loaded
        now = time.monotonic()
        if loaded is not None and now - self._checked_at < REFRESH_INTERVAL_S:
            return loaded.index
        with self._lock:
            self._checked_at = now
            snapshots = self.active_snapshots()
            snapshot_ids = tuple(sorted(s.id for s in snapshots))
            if self._loaded is None or self._loaded.snapshot_ids != snapshot_ids:
                self._loaded = _LoadedIndex(snapshot_ids, self._compile(snapshots))
            return self._loaded.index

    def _compile(self, snapshots: list[Snapshot]) -> CandidateIndex:
        """Load the compiled index for these snapshots from the index cache, or build (and cache) it."""
        folder = index_cache_folder(self.settings)
        if folder is None:
            return CandidateIndex.build(self._entries())
        key = cache_key(f"{s.id}:{s.dataset}:{s.sha256}" for s in snapshots)
        return load_or_build(folder, key, self._entries)

    def _entries(self) -> Iterator[Entry]:
        """The entries to index, in `active_entries` order (dataset, then id) so pinned and live indexes agree."""
        if self._pinned is None:
            return self.store.active_entries()
        return (entry for snapshot in self.active_snapshots() for entry in self.store.entries(snapshot.id))

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
        near_misses: bool = True,
    ) -> ScreenResult:
        """Find every active list entry `party` may be, best first, each scored and explained: the potential matches
        (score >= threshold) and, unless `near_misses` is False, the entries up to `NEAR_MISS_MARGIN` below it."""
        cutoff = self.settings.threshold if threshold is None else _check_threshold(threshold)
        most = self.settings.screen_limit if limit is None else _check_limit(limit)
        index = self.index()
        query = normalize_name(party.name, party.kind)
        # Without near misses fewer names can reach the floor, so the index hands fewer to the scorer (batch files).
        floor = max(cutoff - NEAR_MISS_MARGIN, 0.0) if near_misses else cutoff
        hits = []
        shortlist = _shortlist(index, query, party, floor, sources, most)
        # Best first, ties by entry id: `_shortlist` orders them by the same score `score_party` gives here.
        for entry_index, name_id in shortlist.chosen:
            candidate = index.names[name_id]
            entry = index.entries[entry_index]
            scored = score_party(party, query, entry, candidate.normalized, compare_names(query, candidate.normalized))
            hits.append(_hit(entry, candidate, scored, cutoff))
        assert self._loaded is not None
        truncated = shortlist.left_out >= cutoff
        result = ScreenResult(party, tuple(hits), cutoff, self._loaded.snapshot_ids, self.version, truncated)
        if self._storeless:
            return result  # analysts' dispositions live in the database; a shipped index screens without them
        return mark_suppressed(self.store, result)  # pairs an analyst cleared, until the entry changes

    def compare(self, a: str, b: str, kind: EntryKind | None = None) -> Comparison:
        """Score two names against each other (no lists involved)."""
        return compare(a, b, kind, self.settings.threshold)

    def get_entry(self, entry_id: str, snapshot_id: int | None = None) -> Entry:
        if snapshot_id is None and self._pinned is not None:
            return self._pinned_entry(entry_id)
        return self.store.get_entry(entry_id, snapshot_id)

    def _pinned_entry(self, entry_id: str) -> Entry:
        for snapshot in self.active_snapshots():
            found = list(self.store.entries(snapshot.id, [entry_id]))
            if found:
                return found[0]
        raise NotFoundError(f"no entry {entry_id!r} in snapshots {list(self._pinned or ())}")

    def decide(self, transaction: Transaction, *, licenses: Sequence[HeldLicense] | None = None) -> Decision:
        """Apply the EAR to a transaction: screen every party and owner, then the rules, with citations.

        `licenses` replaces the store's license book (a replay passes the licenses recorded with the decision).
        """
        snapshots = {snapshot.dataset: snapshot.id for snapshot in self.active_snapshots()}
        return decide(
            transaction,
            screen=self.screen,
            get_entry=self.get_entry,
            licenses=SQLiteLicenseBook(self.store) if licenses is None else licenses,
            as_of_snapshots=snapshots,
        )


@dataclass(frozen=True, slots=True)
class _Shortlist:
    """The entries a screen reports, and how high an entry the limit left out scores or may score."""

    chosen: list[tuple[int, int]]  # (entry index, its best-scoring name id), best first
    left_out: float  # the highest score (with evidence) an entry not chosen has or could have; 0.0 when none


def _shortlist(
    index: CandidateIndex,
    query: NormalizedName,
    party: Party,
    floor: float,
    sources: Collection[str] | None,
    most: int,
) -> _Shortlist:
    """The entries to report, best first, at most `most`: (entry index, its best-scoring name id) for entries whose
    score with the party's evidence reaches `floor`, including every entry sharing an identifier with the party.

    Names are scored (cheaply, no explanation) highest bound first; once `most` entries score above what any name
    left could reach with the party's evidence, the rest cannot enter the answer and are not scored; nor are names
    that could at best tie with the last of those `most` and would follow it (ties go by entry id). (The bound's
    known gaps, see `index.bounds`, apply here as they do to the floor; `bench/bench_screen.py` counts queries whose
    answer differs from the first hits of an unlimited one.) Only the entries reported get the full comparison with
    its explanation (the caller). With them comes the highest score an entry left out by `most` has, or may have
    (a name left unscored has its ceiling), so that the caller can say when the limit may hide a match."""
    gain = evidence_gain(party)
    at_least = floor - gain
    plausible = index.plausible(query, at_least, CANDIDATE_LIMIT)
    best: dict[int, tuple[float, int]] = {}  # entry index -> (name score, name id)
    final: dict[int, float] = {}  # entry index -> score with the party's evidence
    last: tuple[float, str] | None = None  # (score, entry id) of the last of the `most` best so far
    unscored: dict[int, float] = {}  # entry index -> the highest ceiling of its names left unscored
    stopped_at = len(plausible.names)
    for position, (name_id, bound) in enumerate(zip(plausible.names, plausible.bounds, strict=True)):
        if position % STOP_CHECK_EVERY == 0 and len(final) >= most:
            last = _last_reported(index, final, most)
            if _ceiling(bound, gain) < last[0]:
                stopped_at = position
                break
        candidate = index.names[name_id]
        entry = index.entries[candidate.entry_index]
        if sources and not _in_sources(entry, sources):
            continue
        if last is not None and _ceiling(bound, gain) <= last[0] and entry.id > last[1]:
            unscored.setdefault(candidate.entry_index, _ceiling(bound, gain))  # highest bound first
            continue  # "Abu": hundreds of names at exactly the score of the 10th, all after it by entry id
        score = name_score(query, candidate.normalized)
        previous = best.get(candidate.entry_index)
        if score >= at_least and (previous is None or score > previous[0]):
            best[candidate.entry_index] = (score, name_id)
            final[candidate.entry_index] = party_score(party, entry, score)
    for entry_index in index.entries_with_identifiers(party.identifiers):
        entry = index.entries[entry_index]
        if entry_index not in best and (not sources or _in_sources(entry, sources)):
            best[entry_index] = _best_name_of(index, entry_index, query)
            final[entry_index] = party_score(party, entry, best[entry_index][0])
    reported = sorted(
        (entry_index for entry_index, score in final.items() if score >= floor),
        key=lambda entry_index: (-final[entry_index], index.entries[entry_index].id),
    )
    chosen = [(entry_index, best[entry_index][1]) for entry_index in reported[:most]]
    reported_entries = set(reported[:most])
    left_out = [final[entry_index] for entry_index in reported[most:]]
    left_out.extend(ceiling for entry_index, ceiling in unscored.items() if entry_index not in reported_entries)
    # The names after the stop, highest bound first: the first of another entry has the highest ceiling of them.
    for name_id, bound in zip(plausible.names[stopped_at:], plausible.bounds[stopped_at:], strict=True):
        entry_index = index.names[name_id].entry_index
        if entry_index not in reported_entries and (not sources or _in_sources(index.entries[entry_index], sources)):
            left_out.append(_ceiling(bound, gain))
            break
    return _Shortlist(chosen, max(left_out, default=0.0))


def _last_reported(index: CandidateIndex, scores: dict[int, float], most: int) -> tuple[float, str]:
    """(score, entry id) of the `most`-th best entry, in the order of the answer (score, then entry id)."""
    entry_index = heapq.nsmallest(most, scores, key=lambda e: (-scores[e], index.entries[e].id))[-1]
    return scores[entry_index], index.entries[entry_index].id


def _ceiling(bound: float, gain: float) -> float:
    """The most a name with this bound can score with evidence worth `gain`, as scores are rounded."""
    return round(round(bound + FLOAT_NOISE, 4) + gain + FLOAT_NOISE, 4)


def _best_name_of(index: CandidateIndex, entry_index: int, query: NormalizedName) -> tuple[float, int]:
    """(name score, name id) of the entry's best-scoring name."""
    scored = [(name_score(query, index.names[name_id].normalized), name_id) for name_id in index.names_of(entry_index)]
    return max(scored, key=lambda pair: pair[0])  # the first of equals, in name order


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
