"""Pure batch screening: source rows in, outcomes out, and the output columns an outcome fills.

Nothing here reads or writes files, so the file runner, the web batch page and a Spark partition all use it alike.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from tradeguard.batch.model import (
    ABSENT,
    RESULT_COLUMNS,
    STATUS_CLEAR,
    STATUS_ERROR,
    STATUS_MATCH,
    BestHit,
    ColumnMap,
    RowOutcome,
    SourceRow,
)
from tradeguard.lists.countries import iso2
from tradeguard.lists.model import EntryKind
from tradeguard.match.model import Hit, Party, ScreenResult

_KIND_WORDS: dict[EntryKind, tuple[str, ...]] = {
    EntryKind.PERSON: ("person", "individual", "natural person", "people", "human", "p", "i", "ind", "personne",
                       "persona", "privatperson", "natürliche person"),
    EntryKind.ORGANIZATION: ("organization", "organisation", "company", "entity", "business", "corporate",
                             "corporation", "org", "legal entity", "legal person", "firm", "c", "o", "e", "firma",
                             "unternehmen", "société", "societe", "entreprise", "empresa", "juristische person"),
    EntryKind.VESSEL: ("vessel", "ship", "boat", "v"),
    EntryKind.AIRCRAFT: ("aircraft", "airplane", "plane", "a"),
}  # fmt: skip
_KINDS = {word: kind for kind, words in _KIND_WORDS.items() for word in words}
# A row's line, and its party or the reason it has none: the unit of work sent to a worker process.
PartyItem = tuple[int, Party | None, str | None]
# Batch files repeat counterparties; a screened party's result is reused for its repeats within one worker.
CACHE_SIZE = 8192


class Screener(Protocol):
    """What batch screening needs of the engine (`tradeguard.engine.Engine` is one)."""

    def screen(
        self,
        party: Party,
        *,
        threshold: float | None = None,
        limit: int | None = None,
        sources: Collection[str] | None = None,
        near_misses: bool = True,
    ) -> ScreenResult: ...


def _text(value: Any) -> str | None:
    if value is None or value is ABSENT:
        return None
    text = str(value).strip()
    return text or None


def parse_kind(value: Any) -> EntryKind | None:
    """The entry kind a cell names ("Individual", "company", "vessel"...), or None when it names none we know."""
    text = _text(value)
    return _KINDS.get(" ".join(text.casefold().replace("_", " ").split())) if text else None


@dataclass(frozen=True, slots=True)
class _Positions:
    """Where in a row's values each role's column is (None: no such column)."""

    name: int
    kind: int | None
    country: int | None
    address: int | None

    @classmethod
    def of(cls, headers: Sequence[str], columns: ColumnMap) -> _Positions:
        def at(column: str | None) -> int | None:
            return headers.index(column) if column is not None else None

        return cls(headers.index(columns.name), at(columns.kind), at(columns.country), at(columns.address))


def _cell(values: Sequence[Any], position: int | None) -> str | None:
    if position is None or position >= len(values):
        return None
    return _text(values[position])


def party_from_values(values: Sequence[Any], headers: Sequence[str], columns: ColumnMap) -> Party:
    """The party a row's values describe; ValueError when it has no name."""
    return _party(values, _Positions.of(headers, columns), columns)


def _party(values: Sequence[Any], at: _Positions, columns: ColumnMap) -> Party:
    name = _cell(values, at.name)
    if name is None:
        raise ValueError(f"no name in column {columns.name!r}")
    kind = parse_kind(_cell(values, at.kind))
    country = iso2(_cell(values, at.country))
    return Party(name=name, kind=kind, country=country, address=_cell(values, at.address))


def row_parties(rows: Iterable[SourceRow], headers: Sequence[str], columns: ColumnMap) -> Iterator[PartyItem]:
    """Each row's line with the party it describes, or with why it cannot be screened."""
    at = _Positions.of(headers, columns)
    for row in rows:
        if row.error is not None:
            yield row.line, None, row.error
            continue
        try:
            yield row.line, _party(row.values, at, columns), None
        except ValueError as exc:
            yield row.line, None, f"line {row.line}: {exc}"


def _best_hit(hit: Hit) -> BestHit:
    return BestHit(
        entry_id=hit.entry_id,
        source=hit.source,
        entry_name=hit.name,
        matched_name=hit.matched_name,
        score=hit.score,
        explanation=hit.explanation,
        license_requirement=hit.license_requirement,
        license_policy=hit.license_policy,
    )


def outcome_of(line: int, result: ScreenResult) -> RowOutcome:
    """The outcome of one screened row: its potential matches (hits at or above the threshold), best first."""
    matched = tuple(_best_hit(hit) for hit in result.matched)
    status = STATUS_MATCH if matched else STATUS_CLEAR
    return RowOutcome(line=line, status=status, hits=matched, snapshots=result.snapshots, truncated=result.truncated)


def screen_parties(
    screener: Screener,
    items: Iterable[PartyItem],
    *,
    threshold: float | None = None,
    sources: Collection[str] | None = None,
) -> Iterator[RowOutcome]:
    """Screen each party in order and yield its outcome; an item without a party yields an error outcome."""
    for line, party, error in items:
        if party is None:
            yield RowOutcome(line=line, status=STATUS_ERROR, error=error)
            continue
        try:
            # An outcome keeps the potential matches alone, so near misses need not be looked for.
            result = screener.screen(party, threshold=threshold, sources=sources, near_misses=False)
            yield outcome_of(line, result)
        # One bad row must not lose a ten-million-row run: it is reported in its own output row and the summary.
        except Exception as exc:
            message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
            yield RowOutcome(line=line, status=STATUS_ERROR, error=f"line {line}: cannot screen: {message}")


def screen_rows(
    screener: Screener,
    rows: Iterable[SourceRow],
    headers: Sequence[str],
    columns: ColumnMap,
    *,
    threshold: float | None = None,
    sources: Collection[str] | None = None,
) -> Iterator[RowOutcome]:
    """Screen rows (values aligned with `headers`) in order: one outcome per row, unreadable rows as errors."""
    cached = CachedScreener(screener)
    return screen_parties(cached, row_parties(rows, headers, columns), threshold=threshold, sources=sources)


class CachedScreener:
    """A screener that remembers its most recent answers, since batch files repeat counterparties."""

    def __init__(self, screener: Screener, size: int = CACHE_SIZE) -> None:
        self._screener = screener
        self._size = size
        self._cache: dict[tuple[Party, float | None, int | None, tuple[str, ...] | None, bool], ScreenResult] = {}

    def screen(
        self,
        party: Party,
        *,
        threshold: float | None = None,
        limit: int | None = None,
        sources: Collection[str] | None = None,
        near_misses: bool = True,
    ) -> ScreenResult:
        key = (party, threshold, limit, tuple(sorted(sources)) if sources else None, near_misses)
        found = self._cache.get(key)
        if found is None:
            found = self._screener.screen(
                party, threshold=threshold, limit=limit, sources=sources, near_misses=near_misses
            )
            if len(self._cache) >= self._size:
                del self._cache[next(iter(self._cache))]  # oldest first: dicts keep insertion order
            self._cache[key] = found
        return found


# The columns between the counts (hit_count, more_hits) and the error: the best hit's and the other hits'.
_BEST_HIT_COLUMNS = RESULT_COLUMNS.index("error") - RESULT_COLUMNS.index("more_hits") - 1


def result_values(outcome: RowOutcome) -> list[Any]:
    """The values of `RESULT_COLUMNS` for one outcome, in that order (None for empty cells)."""
    if not outcome.hits:
        counts = [None, None] if outcome.status == STATUS_ERROR else [0, outcome.truncated]
        return [outcome.status, *counts, *([None] * _BEST_HIT_COLUMNS), outcome.error]
    best, others = outcome.hits[0], outcome.hits[1:]
    other_hits = (
        json.dumps(
            [{"id": hit.entry_id, "list": hit.source, "name": hit.matched_name, "score": hit.score} for hit in others],
            ensure_ascii=False,
            separators=(",", ":"),
        )
        if others
        else None
    )
    return [
        outcome.status,
        len(outcome.hits),
        outcome.truncated,
        best.entry_id,
        best.source,
        best.entry_name,
        best.matched_name,
        best.score,
        best.explanation,
        best.license_requirement,
        best.license_policy,
        other_hits,
        outcome.error,
    ]
