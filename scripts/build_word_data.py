"""Derive the everyday-word tables of `tradeguard.names.words` from wordfreq (run again when its thresholds change).

Usage: .venv/bin/python scripts/build_word_data.py

Writes `src/tradeguard/names/data/common_words.txt`: the words of `WORD_LANGUAGES` at least as frequent as
`COMMON_ZIPF` and `MIN_LENGTH` letters long, folded to ASCII as names are (accents dropped); and `near_words.txt`:
the words at least as frequent as `KNOWN_ZIPF` that are one edit (a letter changed, added or left out) away from a
common word. A word one edit from a common word is read as a slip of it unless it is a word itself ("Dining" is no
slip of "Mining"); only those neighbours need to be known, which keeps the table a small fraction of the dictionary.
Word frequencies: wordfreq (Robyn Speer), data under CC BY-SA 4.0.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path

from wordfreq import get_frequency_dict

OUT = Path(__file__).resolve().parents[1] / "src" / "tradeguard" / "names" / "data"
# Languages whose everyday words make up company names on the lists and in customer files.
WORD_LANGUAGES = ("en", "es", "fr", "de", "pt", "it")
COMMON_ZIPF = 3.5  # ~3 times per million words: "freight" 4.0, "hobby" 4.3, "joyeria" 2.3
KNOWN_ZIPF = 2.0  # any word seen about once in ten million words counts as a word, not a slip
MIN_LENGTH = 5  # one letter changed in a four-letter word makes another word too often


def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))


def _words(zipf: float) -> set[str]:
    floor = 10 ** (zipf - 9)  # Zipf = log10(frequency per billion words)
    found: set[str] = set()
    for language in WORD_LANGUAGES:
        for word, frequency in get_frequency_dict(language).items():
            folded = _fold(word)
            if frequency >= floor and folded.isascii() and folded.isalpha():
                found.add(folded)
    return found


def _blanked(word: str) -> Iterator[str]:
    """The word with one letter after the first blanked: two words one letter apart share one of these."""
    return (word[:i] + "_" + word[i + 1 :] for i in range(1, len(word)))


def _shortened(word: str) -> Iterator[str]:
    """The word with one letter after the first left out."""
    return (word[:i] + word[i + 1 :] for i in range(1, len(word)))


def _near(known: set[str], common: set[str]) -> list[str]:
    """The known words that are not common and one edit from a common word (its first letter kept, as
    `names.words.is_slip_of_common_word` asks)."""
    blanked = {key for word in common for key in _blanked(word)}
    shortened = {key for word in common for key in _shortened(word)}
    return sorted(
        word
        for word in known - common
        if word in shortened  # a letter left out
        or any(key in common for key in _shortened(word))  # a letter added
        or any(key in blanked for key in _blanked(word))  # a letter changed
    )


def build_tables() -> dict[str, str]:
    """The text of each table file, by file name."""
    known = _words(KNOWN_ZIPF)
    common = {word for word in _words(COMMON_ZIPF) if len(word) >= MIN_LENGTH}
    return {
        "common_words.txt": "\n".join(sorted(common)) + "\n",
        "near_words.txt": "\n".join(_near(known, common)) + "\n",
    }


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, text in build_tables().items():
        (OUT / name).write_text(text, encoding="ascii")
        print(f"{name}: {text.count(chr(10)):,} words")


if __name__ == "__main__":
    main()
