"""Party rules: Denied Persons, Entity List, Unverified List, MEU, SDNs under 744.8 and OFAC blocking (50% rule)."""

from __future__ import annotations

import re

from tradeguard.decide.model import Effect, Item, Requirement
from tradeguard.decide.rules import Facts, eccn_head, is_technology_or_software
from tradeguard.decide.screening import (
    DENIED_PERSONS,
    ENTITY_LIST,
    MILITARY_END_USER,
    OFAC_SDN,
    UNVERIFIED,
    Listing,
    PartyFinding,
)
from tradeguard.decide.timeline import AFFILIATES_RULE_STAY_END

# 744.8(a)(1): SDN tags that bring an EAR license requirement for every item subject to the EAR.
SDN_744_8_TAGS = frozenset(
    {
        "RUSSIA-EO14024",
        "BELARUS",
        "BELARUS-EO14038",
        "UKRAINE-EO13660",
        "UKRAINE-EO13661",
        "UKRAINE-EO13662",
        "UKRAINE-EO13685",
        "FTO",
        "SDGT",
        "NPWMD",
        "ILLICIT-DRUGS-EO14059",
        "ILLICIT DRUGS-EO14059",
        "SDNT",
        "SDNTK",
        "TCO",
    }
)
_ECCN_IN_TEXT = re.compile(r"\b\d[A-E]\d{3}\b")


def denied_persons(item: Item, facts: Facts) -> list[Requirement]:
    """GP4: any party under a denial order makes the export prohibited; no license exceptions."""
    return [
        Requirement(
            code="DENIED_PERSON",
            citation="15 CFR 736.2(b)(4); 764.3(a)(2); Supp. No. 1 to part 764",
            party=party.name,
            entry_id=listing.entry_id,
            review_policy="Prohibited; only BIS (Office of Export Enforcement) may authorise, exceptionally",
            detail=f"{party.name} ({party.role}) is under a BIS denial order: {listing.name}",
            effect=Effect.PROHIBITED,
        )
        for party, listing in facts.listed(DENIED_PERSONS)
    ]


def entity_list_reaches(listing: Listing, item: Item) -> bool:
    """Whether the entry's License Requirement column covers the item (all items, all but EAR99, or named ECCNs)."""
    text = (listing.license_requirement or "For all items subject to the EAR").lower()
    standards = "standards organization" in text or ("standard" in text and "772.1" in text)
    if standards and item.standards_release and is_technology_or_software(item.eccn):
        return False  # e.g. Huawei: EXCEPT EAR99/AT-only technology released to a standards organization
    if "all items subject to the ear" in text:
        excludes_ear99 = "other than ear99" in text or "except ear99" in text or "except for ear99" in text
        return not (excludes_ear99 and item.eccn == "EAR99")
    named = set(_ECCN_IN_TEXT.findall((listing.license_requirement or "").upper()))
    return not named or eccn_head(item.eccn) in named


def _entity_requirement(party: PartyFinding, listing: Listing, citation: str, detail: str) -> Requirement:
    return Requirement(
        code="ENTITY_LIST",
        citation=citation,
        party=party.name,
        entry_id=listing.entry_id,
        review_policy=(listing.license_policy or "Per the entry (usually a presumption of denial)").strip(),
        license_exceptions=(),
        detail=detail,
    )


def entity_list(item: Item, facts: Facts) -> list[Requirement]:
    """744.11 / 744.16: a listed party in any role needs a license for the items in the entry's column."""
    found = [
        _entity_requirement(
            party,
            listing,
            "15 CFR 744.11(a); 744.16(a)-(c); 748.5(c)-(f); Supp. No. 4 to part 744" + _fr(listing),
            f"{party.name} ({party.role}) is on the Entity List as {listing.name!r}: "
            f"{(listing.license_requirement or 'all items subject to the EAR').strip()}",
        )
        for party, listing in facts.listed(ENTITY_LIST)
        if entity_list_reaches(listing, item)
    ]
    return found + _affiliates(item, facts)


def _fr(listing: Listing) -> str:
    return f" ({listing.federal_register.strip()})" if listing.federal_register else ""


def _affiliates(item: Item, facts: Facts) -> list[Requirement]:
    # The affiliates rule (50% owned by listed entities) is stayed through 2026-11-09 (90 FR 50857); it revives after.
    if facts.on <= AFFILIATES_RULE_STAY_END:
        return []
    found = []
    for party in facts.parties:
        share = party.owned_share(ENTITY_LIST, facts.on)
        if party.confirmed(ENTITY_LIST, facts.on) or share < 50.0:
            continue
        found.append(
            Requirement(
                code="ENTITY_LIST",
                citation="15 CFR 744.11(a)(1); Supp. No. 8 to part 744 (90 FR 47201; stay ended 2026-11-09)",
                party=party.name,
                review_policy="Most restrictive policy of the listed owners",
                detail=f"{party.name} is {share:g}% owned by Entity List parties (affiliates rule)",
            )
        )
    return found


def unverified_list(item: Item, facts: Facts) -> list[Requirement]:
    """744.15: a UVL party needs a signed UVL statement before an otherwise license-free export; no exceptions."""
    return [
        Requirement(
            code="UNVERIFIED_LIST",
            citation="15 CFR 744.15; 740.2(a)(17); 758.1(b)(8)",
            party=party.name,
            entry_id=listing.entry_id,
            detail=f"{party.name} is on the Unverified List: obtain and keep a UVL statement before shipping, "
            "file EEI; "
            "no license exceptions may be used",
            effect=Effect.CONDITION,
        )
        for party, listing in facts.listed(UNVERIFIED)
    ]


def military_end_user_list(item: Item, facts: Facts) -> list[Requirement]:
    """744.21(b): a party on the MEU List needs a license for items in Supp. No. 2 to part 744."""
    if eccn_head(item.eccn) not in facts.data.meu_eccns:
        return []
    return [
        Requirement(
            code="MILITARY_END_USE",
            citation="15 CFR 744.21(a)(1), (b); Supp. No. 2 and No. 7 to part 744",
            party=party.name,
            entry_id=listing.entry_id,
            review_policy="Presumption of denial (744.21(e))",
            license_exceptions=("GOV",),
            detail=f"{party.name} is on the Military End-User List and {item.eccn} is in Supp. No. 2 to part 744",
        )
        for party, listing in facts.listed(MILITARY_END_USER)
    ]


def sdn_744_8(item: Item, facts: Facts) -> list[Requirement]:
    """744.8: an SDN designated under certain programmes needs an EAR license for every item subject to the EAR."""
    return [
        Requirement(
            code="SDN_744_8",
            citation="15 CFR 744.8(a)(1)",
            party=party.name,
            entry_id=listing.entry_id,
            review_policy="Presumption of denial (744.8(c))",
            detail=f"{party.name} is an SDN tagged {', '.join(sorted(tags))}",
        )
        for party, listing in facts.listed(OFAC_SDN)
        if (tags := {p.strip().strip("[]").upper() for p in listing.programs} & SDN_744_8_TAGS)
    ]


def ofac_blocking(facts: Facts) -> list[Requirement]:
    """OFAC (not the EAR): an SDN, or an entity 50% or more owned by blocked persons in aggregate, is blocked."""
    found = []
    for party in facts.parties:
        listings = party.confirmed(OFAC_SDN, facts.on)
        share = party.owned_share(OFAC_SDN, facts.on)
        if not listings and share < 50.0:
            continue
        detail = (
            f"{party.name} is on the SDN List as {listings[0].name!r}"
            if listings
            else f"{party.name} is {share:g}% owned, in aggregate, by blocked persons (directly or through owners)"
        )
        found.append(
            Requirement(
                code="OFAC_SDN",
                citation="31 CFR part 501 and programme rules; OFAC Revised Guidance on the 50% Rule (2014-08-13)",
                party=party.name,
                entry_id=listings[0].entry_id if listings else None,
                review_policy="Blocked: prohibited unless OFAC authorises",
                detail=detail,
                effect=Effect.PROHIBITED,
            )
        )
    return found


def party_rules(item: Item, facts: Facts) -> list[Requirement]:
    return [
        *denied_persons(item, facts),
        *entity_list(item, facts),
        *military_end_user_list(item, facts),
        *sdn_744_8(item, facts),
        *unverified_list(item, facts),
    ]
