"""Japanese readings, and Japanese, Korean and Hebrew business words translated to the English of list names.

Why: a Latin list name translates the business words ("Logistics", "Precision Parts", "Ltd") and spells only the
proper name; transliterating every word gives nothing to align with. Kanji need a reading (pykakasi, pure Python with
built-in dictionaries, so the output is the same on every machine); pypinyin would read them as Chinese.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Final

# Japanese business words whose English form is the usual one in list names. Words often kept in romaji
# ("Suisan", "Shoji", "Bussan") are left out on purpose: their reading is what the Latin name spells.
JAPANESE_WORDS: Final[dict[str, str]] = {
    "株式会社": " kk ",
    "有限会社": " yk ",
    "合同会社": " llc ",
    "ホールディングス": " holdings ",
    "グループ": " group ",
    "重工業": " heavy industries ",
    "工業": " industries ",
    "建設": " construction ",
    "電機": " electric ",
    "電気": " electric ",
    "電子": " electronics ",
    "銀行": " bank ",
    "化学": " chemical ",
    "製薬": " pharmaceutical ",
    "自動車": " motor ",
    "海運": " shipping ",
    "物流": " logistics ",
    "運輸": " transport ",
    "精密": " precision ",
    "証券": " securities ",
    "保険": " insurance ",
    "製作所": " works ",
}
# Korean business words, translated when they end a hangul word (새벽별물류 -> 새벽별 logistics). 조선 is left out:
# in North Korean names it means "Korea", not shipbuilding.
KOREAN_WORDS: Final[dict[str, str]] = {
    "주식회사": " co ltd ",
    "유한회사": " co ltd ",
    "물류": " logistics ",
    "무역": " trading ",
    "전자": " electronics ",
    "산업": " industries ",
    "건설": " construction ",
    "상사": " trading ",
    "해운": " shipping ",
    "화학": " chemical ",
    "기술": " technology ",
    "은행": " bank ",
    "중공업": " heavy industries ",
    "공업": " industries ",
    "홀딩스": " holdings ",
    "그룹": " group ",
    "통상": " trading ",
    "제약": " pharmaceutical ",
    "자동차": " motor ",
    "에너지": " energy ",
    "증권": " securities ",
    "보험": " insurance ",
    "철강": " steel ",
    "정밀": " precision ",
    "전기": " electric ",
    "통신": " telecom ",
    "엔지니어링": " engineering ",
}
# Hebrew business words (whole words) as English list names translate them; בע"מ is the Israeli "Ltd". Trade words a
# Latin name may keep romanised (הובלות "Hovalot") read as their English too, as the romanisation does
# (`vocabulary.TRADE_WORDS`).
HEBREW_WORDS: Final[dict[str, str]] = {
    'בע"מ': "ltd",
    "בע״מ": "ltd",
    "האחים": "brothers",
    "אחים": "brothers",
    "חלקים": "parts",
    "מדויקים": "precision",
    "תוצרת": "produce",
    "טרייה": "fresh",
    "טריה": "fresh",
    "חומרי": "materials",
    "בניין": "building",
    "בנין": "building",
    "לוגיסטיקה": "logistics",
    "תעשיות": "industries",
    "מערכות": "systems",
    "טכנולוגיות": "technologies",
    "שירותים": "services",
    "סחר": "trading",
    "יבוא": "import",
    "ייבוא": "import",
    "יצוא": "export",
    "ייצוא": "export",
    "השקעות": "investments",
    "אחזקות": "holdings",
    "החזקות": "holdings",
    "בנק": "bank",
    "הנדסה": "engineering",
    "אלקטרוניקה": "electronics",
    "ספנות": "shipping",
    "מזון": "food",
    "הובלות": "transport",
    "הובלה": "transport",
    "חלב": "milk",
    "לחם": "bread",
    "יין": "wine",
    "מתכת": "metal",
    "רהיטים": "furniture",
    "דגים": "fish",
    "ביטוח": "insurance",
    "תקשורת": "communications",
    "קבוצת": "group",
}


def split_known_words(run: str, words: dict[str, str], shortest: int = 1) -> list[tuple[str, str | None]]:
    """`run` cut into known words and the text between them, left to right, the longest known word first at each
    place: (piece, its translation) for a known word, (piece, None) for a stretch of other text (never empty)."""
    longest = max(len(word) for word in words)
    pieces: list[tuple[str, str | None]] = []
    start = i = 0
    while i < len(run):
        for size in range(min(longest, len(run) - i), shortest - 1, -1):
            translation = words.get(run[i : i + size])
            if translation is not None:
                if start < i:
                    pieces.append((run[start:i], None))
                pieces.append((run[i : i + size], translation))
                i = start = i + size
                break
        else:
            i += 1
    if start < len(run):
        pieces.append((run[start:], None))
    return pieces


_MAX_JAPANESE: Final = max(len(word) for word in JAPANESE_WORDS)
_MAX_KOREAN: Final = max(len(word) for word in KOREAN_WORDS)
_KANA: Final = re.compile("[\u3040-\u30ff]")
_JAPANESE_RUN: Final = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005]+")
_HANGUL_WORD: Final = re.compile("[\uac00-\ud7a3]+")
# Hepburn long vowels as English names write them: Toukyou -> Tokyo, Kougyou -> Kogyo, hooru -> horu.
_LONG_VOWELS: Final = re.compile("(?<=o)u|(?<=o)o|(?<=u)u")


def is_japanese(text: str) -> bool:
    """Kana, or a Japanese legal form in kanji: such a name is read in Japanese, not in Chinese pinyin."""
    return bool(_KANA.search(text)) or any(form in text for form in ("株式会社", "有限会社", "合同会社"))


def load_japanese_reader() -> None:
    """Load pykakasi's dictionaries now (~0.5 s, ~125 MB) rather than at the first Japanese name: a long-running
    process loads them before it serves, and forked workers share the parent's copy instead of loading one each."""
    _kakasi()


@lru_cache(maxsize=1)
def _kakasi() -> Any:  # pykakasi ships no type hints
    import pykakasi  # imported on first Japanese name: its dictionaries take a moment to load

    return pykakasi.kakasi()  # type: ignore[no-untyped-call]


def _reading(text: str) -> str:
    """Hepburn reading of a proper name, syllables joined (風松 -> kazematsu), long vowels written short."""
    if not text:
        return ""
    # Long vowels are shortened within a word only: 星ノ浦 is hoshi-no-ura, not hoshinora.
    return "".join(_LONG_VOWELS.sub("", str(part["hepburn"]).replace("'", "")) for part in _kakasi().convert(text))


@lru_cache(maxsize=20_000)
def _japanese_run(run: str) -> str:
    """Translate known business words in a run of kanji and kana and read the rest."""
    out: list[str] = []
    start = i = 0
    while i < len(run):
        for size in range(min(_MAX_JAPANESE, len(run) - i), 1, -1):
            word = JAPANESE_WORDS.get(run[i : i + size])
            if word is not None:
                out += [_reading(run[start:i]), word]
                i += size
                start = i
                break
        else:
            i += 1
    out.append(_reading(run[start:]))
    return " " + " ".join(part for part in out if part.strip()) + " "


def japanese_to_latin(text: str) -> str:
    """Replace every run of kanji and kana by its Latin form."""
    return _JAPANESE_RUN.sub(lambda match: _japanese_run(match.group(0)), text)


def _korean_word(word: str) -> str:
    """Peel business words off the end of a hangul word: 대륜중공업 -> 대륜 heavy industries."""
    tail: list[str] = []
    while word:
        for size in range(min(_MAX_KOREAN, len(word)), 1, -1):
            latin = KOREAN_WORDS.get(word[-size:])
            if latin is not None:
                tail.insert(0, latin)
                word = word[:-size]
                break
        else:
            break
    return " ".join((word, *tail)) if tail else word


def korean_business_words(text: str) -> str:
    """Translate Korean legal forms and business words at the end of hangul words."""
    return _HANGUL_WORD.sub(lambda match: _korean_word(match.group(0)), text)


def hebrew_word(word: str) -> str | None:
    """The English of a Hebrew business word, or None."""
    return HEBREW_WORDS.get(word)


# Hebrew letters -> the consonant classes of `phonetic.skeleton`. Alef, ayin, vav and yod are mostly vowel letters;
# bet, kaf and pe are b/k/p at the start of a word and v/kh/f inside it (no dagesh in unpointed names).
_HEBREW_CLASSES: Final = {
    **dict.fromkeys("אעוי", ""),
    **{"ג": "k", "ד": "d", "ה": "h", "ז": "s", "ח": "h", "ט": "t", "ל": "l", "מ": "m", "ם": "m", "נ": "n", "ן": "n"},
    **{"ס": "s", "צ": "\u00e7", "ץ": "\u00e7", "ק": "k", "ר": "r", "ש": "$", "ת": "t", "ך": "h", "ף": "f"},
}
_HEBREW_SOFT: Final = {"ב": ("b", "f"), "כ": ("k", "h"), "פ": ("b", "f")}
_GERESH: Final = {"ג": "j", "צ": "$", "ץ": "$", "ז": "$"}  # ג' = j, צ' = ch, ז' = zh


def hebrew_skeleton(word: str) -> str:
    """Consonant skeleton of a Hebrew word, doubled classes collapsed (גורביץ' -> krf$)."""
    classes: list[str] = []
    letters = [char for char in word if "\u05d0" <= char <= "\u05ea" or char in "'\u05f3"]
    for i, char in enumerate(letters):
        if char in "'\u05f3":
            continue
        if i + 1 < len(letters) and letters[i + 1] in "'\u05f3" and char in _GERESH:
            classes.append(_GERESH[char])
        elif char in _HEBREW_SOFT:
            classes.append(_HEBREW_SOFT[char][0 if not classes and i == 0 else 1])
        else:
            classes.append(_HEBREW_CLASSES.get(char, ""))
    joined = "".join(classes)
    bones = "".join(char for i, char in enumerate(joined) if i == 0 or char != joined[i - 1])
    return bones[:-1] if len(bones) > 2 and bones.endswith("h") else bones
