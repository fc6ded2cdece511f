"""View helpers for the web pages: matched tokens highlighted, scores as percentages, entries made readable."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from tradeguard.errors import TradeguardError
from tradeguard.lists.model import LIST_NAMES, Entry
from tradeguard.match.model import Hit
from tradeguard.names.normalize import normalize_name

_WORDS = re.compile(r"(\s+)")
# A candidate token aligned at least this closely counts as "matched" for highlighting.
HIGHLIGHT_SIMILARITY = 0.5


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of a displayed name; `similarity` is set when the piece matched a query token."""

    text: str
    similarity: float | None = None


@dataclass(frozen=True, slots=True)
class HitView:
    """One hit as the search page shows it."""

    hit: Hit
    segments: tuple[Segment, ...]
    percent: int
    list_name: str
    entry_url: str


def entry_url(entry_id: str) -> str:
    return "/entries/" + quote(entry_id, safe=":")


def list_name(code: str) -> str:
    return LIST_NAMES.get(code, code)


def _word_tokens(word: str) -> tuple[str, ...]:
    try:
        return normalize_name(word).tokens
    except TradeguardError:  # punctuation alone, or a legal form with nothing else: nothing to highlight
        return ()


def highlight(name: str, aligned: tuple[tuple[str, str, float], ...]) -> tuple[Segment, ...]:
    """Split `name` into words and mark each word whose normalised tokens were aligned with the query."""
    matched: dict[str, float] = {}
    for _query_token, candidate_token, similarity in aligned:
        if similarity >= HIGHLIGHT_SIMILARITY:
            matched[candidate_token] = max(similarity, matched.get(candidate_token, 0.0))
    segments = []
    for piece in _WORDS.split(name):
        scores = [matched[token] for token in _word_tokens(piece) if token in matched] if piece.strip() else []
        segments.append(Segment(piece, max(scores) if scores else None))
    return tuple(segments)


def hit_view(hit: Hit) -> HitView:
    return HitView(
        hit=hit,
        segments=highlight(hit.matched_name, hit.aligned),
        percent=round(hit.score * 100),
        list_name=list_name(hit.source),
        entry_url=entry_url(hit.entry_id),
    )


def safe_link(url: str | None) -> str | None:
    """`url` if it is a web address; list data could otherwise smuggle in a `javascript:` link."""
    return url if url and url.lower().startswith(("https://", "http://")) else None


def extra_fields(entry: Entry) -> list[tuple[str, str]]:
    """The entry's other facts (vessel flag, call sign...), labelled for display."""
    return [(key.replace("_", " "), value) for key, value in entry.extra]
