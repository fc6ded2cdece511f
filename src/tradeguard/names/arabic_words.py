"""Arabic and Persian organisation words translated to the English of list names, as a second reading of a name.

Why: the lists write an Arabic group or firm in English ("ARMED ISLAMIC GROUP"), and its own name in Arabic script
translates every word but the proper names ("الجماعة الإسلامية المسلحة"). Transliterated, the two share nothing.
Unlike Japanese, Korean or Hebrew business words, these words cannot simply be replaced: the same names are also
transliterated on the lists ("AL-JAMA'AH AL-ISLAMIYAH AL-MUSALLAH"), and many are given names (جهاد Jihad, انصار
Ansar, عرب Arab). So `english_reading` gives a second text, compared besides the transliterated name
(`NormalizedName.alternates`), only for names that are not persons and hold an organisation word.
"""

from __future__ import annotations

import re
from typing import Final

# Keys in the letters `_plain` leaves: no article, no harakat, ا for alif with hamza, ه for ta marbuta, ي for ى/ی,
# ك for ک. A key ending in ي also reads its feminine (اسلامي, اسلامية). Words kept out on purpose: those the English
# names keep transliterated (نصرة Nusra, قاعدة Qaida, توحيد Tawhid, مجاهدين Mujahidin), and جزيرة (island or
# peninsula).
ARABIC_WORDS: Final[dict[str, str]] = {
    # organisations
    "جماعه": "group",
    "جماعت": "group",
    "تنظيم": "organization",
    "منظمه": "organization",
    "سازمان": "organization",
    "حركه": "movement",
    "حركت": "movement",
    "جبهه": "front",
    "جيش": "army",
    "كتائب": "brigades",
    "لواء": "brigade",
    "فيلق": "corps",
    "سپاه": "corps",
    "حرس": "guard",
    "پاسداران": "guard",
    "حزب": "party",
    "شبكه": "network",
    "مكتب": "office",
    "صرافه": "money exchange",
    "صرافي": "money exchange",
    "شركه": "company",
    "شركت": "company",
    "محدوده": "limited",
    "لمتد": "limited",
    "لميتد": "limited",
    "مؤسسه": "foundation",
    "موسسه": "foundation",
    "جمعيه": "society",
    "خيري": "charitable",
    "بنك": "bank",
    "بانك": "bank",
    "مصرف": "bank",
    "مركز": "center",
    "مركزي": "central",
    "معهد": "institute",
    "جامعه": "university",
    "دانشگاه": "university",
    "وزاره": "ministry",
    "وزارت": "ministry",
    "مجلس": "council",
    "اتحاد": "union",
    "صناعات": "industries",
    "صنايع": "industries",
    "صناعي": "industrial",
    "تجاره": "trading",
    "تجارت": "trading",
    "تجاري": "commercial",
    "نفط": "oil",
    "غاز": "gas",
    "كشتيراني": "shipping lines",
    "هواپيمايي": "airline",
    "خدمات": "services",
    "اغاثه": "relief",
    # what they are, and places and peoples: in person names too (Jihad, Islam, Ansar, al-Masri, al-Libi), so
    # translated only in a name that also has one of the `ORGANISATION_MARKS`
    "اسلامي": "islamic",
    "اسلام": "islam",
    "مسلح": "armed",
    "مقاتل": "fighting",
    "جهاد": "jihad",
    "دوله": "state",
    "جمهوري": "republic",
    "ثوري": "revolutionary",
    "ثوره": "revolution",
    "انقلاب": "revolution",
    "وطني": "national",
    "دولي": "international",
    "عامه": "general",
    "متحده": "united",
    "عربي": "arab",
    "عرب": "arab",
    "مهاجرين": "emigrants",
    "انصار": "supporters",
    "اهل": "people",
    "احياء": "revival",
    "تراث": "heritage",
    "شريعه": "sharia",
    "غرب": "west",
    "شرق": "east",
    "شام": "levant",
    "عراق": "iraq",
    "عراقي": "iraqi",
    "سوريا": "syria",
    "سوري": "syrian",
    "ليبيا": "libya",
    "ليبي": "libyan",
    "مغرب": "maghreb",
    "مغربي": "moroccan",
    "تونس": "tunisia",
    "تونسي": "tunisian",
    "مصر": "egypt",
    "مصري": "egyptian",
    "يمن": "yemen",
    "يمني": "yemeni",
    "سودان": "sudan",
    "ايران": "iran",
    "ايراني": "iranian",
    "لبنان": "lebanon",
    "لبناني": "lebanese",
    "فلسطين": "palestine",
    "فلسطيني": "palestinian",
    "افغانستان": "afghanistan",
    "باكستان": "pakistan",
    "افريقيا": "africa",
    # small words the English names keep
    "في": "in",
}
# The English words that make a name an organisation's: only a name holding one is read in English.
ORGANISATION_MARKS: Final = frozenset(
    {
        *("group", "organization", "movement", "front", "army", "brigades", "brigade", "corps", "guard", "party"),
        *("network", "office", "money exchange", "company", "limited", "foundation", "society", "bank", "center"),
        *("institute", "university", "ministry", "council", "union", "industries", "industrial", "trading"),
        *("commercial", "shipping lines", "airline", "services", "relief", "state", "islamic"),
    }
)
# Prefixes written joined to the word: the article, "and", "by/in", "for"; longest first.
_PREFIXES: Final = ("وال", "بال", "فال", "لل", "ال", "و", "ب", "ل")
_SHORTEST_STEM: Final = 3
_HARAKAT: Final = re.compile("[\u064b-\u065f\u0670\u0640]")  # vowel marks and the tatweel
_LETTERS: Final = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ی": "ي", "ک": "ك",
                                 "ۀ": "ه", "ھ": "ه", "ہ": "ه", "ە": "ه", "ې": "ي", "ے": "ي"})  # fmt: skip
_ARABIC_LETTER: Final = re.compile("[\u0600-\u06ff]")


def _plain(word: str) -> str:
    return _HARAKAT.sub("", word).translate(_LETTERS)


def _lookup(stem: str) -> str | None:
    found = ARABIC_WORDS.get(stem)
    if found is None and stem.endswith("ه"):  # a feminine ending: اسلامية, مسلحة read as اسلامي, مسلح
        return ARABIC_WORDS.get(stem[:-1])
    return found


def english_word(word: str) -> str | None:
    """The English of one Arabic-script word of an organisation name, its joined article or prefix removed."""
    plain = _plain(word)
    found = _lookup(plain)
    if found is not None:
        return found
    for prefix in _PREFIXES:
        if plain.startswith(prefix) and len(plain) - len(prefix) >= _SHORTEST_STEM:
            found = _lookup(plain[len(prefix) :])
            if found is not None:
                return found
    return None


def english_reading(text: str) -> str | None:
    """`text` with its known Arabic-script words in English and the others as they are (to be transliterated), or
    None when no word marks an organisation: "الجماعة الإسلامية المسلحة" -> "group islamic armed", "حماده ولد الخيري"
    (a person, Hamada wuld al-Khairi) -> None."""
    if not _ARABIC_LETTER.search(text):
        return None
    words = text.split()
    english = [english_word(word) if _ARABIC_LETTER.search(word) else None for word in words]
    if not ORGANISATION_MARKS.intersection(english):
        return None
    return " ".join(found or word for found, word in zip(english, words))
