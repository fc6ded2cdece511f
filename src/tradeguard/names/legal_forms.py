"""Legal forms in many languages and scripts, recognised as token sequences and reduced to a class.

Forms are matched on the Latin tokens of a name (dots and commas already split: "S.A. de C.V." -> s a de c v,
"ООО" -> ooo, "有限公司" -> co ltd). Each form has a class (what kind of company it is, so "Ltd" and "GmbH" compare
as equal) and, where the form exists in one country's law only, a jurisdiction (so "Korvessa GmbH" and
"Korvessa Sdn Bhd" are recognised as two companies in two countries). English forms carry no jurisdiction: they are
used as translations everywhere.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from itertools import product
from string import ascii_lowercase
from typing import Final

LIMITED: Final = "limited"  # private company with limited liability: Ltd, LLC, GmbH, OOO, SARL, Sp. z o.o., Kft ...
JOINT_STOCK: Final = "joint-stock"  # shares, often public: JSC, AG, S.A., PLC, PJSC, AO, N.V., Oyj ...
CORPORATION: Final = "corporation"  # Inc, Corp
PARTNERSHIP: Final = "partnership"  # LLP, LP, KG, S.n.c., Sp. j., Sp. k.
COOPERATIVE: Final = "cooperative"
SOLE_TRADER: Final = "sole-trader"  # Ets, FOP, IP, EIRL
COMPANY: Final = "company"  # the bare word: Co., Company, Compagnie
FREE_ZONE: Final = "free-zone"  # FZE, FZCO, FZ-LLC
STATE: Final = "state"  # state enterprises: FGUP, GUP


@dataclass(frozen=True, slots=True)
class LegalForm:
    cls: str
    jurisdiction: str | None = None  # ISO alpha-2 where the form belongs to one country's law


def _forms(cls: str, jurisdiction: str | None, *spellings: str) -> dict[tuple[str, ...], LegalForm]:
    """The form under each spelling; a word written "a|b" stands for either romanisation ("ogranichennoy|
    ogranichennoi": the lists write Russian and Ukrainian forms out in several systems)."""
    forms: dict[tuple[str, ...], LegalForm] = {}
    for spelling in spellings:
        for words in product(*(word.split("|") for word in spelling.split())):
            forms[words] = LegalForm(cls, jurisdiction)
    return forms


# Words of the Russian and Ukrainian forms, in the romanisations the lists use (BGN/PCGN "-oi", "-oye", ICU "-oy",
# "shch" and "sch"); Cyrillic input reaches the same words through transliteration.
_SOCIETY: Final = "obshchestvo|obschestvo|obshestvo"
_JOINT_STOCK_RU: Final = "aktsionernoe|aktsionernoye|akcionernoe|aktsionernoje " + _SOCIETY
_LIMITED_RU: Final = (
    "s ogranichennoy|ogranichennoi|ogranichennoj|ogranichenoi|ogranichenoy "
    "otvetstvennostyu|otvetstvennostiu|otvetstvennostju|otvetstvenostyu"
)
_PARTNERSHIP_UA: Final = "tovarystvo|tovaristvo|tovarystva"
_JOINT_STOCK_UA: Final = "aktsionerne|aktsionerneye|akcionerne " + _PARTNERSHIP_UA
_UNITARY: Final = "unitarnoe|unitarnoye predpriyatie|predpriyatiye|predpriyatiya"
_STATE_RU: Final = "gosudarstvennoe|gosudarstvennoye"


LEGAL_FORMS: Final[dict[tuple[str, ...], LegalForm]] = {
    **_forms(
        LIMITED,
        None,
        "ltd",
        "limited",
        "co ltd",
        "company limited",
        "co limited",
        "llc",
        "l l c",
        "limited liability company",
        "limited company",
        "ltd co",
        "ltd liability co",
        "limited liability co",
        "llc co",
    ),
    **_forms(LIMITED, "IN", "pvt ltd", "private limited", "pvt limited", "private ltd", "p ltd", "pvt"),
    **_forms(LIMITED, "AU", "pty ltd", "pty limited", "proprietary limited", "pty"),
    **_forms(LIMITED, "MY", "sdn bhd", "sendirian berhad", "sdn"),
    **_forms(LIMITED, "SG", "pte ltd", "pte limited", "private limited company", "pte"),
    # TOV (Ukraine) and TOO (Kazakhstan) stay with OOO: the lists write all three for one company.
    **_forms(
        LIMITED,
        "RU",
        "ooo",
        "tov",
        "too",
        f"{_SOCIETY} {_LIMITED_RU}",
        f"tovarishchestvo|tovarishestvo {_LIMITED_RU}",
        f"{_PARTNERSHIP_UA} z obmezhenoyu|obmezhenoiu|obmezhenoju vidpovidalnistyu|vidpovidalnistiu|vidpovidalnistju",
    ),
    **_forms(LIMITED, "DE", "gmbh", "gesellschaft mit beschrankter haftung", "mbh", "gmbh co kg", "ug"),
    **_forms(LIMITED, "FR", "sarl", "s a r l", "suarl", "eurl"),
    **_forms(LIMITED, "IT", "srl", "s r l", "s a s", "sas"),
    **_forms(LIMITED, "PL", "sp z o o", "spolka z ograniczona odpowiedzialnoscia", "sp zoo"),
    **_forms(LIMITED, "HU", "kft", "korlatolt felelossegu tarsasag"),
    **_forms(LIMITED, "SI", "d o o", "doo"),
    **_forms(LIMITED, "BG", "ood", "eood"),
    **_forms(LIMITED, "BR", "ltda", "limitada"),
    **_forms(LIMITED, "TR", "ltd sti", "limited sirketi"),
    **_forms(LIMITED, "EE", "ou"),
    **_forms(LIMITED, "NL", "bv", "b v", "besloten vennootschap"),
    **_forms(LIMITED, "AM", "spy"),
    **_forms(LIMITED, "GE", "shps", "shps"),
    **_forms(LIMITED, "IL", "bm", "b m", "baam"),
    **_forms(LIMITED, "ID", "pt", "perseroan terbatas"),
    **_forms(LIMITED, "JP", "kk", "k k", "kabushiki kaisha", "kabushikigaisha", "yk", "godo kaisha"),
    **_forms(
        JOINT_STOCK,
        None,
        "jsc",
        "pjsc",
        "ojsc",
        "cjsc",
        "joint stock company",
        "public joint stock company",
        "open joint stock company",
        "closed joint stock company",
        "joint stock co",
        "public joint stock co",
        "open joint stock co",
        "closed joint stock co",
        # Without "company": "Joint Stock Commercial Bank X" (AKB), "Public Joint Stock X".
        "joint stock",
        "public joint stock",
        "open joint stock",
        "closed joint stock",
        "plc",
        "p l c",
        "public limited company",
        "public company limited",
        "jsc co",
    ),
    **_forms(
        JOINT_STOCK,
        "RU",
        "ao",
        "zao",
        "oao",
        "pao",
        "chao",
        "prat",
        "pat",
        _JOINT_STOCK_RU,
        f"otkrytoe|otkrytoye {_JOINT_STOCK_RU}",
        f"zakrytoe|zakrytoye {_JOINT_STOCK_RU}",
        f"publichnoe|publichnoye {_JOINT_STOCK_RU}",
        f"nepublichnoe|nepublichnoye {_JOINT_STOCK_RU}",
        "aktsionernaya|aktsionernaia kompaniya|kompaniia",
        _JOINT_STOCK_UA,
        f"pryvatne|privatne {_JOINT_STOCK_UA}",
        f"publichne {_JOINT_STOCK_UA}",
        f"vidkryte {_JOINT_STOCK_UA}",
        f"zakryte {_JOINT_STOCK_UA}",
    ),
    **_forms(JOINT_STOCK, "DE", "ag", "aktiengesellschaft"),
    # S.A. is the joint-stock form of French, Spanish, Portuguese, Belgian, Swiss and Latin American law alike: no
    # one country ("CACIQUE 1 S.A." is the Mexican "CACIQUE 1 S.A. de C.V."); the French S.A.S. is French.
    **_forms(JOINT_STOCK, None, "sa", "s a", "societe anonyme", "sociedad anonima"),
    **_forms(JOINT_STOCK, "FR", "sas", "s a s", "sasu"),
    **_forms(JOINT_STOCK, "MX", "s a de c v", "sa de cv", "s de r l de c v", "s de rl de cv", "sapi de cv"),
    **_forms(JOINT_STOCK, "IT", "spa", "s p a"),
    **_forms(JOINT_STOCK, "PE", "sac", "s a c"),
    **_forms(JOINT_STOCK, "TR", "as", "a s", "anonim sirketi"),
    **_forms(JOINT_STOCK, "NL", "nv", "n v"),
    **_forms(JOINT_STOCK, "FI", "oy", "oyj"),
    **_forms(JOINT_STOCK, "SE", "ab"),
    **_forms(JOINT_STOCK, "SI", "d d", "dd"),
    **_forms(JOINT_STOCK, "BG", "ead"),
    **_forms(JOINT_STOCK, "PL", "s k a", "ska", "spolka komandytowo akcyjna"),
    **_forms(JOINT_STOCK, "LV", "akciju sabiedriba"),
    **_forms(JOINT_STOCK, "LT", "uab", "ab"),
    **_forms(JOINT_STOCK, "LB", "s a l", "societe anonyme libanaise"),  # not bare "sal": a name too ("Maria Sal")
    **_forms(CORPORATION, None, "inc", "incorporated", "corp", "corporation", "inc co"),
    **_forms(PARTNERSHIP, None, "llp", "lp", "l p", "limited partnership", "limited liability partnership"),
    **_forms(PARTNERSHIP, "DE", "kg", "ohg", "gbr"),
    **_forms(PARTNERSHIP, "IT", "snc", "s n c"),
    **_forms(PARTNERSHIP, "PL", "sp j", "spolka jawna", "sp k", "spolka komandytowa"),
    **_forms(PARTNERSHIP, "ID", "cv", "commanditaire vennootschap"),
    **_forms(COOPERATIVE, None, "coop", "cooperative", "societa cooperativa", "sacco", "gie", "g i e"),
    **_forms(SOLE_TRADER, None, "ets", "etablissements", "fop", "ip", "eirl", "est", "establishment"),
    **_forms(COMPANY, None, "co", "company", "compagnie", "cie", "cia", "compania", "companhia", "sirketi", "sti"),
    **_forms(COMPANY, None, "jvc"),  # joint venture company: DPRK, Vietnamese and Burmese firms
    **_forms(FREE_ZONE, "AE", "fze", "fzco", "fzc", "fz llc", "fz co", "free zone establishment"),
    **_forms(
        STATE,
        "RU",
        "fgup",
        "gup",
        "mup",
        "fgbu",
        f"federalnoe|federalnoye {_STATE_RU} {_UNITARY}",
        f"{_STATE_RU} {_UNITARY}",
        f"munitsipalnoe|munitsipalnoye {_UNITARY}",
        f"federalnoe|federalnoye {_STATE_RU} byudzhetnoe|byudzhetnoye uchrezhdenie|uchrezhdeniye",
    ),
}
# Short forms that are also ordinary words or initials: only recognised as the first or last token of a name.
EDGE_ONLY: Final[frozenset[tuple[str, ...]]] = frozenset(
    key for key in LEGAL_FORMS if len(key) == 1 and len(key[0]) <= 3 and key[0] not in {"ltd", "llc", "ooo", "jsc"}
) | frozenset({("pt",), ("as",), ("sa",), ("ab",), ("ag",), ("cv",), ("ip",), ("kk",), ("est",)})
# Forms spelt in two letters ("S.A.", "N.V.") are initials inside a name ("Maria S. A. Lopez" is a person), unless
# another form follows ("CUBANACAN INTERNATIONAL B.V. Trading LLC"): elsewhere they count at the start or the end.
# (Three letters stand inside a name: "Alpina Trasporti S.a.s. di Renzo & C.")
LETTER_FORMS: Final[frozenset[tuple[str, ...]]] = frozenset(
    key for key in LEGAL_FORMS if len(key) == 2 and all(len(word) == 1 for word in key)
)
# Forms that are also a brand or initials when they lead a name ("JVC Kenwood", "A & S Carrier": the Turkish A.S.
# ends a name): only recognised as the last form of a name.
TRAILING_ONLY: Final[frozenset[tuple[str, ...]]] = frozenset({("jvc",), ("a", "s")})
_MAX_LEN: Final = max(len(key) for key in LEGAL_FORMS)


SUBSTITUTION_LENGTH: Final = 9  # "otvetstvennostyu", "corporation", not "limited" or "company"
DELETION_LENGTH: Final = 7  # "limited" -> "limted"; not "marine" -> "marie"


def slips(word: str, substitution_length: int = SUBSTITUTION_LENGTH) -> set[str]:
    """`word` mistyped by one slip of the hand: two neighbouring letters swapped or an inner letter doubled; in words of
    `DELETION_LENGTH` letters or more an inner letter left out (five letters left are often another word: Marine/Marie,
    Rossii/Rossi); in words of `substitution_length` letters or more an inner letter changed ("OTVETZTVENNOSTYU") or
    added. A patronymic without its n is a woman's surname (Nikolaevna/Nikolaeva), not a slip."""
    inner = range(1, len(word) - 1)
    found = {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
    found.update(word[:i] + word[i] + word[i:] for i in inner)
    if len(word) >= DELETION_LENGTH:
        patronymic = word.endswith("vna")
        found.update(word[:i] + word[i + 1 :] for i in inner if not (patronymic and i == len(word) - 2))
    if len(word) >= substitution_length:
        found.update(word[:i] + letter + word[i + 1 :] for i in inner for letter in ascii_lowercase)
        found.update(word[:i] + letter + word[i:] for i in inner for letter in ascii_lowercase)
    found.discard(word)
    return found


def slip_table(
    words: Iterable[str], min_length: int, known: Collection[str] = (), substitution_length: int = SUBSTITUTION_LENGTH
) -> dict[str, str]:
    """Each slip (`slips`) of the words of at least `min_length` letters -> the word. A slip of two different words,
    or one that is itself one of the words or in `known`, says nothing and is left out."""
    vocabulary = set(words)
    table: dict[str, str] = {}
    ambiguous: set[str] = set()
    for word in vocabulary:  # in any order: a slip two words share is dropped, whichever came first
        if len(word) < min_length or not word.isalpha():
            continue
        for slip in slips(word, substitution_length):
            if table.setdefault(slip, word) != word:
                ambiguous.add(slip)
    excluded = ambiguous | vocabulary | set(known)
    return {slip: word for slip, word in table.items() if slip not in excluded}


FORM_WORDS: Final = frozenset(word for key in LEGAL_FORMS for word in key)
# Legal-form words mistyped: a one-word form at the end of a name ("SANZETTA INVESTMENTS LIMIETD"), or a word of a
# multi-word form whose other words are there ("JOINT STOCK COMPAYN", "JOINNT STOCK COMPANY"), is still the form, not
# a distinctive word. Only words of five letters or more: a slip in "Ltd" or "AG" could be anything. Where it stands
# tells that it is a form, so a letter changed in a word of seven letters counts too ("LIMITED LIABILITY COMPAEY").
_MISTYPED: Final[dict[str, str]] = slip_table(FORM_WORDS, min_length=5, substitution_length=7)


# Multi-word forms whose words are unmistakable even apart from each other: word order is free, and "PROTON
# OBSHCHESTVO ZAVOD AKTSIONERNOE" is a joint-stock company whatever the order. Words of 4 letters or more only, so
# that scattered letters ("s a de c v") and short words ("de", "co") never make a form.
def _scattered_forms() -> dict[str, list[tuple[frozenset[str], LegalForm]]]:
    """Word -> the multi-word forms (as word sets) it belongs to, for forms whose words may be found apart."""
    by_word: dict[str, list[tuple[frozenset[str], LegalForm]]] = {}
    for key, form in LEGAL_FORMS.items():
        if len(key) > 1 and len(set(key)) == len(key) and min(len(word) for word in key) >= 4:
            for word in key:
                by_word.setdefault(word, []).append((frozenset(key), form))
    return by_word


_SCATTERED: Final = _scattered_forms()


# Words a form can start with: at any other word (most words of a name) no form starts, unless it is a slip.
_FIRST_WORDS: Final[frozenset[str]] = frozenset(key[0] for key in LEGAL_FORMS)


# Above this many tokens a scan answers its questions from the end of the name first, so that none recurses deeply.
_DEEP_SCAN: Final = 40


class _FormScan:
    """Where the legal forms of one name's tokens are, each question answered once.

    Why by hand: whether a form at a position counts can depend on whether only forms follow it (`only`) or some
    form does (`after`), which asks the same of later positions; asked afresh each time, as a recursion over the
    tuple did, a name of many letters ("s a s a s a ...") took time exponential in its length. `is_only_legal_forms`
    of the tokens after a form reads them as a name of their own, whose first token is its start: so a form at a
    position depends only on the position and on whether it starts such a name (`first`)."""

    def __init__(self, tokens: tuple[str, ...]) -> None:
        self.tokens = tokens
        self.count = len(tokens)
        self._matches: dict[int, tuple[int, LegalForm | None]] = {}  # by position * 2 + first
        self._only: dict[int, bool] = {}
        self._after: dict[int, bool] = {}
        if self.count > _DEEP_SCAN:
            for position in range(self.count - 1, -1, -1):
                self.after(position)
                self.only(position)

    def match(self, position: int, first: bool) -> tuple[int, LegalForm | None]:
        """The longest legal form starting at `position`: (its length, the form), or (0, None); `first` when the
        position starts the name."""
        key = 2 * position + first
        found = self._matches.get(key)
        if found is None:
            found = self._matches[key] = self._match(position, first)
        return found

    def _match(self, position: int, first: bool) -> tuple[int, LegalForm | None]:
        tokens, count = self.tokens, self.count
        if tokens[position] not in _FIRST_WORDS and tokens[position] not in _MISTYPED:
            return 0, None
        for size in range(min(_MAX_LEN, count - position), 0, -1):
            key = tokens[position : position + size]
            form = LEGAL_FORMS.get(key)
            if form is None and size > 1:
                form = LEGAL_FORMS.get(tuple(_MISTYPED.get(word, word) for word in key))
            if form is None:
                continue
            # A second form may follow ("NORD GOLD PLC LLC"): the edge is where only legal forms are left.
            trailing = position + size == count or self.only(position + size)
            if (key in EDGE_ONLY and not (first or trailing)) or (key in TRAILING_ONLY and not trailing):
                continue
            if key in LETTER_FORMS and not (first or trailing or self.after(position + size)):
                continue
            return size, form
        # A mistyped one-word form where a form stands: at the end, or before forms only ("MELFI MARINE CORPORATIUN
        # S.A.").
        trailing = position == count - 1 or self.only(position + 1)
        if not first and tokens[position] in _MISTYPED and trailing:
            form = LEGAL_FORMS.get((_MISTYPED[tokens[position]],))
            return (1, form) if form is not None else (0, None)
        return 0, None

    def only(self, start: int) -> bool:
        """Whether `tokens[start:]` are legal forms and nothing else (and not empty)."""
        found = self._only.get(start)
        if found is None:
            found = self._only[start] = self._only_forms(start)
        return found

    def _only_forms(self, start: int) -> bool:
        position = start
        while position < self.count:
            size, form = self.match(position, position == start)
            if form is None:
                return False
            position += size
        return start < self.count

    def after(self, position: int) -> bool:
        """Whether a legal form (not starting the name) starts at `position` or after it."""
        if position >= self.count:
            return False
        found = self._after.get(position)
        if found is None:
            found = self._after[position] = self.match(position, False)[1] is not None or self.after(position + 1)
        return found


def find_legal_forms(tokens: tuple[str, ...]) -> tuple[tuple[int, ...], tuple[LegalForm, ...]]:
    """Find every legal form in `tokens`: the indices of the tokens that are not part of one, and the forms found.

    A name made only of legal-form words ("Company Limited") keeps all its tokens: it has nothing else to match on.
    """
    scan = _FormScan(tokens)
    kept: list[int] = []
    found: list[LegalForm] = []
    i = 0
    while i < len(tokens):
        size, form = scan.match(i, i == 0)
        if form is None:
            kept.append(i)
            i += 1
            continue
        found.append(form)
        i += size
    scattered = _scattered_form(tokens, kept)
    if scattered is not None:
        words, form = scattered
        kept = [i for i in kept if tokens[i] not in words]
        found.append(form)
    if sum(len(tokens[i]) for i in kept) < 3:
        # Nothing distinctive would remain ("Chao Le" is a vessel, not a ChAO joint-stock company).
        return tuple(range(len(tokens))), ()
    return tuple(kept), tuple(found)


def _scattered_form(tokens: tuple[str, ...], kept: list[int]) -> tuple[frozenset[str], LegalForm] | None:
    """The longest multi-word form whose words are all among the `kept` tokens, apart (`_SCATTERED`)."""
    words = {tokens[i] for i in kept}
    best: tuple[frozenset[str], LegalForm] | None = None
    for word in words:
        for form_words, form in _SCATTERED.get(word, ()):
            if form_words <= words and (best is None or len(form_words) > len(best[0])):
                best = (form_words, form)
    return best


def is_only_legal_forms(tokens: tuple[str, ...]) -> bool:
    """True when `tokens` are legal forms and nothing else (", Inc.", ", S.A. de C.V.", ", d. o. o.")."""
    return _FormScan(tokens).only(0)


def dominant_form(forms: tuple[LegalForm, ...]) -> LegalForm | None:
    """The form that decides what a company is: the last one other than the bare word "company".

    "X Corporation Limited" is a limited company; "Sp. z o.o. Sp. k." is a limited partnership.
    """
    for form in reversed(forms):
        if form.cls != COMPANY:
            return form
    return forms[-1] if forms else None


def forms_compatible(a: LegalForm | None, b: LegalForm | None) -> float:
    """How well two legal forms agree: 1 same or unknown, 0.5 different classes, 0 different countries' laws."""
    if a is None or b is None or a == b:
        return 1.0
    if a.jurisdiction and b.jurisdiction and a.jurisdiction != b.jurisdiction:
        return 0.0
    if COMPANY in (a.cls, b.cls) or a.cls == b.cls:
        return 1.0
    return 0.5
