"""Everyday words of the languages company names are written in, to tell a mistyped word from another word.

One letter changed, added or left out of a word of five letters or more is another word often enough ("Mining" /
"Dining", "Lixing" / "Lixin") that `match.align` reads it so. But a customer file's "GLOEAL INTERFACE" or "FARS
NEWS ATENCY" is no other word: it is in no dictionary, while the list's "Global" and "Agency" are everyday words. The
tables (`scripts/build_word_data.py`, from wordfreq's frequencies in six languages) hold the common words and the
known words one edit away from them, which are all a slip test needs; they load on first use (~30 ms).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from string import ascii_lowercase
from typing import Final

from rapidfuzz.distance import Levenshtein

_DATA: Final = Path(__file__).resolve().parent / "data"
# The shortest common word a slip is read of (the tables hold none shorter).
SLIP_WORD_LENGTH: Final = 5


@lru_cache(maxsize=1)
def _tables() -> tuple[frozenset[str], frozenset[str]]:
    """(common words, known words one edit from a common word), loaded once."""
    common, near = (
        frozenset((_DATA / name).read_text(encoding="ascii").split()) for name in ("common_words.txt", "near_words.txt")
    )
    return common, near


def load_word_tables() -> None:
    """Load the tables now (before batch workers fork, so that they share them)."""
    _tables()


def is_slip_of_common_word(a: str, b: str) -> bool:
    """Whether one of two words is a common word (`SLIP_WORD_LENGTH` letters or more) and the other, one inner letter
    changed, added or left out of it or a last letter cut off or added (a full field: "TRADIN"), is no word of its own
    and a slip of no other common word: a mistyped everyday word. A letter changed at either end (Robin/Robik,
    Henry/Senry) makes another name too often."""
    if abs(len(a) - len(b)) > 1 or max(len(a), len(b)) < SLIP_WORD_LENGTH or a[0] != b[0]:
        return False
    if a[-1] != b[-1] and a[:-1] != b and b[:-1] != a:
        return False
    common, near = _tables()
    if (a in common) == (b in common):
        return False  # both words (Mining/Dining, Star/Stars) or neither (Lixing/Lixin)
    slip = b if a in common else a
    if slip in near or Levenshtein.distance(a, b, score_cutoff=1) != 1:
        return False
    # "Exparts" is a slip of "exports" or of "experts": of no word in particular.
    return _common_neighbours(slip) == 1


@lru_cache(maxsize=65_536)
def _common_neighbours(word: str) -> int:
    """How many common words are one edit from `word` (some 50 lookups a letter: kept, as the aligner asks again
    for every pair that holds the same slip)."""
    common, _ = _tables()
    return sum(neighbour in common for neighbour in _one_edit(word))


class SlipReader:
    """Reads a word as the one word of a vocabulary it is a slip of (`is_slip_of_common_word`).

    Why by hand: rapidfuzz has no index, and a scan of the vocabulary for every word of every name costs more than
    the rest of normalising it; two words one edit apart share a key here (the shorter word is the longer without
    its extra letter; two words with a letter changed are equal without it)."""

    def __init__(self, words: Iterable[str]) -> None:
        self._by_key: dict[str, list[str]] = {}
        for word in words:
            if len(word) >= SLIP_WORD_LENGTH and word.isalpha():
                for key in {word, *_deletions(word)}:
                    self._by_key.setdefault(key, []).append(word)

    def read(self, word: str) -> str | None:
        """The vocabulary word `word` is a slip of, if exactly one; else None."""
        if len(word) < SLIP_WORD_LENGTH - 1 or not word.isalpha():
            return None
        found: set[str] = set()
        for key in [word, *_deletions(word)]:
            near = self._by_key.get(key)
            if near is not None:
                found.update(near)
        slips_of = [other for other in found if is_slip_of_common_word(word, other)]
        return slips_of[0] if len(slips_of) == 1 else None


def _deletions(word: str) -> list[str]:
    """`word` with each of its letters left out in turn."""
    return [word[:i] + word[i + 1 :] for i in range(len(word))]


def _one_edit(word: str) -> set[str]:
    """The words one letter changed, added or left out of `word` makes, its first letter kept."""
    found = set(_deletions(word)[1:])
    found.update(word[:i] + letter + word[i + 1 :] for i in range(1, len(word)) for letter in ascii_lowercase)
    found.update(word[:i] + letter + word[i:] for i in range(1, len(word) + 1) for letter in ascii_lowercase)
    found.discard(word)
    return found
