"""Search patterns built from every list name and alias (and registered counterparties), as token sequences.

A pattern is the core of a normalised name (legal form and trailing branch/address notes removed), plus:
- for organisations, the *distinctive head*: "huawei" for "Huawei Technologies Co., Ltd." when the head word is
  not an everyday word and, across the lists, mostly stands first in the names holding it (a brand, not a
  descriptor like "semiconductor"); a leading place ("Shenzhen HiSilicon") is skipped;
- for persons, the other name order ("KIM, Jong Un" is also "Jong Un Kim") and given name + surname of long names.
  A surname alone is never a pattern.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tradeguard.errors import InputError
from tradeguard.index.candidates import CandidateIndex
from tradeguard.lists.model import AliasType, Entry, EntryKind
from tradeguard.names.model import NormalizedName
from tradeguard.names.normalize import normalize_name
from tradeguard.names.vocabulary import COUNTRY_WORDS
from tradeguard.news.model import Counterparty
from tradeguard.news.words import is_common

# Places that often open a list name ("Shenzhen Huawei Technologies", "Moscow Machine-Building Plant"): a head is
# looked for after them, never in them.
PLACE_WORDS = COUNTRY_WORDS | frozenset(
    {
        "beijing", "shanghai", "shenzhen", "guangzhou", "tianjin", "chongqing", "wuhan", "chengdu", "hangzhou",
        "nanjing", "xian", "dongguan", "suzhou", "harbin", "changsha", "hefei", "xiamen", "qingdao", "dalian",
        "zhuhai", "ningbo", "jinan", "hong", "kong", "macau", "taipei", "moscow", "petersburg", "saint", "st",
        "novosibirsk", "yekaterinburg", "kazan", "minsk", "tehran", "isfahan", "shiraz", "tabriz", "mashhad",
        "pyongyang", "damascus", "aleppo", "baghdad", "beirut", "dubai", "sharjah", "abu", "dhabi", "karachi",
        "lahore", "islamabad", "caracas", "havana", "istanbul", "ankara", "singapore", "guangdong", "jiangsu",
        "zhejiang", "sichuan", "hubei", "hunan", "fujian", "shandong", "liaoning", "shaanxi", "hebei", "henan",
    }
)  # fmt: skip
HEAD_FIRST_SHARE = 0.65  # (semiconductor 0.62, islamic 0.53 fail; huawei 0.97, gazprom 0.67 pass)
# a head word must stand first in at least this share of the list names holding it
MIN_SINGLE_TOKEN = 3  # shorter one-word names ("Al", "SE") are not searched in running text
ACRONYM_MAX = 4  # one-word patterns this short must be written in capitals in the text ("ZTE", "VTB")


@dataclass(frozen=True, slots=True)
class Target:
    """What a pattern points at: a list entry or a registered counterparty."""

    target: str  # "entry" or "party"
    index: int  # position in CandidateIndex.entries or in the counterparty list
    kind: EntryKind
    family: str


@dataclass(frozen=True, slots=True)
class PatternRef:
    """One way a target can be written: which name form and what care it needs in running text."""

    target: int  # index into PatternSet.targets
    form: str  # "name", "alias", "weak-alias", "former-name", "head", "person-reordered", "person-short"
    source_text: str  # the list name the pattern was built from
    common: bool  # all its words are everyday words: needs capitals and context
    acronym: bool  # one short word: must be written in capitals


@dataclass(frozen=True, slots=True)
class Pattern:
    tokens: tuple[str, ...]
    refs: tuple[PatternRef, ...]


def core_tokens(name: NormalizedName) -> tuple[str, ...]:
    """The name's tokens without its branch, address or flag notes."""
    residue = name.residue or (False,) * len(name.tokens)
    return tuple(token for token, note in zip(name.tokens, residue, strict=True) if not note)


def _head_index(tokens: Sequence[str]) -> int | None:
    """Position of the first word that could identify the name (after leading places and short words)."""
    for position, token in enumerate(tokens):
        if token in PLACE_WORDS or token.isdigit() or len(token) < MIN_SINGLE_TOKEN:
            continue
        return position
    return None


class HeadStatistics:
    """How often each word stands first (after places) among the list names holding it."""

    def __init__(self, names: Iterable[tuple[str, ...]]) -> None:
        self.holding: Counter[str] = Counter()
        self.leading: Counter[str] = Counter()
        for tokens in names:
            self.holding.update(set(tokens))
            position = _head_index(tokens)
            if position is not None:
                self.leading[tokens[position]] += 1

    def head(self, tokens: tuple[str, ...]) -> tuple[str, ...] | None:
        """The distinctive head of an organisation name, or None when its first word is generic or everyday."""
        position = _head_index(tokens)
        if position is None:
            return None
        word = tokens[position]
        if is_common(word) or len(tokens) < 2:
            return None
        if self.leading[word] < HEAD_FIRST_SHARE * max(self.holding[word], 1):
            return None
        return (word,)


def _informative(name: NormalizedName) -> bool:
    """True when the name's core holds a word that identifies (not only "department", "bureau", "of")."""
    residue = name.residue or (False,) * len(name.tokens)
    return any(weight >= 1.0 and not note for weight, note in zip(name.token_weights, residue, strict=True))


def _is_common_name(tokens: tuple[str, ...]) -> bool:
    words = [token for token in tokens if not token.isdigit() and len(token) > 1]
    return bool(words) and all(is_common(token) for token in words)


def _searchable(tokens: tuple[str, ...]) -> bool:
    if not tokens or all(token.isdigit() or len(token) == 1 for token in tokens):
        return False
    return len(tokens) > 1 or len(tokens[0]) >= MIN_SINGLE_TOKEN


def _person_orders(tokens: tuple[str, ...], text: str) -> list[tuple[tuple[str, ...], str]]:
    """Other ways a person's full name is written; never one word alone."""
    if len(tokens) < 2:
        return []
    forms: list[tuple[tuple[str, ...], str]] = [(tokens[1:] + tokens[:1], "person-reordered")]
    if len(tokens) >= 3:
        short = (tokens[1], tokens[0]) if "," in text else (tokens[0], tokens[-1])
        forms.append((short, "person-short"))
    return forms


def _alias_form(alias_type: AliasType | None, strong: bool) -> str:
    if alias_type is None:
        return "name"
    if not strong:
        return "weak-alias"
    return "former-name" if alias_type is AliasType.FKA else "alias"


class PatternBuilder:
    """Collects patterns for targets; `build()` returns them merged by token sequence."""

    def __init__(self, statistics: HeadStatistics) -> None:
        self.statistics = statistics
        self.targets: list[Target] = []
        self._refs: dict[tuple[str, ...], list[PatternRef]] = {}

    def family(self, name: NormalizedName) -> str:
        tokens = core_tokens(name)
        head = None if name.person_like else self.statistics.head(tokens)
        return " ".join(head or tokens)

    def add_target(self, target: Target) -> int:
        self.targets.append(target)
        return len(self.targets) - 1

    def add_name(self, target_id: int, name: NormalizedName, form: str) -> None:
        """Add the patterns of one name (and of its inline former names) of a target."""
        kind = self.targets[target_id].kind
        for variant in (name, *name.alternates):
            tokens = core_tokens(variant)
            if not _informative(variant) or (variant.numbers and len(tokens) == 1):
                continue  # "Department", "Office 39": generic words, or a number the token search cannot see
            self._add(target_id, tokens, form if variant is name else "former-name", name.original)
            if kind is EntryKind.PERSON:
                for other, other_form in _person_orders(tokens, name.original):
                    self._add(target_id, other, other_form, name.original)
            elif kind in (EntryKind.ORGANIZATION, EntryKind.UNKNOWN):
                head = self.statistics.head(tokens)
                if head is not None and head != tokens:
                    self._add(target_id, head, "head", name.original)

    def _add(self, target_id: int, tokens: tuple[str, ...], form: str, text: str) -> None:
        if not _searchable(tokens):
            return
        if self.targets[target_id].kind is EntryKind.PERSON and len(tokens) < 2:
            return  # a surname (or any one word) alone never links a person
        acronym = len(tokens) == 1 and len(tokens[0]) <= ACRONYM_MAX
        ref = PatternRef(target_id, form, text, _is_common_name(tokens), acronym)
        refs = self._refs.setdefault(tokens, [])
        if not any(old.target == target_id and old.form == form for old in refs):
            refs.append(ref)

    def build(self) -> tuple[list[Target], list[Pattern]]:
        return self.targets, [Pattern(tokens, tuple(refs)) for tokens, refs in self._refs.items()]


def _party_name(party: Counterparty) -> NormalizedName | None:
    kind = EntryKind.PERSON if party.kind == "person" else EntryKind.ORGANIZATION
    try:
        return normalize_name(party.name, kind)
    except InputError:
        return None


def collect_patterns(index: CandidateIndex, parties: Sequence[Counterparty] = ()) -> tuple[list[Target], list[Pattern]]:
    """Every pattern of every list name and alias in `index` and of every counterparty."""
    party_names = [_party_name(party) for party in parties]
    list_names = [core_tokens(name.normalized) for name in index.names]
    statistics = HeadStatistics([*list_names, *(core_tokens(name) for name in party_names if name is not None)])
    builder = PatternBuilder(statistics)
    entry_targets: dict[int, int] = {}
    for name in index.names:
        target_id = entry_targets.get(name.entry_index)
        if target_id is None:
            # The index yields an entry's primary name first (an alias only when the primary is unsearchable).
            entry: Entry = index.entries[name.entry_index]
            target = Target("entry", name.entry_index, entry.kind, builder.family(name.normalized))
            target_id = builder.add_target(target)
            entry_targets[name.entry_index] = target_id
        builder.add_name(target_id, name.normalized, _alias_form(name.alias_type, name.strong))
    for position, (party, normalized) in enumerate(zip(parties, party_names, strict=True)):
        if normalized is None:
            continue
        kind = EntryKind.PERSON if party.kind == "person" else EntryKind.ORGANIZATION
        target_id = builder.add_target(Target("party", position, kind, builder.family(normalized)))
        builder.add_name(target_id, normalized, "name")
    return builder.build()
