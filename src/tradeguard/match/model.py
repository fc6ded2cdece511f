"""Requests and answers of screening: `Party` in, `ScreenResult` / `Comparison` out (plain, serialisable data)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from tradeguard.lists.model import EntryKind


@dataclass(frozen=True, slots=True)
class Party:
    """A party to screen: only `name` is required."""

    name: str
    kind: EntryKind | None = None
    country: str | None = None  # ISO alpha-2
    address: str | None = None
    birth_date: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD
    identifiers: tuple[tuple[str, str], ...] = ()  # (type, value), e.g. ("IMO", "9187629")


@dataclass(frozen=True, slots=True)
class FeatureScore:
    """What one feature contributed to a score, and why (the user-facing explanation is built from these)."""

    feature: str
    score: float  # the feature's own value in [0, 1]
    weight: float  # its contribution to the final score (may be negative for contradicting evidence)
    detail: str


@dataclass(frozen=True, slots=True)
class Comparison:
    """The score of one name (or party) against another, with its explanation."""

    score: float
    match: bool
    explanation: str
    features: tuple[FeatureScore, ...] = ()
    aligned: tuple[tuple[str, str, float], ...] = ()  # (query token, candidate token, similarity)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Hit:
    """One list entry a screened party may be."""

    entry_id: str
    source: str
    name: str  # the entry's primary name
    matched_name: str  # the entry name or alias that scored best
    score: float
    match: bool
    explanation: str
    kind: str
    countries: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()
    federal_register: str | None = None
    license_requirement: str | None = None
    license_policy: str | None = None
    suppressed: bool = False
    features: tuple[FeatureScore, ...] = ()
    aligned: tuple[tuple[str, str, float], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class ScreenResult:
    """A screen's answer: the hits best first (at most the limit asked for) and what they were found against.

    `truncated` says that the limit left out an entry that scores, or may score (it was not scored because it could
    not enter the answer), at or above the threshold: "Abu Muhammad" names dozens of entries equally well, and an
    analyst must know there are more than the ten shown."""

    query: Party
    hits: tuple[Hit, ...]
    threshold: float
    snapshots: tuple[int, ...] = ()
    engine_version: str = ""
    truncated: bool = False

    @property
    def matched(self) -> tuple[Hit, ...]:
        return tuple(hit for hit in self.hits if hit.match)

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": asdict(self.query),
            "hits": [hit.to_dict() for hit in self.hits],
            "threshold": self.threshold,
            "snapshots": list(self.snapshots),
            "engine_version": self.engine_version,
            "truncated": self.truncated,
        }
