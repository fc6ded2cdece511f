"""The linker: decides which found spans are real mentions and links each to its entries with a confidence.

Rules, in order: an acronym pattern ("ZTE") must be written in capitals; a person's name must be capitalised
word by word (and is never one word: see patterns); a name made only of everyday words ("Arsenal", "Banco
Nacional") must be capitalised *and* stand in a list context (a sanctions or export word, an event in the same
sentence, or a company word next to it); overlapping spans keep the longest. Confidence starts from how the name
matched (full name above alias above head of the name) and is discounted for other scripts and everyday words.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from tradeguard.lists.model import EntryKind
from tradeguard.news.finder import Span
from tradeguard.news.patterns import Pattern, PatternRef, Target
from tradeguard.news.sentences import Sentence
from tradeguard.news.tokens import TextToken

FORM_CONFIDENCE: dict[str, tuple[float, str]] = {
    "name": (0.95, "full name"),
    "alias": (0.9, "alias"),
    "former-name": (0.85, "former name"),
    "person-reordered": (0.9, "full name, other order"),
    "head": (0.75, "head of the name"),
    "person-short": (0.7, "given name and surname only"),
    "weak-alias": (0.6, "weak alias"),
}
MODE_FACTOR: dict[str, tuple[float, str]] = {
    "exact": (1.0, ""),
    "loose": (0.9, "transliterated from another script"),
    "joined": (0.9, "read from Chinese characters"),
}
COMMON_FACTOR = 0.75
_CONTEXT = re.compile(
    r"\b(?:sanction\w*|entity list|blacklist\w*|export\w*|embargo\w*|designat\w*|licen[cs]\w*|ofac|bis|"
    r"commerce department|department of commerce|treasury)\b|制裁|实体清单|出口|санкц|экспорт|черн\w+ спис",
    re.IGNORECASE,
)
_ORG_WORDS = frozenset(
    {"co", "ltd", "inc", "corp", "corporation", "company", "group", "bureau", "plant", "factory", "firm", "jsc",
     "pjsc", "ojsc", "llc", "gmbh", "holding", "institute", "university", "bank", "design", "enterprise"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Link:
    """One accepted mention of one target."""

    target: int
    first: int  # token positions
    last: int
    sentence: int
    confidence: float
    how: str
    ref: PatternRef


BRAND_AFFILIATES = 3  # a head read from two Chinese characters is trusted for a brand listed this many times
_BUSINESS_WORDS = frozenset({"technology", "co", "company", "group", "holding", "electronic", "communication"})


@dataclass(frozen=True, slots=True)
class _Context:
    text: str
    tokens: Sequence[TextToken]
    sentences: Sequence[Sentence]
    sentence_starts: list[int]
    event_sentences: frozenset[int]
    family_sizes: Mapping[str, int]


def _words(surface: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", surface)


@lru_cache(maxsize=8192)  # a head shared by many entries asks the same question once per entry
def _capitalised(surface: str) -> bool:
    """Every word starts with a capital; the part after a hyphen may not ("Kim Jong-un")."""
    words = [_words(word) for word in surface.split()]
    return any(words) and all(parts[0][0].isupper() for parts in words if parts)


@lru_cache(maxsize=8192)
def _in_capitals(surface: str) -> bool:
    letters = "".join(_words(surface))
    return bool(letters) and letters.isupper()


def _has_context(span: Span, sentence: int, context: _Context) -> bool:
    if sentence in context.event_sentences:
        return True
    if _CONTEXT.search(context.sentences[sentence].text) if sentence >= 0 else False:
        return True
    neighbours = (span.first - 1, span.last + 1)
    return any(0 <= i < len(context.tokens) and context.tokens[i].norm in _ORG_WORDS for i in neighbours)


def _inside_longer_name(span: Span, context: _Context) -> bool:
    """True when a capitalised word stands right next to the span ("United" in "United States")."""
    tokens, text = context.tokens, context.text
    before = span.first - 1
    after = span.last + 1
    joined_before = before >= 0 and not text[tokens[before].end : tokens[span.first].start].strip()
    if joined_before and _capitalised(text[tokens[before].start : tokens[before].end]):
        return True
    if after < len(tokens) and not text[tokens[span.last].end : tokens[after].start].strip():
        return _capitalised(text[tokens[after].start : tokens[after].end])
    return False


def _chinese_reading_ok(ref: PatternRef, target: Target, span: Span, context: _Context) -> bool:
    """Two Chinese characters spell many a pinyin word: a head needs a known brand or a business word after it."""
    if ref.form != "head":
        return True
    following = span.last + 1
    business = following < len(context.tokens) and context.tokens[following].norm in _BUSINESS_WORDS
    return business or context.family_sizes.get(target.family, 0) >= BRAND_AFFILIATES


def _accept(ref: PatternRef, target: Target, span: Span, sentence: int, context: _Context) -> float | None:
    """The common-word discount (1.0 when none), or None when the rules reject this reading."""
    tokens = context.tokens[span.first : span.last + 1]
    if span.mode != "joined" and all(token.han for token in tokens):
        return None  # a pinyin syllable is not a word: Chinese text matches only syllables read together
    if span.mode == "joined" and not _chinese_reading_ok(ref, target, span, context):
        return None
    surface = context.text[tokens[0].start : tokens[-1].end]
    latin_surface = span.mode != "joined"
    if ref.acronym and not (latin_surface and _in_capitals(surface)):
        return None
    needs_capitals = target.kind is EntryKind.PERSON or len(tokens) == 1 or ref.form == "head"
    if needs_capitals and latin_surface and not _capitalised(surface):
        return None  # proper names are capitalised; "affiliated", "continuity" in running text are not names
    if ref.common:
        if not latin_surface or not _capitalised(surface) or not _has_context(span, sentence, context):
            return None
        if len(tokens) == 1 and _inside_longer_name(span, context):
            return None
        return COMMON_FACTOR
    return 1.0


@lru_cache(maxsize=65536)
def _score(ref: PatternRef, mode: str, factor: float) -> tuple[float, str]:
    base, form_reason = FORM_CONFIDENCE[ref.form]
    mode_factor, mode_reason = MODE_FACTOR[mode]
    reasons = [form_reason + (f" of {ref.source_text!r}" if ref.form == "head" else "")]
    if mode_reason:
        reasons.append(mode_reason)
    if factor < 1.0:
        reasons.append("everyday word(s), capitalised in a list context")
    return round(base * mode_factor * factor, 3), "; ".join(reasons)


def link_spans(
    spans: Sequence[Span],
    patterns: Sequence[Pattern],
    targets: Sequence[Target],
    tokens: Sequence[TextToken],
    text: str,
    sentences: Sequence[Sentence],
    event_sentences: frozenset[int],
    family_sizes: Mapping[str, int],
) -> list[Link]:
    """Accepted links of the non-overlapping spans (longest first) that survive the rules."""
    starts = [sentence.start for sentence in sentences]
    context = _Context(text, tokens, sentences, starts, event_sentences, family_sizes)
    by_span: dict[tuple[int, int], list[Link]] = {}
    for span in spans:
        sentence = bisect_right(starts, tokens[span.first].start) - 1
        for ref in patterns[span.pattern].refs:
            factor = _accept(ref, targets[ref.target], span, sentence, context)
            if factor is None:
                continue
            confidence, how = _score(ref, span.mode, factor)
            by_span.setdefault((span.first, span.last), []).append(
                Link(ref.target, span.first, span.last, sentence, confidence, how, ref)
            )
    return _longest_first(by_span)


def _longest_first(by_span: dict[tuple[int, int], list[Link]]) -> list[Link]:
    taken: list[tuple[int, int]] = []
    links: list[Link] = []
    for first, last in sorted(by_span, key=lambda key: (key[0] - key[1], key[0])):
        if any(first <= other_last and other_first <= last for other_first, other_last in taken):
            continue
        taken.append((first, last))
        links.extend(by_span[(first, last)])
    links.sort(key=lambda link: (link.first, -link.confidence))
    return links
