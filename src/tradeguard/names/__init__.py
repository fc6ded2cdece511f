"""Name normalisation for matching: scripts to Latin, legal forms, tokens, weights, phonetic and blocking keys."""

from tradeguard.names.foreign_words import load_japanese_reader
from tradeguard.names.model import NormalizedName
from tradeguard.names.normalize import MAX_NAME_LENGTH, blocking_keys, normalize_name


def load_dictionaries() -> None:
    """Load the dictionaries normalisation reads lazily, before a server or batch workers start screening."""
    load_japanese_reader()


__all__ = ["MAX_NAME_LENGTH", "NormalizedName", "blocking_keys", "load_dictionaries", "normalize_name"]
