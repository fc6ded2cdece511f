"""Phonetic keys for Latin tokens: one for transliteration variants, one consonant skeleton for vowelless scripts."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Final

# Spelling variants produced by different romanisations of the same sound (Russian, Ukrainian, Arabic, German,
# Polish...). Order matters: longer patterns first.
# The "ch"/"ts" sound gets a placeholder so that the soft-c rules ("ci" -> "si") below do not touch it.
_AFFRICATE: Final = "\u00e7"
_VARIANTS: Final[tuple[tuple[str, str], ...]] = (
    ("eddine", "din"),
    ("eddin", "din"),
    ("uddin", "din"),
    ("aldin", "din"),
    ("addin", "din"),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("sjtj", "s"),  # Swedish/German-style romanisations of Russian: sjtj, tj, sj, zj (щ ч ш ж)
    ("shch", "s"),
    ("sch", "s"),
    ("tsch", _AFFRICATE),
    ("tch", _AFFRICATE),
    ("dzh", "j"),
    # French spellings of dzh/j before i: Enerdji/Enerdzhi, Hadji/Haji (elsewhere dj may be d + a soft sign, as in
    # the Swedish-style Gennadjevitj).
    ("dji", "ji"),
    ("kh", "h"),
    ("zh", "j"),
    ("sh", "s"),
    ("ch", _AFFRICATE),
    ("ts", _AFFRICATE),
    ("tz", _AFFRICATE),
    ("cz", _AFFRICATE),
    ("q", "k"),  # before ks: Aqsa/Aksa
    ("ks", "x"),
    ("ck", "k"),
    ("ph", "f"),
    ("th", "t"),
    ("dh", "d"),
    ("gh", "k"),  # Persian merges qaf and ghayn: Ghasemi/Qasemi, Sadegh/Sadeq
    ("ce", "se"),
    ("ci", "si"),
    ("ye", "e"),
    ("je", "e"),
    ("yo", "io"),
    ("jo", "io"),
    ("ya", "ia"),
    ("yu", "iu"),
    ("ja", "ia"),
    ("ju", "iu"),
    ("tj", _AFFRICATE),
    ("sj", "s"),
    ("zj", "j"),
    ("w", "v"),
    ("y", "i"),
    ("z", "s"),
)
_REPEATED_LETTER: Final = re.compile(r"(.)\1+")
_GLIDE_J: Final = re.compile(r"(?<=[aeiouy])j(?![aeiou])")  # Sergej/Sergey, Michajlovic/Mikhailovich
_ENDINGS: Final = re.compile(r"(ii|ij|iy|yi|yy|ei|ey)$")  # Huawei/Huawey, Sergei/Sergey, Mei/Mey
_ENDING_LETTERS: Final = ("i", "j", "y")  # the last letters of `_ENDINGS`
_OFF_ENDING: Final = re.compile(r"(?<=..[oe])ff$")  # the old French-style romanisation of -ов/-ев: Smirnoff, Chizhoff
# Belarusian -аў, the Russian -ов with the unstressed o written a (akanye) and the final v as ў: Malastau/Molostov,
# Jafanau/Efanov. Only after a consonant in a long word ("Grau", "Moreau" stay).
_AU_ENDING: Final = re.compile(r"(?<=...[^aeiouy])au$")
# The Belarusian women's patronymic -аўна/-еўна/-оўна is the Russian -овна/-евна: Mihaulauna/Mikhailovna,
# Leanidauna/Leonidovna, Mikalaeuna/Nikolaevna, Piatrouna/Petrovna (only as the end of a long word).
_UNA_ENDING: Final = re.compile(r"(?<=....)([aeo])una$")
# Belarusian writes a soft Russian t as ц and a soft d as дз (tsekanne, dzekanne): Tsimafei/Timofei,
# Tsiatseryn/Teterin, Dzianis/Denis, Uladzimir/Vladimir, Dzmitry/Dmitry.
_SOFT_TS_DZ: Final = re.compile(r"(?<=[aeiouysn])ts(?=i|e)|^ts(?=i)|dz(?=i|e|m)")

# Consonant classes for comparing a vowelless transliteration (Arabic, Hebrew) with a Latin spelling.
_SKELETON_DIGRAPHS: Final[tuple[tuple[str, str], ...]] = (
    ("dj", "j"),  # French spellings of jim: Djouadi, Djamel
    ("kh", "h"),
    ("sh", "$"),
    ("ch", "$"),
    ("th", "t"),
    ("dh", "z"),  # Arabic dhal and zah: Latin spellings use dh, z, th
    ("gh", "g"),
    ("ph", "f"),
    ("ts", _AFFRICATE),
    ("tz", _AFFRICATE),
)
# Latin g stands for qaf (Persian), ghayn and gaf more often than for jim (Egyptian "Gamal"): it joins the k class.
_SKELETON_SINGLE: Final = str.maketrans(
    {"q": "k", "c": "k", "g": "k", "p": "b", "v": "f", "z": "s", "'": None, "`": None, **dict.fromkeys("aeiouyw")}
)


def collapse_repeats(text: str) -> str:
    """Each run of one letter as one letter: "Mohammed" -> "Mohamed"."""
    # Most words have no letter twice in a row: a compiled loop tells so for less than a regex call costs. A
    # function, not the template r"\1", which re.sub hands to Python code (re._subx) on every call; the one regex
    # for the normaliser, the phonetic keys and the profiles' joined skeletons.
    previous = ""
    for char in text:
        if char == previous:
            return _REPEATED_LETTER.sub(_first_group, text)
        previous = char
    return text


def _first_group(match: re.Match[str]) -> str:
    return match.group(1)


def _plain_stop(match: re.Match[str]) -> str:
    return match.group(0)[0]  # ts -> t, dz -> d


def _as_vna(match: re.Match[str]) -> str:
    return match.group(1) + "vna"


@lru_cache(maxsize=200_000)
def phonetic_key(token: str) -> str:
    """A key equal for common romanisation variants: Aleksandr/Alexander, Levitsky/Levitskiy, Kholm/Holm."""
    if token.isdigit():
        return token
    # Each rule runs only where its letters are: a regex call has its cost even when nothing matches, and the
    # joined runs of a name's tokens (`match.profile`) are new words whose keys no cache holds.
    key = _SOFT_TS_DZ.sub(_plain_stop, token) if "ts" in token or "dz" in token else token
    if "j" in key:
        key = _GLIDE_J.sub("i", key)
    if key.endswith(_ENDING_LETTERS):
        key = _ENDINGS.sub("i", key)
    if key.endswith("ff"):
        key = _OFF_ENDING.sub("v", key)
    elif key.endswith("au"):
        key = _AU_ENDING.sub("av", key)
    elif key.endswith("una"):
        key = _UNA_ENDING.sub(_as_vna, key)
    for src, dst in _VARIANTS:  # in order, so that every spelling reaches the same key
        key = key.replace(src, dst)
    key = collapse_repeats(key.replace(_AFFRICATE, "c"))
    return key


@lru_cache(maxsize=200_000)
def skeleton(token: str) -> str:
    """The consonant skeleton of a token: Muhammad, Mohammed and Arabic "mhmd" all give "mhmd"."""
    return token if token.isdigit() else _skeleton_with(token, _SKELETON_DIGRAPHS)


# A Latin kh, dh, th or gh is one Arabic letter (kha, dhal, tha, ghayn) or two, a consonant and ha: Lakhal = لكحل,
# Adham = أدهم, Medhat = مدحت. `skeleton` reads the one letter; `digraphs_apart` the two.
_PAIRED: Final = ("kh", "dh", "th", "gh")
_APART_DIGRAPHS: Final = tuple((src, dst) for src, dst in _SKELETON_DIGRAPHS if src not in _PAIRED)


@lru_cache(maxsize=200_000)
def digraphs_apart(token: str) -> str:
    """The skeleton of a token with kh, dh, th and gh read as two letters (see `_PAIRED`); its `skeleton` when it
    has none of them."""
    if token.isdigit() or not any(pair in token for pair in _PAIRED):
        return skeleton(token)
    return _skeleton_with(token, _APART_DIGRAPHS)


def _skeleton_with(token: str, digraphs: tuple[tuple[str, str], ...]) -> str:
    key = token
    for src, dst in digraphs:
        key = key.replace(src, dst)
    key = collapse_repeats(key.translate(_SKELETON_SINGLE))  # the table also drops the vowels
    # A final h is often the Arabic ta marbuta (Hamzah/Hamza, "hmzh"), written or not.
    if len(key) > 2 and key.endswith("h"):
        key = key[:-1]
    return key


def shin_apart(bones: str) -> str:
    """A skeleton with shin ($) read as s + h: a Latin "sh" is shin or s + h (Ishaq = اسحاق, "shk"), and the
    Latin skeleton reads it as shin; equal this way, `match.align.skeleton_similarity` rates a pair 0.9."""
    return bones.replace("$", "sh")


# The Arabic interdentals (ث ذ ظ) in a skeleton read from Arabic letters: Latin spellings write them t/th (Uthman,
# Kathim) or s/z (Osman, Kazim, Saqib for ثاقب), so they compare as either.
INTERDENTAL: Final = "T"
# The Arabic ta marbuta (ة) ending a word: silent in a name said alone (Hamza, Fatima), "t" when a noun follows and in
# Persian, Turkish and West African spellings (Asbat al-Ansar, Jamaat, Hamzat, Fatimata), so it compares as either.
TA_MARBUTA: Final = "H"
AMBIGUOUS_LETTERS: Final = INTERDENTAL + TA_MARBUTA


def letter_readings(bones: str) -> tuple[str, ...]:
    """A skeleton with its ambiguous letters resolved: interdentals as t, then as s; a ta marbuta as silent, then
    as t. The skeleton alone when it has neither."""
    readings = [bones]
    for marker, read in _READERS:
        if marker in bones:
            readings = [read_as(reading) for reading in readings for read_as in read]
    return tuple(readings)


def _silent_ta_marbuta(bones: str) -> str:
    """The skeleton with its ta marbuta silent: gone, and a final h before it dropped as `skeleton` drops any final h
    (جبهة "jbh" reads "jb" like Latin "Jabha", and "jbht" like "Jabhat")."""
    plain = bones.replace(TA_MARBUTA, "")
    return plain[:-1] if bones.endswith(TA_MARBUTA) and len(plain) > 2 and plain.endswith("h") else plain


_READERS: Final[tuple[tuple[str, tuple[Callable[[str], str], ...]], ...]] = (
    (INTERDENTAL, (lambda bones: bones.replace(INTERDENTAL, "t"), lambda bones: bones.replace(INTERDENTAL, "s"))),
    (TA_MARBUTA, (_silent_ta_marbuta, lambda bones: bones.replace(TA_MARBUTA, "t"))),
)


def _with_final_h(bones: str) -> str:
    """The skeleton with the final h that `skeleton` drops kept (a ta marbuta as that h)."""
    plain = bones.removesuffix(TA_MARBUTA)
    return plain if plain.endswith("h") else plain + "h"


# Skeleton classes of the Arabic sun letters (ت ث د ذ ر ز س ش ص ض ط ظ ل ن): before them the article's l is spoken as
# the next consonant, and Latin spellings often write it so: "Shamsuddin" (شمس الدين), "Abdurrahman" (عبد الرحمن).
_SUN_LETTERS: Final = frozenset("tdsr$lnT")


def skeleton_readings(tokens: tuple[str, ...], skeletons: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The token skeletons of a name, or of a run of its tokens, as one word written together may give them: as
    they are; with a final h that `skeleton` drops (ta marbuta or not) kept inside the word ("slh al dyn" as
    "Salahaldin"); and either with the article's l left out between a word and a sun letter ("shms al dyn" as
    "Shamsuddin"; a leading article stays: "al-Tikriti" is not written "Ttikriti"). Each with its interdentals read
    as t and as s, its ta marbuta as nothing and as t (`letter_readings`)."""
    last = len(tokens) - 1
    kept_h = tuple(
        _with_final_h(bones) if k < last and token.endswith("h") and not bones.endswith("h") else bones
        for k, (token, bones) in enumerate(zip(tokens, skeletons))
    )
    # Most runs of tokens have one reading: the variants are only built where their letters are (a name's windows
    # each ask), and the duplicates they would add are left out in the order `dict.fromkeys` would keep.
    readings = [skeletons] if kept_h == skeletons else [skeletons, kept_h]
    if "al" in tokens[1:last]:
        readings += [
            tuple(
                "" if 0 < k < last and token == "al" and bones == "l" and reading[k + 1][:1] in _SUN_LETTERS else bones
                for k, (token, bones) in enumerate(zip(tokens, reading))
            )
            for reading in tuple(readings)
        ]
    for marker, read in _READERS:
        if any(marker in bones for bones in skeletons):
            readings = [tuple(map(read_as, reading)) for read_as in read for reading in readings]
    return list(dict.fromkeys(readings))
