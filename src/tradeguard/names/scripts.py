"""Transliteration of any script to lower-case Latin, with Chinese business words translated.

Choice of tools: `anyascii` (Cyrillic, Greek, Arabic, Hebrew, Georgian, Armenian, kana, Hangul...) and
`pypinyin` (Chinese Han) are pure-Python wheels with built-in tables, so the output is identical on every machine,
including Spark executors; PyICU would need the system ICU library, whose version changes the output.
Arabic and Hebrew transliterations carry no short vowels ("محمد" -> "mhmd"); the scorer compares them by consonant
skeleton, so this module reports which tokens came from a vowelless script.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

from anyascii import anyascii
from pypinyin import Style, lazy_pinyin

from tradeguard.names.burmese import burmese_words, is_burmese
from tradeguard.names.foreign_words import (
    hebrew_skeleton,
    hebrew_word,
    is_japanese,
    japanese_to_latin,
    korean_business_words,
    split_known_words,
)
from tradeguard.names.phonetic import INTERDENTAL, TA_MARBUTA

# Chinese business words and places as they appear in English list names; longest match wins. Legal forms map to
# their English spelling so that `legal_forms` classifies them like any other.
CHINESE_WORDS: Final[dict[str, str]] = {
    "股份有限公司": " co ltd ",
    "有限责任公司": " co ltd ",
    "有限公司": " co ltd ",
    "集团": " group ",
    "股份": " holding ",
    "控股": " holdings ",
    "科技": " technology ",
    "技术": " technologies ",
    "电子": " electronics ",
    "通信": " communications ",
    "通讯": " communications ",
    "研究所": " research institute ",
    "研究院": " research institute ",
    "研究中心": " research center ",
    "大学": " university ",
    "学院": " institute ",
    "公司": " company ",
    "工业": " industrial ",
    "工程": " engineering ",
    "贸易": " trading ",
    "国际": " international ",
    "实业": " industrial ",
    "发展": " development ",
    "信息": " information ",
    "网络": " network ",
    "软件": " software ",
    "半导体": " semiconductor ",
    "微电子": " microelectronics ",
    "航空": " aviation ",
    "航天": " aerospace ",
    "设备": " equipment ",
    "仪器": " instrument ",
    "光电": " optoelectronics ",
    "装备": " equipment ",
    "科工": " science industry ",
    "科学": " science ",
    "物理": " physics ",
    "科学院": " academy of sciences ",
    "计算": " computing ",
    "社会": " social ",
    "创新": " innovation ",
    "重工": " heavy industry ",
    "船舶": " shipbuilding ",
    "造船": " shipbuilding ",
    "电力": " power ",
    "动力": " power ",
    "石油": " petroleum ",
    "化学": " chemical ",
    "钢铁": " steel ",
    "汽车": " automobile ",
    "医药": " pharmaceutical ",
    "生物": " biotechnology ",
    "集成电路": " integrated circuit ",
    "数据": " data ",
    "数字": " digital ",
    "智能": " intelligent ",
    "系统": " systems ",
    "控制": " control ",
    "自动化": " automation ",
    "兵器": " ordnance ",
    "电气": " electric ",
    "光学": " optics ",
    "激光": " laser ",
    "雷达": " radar ",
    "卫星": " satellite ",
    "飞机": " aircraft ",
    "海洋": " marine ",
    "金属": " metal ",
    "矿业": " mining ",
    "建设": " construction ",
    "建筑": " construction ",
    "运输": " transport ",
    "进出口": " import export ",
    "商贸": " trading ",
    "实验室": " laboratory ",
    "中心": " center ",
    "分公司": " branch ",
    "核": " nuclear ",
    "云计算": " cloud computing ",
    "计算机": " computer ",
    "机器人": " robotics ",
    "视觉": " vision ",
    "安全": " security ",
    "云": " cloud ",
    "材料": " materials ",
    "制造": " manufacturing ",
    "市": " ",  # city, as in 深圳市: English names leave it out
    "省": " ",  # province
    "终端": " device ",
    "机械": " machinery ",
    "精密": " precision ",
    "化工": " chemical ",
    "能源": " energy ",
    "航运": " shipping ",
    "远洋": " ocean ",
    "海运": " shipping ",
    "物流": " logistics ",
    "投资": " investment ",
    "银行": " bank ",
    "中国": " china ",
    "北京": " beijing ",
    "上海": " shanghai ",
    "深圳": " shenzhen ",
    "香港": " hong kong ",
    "广州": " guangzhou ",
    "天津": " tianjin ",
    "重庆": " chongqing ",
    "武汉": " wuhan ",
    "成都": " chengdu ",
    "杭州": " hangzhou ",
    "南京": " nanjing ",
    "西安": " xian ",
    "东莞": " dongguan ",
    "苏州": " suzhou ",
    # Brand names of Entity List companies and universities: their English names are not their pinyin.
    "中兴": " zte ",
    "中兴通讯": " zte ",  # ZTE Corporation: the English name leaves out "communications"
    "海思": " hisilicon ",
    "海康威视": " hikvision ",
    "科大讯飞": " iflytek ",
    "中芯国际": " smic ",
    "浪潮": " inspur ",
    "曙光": " sugon ",
    "大疆": " dji ",
    "旷视": " megvii ",
    "商汤": " sensetime ",
    "北京航空航天大学": " beihang university ",
    "北航": " beihang ",
    "哈尔滨工业大学": " harbin institute of technology ",
    "西北工业大学": " northwestern polytechnical university ",
    "国防科技大学": " national university of defense technology ",
    "北京理工大学": " beijing institute of technology ",
    "南京理工大学": " nanjing university of science and technology ",
    "南京航空航天大学": " nanjing university of aeronautics and astronautics ",
    "北京邮电大学": " beijing university of posts and telecommunications ",
    "电子科技大学": " university of electronic science and technology of china ",
    "中国电子科技集团": " china electronics technology group ",
    "中芯国际集成电路制造": " semiconductor manufacturing international ",  # SMIC's registered Chinese name
    "中国工程物理研究院": " china academy of engineering physics ",
    "中国科学院": " chinese academy of sciences ",
    "中国航天科技集团": " china aerospace science and technology ",
}
# Korean and Japanese legal forms that anyascii would otherwise spell as syllables.
CJK_LEGAL_WORDS: Final[dict[str, str]] = {
    "주식회사": " co ltd ",
    "유한회사": " co ltd ",
    "株式会社": " kk ",
    "有限会社": " yk ",
}
_HAN_WORDS: Final = {**CJK_LEGAL_WORDS, **CHINESE_WORDS}
# Arabic-script and Hebrew letters: their transliteration has no short vowels.
_VOWELLESS_RANGES: Final = ((0x0590, 0x05FF), (0x0600, 0x06FF), (0x0750, 0x077F), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFF))
_ARABIC_ARTICLE: Final = "ال"


_HAN: Final = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HANGUL: Final = re.compile("[\uac00-\ud7a3]")


def is_han(char: str) -> bool:
    """True for a CJK unified ideograph (Chinese character, also used in Japanese kanji)."""
    code = ord(char)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF


def is_vowelless_script(char: str) -> bool:
    """True for a letter of the Arabic or Hebrew script."""
    code = ord(char)
    return any(low <= code <= high for low, high in _VOWELLESS_RANGES)


class LatinWord:
    """One whitespace-separated word in Latin letters, and whether its source script writes no short vowels (a plain
    class that mypyc compiles to a C struct, as `tokens.RawToken`: one for every word of every name)."""

    def __init__(self, text: str, vowelless: bool, transliterated: bool = False, skeleton: str = "") -> None:
        self.text = text
        self.vowelless = vowelless
        self.transliterated = transliterated  # from a non-Latin script
        self.skeleton = skeleton  # consonant skeleton read from the Arabic letters themselves ("" = derive from text)


def _han_run_to_latin(run: str) -> str:
    """Translate known business words in a run of Han characters and spell the rest in joined pinyin."""
    if not any(word in run for word in _HAN_WORDS):
        return _pinyin_name(run)
    out = [
        word if word is not None else _pinyin_joined(list(piece)) for piece, word in split_known_words(run, _HAN_WORDS)
    ]
    return " ".join(part for part in out if part.strip())


def _pinyin_joined(chars: list[str]) -> str:
    """Proper-name syllables are written joined in English company names (华为 -> huawei)."""
    return "".join(lazy_pinyin("".join(chars), style=Style.NORMAL, errors="ignore")) if chars else ""


def _pinyin_name(run: str) -> str:
    """A run without business words: a person's name of 2-3 characters is family name apart, given name joined."""
    syllables = lazy_pinyin(run, style=Style.NORMAL, errors="ignore")
    if len(run) in (2, 3) and len(syllables) == len(run):
        return syllables[0] + " " + "".join(syllables[1:])
    return "".join(syllables)


_CHINESE_DIGITS: Final = {
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_ORDINAL: Final = re.compile("第([零一二两三四五六七八九十百]+)")


def chinese_number(text: str) -> int:
    """Value of a Chinese numeral below 1,000 (十四 -> 14, 二十 -> 20, 一百零八 -> 108)."""
    total, current = 0, 0
    for char in text:
        if char in _CHINESE_DIGITS:
            current = _CHINESE_DIGITS[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
    return total + current


def _ordinals_to_digits(text: str) -> str:
    """第十四研究所 -> " 14 "研究所: English list names write the number in digits ("14th Research Institute")."""
    return _ORDINAL.sub(lambda match: f" {chinese_number(match.group(1))} ", text)


def _split_han(text: str) -> str:
    """Replace every run of Han characters by its Latin form, with spaces around it."""
    out: list[str] = []
    run: list[str] = []
    for char in text:
        if is_han(char):
            run.append(char)
            continue
        if run:
            out.append(" " + _han_run_to_latin("".join(run)) + " ")
            run = []
        out.append(char)
    if run:
        out.append(" " + _han_run_to_latin("".join(run)) + " ")
    return "".join(out)


def _replace_cjk_legal(text: str) -> str:
    for word, latin in CJK_LEGAL_WORDS.items():
        if word in text:
            text = text.replace(word, latin)
    return text


# Arabic letters -> the consonant classes of `phonetic.skeleton`, read letter by letter: transliterating first would
# create false digraphs (ض+ا+ح "dhy" read as dh). Long vowels, alef, hamza and ayin carry no consonant; the
# interdentals get a class of their own that compares as t or s (`phonetic.INTERDENTAL`).
ARABIC_SKELETON: Final = str.maketrans(
    {
        **dict.fromkeys("اأإآٱءؤئعوىيیةۀےۓېۍ", ""),
        **{"ب": "b", "پ": "b", "ت": "t", "ث": INTERDENTAL, "ط": "t", "ج": "j", "گ": "k", "غ": "k", "ژ": "s"},
        **{"ح": "h", "خ": "h", "ه": "h", "د": "d", "ض": "d", "ذ": INTERDENTAL, "ظ": INTERDENTAL, "ز": "s", "س": "s"},
        **{"ش": "$", "چ": "$", "ر": "r", "ف": "f", "ق": "k", "ك": "k", "ک": "k", "ل": "l", "م": "m", "ن": "n"},
        **{"ص": "s", "ھ": "h", "ہ": "h", "ں": "n"},
        # Urdu retroflexes and Pashto letters: ځ dz (Zadran = ځدران), څ ts, ښ x̌ (sh), ږ ǵ (zh)
        **{
            "ٹ": "t",
            "ټ": "t",
            "ڈ": "d",
            "ډ": "d",
            "ڑ": "r",
            "ړ": "r",
            "ڼ": "n",
            "ځ": "s",
            "څ": "s",
            "ښ": "$",
            "ږ": "s",
        },
    }
)


_TA_MARBUTA_END: Final = re.compile("ة[\u064b-\u065f\u0670]*$")  # harakat may follow it


def arabic_skeleton(word: str) -> str:
    """Consonant skeleton of an Arabic-script word, doubled letters collapsed ("محمد" -> "mhmd"); a final ta marbuta
    is marked (`phonetic.TA_MARBUTA`: "عصبة" -> "sbH", read as "sb" or "sbt")."""
    letters = word.translate(ARABIC_SKELETON)
    collapsed = [char for i, char in enumerate(letters) if char.isascii() and (i == 0 or char != letters[i - 1])]
    bones = "".join(char for char in collapsed if char.isalpha() or char == "$")
    if bones and _TA_MARBUTA_END.search(word):
        return bones + TA_MARBUTA  # read silent, the final-h rule applies (`phonetic.letter_readings`)
    # Same rule as the Latin skeleton: a final h (final heh) is written or not.
    return bones[:-1] if len(bones) > 2 and bones.endswith("h") else bones


# "š" writes one sound that anyascii would reduce to a plain s: the Czech, Baltic and scholarly romanisations of
# Persian and Slavic names mean "sh" (Šadmání = شادمانی), and the phonetic key reads sh as s, so "Skerlj" still
# meets "Škerlj". ("č" stays c: "Kalčić" is written "Kalcic" far more often than "Kalchich".)
_CARON: Final = str.maketrans({"š": "sh", "Š": "Sh"})


@lru_cache(maxsize=100_000)
def _word_to_latin(word: str) -> tuple[LatinWord, ...]:
    """One non-ASCII word in Latin letters (cached: the words of names repeat far more than whole names)."""
    vowelless = any(is_vowelless_script(char) for char in word)
    arabic = vowelless and any("\u0600" <= char <= "\u06ff" for char in word)
    if arabic and word.startswith(_ARABIC_ARTICLE) and len(word) > 3:
        # The Arabic article is written joined ("التكريتي"); Latin lists write it apart ("AL-TIKRITI").
        rest = word[2:]
        return LatinWord("al", True, True, "l"), LatinWord(anyascii(rest), True, True, arabic_skeleton(rest))
    latin = anyascii(word.translate(_CARON))
    if arabic:
        return (LatinWord(latin, True, True, arabic_skeleton(word)),)
    if vowelless:
        english = hebrew_word(word)
        if english is not None:
            return (LatinWord(english, False, True),)
        return (LatinWord(latin, True, True, hebrew_skeleton(word)),)
    return (LatinWord(latin, vowelless, not unicodedata.normalize("NFKD", word).isascii() and _foreign(word)),)


def _foreign(word: str) -> bool:
    """True when the word holds letters of a script other than Latin (not just accented Latin letters)."""
    return any(char.isalpha() and not unicodedata.name(char, "LATIN").startswith("LATIN") for char in word)


def to_latin_words(text: str) -> tuple[LatinWord, ...]:
    """Transliterate `text` (already Unicode-normalised) into Latin words, keeping punctuation for the tokeniser."""
    if not text.isascii():
        if is_japanese(text):
            text = japanese_to_latin(_ordinals_to_digits(text))
        elif _HAN.search(text):
            text = _split_han(_replace_cjk_legal(_ordinals_to_digits(text)))
        if _HANGUL.search(text):
            text = korean_business_words(text)
    words: list[LatinWord] = []
    for raw in text.split():
        if raw.isascii():
            words.append(LatinWord(raw, False))
            continue
        if is_burmese(raw):
            words.extend(LatinWord(latin, False, spelled) for latin, spelled in burmese_words(raw))
            continue
        words.extend(_word_to_latin(unicodedata.normalize("NFC", raw)))
    return tuple(words)
