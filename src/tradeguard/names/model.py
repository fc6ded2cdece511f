"""The normalised form of a name, the unit the index keeps and the scorer compares.

A plain Python class in a module of its own: the modules that build and score names are compiled (mypyc, see
`setup.py`), and a compiled class would pickle ~8x slower into the cached index and take ~130 MB more once loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tradeguard.lists.model import EntryKind
from tradeguard.lists.records import pickled_by_slots


@pickled_by_slots
@dataclass(frozen=True, slots=True)
class NormalizedName:
    """A name ready for matching: Latin tokens without legal forms and honorifics, with weights and blocking keys."""

    original: str
    kind: EntryKind | None
    tokens: tuple[str, ...]  # Latin, lower-case, in order; legal forms, honorifics and vessel prefixes removed
    legal_form: str | None  # class of the legal form (see legal_forms), if any
    numbers: tuple[str, ...]  # numbers in the core of the name ("Bank 7", "No. 8", "II")
    compact: str  # core tokens joined without spaces
    # Blocking keys, see `blocking_keys`: a frozenset, or in an index a sorted tuple (`normalize.share_keys`; test two
    # names with `normalize.share_a_key`). Not compared: they follow from the tokens, whichever way they are kept.
    keys: frozenset[str] | tuple[str, ...] = field(compare=False)
    token_weights: tuple[float, ...]  # informativeness of each token in (0, 1]
    vowelless: tuple[bool, ...] = ()  # per token: transliterated from Arabic/Hebrew (compare by skeleton)
    phonetic: tuple[str, ...] = ()  # per token phonetic key
    skeletons: tuple[str, ...] = ()  # per token consonant skeleton
    residue: tuple[bool, ...] = ()  # per token: from a parenthesis or comma tail (branch, port, address)
    jurisdiction: str | None = None  # country whose law the legal form belongs to, if specific
    alternates: tuple[NormalizedName, ...] = ()  # former names given inline: "X (ex-Y)", "X f.k.a. Y"
    person_like: bool = False  # a person, or a name that looks like one (no legal form, no business words)
    transliterated: tuple[bool, ...] = ()  # per token: from a non-Latin script
    joined: str = ""  # every Latin letter and digit of the name, without spaces or punctuation
    # Per-name facts the scorer would otherwise recompute for every pair; built on first use by `match.profile`.
    scoring_profile: object = field(default=None, init=False, compare=False, repr=False)
