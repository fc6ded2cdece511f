"""Secondary evidence of a party against a list entry: identifiers, country, birth date, kind.

Evidence only moves a score when the party brings the data: a query without a birth date or country is never
penalised for it, so a strong name match stays a match.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Final

from tradeguard.lists.model import Entry, EntryKind
from tradeguard.match.model import Party

IDENTIFIER_MATCH_SCORE: Final = 0.99  # an identical IMO, passport or registration number is decisive
IDENTIFIER_CONFLICT: Final = 0.85  # same identifier type, another value
COUNTRY_AGREES: Final = 0.03
COUNTRY_DIFFERS: Final = -0.05
BIRTH_YEAR_AGREES: Final = 0.03
BIRTH_YEAR_DIFFERS: Final = -0.08
KIND_DIFFERS: Final = -0.10


@dataclass(frozen=True, slots=True)
class Evidence:
    name: str
    value: float  # 1 agrees, 0 contradicts
    detail: str
    apply: Callable[[float], float]


def _clean_id(value: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", value.upper())


def identifier_key(id_type: str, value: str) -> str:
    """The identifier without punctuation or a repeated type prefix ("IMO 9116412" -> "9116412")."""
    cleaned, prefix = _clean_id(value), _clean_id(id_type)
    return cleaned[len(prefix) :] if prefix and cleaned.startswith(prefix) and len(cleaned) > len(prefix) else cleaned


def _identifier_evidence(party: Party, entry: Entry) -> Iterator[Evidence]:
    listed = {(_clean_id(i.type), identifier_key(i.type, i.value)) for i in entry.identifiers}
    listed_values = {value for _, value in listed if value}
    for id_type, id_value in party.identifiers:
        value = identifier_key(id_type, id_value)
        if value and value in listed_values:
            detail = f"identifier {id_type} {id_value} is on the entry"
            yield Evidence("identifier", 1.0, detail, lambda score: max(score, IDENTIFIER_MATCH_SCORE))
            return
    party_types = {_clean_id(id_type) for id_type, _ in party.identifiers}
    conflicts = sorted(id_type for id_type, _ in listed if id_type in party_types)
    if conflicts:
        detail = f"identifier {conflicts[0]} differs from the entry's"
        yield Evidence("identifier", 0.0, detail, lambda score: score * IDENTIFIER_CONFLICT)


def _country_evidence(party: Party, entry: Entry) -> Iterator[Evidence]:
    countries = set(entry.countries) | set(entry.nationalities)
    if not party.country or not countries:
        return
    if party.country.upper() in countries:
        yield Evidence("country", 1.0, f"country {party.country} on the entry", lambda s: s + COUNTRY_AGREES)
    else:
        detail = f"country {party.country} not among {', '.join(sorted(countries))}"
        yield Evidence("country", 0.0, detail, lambda s: s + COUNTRY_DIFFERS)


def _birth_evidence(party: Party, entry: Entry) -> Iterator[Evidence]:
    if not party.birth_date or not entry.birth_dates:
        return
    year = party.birth_date[:4]
    years = {date[:4] for date in entry.birth_dates}
    if year in years:
        yield Evidence("birth_date", 1.0, f"birth year {year} on the entry", lambda s: s + BIRTH_YEAR_AGREES)
    elif year.isdigit() and all(y.isdigit() and abs(int(y) - int(year)) > 1 for y in years):
        detail = f"birth year {year} vs {', '.join(sorted(years))}"
        yield Evidence("birth_date", 0.0, detail, lambda s: s + BIRTH_YEAR_DIFFERS)


def _kind_evidence(party: Party, entry: Entry) -> Iterator[Evidence]:
    known = {EntryKind.UNKNOWN}
    if party.kind is None or party.kind in known or entry.kind in known or party.kind == entry.kind:
        return
    detail = f"a {party.kind.value} against a {entry.kind.value} entry"
    yield Evidence("kind", 0.0, detail, lambda s: s + KIND_DIFFERS)


def evidence_gain(party: Party) -> float:
    """The most this party's additive evidence can raise a name score (identifiers aside; 0 without a country or
    birth date): lets the engine skip names that cannot reach the reporting floor."""
    return (COUNTRY_AGREES if party.country else 0.0) + (BIRTH_YEAR_AGREES if party.birth_date else 0.0)


def party_evidence(party: Party, entry: Entry) -> Iterator[Evidence]:
    """Every piece of secondary evidence the party brings, in a fixed order."""
    yield from _identifier_evidence(party, entry)
    yield from _country_evidence(party, entry)
    yield from _birth_evidence(party, entry)
    yield from _kind_evidence(party, entry)
