"""Cleaning and tokenising: control characters, party labels, former-name annotations, residue, abbreviations."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from tradeguard.lists.model import EntryKind
from tradeguard.names.legal_forms import FORM_WORDS, find_legal_forms, is_only_legal_forms, slip_table
from tradeguard.names.name_variants import NAME_VARIANTS
from tradeguard.names.phonetic import phonetic_key
from tradeguard.names.scripts import LatinWord
from tradeguard.names.vocabulary import (
    ABBREVIATIONS,
    CONJUNCTIONS,
    EDGE_NUMBER_WORDS,
    HONORIFICS,
    LOW_INFO,
    NUMBER_WORDS,
    PAIR_ABBREVIATIONS,
    VESSEL_PREFIXES,
    VOWELLESS_HONORIFICS,
)
from tradeguard.names.words import SlipReader

# "SHIPPER: X", "BENEFICIARY: X", "Field 59: X", "Affiliated Entity: X": a label of at most three words.
_LABEL: Final = re.compile(r"^\s*[^\W\d_][\w.]*(?:\s+[\w.]+){0,2}\s*:\s+(?=\S)")
# Former / other names given inline; the text after the marker is an alternate name.
_ALTERNATE: Final = re.compile(
    r"\(\s*(?:ex|formerly|f\.?k\.?a\.?|a\.?k\.?a\.?|previously)[\s.:-]+([^)]*)\)"
    r"|\b(?:f\.k\.a\.|fka|formerly known as|a\.k\.a\.|aka|also known as|formerly|ex-)\s*[:\-]?\s*(.+)$",
    re.IGNORECASE,
)
# Abbreviations and name spellings of sister languages, both replaced by one form per token.
_EXPANSIONS: Final[dict[str, str]] = {**NAME_VARIANTS, **ABBREVIATIONS}
# The words the vocabulary rewrites or weighs low, and every word it knows.
_VOCABULARY: Final = frozenset(
    {*_EXPANSIONS, *(word for words in _EXPANSIONS.values() for word in words.split()), *LOW_INFO}
)
_KNOWN_WORDS: Final = _VOCABULARY | FORM_WORDS | HONORIFICS | CONJUNCTIONS
# A vocabulary word mistyped or spelt another way is read as the word from this length on: shorter words changed by a
# letter are too often other words.
REWRITE_LENGTH: Final = 6
# A mistyped word of the vocabulary ("Servicees", "Moahmed", "Alexadner", "Genral") would lose its expansion or its
# low weight and count as a distinctive word of its own, which the other name lacks: one slip of the hand (see
# `legal_forms.slips`) in a vocabulary word is read as that word. Legal-form words are left to `legal_forms`, where a
# slip counts only where a form stands.
_MISTYPED_WORDS: Final[dict[str, str]] = slip_table(
    _VOCABULARY - FORM_WORDS, min_length=REWRITE_LENGTH, known=_KNOWN_WORDS
)


def _spelling_table(expansions: dict[str, str], min_length: int) -> dict[str, str]:
    """Phonetic key -> expansion, for the words of `min_length` letters or more that `expansions` rewrites, where
    every such word with that key reads one way."""
    readings: dict[str, set[str]] = {}
    for word, expansion in expansions.items():
        if len(word) >= min_length and word.isalpha():
            readings.setdefault(phonetic_key(word), set()).add(expansion)
    return {key: found.pop() for key, found in readings.items() if len(found) == 1}


# Another romanisation of a word the vocabulary rewrites ("Aljaksandr" for Aliaksandr = aleksandr, "Mianma" for Myanma
# = myanmar) would lose the rewrite as a slip does: an unknown word with the phonetic key of such words, all read one
# way, is read so.
_RESPELT_WORDS: Final[dict[str, str]] = _spelling_table(_EXPANSIONS, min_length=REWRITE_LENGTH)
# A vocabulary word that is an everyday word, mistyped by a letter into no word at all ("SERVICNS", "MACHIUES"):
# `names.words` tells such slips from other words by a dictionary, so that it reads inner letters changed too.
_SLIPS_OF_WORDS: Final = SlipReader(_VOCABULARY - FORM_WORDS)
_CARE_OF: Final = re.compile(r"\bc/o\b|\bcare of\b", re.IGNORECASE)
_WORD: Final = re.compile(r"[a-z0-9]+")
_WORD_CHAR: Final = re.compile(r"\w")
_SEPARATORS: Final = re.compile(r"([(),;])")
_LETTER_MARKS: Final = re.compile(r"['`\u02bb\u02bc\u02be\u02bf]")
_ORDINAL_SUFFIX: Final = re.compile(r"^(\d+)(?:st|nd|rd|th)$")


class RawToken:
    """One token of a name on its way to `NormalizedName`. A plain class, which mypyc compiles to a C struct: every
    word of every name makes one or two, and a NamedTuple is built by Python code."""

    def __init__(
        self, text: str, vowelless: bool, residue: bool, transliterated: bool = False, skeleton: str = ""
    ) -> None:
        self.text = text
        self.vowelless = vowelless
        self.residue = residue  # inside parentheses or in a comma/dash tail: branch, port, address, flag
        self.transliterated = transliterated
        self.skeleton = skeleton  # from the source letters, when the source script has no short vowels


_INNER_APOSTROPHE: Final = re.compile(r"(?<=\w)['’`ʻʼ](?=\w)")


# Symbols name nothing: emoji, dingbats, ™ ® ©, currency signs. Left in, NFKC spells ™ as letters ("Acme™" ->
# "AcmeTM") and anyascii spells emoji as words ("😀" -> "grinning"). The numero sign stays: NFKC reads it "No".
_SYMBOL_CATEGORIES: Final = frozenset({"So", "Sc", "Sk"})
_KEPT_SYMBOLS: Final = frozenset("№")


def clean_text(text: str) -> str:
    """Turn symbols into spaces, NFKC-normalise, turn control and format characters into spaces, drop a leading
    party label."""
    if not text.isascii():
        text = "".join(
            " " if unicodedata.category(char) in _SYMBOL_CATEGORIES and char not in _KEPT_SYMBOLS else char
            for char in text
        )
    # An apostrophe inside a word marks a letter (O'Doyle, Mu'alla, Жаўнерчык's ў), not a word break.
    text = _INNER_APOSTROPHE.sub("", unicodedata.normalize("NFKC", text))
    if not (text.isascii() and text.isprintable()):  # fast path: plain ASCII needs no per-character look
        text = "".join(" " if unicodedata.category(char)[0] in "CZ" else char for char in text)
    stripped = _LABEL.sub("", text, count=1)
    return stripped if _WORD_CHAR.search(stripped) else text


_AFFILIATE: Final = re.compile(r"^.*\baffiliated entity\s*:\s*", re.IGNORECASE | re.DOTALL)


def split_alternates(text: str) -> tuple[str, tuple[str, ...]]:
    """Split "Star Voyager (ex-Southern Glory)" into the main name and its inline former names.

    Entity List rows name an affiliate as "Parent (Short). Affiliated Entity: Affiliate": the affiliate is the name.
    """
    text = _AFFILIATE.sub("", text)
    alternates: list[str] = []

    def _take(match: re.Match[str]) -> str:
        alternates.append((match.group(1) or match.group(2) or "").strip())
        return " "

    main = _ALTERNATE.sub(_take, text)
    return main.strip(), tuple(alt for alt in alternates if alt)


@dataclass
class _Cursor:
    depth: int = 0  # parenthesis nesting
    group: int = 0  # number of the current parenthesis group (1, 2...)
    segment: int = 0  # 0 before the first comma/dash, then 1, 2...
    care_of: bool = False

    @property
    def zone(self) -> int:
        """0 in the plain name, -1 after "c/o", else the parenthesis group number."""
        return -1 if self.care_of else self.group if self.depth > 0 else 0


_Item = tuple[str, bool, int, int, bool, str]  # token, vowelless, zone, segment, transliterated, skeleton
# Parenthesised words with one of these are a branch, flag or office note; other parentheses name a subsidiary.
_RESIDUE_MARKERS: Final = frozenset({"branch", "flag", "office", "division", "representative", "port", "registry"})
# A tail that begins with a number and holds one of these names a numbered unit of the organisation, not a note:
# "China State Shipbuilding Corporation, Limited (CSSC) 714th Research Institute", "Tactical Missile Corporation, 711
# Aircraft Repair Plant", "... Subordinate Institution - 699 Factory". As residue its number was dropped and every
# numbered sibling read as the same name; "X Ltd, 5th Floor" and "X, 12 Main Street" have no such word.
_UNIT_WORDS: Final = frozenset(
    {"academy", "arsenal", "bureau", "center", "centre", "depot", "factory", "institut", "institute", "instituto"}
    | {"laboratory", "plant", "regiment", "shipyard", "works", "zavod"}
)


def _split_word(word: LatinWord, cursor: _Cursor, out: list[_Item]) -> None:
    """Append (token, vowelless, zone, segment, transliterated) for each alphanumeric run of `word`."""
    text = word.text.lower()
    if text in {"-", "–", "—", "/"}:
        cursor.segment += 1
        return
    for piece in _SEPARATORS.split(text) if "(" in text or ")" in text or "," in text or ";" in text else (text,):
        if piece == "(":
            cursor.depth += 1
            cursor.group += 1
        elif piece == ")":
            cursor.depth = max(0, cursor.depth - 1)
        elif piece in {",", ";"}:
            cursor.segment += 1
        else:
            # Apostrophes inside transliterations mark letters (ayin, Georgian ejectives), not word breaks.
            text_piece = _LETTER_MARKS.sub("", piece) if word.transliterated else piece
            tokens = _WORD.findall(text_piece)
            bones = word.skeleton if len(tokens) == 1 else ""
            for token in tokens:
                out.append((token, word.vowelless, cursor.zone, cursor.segment, word.transliterated, bones))


def _residue_zones(items: list[_Item], kind: EntryKind | None) -> set[int]:
    """Zones that are notes, not name: "c/o ...", and parentheses of vessels or with a branch/flag/office word."""
    groups: dict[int, set[str]] = {}
    for token, _, zone, _, _, _ in items:
        groups.setdefault(zone, set()).add(token)
    vessel = kind in (EntryKind.VESSEL, EntryKind.AIRCRAFT)
    plain = groups.get(0, set())
    return {
        zone
        for zone, words in groups.items()
        if zone < 0 or (zone > 0 and (vessel or words & _RESIDUE_MARKERS or words <= plain))
    }


def _mark_tails(items: list[_Item], kind: EntryKind | None) -> list[RawToken]:
    segments: dict[int, list[str]] = {}
    for token, _, _, segment, _, _ in items:
        segments.setdefault(segment, []).append(token)
    first_len = len(segments.get(0, []))
    residue_segments = {
        seg
        for seg, tokens in segments.items()
        if seg > 0 and not is_only_legal_forms(tuple(tokens)) and not _numbered_unit(items, seg)
    }
    person_order = kind in (None, EntryKind.UNKNOWN) and first_len <= 2 and len(segments) == 2
    if kind is EntryKind.PERSON or (person_order and not _has_form(segments)):
        residue_segments = set()  # "LAST, First"
    zones = _residue_zones(items, kind)
    return [RawToken(t, v, zone in zones or seg in residue_segments, tr, sk) for t, v, zone, seg, tr, sk in items]


def _numbered_unit(items: list[_Item], segment: int) -> bool:
    """Whether a tail names a numbered unit (`_UNIT_WORDS`): past the legal-form words that end the name before it
    ("Corporation, Limited", "Co., Ltd.") and its parentheses ("(CSSC)"), it begins with a number."""
    plain = tuple(token for token, _, zone, seg, _, _ in items if seg == segment and zone == 0)
    if _UNIT_WORDS.isdisjoint(plain):
        return False
    kept = find_legal_forms(plain)[0]
    return bool(kept) and (plain[kept[0]].isdigit() or _ORDINAL_SUFFIX.match(plain[kept[0]]) is not None)


def _has_form(segments: dict[int, list[str]]) -> bool:
    return any(find_legal_forms(tuple(tokens))[1] for tokens in segments.values())


def _raw_tokens(words: tuple[LatinWord, ...], kind: EntryKind | None) -> list[RawToken]:
    cursor = _Cursor()
    items: list[_Item] = []
    for index, word in enumerate(words):
        lowered = word.text.lower().rstrip(",")
        if index == 0 and kind is not EntryKind.PERSON and lowered in VESSEL_PREFIXES and len(words) > 1:
            continue
        if _CARE_OF.fullmatch(lowered):
            cursor.care_of = True
            continue
        _split_word(word, cursor, items)
    if len(items) > 1 and items[0][0] in {"mv", "mt", "ss", "msv"} and kind is not EntryKind.PERSON:
        items = items[1:]
    if len(items) > 2 and (items[0][0], items[1][0]) in {("m", "v"), ("m", "t"), ("t", "b"), ("n", "m"), ("s", "s")}:
        items = items[2:] if kind is not EntryKind.PERSON else items
    return _mark_tails(items, kind)


def _expand(tokens: list[RawToken]) -> list[RawToken]:
    """Expand abbreviations (Intl -> international, F.lli -> fratelli, Abdul -> abd)."""
    out: list[RawToken] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if i + 1 < len(tokens) and (token.text, tokens[i + 1].text) in PAIR_ABBREVIATIONS:
            for word in PAIR_ABBREVIATIONS[(token.text, tokens[i + 1].text)].split():
                out.append(RawToken(word, token.vowelless, token.residue, token.transliterated, token.skeleton))
            i += 2
            continue
        text = token.text if token.text in _KNOWN_WORDS else _vocabulary_word(token.text)
        expansion = _EXPANSIONS.get(text, text)
        if expansion == token.text:
            out.append(token)
        else:
            for word in expansion.split():
                out.append(RawToken(word, token.vowelless, token.residue, token.transliterated, token.skeleton))
        i += 1
    return out


@lru_cache(maxsize=100_000)
def _vocabulary_word(word: str) -> str:
    """The vocabulary word `word` is a slip of (`_MISTYPED_WORDS`, `_SLIPS_OF_WORDS`) or another romanisation of
    (`_RESPELT_WORDS`), or `word` itself (cached: a name's unknown words, surnames mostly, recur across names)."""
    found = _MISTYPED_WORDS.get(word)
    if found is None and len(word) >= REWRITE_LENGTH:
        found = _RESPELT_WORDS.get(phonetic_key(word))
    if found is None:
        found = _SLIPS_OF_WORDS.read(word)
    return word if found is None else found


def _number_of(tokens: list[RawToken], i: int) -> str | None:
    text = tokens[i].text
    if text.isdigit():
        return text.lstrip("0") or "0"
    ordinal = _ORDINAL_SUFFIX.match(text)
    if ordinal:
        return ordinal.group(1).lstrip("0") or "0"
    if text in NUMBER_WORDS and i > 0:
        return NUMBER_WORDS[text]
    if text in EDGE_NUMBER_WORDS and i == len(tokens) - 1 and i > 0 and len(tokens[i - 1].text) > 1:
        return EDGE_NUMBER_WORDS[text]
    return None


def _words_and_numbers(tokens: list[RawToken], kind: EntryKind | None) -> tuple[list[RawToken], list[str]]:
    words: list[RawToken] = []
    numbers: list[str] = []
    for i, token in enumerate(tokens):
        number = _number_of(tokens, i)
        if number is not None:
            if not token.residue:
                numbers.append(number)
            continue
        following = _number_of(tokens, i + 1) if i + 1 < len(tokens) else None
        if token.text in {"no", "nr", "number", "num"} and following is not None:
            continue
        honorifics = VOWELLESS_HONORIFICS if token.vowelless else HONORIFICS
        after_article = i == 1 and token.vowelless and bool(words) and words[0] is tokens[0] and tokens[0].text == "al"
        honorific = token.text in honorifics and (i == 0 or after_article or kind is EntryKind.PERSON)
        if honorific and after_article:
            words.pop()  # الشيخ, الحاج: the title goes with its article
        if token.text in CONJUNCTIONS or honorific:
            continue
        words.append(token)
    return words, numbers


def tokenize(words: tuple[LatinWord, ...], kind: EntryKind | None) -> tuple[tuple[RawToken, ...], tuple[str, ...]]:
    """Split Latin words into lower-case tokens with residue marks; numbers are returned apart."""
    raw = _expand(_raw_tokens(words, kind))
    kept, numbers = _words_and_numbers(raw, kind)
    if not kept:
        kept = [token for token in raw if not token.text.isdigit()] or raw
    return tuple(kept), tuple(numbers)
