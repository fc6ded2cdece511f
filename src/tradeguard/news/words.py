"""Which words are common in ordinary language: a list name made only of them needs care in running text."""

from __future__ import annotations

from functools import lru_cache

# Languages whose common words show up in list names (Banco Nacional, Arsenal, Golden Star...).
COMMON_WORD_LANGUAGES = ("en", "es", "fr", "de", "pt")
# wordfreq's Zipf scale: 4.0 is a word seen about 10 times per million words ("arsenal" 4.3, "huawei" 3.3).
COMMON_ZIPF = 4.0


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Every word at least as frequent as `COMMON_ZIPF` in one of `COMMON_WORD_LANGUAGES` (loaded once)."""
    from wordfreq import get_frequency_dict

    floor = 10 ** (COMMON_ZIPF - 9)  # Zipf = log10(frequency per billion words)
    words: set[str] = set()
    for language in COMMON_WORD_LANGUAGES:
        words.update(word for word, frequency in get_frequency_dict(language).items() if frequency >= floor)
    return frozenset(words)


def is_common(token: str) -> bool:
    """True for a token that is an everyday word in a common language."""
    return token in common_words()
