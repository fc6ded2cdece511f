"""Name normalisation for matching: scripts to Latin, legal forms, tokens, weights, phonetic and blocking keys."""

from tradeguard.names.foreign_words import load_japanese_reader
from tradeguard.names.model import NormalizedName
from tradeguard.names.normalize import MAX_NAME_LENGTH, blocking_keys, normalize_name
from tradeguard.names.words import load_word_tables


def load_dictionaries() -> None:
    """Load the dictionaries normalisation and matching read lazily, before a server or batch workers start
    screening."""
    load_japanese_reader()
    load_word_tables()


__all__ = ["MAX_NAME_LENGTH", "NormalizedName", "blocking_keys", "load_dictionaries", "normalize_name"]
