"""EAR rules: small functions of (item, facts) returning `Requirement`s with CFR citations."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from tradeguard.decide.model import Transaction
from tradeguard.decide.ruledata import RulesData
from tradeguard.decide.screening import ENTITY_LIST, Listing, PartyFinding

# Entity List text designating footnote 1 (Huawei): today's "734.9(e) ¹" or, before 2022, "736.2(b)(3)(vi)".
_FOOTNOTE_1_MARKERS = ("736.2(b)(3)(vi)", "734.9(e)(1)", "734.9(e)¹", "734.9(e) ¹", "734.9(e)1")


def is_footnote_1(listing: Listing) -> bool:
    """Whether an Entity List entry carries the footnote 1 (foreign direct product) designation."""
    text = (listing.license_requirement or "").replace("\u00a0", " ")
    if listing.source != ENTITY_LIST:
        return False
    if any(marker in text for marker in _FOOTNOTE_1_MARKERS):
        return True
    # "734.9(e)" followed by a sub-paragraph other than (1) is footnote 4 or 5, not 1.
    return "734.9(e)" in text and "734.9(e)(" not in text


def eccn_head(eccn: str) -> str:
    return eccn if eccn == "EAR99" else eccn[:5]


def is_technology_or_software(eccn: str) -> bool:
    return eccn == "EAR99" or eccn[1] in "DE"


@dataclass(frozen=True)
class Facts:
    """Everything a rule may read: the transaction, the reference data and the screening of its parties."""

    tx: Transaction
    data: RulesData
    parties: tuple[PartyFinding, ...]

    @property
    def on(self) -> date:
        return self.tx.ship_date

    @property
    def destination(self) -> str:
        return self.tx.destination

    def listed(self, source: str) -> Iterator[tuple[PartyFinding, Listing]]:
        """Each (party, confirmed listing in force on the ship date) on one list."""
        for party in self.parties:
            for listing in party.confirmed(source, self.on):
                yield party, listing

    def footnote_1_parties(self, roles: frozenset[str] | None = None) -> list[tuple[PartyFinding, Listing]]:
        return [(p, x) for p, x in self.listed(ENTITY_LIST) if is_footnote_1(x) and (roles is None or p.role in roles)]
