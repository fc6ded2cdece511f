"""Article text as a sequence of normalised tokens that keep their character offsets.

Each word goes through the same normaliser as list names (`normalize_name`, cached per distinct word), so a token
of the text and a token of a list name compare as equal strings: "Technologies" -> "technology", "Интл" ->
"intl"... Possessives are cut before ("Huawei's" -> "huawei"). A run of Chinese characters has no spaces: known
business words are translated as the normaliser does (技术 -> technology) and every other character becomes one
pinyin syllable, marked `han` so the mention finder may join syllables (华为 -> hua + wei -> "huawei").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

from tradeguard.errors import InputError
from tradeguard.names.normalize import normalize_name
from tradeguard.names.phonetic import phonetic_key
from tradeguard.names.scripts import CHINESE_WORDS, is_han

# A word: letters and digits, with apostrophes inside (O'Neill) but not at the ends.
_WORD = re.compile(r"[^\W_](?:[^\W_]|['’](?=[^\W_]))*")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
_MAX_HAN_WORD = max(len(word) for word in CHINESE_WORDS)


@dataclass(frozen=True, slots=True)
class TextToken:
    """One normalised token of an article and where it sits in the text."""

    norm: str  # as list-name tokens are written: Latin, lower-case
    start: int  # character offsets in the article text of the word it came from
    end: int
    foreign: bool = False  # transliterated from a non-Latin script (compared by phonetic key too)
    han: bool = False  # a pinyin syllable or translated word from a run of Chinese characters

    @property
    def key(self) -> str:
        return phonetic_key(self.norm)


@lru_cache(maxsize=200_000)
def word_tokens(word: str) -> tuple[tuple[str, bool], ...]:
    """The normalised tokens of one word and whether they were transliterated (cached: news reuses words)."""
    try:
        normalized = normalize_name(word)
    except InputError:
        return ()
    return tuple(zip(normalized.tokens, normalized.transliterated or (False,) * len(normalized.tokens), strict=True))


def _han_tokens(run: str, offset: int) -> list[TextToken]:
    """Translate known business words (longest first) and spell every other character as one syllable."""
    out: list[TextToken] = []
    i = 0
    while i < len(run):
        for size in range(min(_MAX_HAN_WORD, len(run) - i), 1, -1):
            english = CHINESE_WORDS.get(run[i : i + size])
            if english is not None:
                for word in english.split():
                    out.extend(
                        TextToken(norm, offset + i, offset + i + size, False, True) for norm, _ in word_tokens(word)
                    )
                i += size
                break
        else:
            syllables = lazy_pinyin(run[i], style=Style.NORMAL, errors="ignore")
            if syllables and syllables[0].isascii():
                out.append(TextToken(syllables[0].lower(), offset + i, offset + i + 1, True, True))
            i += 1
    return out


def _split_han(word: str, offset: int) -> list[tuple[str, int, bool]]:
    """Split a word into runs of Chinese characters and other letters: (text, offset, is_han)."""
    runs: list[tuple[str, int, bool]] = []
    for match in re.finditer(
        r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+", word
    ):
        runs.append((match.group(), offset + match.start(), is_han(match.group()[0])))
    return runs


def tokenize_text(text: str) -> list[TextToken]:
    """Every token of `text`, in order, with the offsets of the word each came from."""
    tokens: list[TextToken] = []
    for match in _WORD.finditer(text):
        for piece, start, han in _split_han(match.group(), match.start()):
            if han:
                tokens.extend(_han_tokens(piece, start))
                continue
            word = _POSSESSIVE.sub("", piece)
            end = start + len(word)
            tokens.extend(TextToken(norm, start, end, foreign) for norm, foreign in word_tokens(word))
    return tokens
