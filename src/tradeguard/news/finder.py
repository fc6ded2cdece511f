"""The mention finder: one Aho-Corasick automaton over every pattern, run once over an article's token stream.

Three automata share the patterns, each over a different spelling of the same token sequence:
- `exact`: tokens as normalised, space-separated with a space on both ends so that only whole tokens match;
- `loose`: phonetic keys, used only where the text came from another script ("Хуавэй" -> khuavey ~ huawei);
- `joined`: tokens written together, used only inside runs of Chinese characters, whose pinyin syllables have no
  word breaks ("华为" -> hua wei ~ huawei); a match must start and end on syllable boundaries.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import ahocorasick  # type: ignore[import-not-found]  # a C extension without stubs

from tradeguard.names.phonetic import phonetic_key
from tradeguard.news.patterns import Pattern
from tradeguard.news.tokens import TextToken

MIN_JOINED_CHARS = 4  # shorter joined forms match random syllable pairs of Chinese text
_ENDINGS = re.compile(r"(ii|ij|iy|yi|yy|ei)$")  # a second pass: "huavei" (Хуавэй) and "huavi" (Huawei) agree


def loose_key(token: str) -> str:
    """A phonetic key that also forgives romanised endings (-ei/-ey/-iy) after the variant rules."""
    return _ENDINGS.sub("i", phonetic_key(token))


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text tokens [first, last] that spells a pattern, and how it was found."""

    first: int
    last: int
    pattern: int
    mode: str  # "exact", "loose" or "joined"


def _automaton(keys: dict[str, list[int]]) -> ahocorasick.Automaton:
    """An automaton whose value for each key is (key length, pattern ids)."""
    automaton = ahocorasick.Automaton()
    for key, pattern_ids in keys.items():
        automaton.add_word(key, (len(key), tuple(pattern_ids)))
    if keys:
        automaton.make_automaton()
    return automaton


def _spaced(parts: Sequence[str]) -> tuple[str, dict[int, int], dict[int, int]]:
    """ " a b c " and the maps from the offset of a token's leading/trailing space to the token's position."""
    starts: dict[int, int] = {}
    ends: dict[int, int] = {}
    offset = 0
    for position, part in enumerate(parts):
        starts[offset] = position
        offset += len(part) + 1
        ends[offset] = position
    return " " + " ".join(parts) + " ", starts, ends


class MentionFinder:
    """Finds every pattern in a token stream with one pass per automaton."""

    def __init__(self, patterns: Sequence[Pattern]) -> None:
        self.patterns = patterns
        exact: dict[str, list[int]] = {}
        loose: dict[str, list[int]] = {}
        joined: dict[str, list[int]] = {}
        for pattern_id, pattern in enumerate(patterns):
            exact.setdefault(" " + " ".join(pattern.tokens) + " ", []).append(pattern_id)
            loose.setdefault(" " + " ".join(loose_key(t) for t in pattern.tokens) + " ", []).append(pattern_id)
            compact = "".join(pattern.tokens)
            if len(compact) >= MIN_JOINED_CHARS and not all(ref.acronym for ref in pattern.refs):
                joined.setdefault(compact, []).append(pattern_id)
        self._exact = _automaton(exact)
        self._loose = _automaton(loose)
        self._joined = _automaton(joined)

    def find(self, tokens: Sequence[TextToken]) -> list[Span]:
        """Every span of `tokens` that spells a pattern (overlapping spans included)."""
        if not tokens or not self.patterns:
            return []
        spans = self._spaced_search(self._exact, [t.norm for t in tokens], "exact")
        if any(t.foreign and not t.han for t in tokens):
            found = self._spaced_search(self._loose, [loose_key(t.norm) for t in tokens], "loose")
            spans.extend(s for s in found if any(tokens[i].foreign for i in range(s.first, s.last + 1)))
        spans.extend(self._joined_search(tokens))
        return spans

    def _spaced_search(self, automaton: ahocorasick.Automaton, parts: list[str], mode: str) -> list[Span]:
        haystack, starts, ends = _spaced(parts)
        spans: list[Span] = []
        for end, (key_length, pattern_ids) in automaton.iter(haystack):
            first = starts[end - key_length + 1]
            last = ends[end]
            spans.extend(Span(first, last, pattern_id, mode) for pattern_id in pattern_ids)
        return spans

    def _joined_search(self, tokens: Sequence[TextToken]) -> list[Span]:
        spans: list[Span] = []
        position = 0
        while position < len(tokens):
            if not tokens[position].han:
                position += 1
                continue
            run_end = position
            while run_end < len(tokens) and tokens[run_end].han:
                run_end += 1
            spans.extend(self._search_run(tokens, position, run_end))
            position = run_end
        return spans

    def _search_run(self, tokens: Sequence[TextToken], begin: int, end: int) -> list[Span]:
        starts: dict[int, int] = {}
        ends: dict[int, int] = {}
        offset = 0
        for position in range(begin, end):
            starts[offset] = position
            offset += len(tokens[position].norm)
            ends[offset - 1] = position
        haystack = "".join(tokens[position].norm for position in range(begin, end))
        spans: list[Span] = []
        for last_char, (length, pattern_ids) in self._joined.iter(haystack):
            first = starts.get(last_char - length + 1)
            last = ends.get(last_char)
            if first is not None and last is not None:
                spans.extend(Span(first, last, pattern_id, "joined") for pattern_id in pattern_ids)
        return spans
