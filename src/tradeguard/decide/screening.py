"""Screen every party and owner of a transaction and decide which list hits are confirmed, weak or irrelevant."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from anyascii import anyascii

from tradeguard.decide.model import Owner, TransactionParty
from tradeguard.decide.ruledata import ROW_PARENT
from tradeguard.decide.timeline import LISTING_EFFECTIVE
from tradeguard.errors import NotFoundError
from tradeguard.lists.model import Entry
from tradeguard.match.model import Hit, Party, ScreenResult

ScreenFn = Callable[[Party], ScreenResult]
GetEntryFn = Callable[[str], Entry]

ENTITY_LIST = "us-bis-entity-list"
DENIED_PERSONS = "us-bis-dpl"
UNVERIFIED = "us-bis-unverified"
MILITARY_END_USER = "us-bis-meu"
OFAC_SDN = "us-ofac-sdn"
# Lists the EAR decision acts on; hits on other lists are reported but neither confirm nor hold up an answer.
DECISIVE_SOURCES = frozenset({ENTITY_LIST, DENIED_PERSONS, UNVERIFIED, MILITARY_END_USER, OFAC_SDN})

_TRAILING_PARENTHESES = re.compile(r"\([^)]*\)\W*$")  # "... Co., Ltd. (Huawei)": a short form, not the name
_PARENTHESES_THEN_PLACE = re.compile(r"^(.*?)\s*\([^)]*\)\s*,")  # "... Ltd (HiSilicon), Bantian Longgang District"
_NOT_WORD = re.compile(r"[^0-9a-z]+")
_AFFILIATE = re.compile(r"affiliated entity\s*:", re.IGNORECASE)
_FR_CITE = re.compile(r"\d+\s*FR\s*\d+")


# Spelled-out legal forms and their abbreviations are the same name ("Limited" = "Ltd").
_LEGAL_FORMS = {"limited": "ltd", "company": "co", "corporation": "corp", "incorporated": "inc"}
_SINGLE_LETTERS = re.compile(r"\b(?:[a-z] )+[a-z]\b")


def identity_key(name: str) -> str:
    """A name reduced to what must agree for an exact match: script, case, punctuation, parentheses and the
    spelling of legal forms ignored."""
    text = anyascii(unicodedata.normalize("NFKC", name)).casefold()
    text = " ".join(_NOT_WORD.sub(" ", _TRAILING_PARENTHESES.sub(" ", text)).split())
    text = _SINGLE_LETTERS.sub(lambda m: m.group(0).replace(" ", ""), text)  # "l l c" -> "llc"
    return " ".join(_LEGAL_FORMS.get(word, word) for word in text.split())


def _name_variants(*names: str) -> set[str]:
    # CSL rows such as "Huawei Technologies Co., Ltd. (Huawei). Affiliated Entity: Huawei Marine Networks Co., Ltd."
    # name the affiliate after the marker: it is the affiliate that is listed under that row. Rows that append a
    # place after a short form ("HiSilicon Technologies Co., Ltd (HiSilicon), Bantian ...") also name the part before.
    keys = set()
    for name in names:
        keys.add(identity_key(name))
        place = _PARENTHESES_THEN_PLACE.match(name)
        if place:
            keys.add(identity_key(place.group(1)))
        parts = _AFFILIATE.split(name)
        if len(parts) > 1:
            keys.add(identity_key(parts[-1]))
    return keys


def _same_country(country: str | None, listed: Iterable[str]) -> bool:
    listed_set = {ROW_PARENT.get(c, c) for c in listed}
    return country is None or not listed_set or ROW_PARENT.get(country, country) in listed_set


@dataclass(frozen=True, slots=True)
class Listing:
    """One list entry a party is (confirmed) or may be (a weak candidate)."""

    entry_id: str
    source: str
    name: str
    matched_name: str
    score: float
    confirmed: bool
    basis: str
    license_requirement: str | None = None
    license_policy: str | None = None
    federal_register: str | None = None
    programs: tuple[str, ...] = ()
    effective: date | None = None
    ended: date | None = None

    def in_force(self, on: date) -> bool:
        """Whether the listing had taken effect (and not ended) on a date; unknown dates count as in force."""
        return (self.effective is None or self.effective <= on) and (self.ended is None or on <= self.ended)


@dataclass
class PartyFinding:
    """What screening found for one party (or owner), and its owners' findings, layered."""

    role: str
    name: str
    country: str | None
    listings: list[Listing] = field(default_factory=list)  # confirmed
    candidates: list[Listing] = field(default_factory=list)  # weak matches on decisive lists that hold up an answer
    others: list[Listing] = field(default_factory=list)  # reported only
    owners: list[PartyFinding] = field(default_factory=list)
    percent: float | None = None

    def confirmed(self, source: str, on: date) -> list[Listing]:
        return [x for x in self.listings if x.source == source and x.in_force(on)]

    def owned_share(self, source: str, on: date) -> float:
        """Percent owned, directly or through owners themselves owned 50% or more, by parties on `source` (layered)."""
        return sum(o.percent or 0.0 for o in self.owners if o.is_covered(source, on))

    def is_covered(self, source: str, on: date) -> bool:
        """Listed on `source`, or owned 50% or more in aggregate by listed owners (OFAC's 50% rule, layered)."""
        return bool(self.confirmed(source, on)) or self.owned_share(source, on) >= 50.0


def _effective(entry: Entry | None, hit: Hit) -> tuple[date | None, date | None]:
    cites = _FR_CITE.findall(hit.federal_register or (entry.federal_register if entry else "") or "")
    known = [LISTING_EFFECTIVE[" ".join(c.split())] for c in cites if " ".join(c.split()) in LISTING_EFFECTIVE]
    start = min(known) if known else _iso(entry.start_date if entry else None)
    return start, _iso(entry.end_date if entry else None)


def _iso(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _listing(hit: Hit, entry: Entry | None, confirmed: bool, basis: str) -> Listing:
    effective, ended = _effective(entry, hit)
    return Listing(
        entry_id=hit.entry_id,
        source=hit.source,
        name=hit.name,
        matched_name=hit.matched_name,
        score=hit.score,
        confirmed=confirmed,
        basis=basis,
        license_requirement=hit.license_requirement,
        license_policy=hit.license_policy,
        federal_register=hit.federal_register,
        programs=hit.programs,
        effective=effective,
        ended=ended,
    )


def _hit_from_entry(entry: Entry) -> Hit:
    return Hit(
        entry_id=entry.id,
        source=entry.source,
        name=entry.name,
        matched_name=entry.name,
        score=1.0,
        match=True,
        explanation="analyst-confirmed entry_id",
        kind=entry.kind.value,
        countries=entry.countries,
        programs=entry.programs,
        federal_register=entry.federal_register,
        license_requirement=entry.license_requirement,
        license_policy=entry.license_policy,
    )


class PartyScreener:
    """Screens parties through the injected `screen` and `get_entry` callables."""

    def __init__(self, screen: ScreenFn, get_entry: GetEntryFn) -> None:
        self._screen = screen
        self._get_entry = get_entry

    def _entry(self, entry_id: str) -> Entry | None:
        try:
            return self._get_entry(entry_id)
        except NotFoundError:
            return None

    def party(self, party: TransactionParty) -> PartyFinding:
        finding = self._finding(party.role, party.name, party.country, party.entry_id)
        finding.owners = [self.owner(o) for o in party.owners]
        return finding

    def owner(self, owner: Owner) -> PartyFinding:
        finding = self._finding("owner", owner.name, owner.country, owner.entry_id)
        finding.percent = owner.percent
        finding.owners = [self.owner(o) for o in owner.owners]
        return finding

    def _finding(self, role: str, name: str, country: str | None, entry_id: str | None) -> PartyFinding:
        finding = PartyFinding(role=role, name=name, country=country)
        if entry_id:
            entry = self._get_entry(entry_id)  # an analyst named it: a missing entry is an error, not a miss
            finding.listings.append(_listing(_hit_from_entry(entry), entry, True, "analyst-confirmed entry_id"))
        result = self._screen(Party(name=name, country=country))
        keys = _name_variants(name)
        for hit in result.hits:
            if not hit.match or any(x.entry_id == hit.entry_id for x in finding.listings):
                continue
            exact = bool(keys & _name_variants(hit.matched_name, hit.name))
            if exact and _same_country(country, hit.countries):
                finding.listings.append(
                    _listing(hit, self._entry(hit.entry_id), True, "exact name and agreeing country")
                )
            else:
                why = "name differs" if not exact else "country disagrees"
                finding.candidates.append(
                    _listing(hit, self._entry(hit.entry_id), False, f"weak: {why} (score {hit.score})")
                )
        _settle_candidates(finding)
        return finding


def _settle_candidates(finding: PartyFinding) -> None:
    """Weak hits on a list the party is already confirmed on change nothing; hits on other lists are not decisive."""
    confirmed_sources = {x.source for x in finding.listings}
    decisive = [c for c in finding.candidates if c.source in DECISIVE_SOURCES and c.source not in confirmed_sources]
    finding.others = [c for c in finding.candidates if c not in decisive]
    finding.candidates = decisive
