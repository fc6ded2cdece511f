"""Normalise one name once: clean, split annotations, transliterate, tokenise, strip legal forms, weigh, key.

Input policy: `normalize_name` raises `InputError` for a name that is not a string, is longer than
`MAX_NAME_LENGTH` characters, or holds no letter or digit at all (empty, only punctuation, only emoji). Anything
else gets an answer: control characters become spaces, unknown symbols are dropped.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import lru_cache
from typing import Final

from tradeguard.errors import InputError
from tradeguard.lists.model import EntryKind
from tradeguard.names.arabic_words import english_reading
from tradeguard.names.legal_forms import LegalForm, dominant_form, find_legal_forms
from tradeguard.names.model import NormalizedName
from tradeguard.names.phonetic import (
    collapse_repeats,
    digraphs_apart,
    letter_readings,
    phonetic_key,
    shin_apart,
    skeleton,
    skeleton_readings,
)
from tradeguard.names.scripts import to_latin_words
from tradeguard.names.tokens import RawToken, clean_text, split_alternates, tokenize
from tradeguard.names.vocabulary import COUNTRY_WORDS, LOW_INFO, PARTICLES, VOWELLESS_PARTICLES

MAX_NAME_LENGTH: Final = 1000
_LETTER_OR_DIGIT: Final = re.compile(r"[^\W_]")
_WORD_CHAR: Final = re.compile(r"\w")
_LATIN_ALNUM: Final = re.compile(r"[a-z0-9]")
RESIDUE_FACTOR: Final = 0.08  # weight of words in parentheses or after a comma: branch, port, address, flag
LOW_WEIGHT: Final = 0.3  # generic business words in the names of organisations (and a seat left over: match.profile)


def _token_weight(token: str, residue: bool, kind: EntryKind | None, vowelless: bool) -> float:
    if token in (VOWELLESS_PARTICLES if vowelless else PARTICLES):
        weight = 0.1
    elif token in LOW_INFO and kind is not EntryKind.PERSON:
        weight = LOW_WEIGHT
    elif len(token) == 1:
        weight = 0.5
    elif not token.isalpha():  # tokens are runs of [a-z0-9]: not all letters means a digit
        weight = 0.3  # voyage numbers, codes: "V.214W"
    else:
        weight = 1.0
    if residue:
        weight *= RESIDUE_FACTOR
    return weight


KEY_WEIGHT: Final = 0.3  # tokens weighing less (particles, initials, generic words) get no key of their own
# A name resting on one word may carry a typo that leaves no 4-letter slice or consonant key in common ("LUOIL" for
# "LUKOIL"): such a word also gets "d:" keys for itself and each spelling with one letter left out, so that two
# spellings one typed letter apart (a letter dropped, added or changed) share a key (symmetric deletion).
SLIP_KEY_LENGTHS: Final = range(4, 13)


def _slip_keys(tokens: tuple[str, ...], weights: tuple[float, ...]) -> set[str]:
    words = [token for token, weight in zip(tokens, weights) if weight >= KEY_WEIGHT and token.isalpha()]
    if len(words) != 1 or len(words[0]) not in SLIP_KEY_LENGTHS:
        return set()
    word = words[0]
    return {"d:" + word, *("d:" + word[:i] + word[i + 1 :] for i in range(len(word)))}


def blocking_keys(
    tokens: tuple[str, ...],
    weights: tuple[float, ...],
    compact: str,
    skeletons: tuple[str, ...],
    vowelless: tuple[bool, ...],
) -> frozenset[str]:
    """Keys for the candidate index, and the scorer's test for "anything in common".

    "p:" the phonetic key and "s:" the consonant skeleton (d read as s; also with sh, and in a token written with
    vowels (`vowelless` off), kh, dh, th and gh read as two letters) of every informative token (weight >= 0.3),
    "g:" every 4-letter slice of the compact form and "k:" every 4-letter slice of the joined consonant skeleton
    (without a final h; the whole skeleton when it has 3 letters) in every `phonetic.skeleton_readings` of the name
    ("shms al dyn" also as "shmsdn"); "d:" for a name resting on one word, that word and each spelling of it with
    one letter left out (`_slip_keys`).
    Guarantee: two names that share no key score 0 (`match.scorer` checks this first), so an index that proposes
    every name sharing a key with the query loses no hit the scorer would report. Exact names, transliterations,
    vowelless-script spellings and words written together or apart ("EtsDiallo", "عبدالله") share keys.
    """
    keys: set[str] = set()
    for token, weight, bones, unvoweled in zip(tokens, weights, skeletons, vowelless):
        if weight < KEY_WEIGHT or token.isdigit():
            continue
        keys.add("p:" + phonetic_key(token))
        if len(bones) >= 2:
            # dad/zah: d in Arabic spellings, z in Persian ones; interdentals and ta marbuta read both ways; a Latin
            # sh as s + h too (Ishaq = اسحاق: `match.align.skeleton_similarity` rates them so)
            keys.update("s:" + reading.replace("d", "s") for reading in letter_readings(bones))
            if "$" in bones:
                keys.add("s:" + shin_apart(bones).replace("d", "s"))
        apart = digraphs_apart(token)  # kh, dh, th, gh as two letters: Adham = أدهم (`match.align._apart_meets`)
        if apart != bones and len(apart) >= 2 and not unvoweled:
            keys.add("s:" + apart.replace("d", "s"))
    keys.update("g:" + compact[start : start + 4] for start in range(max(0, len(compact) - 3)))
    keys.update(_slip_keys(tokens, weights))
    for reading in skeleton_readings(tokens, skeletons):
        keys.update(_skeleton_slices(reading))
    if not keys and compact:
        keys.add("g:" + compact)
    return frozenset(keys)


def share_keys(name: NormalizedName) -> None:
    """Keep the name's blocking keys as a sorted tuple of interned strings: the same keys recur in thousands of names
    (one string each keeps ~70 MB out of an index of all lists), and a tuple of a name's ~24 keys takes a fifth of a
    frozenset's memory (~70 MB less again, bench/README.md). Only for names kept long (an index); a query or a pair of
    `compare --pairs` would pay ~6% of its normalising for nothing."""
    # The name is frozen for callers; its keys are not compared (`NormalizedName.keys`), and callers that test them
    # against another name's go through `share_a_key`.
    object.__setattr__(name, "keys", tuple(sorted({sys.intern(key) for key in name.keys})))


def share_a_key(first: NormalizedName, second: NormalizedName) -> bool:
    """Whether two names have a blocking key in common, whichever way each keeps its keys (`share_keys`)."""
    if isinstance(first.keys, frozenset):
        return not first.keys.isdisjoint(second.keys)
    if isinstance(second.keys, frozenset):
        return not second.keys.isdisjoint(first.keys)
    return not frozenset(first.keys).isdisjoint(second.keys)


def _skeleton_slices(bones: tuple[str, ...]) -> set[str]:
    joined = collapse_repeats("".join(bones))
    if len(joined) > 2 and joined.endswith("h"):
        joined = joined[:-1]  # the skeleton's final-h rule, for a name written as one word or apart (Matiullah)
    slices = {"k:" + joined[start : start + 4] for start in range(max(0, len(joined) - 3))}
    return slices | {"k:" + joined} if len(joined) == 3 else slices


def _validate(name: object) -> str:
    if not isinstance(name, str):
        raise InputError(f"name must be text, got {type(name).__name__}")
    if len(name) > MAX_NAME_LENGTH:
        raise InputError(f"name is {len(name)} characters long; the limit is {MAX_NAME_LENGTH}")
    if not _LETTER_OR_DIGIT.search(name) or (
        # In ASCII, a regex word character other than "_" is a letter or digit; elsewhere ask Unicode.
        not name.isascii() and not any(unicodedata.category(char)[0] in "LN" for char in name)
    ):
        raise InputError(f"name has no letter or digit: {name[:40]!r}")
    return name


def _is_person_like(kind: EntryKind | None, raw: tuple[RawToken, ...], has_form: bool) -> bool:
    if kind is EntryKind.PERSON:
        return True
    if kind not in (None, EntryKind.UNKNOWN) or has_form:
        return False
    words = [token.text for token in raw if not token.residue]
    return 1 <= len(words) <= 6 and not any(word in LOW_INFO or word.isdigit() for word in words)


def _strip_forms(
    raw: tuple[RawToken, ...], kind: EntryKind | None
) -> tuple[tuple[RawToken, ...], tuple[LegalForm, ...]]:
    """Remove legal forms from the core and from the residue separately (a form ends the core: "X Inc, address").
    In a person's name single letters are initials, never a form spelt in letters ("SMITH, John A S")."""
    core = tuple(token for token in raw if not token.residue)
    residue = tuple(token for token in raw if token.residue)
    kept_core, core_forms = find_legal_forms(_form_words(core, kind))
    kept_residue, residue_forms = find_legal_forms(_form_words(residue, kind))
    kept = {id(core[i]) for i in kept_core} | {id(residue[i]) for i in kept_residue}
    return tuple(token for token in raw if id(token) in kept), (*core_forms, *residue_forms)


def _form_words(tokens: tuple[RawToken, ...], kind: EntryKind | None) -> tuple[str, ...]:
    """The texts `find_legal_forms` reads: a person's single letters masked by a character no form has."""
    if kind is EntryKind.PERSON:
        return tuple("-" if len(token.text) == 1 else token.text for token in tokens)
    return tuple(token.text for token in tokens)


def _build(original: str, kind: EntryKind | None, text: str) -> NormalizedName:
    latin = to_latin_words(text)
    raw, numbers = tokenize(latin, kind)
    kept, forms = _strip_forms(raw, kind)
    tokens = tuple(sys.intern(token.text) for token in kept)
    # Countries written inside a name mark a national subsidiary ("Marrowby Chemicals (Thailand)"): never residue.
    residue = tuple(token.residue and token.text not in COUNTRY_WORDS for token in kept)
    weights = tuple(_token_weight(token.text, tail, kind, token.vowelless) for token, tail in zip(kept, residue))
    compact = "".join(token.text for token, tail in zip(kept, residue) if not tail)
    skeletons = tuple(token.skeleton or skeleton(token.text) for token in kept)
    vowelless = tuple(token.vowelless for token in kept)
    form = dominant_form(forms)
    return NormalizedName(
        original=original,
        kind=kind,
        tokens=tokens,
        legal_form=form.cls if form else None,
        numbers=numbers,
        compact=compact,
        keys=blocking_keys(tokens, weights, compact, skeletons, vowelless),
        token_weights=weights,
        vowelless=vowelless,
        transliterated=tuple(token.transliterated for token in kept),
        phonetic=tuple(sys.intern(phonetic_key(token)) for token in tokens),
        skeletons=tuple(map(sys.intern, skeletons)),
        residue=residue,
        jurisdiction=form.jurisdiction if form else None,
        person_like=_is_person_like(kind, kept, form is not None),
        joined="".join(_LATIN_ALNUM.findall(" ".join(word.text for word in latin).lower())),
    )


# Names kept normalised: a name screened or compared again (a party with other details, a name in many pairs) skips
# normalising and its profile. Each costs ~7 KB with the profile `match` keeps on it, so this bound is what a batch
# worker or a server may hold in query names (~140 MB; bench/README.md, 2026-11-23 afternoon, for what 100,000 cost).
# An index keeps its own names (`CandidateIndex.build` shares equal ones without this cache).
NORMALIZED_CACHE_SIZE = 20_000


@lru_cache(maxsize=NORMALIZED_CACHE_SIZE)
def normalize_name(name: str, kind: EntryKind | None = None) -> NormalizedName:
    """Normalise a person, organisation, vessel or aircraft name for matching (cached; see module docstring)."""
    return normalize_uncached(name, kind)


def normalize_uncached(name: str, kind: EntryKind | None = None) -> NormalizedName:
    """`normalize_name` without its cache: for the names an index keeps and changes (`share_keys`), which a later
    query of the same text must not get from the cache (two names with tuple keys meet slowly: `share_a_key`)."""
    text = clean_text(_validate(name))
    main, alternates = split_alternates(text)
    if not _WORD_CHAR.search(main):
        main, alternates = text, ()
    result = _build(name, kind, main)
    readings = (*alternates, *_translations(main, kind))
    alt_names = tuple(_build(alt, kind, alt) for alt in readings if _WORD_CHAR.search(alt))
    alt_names = tuple(alt for alt in alt_names if alt.tokens)
    if not result.tokens and alt_names:
        return alt_names[0]
    if not alt_names:
        return result
    keys = frozenset(result.keys).union(*(alt.keys for alt in alt_names))
    return _replace_alternates(result, alt_names, keys)


def _translations(text: str, kind: EntryKind | None) -> tuple[str, ...]:
    """Other readings of a name that are not persons: its Arabic-script organisation words in English."""
    if kind is EntryKind.PERSON:
        return ()
    english = english_reading(text)
    return (english,) if english is not None else ()


def _replace_alternates(
    result: NormalizedName, alternates: tuple[NormalizedName, ...], keys: frozenset[str]
) -> NormalizedName:
    from dataclasses import replace

    return replace(result, alternates=alternates, keys=keys)
