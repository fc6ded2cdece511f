"""Burmese (Myanmar script) in the Latin spelling of Myanmar names and firms, business words in English.

Why by hand: `anyascii` spells Burmese letter by letter ("ကျော်" -> "kyeaa", "ရွှေ" -> "rvhe") and ICU's
Burmese-Latin (a native library besides) follows a scholarly scheme ("shway", "jaw" for ဇော်). English list names
use the conventional spelling, one Latin word per syllable of a person's name: ဦးကျော်ဇော်ထွန်း is "U Kyaw Zaw
Htun", မင်းအောင်လှိုင် is "Min Aung Hlaing". This module reads syllables (initial, medials, vowel signs, final
consonant) and spells each by the conventional table; the scorer joins syllables again where a Latin name writes a
word whole ("Yadanar" for ရ-တ-နာ).

The conventional spelling is loose (ဆွေ is "Swe" or "Hswe", ယ် "e" or "ay"); the spellings below are the most
common in names on the US and UK lists (Myint, Hlaing, Thein, Naing, Aung, Htun, Nyein, Phyo, Soe).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

from tradeguard.names.foreign_words import split_known_words

# Business words as English list names translate them; longest match first within a word.
BURMESE_WORDS: Final[dict[str, str]] = {
    "ကုမ္ပဏီလီမိတက်": "company limited",
    "ကုမ္ပဏီ": "company",
    "လီမိတက်": "limited",
    "ပုဂ္ဂလိက": "private",
    "အများပိုင်": "public",
    "ကုန်သွယ်ရေး": "trading",
    "ပို့ဆောင်ရေး": "logistics",
    "ဆန်စက်": "rice mill",
    "ဘဏ်": "bank",
    "အုပ်စု": "group",
    "လုပ်ငန်း": "enterprise",
    "စက်ရုံ": "factory",
    "ထုတ်လုပ်ရေး": "production",
    "ဝန်ဆောင်မှု": "services",
    "စီးပွားရေး": "economic",
    "ဦးပိုင်": "holdings",
    "ကော်ပိုရေးရှင်း": "corporation",
    "ဆောက်လုပ်ရေး": "construction",
    "ရေနံ": "oil",
    "ဓာတ်ငွေ့": "gas",
    "ကျောက်မျက်": "gems",
    "ဆေးဝါး": "pharmaceutical",
    "အာမခံ": "insurance",
    "ဆက်သွယ်ရေး": "communications",
    "မြန်မာ့": "myanmar",
    "မြန်မာ": "myanmar",
    "သဘာဝ": "natural",
    "နှင့်": "and",
}

# Words of firm and place names whose conventional spelling the syllable table cannot give: voiced inside a word
# (ရတနာ "Yadanar", not "ya ta nar"; ရန်ကုန် "Yangon"), a weak first syllable (ပုလဲ "Pale"), Pali loans (သီရိ "Thiri"),
# set spellings (ကြယ် "Kyal", ဗိုလ် "Bo", ထားဝယ် "Dawei"). Spelled, not translated: the Latin name spells them so.
BURMESE_SPELLINGS: Final[dict[str, str]] = {
    "ရတနာ": "yadanar",
    "ပုလဲ": "pale",
    "ကြယ်": "kyal",
    "ဇေယျာ": "zeyar",
    "ကမ္ဘာ": "kabar",
    "သီရိ": "thiri",
    "နဂါး": "naga",
    "ဗိုလ်": "bo",
    "ပုဂံ": "bagan",
    "မန္တလေး": "mandalay",
    "ရန်ကုန်": "yangon",
    "ဧရာဝတီ": "ayeyarwady",
    "ဧရာ": "ayeyar",
    "ပဲခူး": "bago",
    "မော်လမြိုင်": "mawlamyine",
    "စစ်ကိုင်း": "sagaing",
    "တောင်ကြီး": "taunggyi",
    "ပုသိမ်": "pathein",
    "ထားဝယ်": "dawei",
    "မုံရွာ": "monywa",
    "တနင်္သာရီ": "tanintharyi",
    "လားရှိုး": "lashio",
    "မြဝတီ": "myawaddy",
}
_KNOWN_WORDS: Final = {**BURMESE_WORDS, **BURMESE_SPELLINGS}

_MYANMAR: Final = re.compile("[\u1000-\u109f]")
_MYANMAR_RUN: Final = re.compile(f"({_MYANMAR.pattern}+)")
_INITIALS: Final[dict[str, str]] = {
    "က": "k", "ခ": "kh", "ဂ": "g", "ဃ": "g", "င": "ng", "စ": "s", "ဆ": "s", "ဇ": "z", "ဈ": "z", "ဉ": "ny",
    "ည": "ny", "ဋ": "t", "ဌ": "ht", "ဍ": "d", "ဎ": "d", "ဏ": "n", "တ": "t", "ထ": "ht", "ဒ": "d", "ဓ": "d",
    "န": "n", "ပ": "p", "ဖ": "ph", "ဗ": "b", "ဘ": "b", "မ": "m", "ယ": "y", "ရ": "y", "လ": "l", "ဝ": "w",
    "သ": "th", "ဟ": "h", "ဠ": "l", "အ": "",
}  # fmt: skip
_INDEPENDENT_VOWELS: Final = {"ဣ": "i", "ဤ": "i", "ဥ": "u", "ဦ": "u", "ဧ": "e", "ဩ": "aw", "ဪ": "aw"}
# A medial ya/ra after these initials makes one sound: ချ "ch" (Chit), not "khy".
_WITH_Y: Final = {"ခ": "ch", "ဂ": "gy"}
_WITH_H: Final = {"ရ": "sh", "ယ": "sh", "လ": "hl", "မ": "hm", "န": "hn", "ည": "hny", "င": "hng", "ဝ": "hw"}
_MEDIAL_Y, _MEDIAL_R, _MEDIAL_W, _MEDIAL_H = "\u103b", "\u103c", "\u103d", "\u103e"
_ASAT, _STACKER, _ANUSVARA, _DOT_BELOW = "\u103a", "\u1039", "\u1036", "\u1037"
# Vowel signs, stored after the consonant whatever their place on screen, folded to one class per sound.
_VOWEL_SIGNS: Final = {"ါ": "a", "ာ": "a", "ိ": "i", "ီ": "i", "ု": "u", "ူ": "u", "ေ": "e", "ဲ": "ai"}
# Final consonants (under asat) by the rhyme they close.
_FINALS: Final = {
    "က": "k", "င": "ng", "စ": "c", "ည": "ny", "ဉ": "ny", "တ": "t", "ဋ": "t", "န": "n", "ဏ": "n", "ပ": "p", "မ": "m",
    "ယ": "y", "ဝ": "w", "ဟ": "", "ဒ": "t", "ဂ": "k", "ဗ": "p", "ဘ": "p", "ဓ": "t", "ဇ": "c", "သ": "t", "ဖ": "p",
}  # fmt: skip
# (vowel class, final class) -> the rhyme's spelling. Vowel classes: "" inherent, a, i, u, e, ai, aw (ေ+ာ), o (ိ+ု).
_RHYMES: Final[dict[tuple[str, str], str]] = {
    ("", ""): "a", ("a", ""): "ar", ("i", ""): "i", ("u", ""): "u", ("e", ""): "ay", ("ai", ""): "e",
    ("aw", ""): "aw", ("o", ""): "oe",
    ("", "k"): "et", ("o", "k"): "aik", ("aw", "k"): "auk", ("i", "k"): "eik", ("u", "k"): "ok",
    ("", "ng"): "in", ("o", "ng"): "aing", ("aw", "ng"): "aung", ("i", "ng"): "ein", ("u", "ng"): "ong",
    ("", "c"): "it", ("", "ny"): "i", ("", "y"): "e",
    ("", "t"): "at", ("i", "t"): "eik", ("u", "t"): "ok",
    ("", "n"): "an", ("i", "n"): "ein", ("u", "n"): "on",
    ("", "p"): "at", ("i", "p"): "eik", ("u", "p"): "ok",
    ("", "m"): "an", ("i", "m"): "ein", ("u", "m"): "on",
    ("", "nasal"): "an", ("i", "nasal"): "ein", ("u", "nasal"): "one",
}  # fmt: skip
# With medial wa a closed rhyme is spelled with u: ထွန်း "Htun", ညွတ် "Nyut"; an open e rhyme is "we": ရွှေ "Shwe".
_W_RHYMES: Final = {"n": "un", "m": "un", "nasal": "un", "t": "ut", "p": "ut"}
_NASALS: Final = frozenset({"ng", "n", "m", "nasal"})


@dataclass
class _Syllable:
    initial: str  # consonant or independent vowel
    medials: set[str] = field(default_factory=set)
    vowels: list[str] = field(default_factory=list)
    final: str | None = None  # final class (see `_FINALS`), "nasal" for anusvara
    creaky: bool = False  # the dot below: a nasal rhyme with it is spelled with t (မြင့် "Myint", ညွန့် "Nyunt")

    def spelling(self) -> str:
        final = self.final or ""
        if self.initial in _INDEPENDENT_VOWELS:
            return _INDEPENDENT_VOWELS[self.initial] + _RHYMES.get(("", final), "")[1:]
        onset, rhyme = self._onset(), self._rhyme(final)
        return onset + (rhyme + "t" if self.creaky and final in _NASALS else rhyme)

    def _rhyme(self, final: str) -> str:
        vowel = _vowel_class(self.vowels)
        rounded = _MEDIAL_W in self.medials
        if rounded and vowel == "" and final in _W_RHYMES:
            return _W_RHYMES[final]  # the onset's w is the u of the rhyme: "Htun" is ht + un
        if (vowel, final) == ("e", ""):
            return "e" if rounded else "aye" if self.initial == "အ" else "ay"  # Shwe, Aye, Htay
        if (vowel, final) == ("", "ny") and self.creaky:
            return "ae"  # ပြည့် "Pyae"; ကြည် "Kyi"
        if (vowel, final) == ("o", "") and (_MEDIAL_Y in self.medials or _MEDIAL_R in self.medials):
            return "o"  # Myo, Phyo; Soe, Moe
        return _RHYMES.get((vowel, final), _RHYMES.get((vowel, ""), "a"))

    def _onset(self) -> str:
        letter = self.initial
        onset = _INITIALS[letter]
        if _MEDIAL_H in self.medials:
            onset = _WITH_H.get(letter, "h" + onset)
        if _MEDIAL_Y in self.medials or _MEDIAL_R in self.medials:
            onset = "sh" if onset == "hl" else _WITH_Y.get(letter, onset + "y")
        rhyme_has_w = not self.vowels and (self.final or "") in _W_RHYMES
        return onset + "w" if _MEDIAL_W in self.medials and not rhyme_has_w else onset


def _vowel_class(signs: list[str]) -> str:
    classes = {_VOWEL_SIGNS[sign] for sign in signs}
    if "e" in classes and "a" in classes:
        return "aw"
    if "i" in classes and "u" in classes:
        return "o"
    return min(classes, key=len) if classes else ""


def _syllables(word: str) -> list[str]:
    """The conventional spelling of each syllable of a run of Burmese letters."""
    syllables: list[_Syllable] = []
    i = 0
    while i < len(word):
        char = word[i]
        after = word[i + 1 : i + 3].replace(_DOT_BELOW, "")[:1]  # the dot below may sit before the asat
        if char in _INITIALS and syllables and after in (_ASAT, _STACKER) and char in _FINALS:
            syllables[-1].final = _FINALS[char]  # a final consonant, or the first of a stack (ကုမ္ပဏီ "kum-pa-ni")
        elif char in _INITIALS or char in _INDEPENDENT_VOWELS:
            syllables.append(_Syllable(char))
        elif syllables and char in (_MEDIAL_Y, _MEDIAL_R, _MEDIAL_W, _MEDIAL_H):
            syllables[-1].medials.add(char)
        elif syllables and char in _VOWEL_SIGNS:
            syllables[-1].vowels.append(char)
        elif syllables and char == _ANUSVARA:
            syllables[-1].final = "nasal"
        elif syllables and char == _DOT_BELOW:
            syllables[-1].creaky = True
        i += 1
    return [syllable.spelling() for syllable in syllables]


@lru_cache(maxsize=20_000)
def _run(run: str) -> tuple[tuple[str, bool], ...]:
    """A run of Burmese letters as (Latin word, spelled from Burmese): business words translated (not spelled), words
    with a set spelling spelled so, other syllables spelled one by one."""
    out: list[tuple[str, bool]] = []
    for piece, latin in split_known_words(run, _KNOWN_WORDS, shortest=2):
        if latin is None:
            out.extend((syllable, True) for syllable in _syllables(piece))
        elif piece in BURMESE_SPELLINGS:
            out.append((latin, True))
        else:
            out.extend((word, False) for word in latin.split())
    return tuple(out)


def is_burmese(text: str) -> bool:
    """True when `text` holds a letter of the Myanmar script."""
    return _MYANMAR.search(text) is not None


def burmese_words(word: str) -> list[tuple[str, bool]]:
    """One whitespace-separated word holding Burmese letters as Latin words, each with whether it was spelled from
    Burmese (True) or translated; punctuation and Latin letters around the Burmese stay on the first or last word,
    Burmese digits become digits and the Burmese comma and full stop become commas."""
    word = "".join(str(unicodedata.digit(char)) if "\u1040" <= char <= "\u1049" else char for char in word)
    pieces = _MYANMAR_RUN.split(word.replace("\u104a", ",").replace("\u104b", ","))
    out: list[tuple[str, bool]] = []
    prefix = ""
    for k, piece in enumerate(pieces):
        if k % 2 == 0:  # text between Burmese runs
            if out:
                out[-1] = (out[-1][0] + piece, out[-1][1])
            else:
                prefix = piece
            continue
        latin = list(_run(piece)) or [("", False)]
        latin[0] = (prefix + latin[0][0], latin[0][1])
        prefix = ""
        out.extend(latin)
    return [(text, spelled) for text, spelled in out if text] or [(prefix, False)]
