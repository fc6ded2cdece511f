"""Name normalisation for matching: scripts to Latin, legal forms, tokens, weights, phonetic and blocking keys."""

from tradeguard.names.normalize import MAX_NAME_LENGTH, NormalizedName, blocking_keys, normalize_name

__all__ = ["MAX_NAME_LENGTH", "NormalizedName", "blocking_keys", "normalize_name"]
