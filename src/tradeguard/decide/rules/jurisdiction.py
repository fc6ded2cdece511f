"""Is the item subject to the EAR? Exclusions (734.3(b)), US origin, de minimis (734.4) and the footnote 1 FDP rule."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tradeguard.decide.model import Item, Requirement
from tradeguard.decide.rules import Facts, eccn_head, is_technology_or_software
from tradeguard.decide.rules.destination import content_is_controlled
from tradeguard.decide.timeline import FDP1_ANY_PARTY, FDP1_SAVINGS_END, FDP1_START, FDP_MOVED_TO_734_9

# 734.9(e)(1)(i): technology and software ECCNs whose direct products are reached by the footnote 1 FDP rule.
FDP1_ECCNS = frozenset(
    [
        "3D001",
        "3D901",
        "3D991",
        "3D992",
        "3D993",
        "3D994",
        "3E001",
        "3E002",
        "3E003",
        "3E901",
        "3E991",
        "3E992",
        "3E993",
        "3E994",
        "4D001",
        "4D993",
        "4D994",
        "4E001",
        "4E992",
        "4E993",
        "5D001",
        "5D991",
        "5E001",
        "5E991",
    ]
)
_RECIPIENT_ROLES = frozenset({"ultimate-consignee", "end-user"})
_600_SERIES = re.compile(r"^\d[A-E]6\d\d")
_9X515 = re.compile(r"^9[A-E]515")


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    subject: bool
    basis: str
    percent: float | None = None
    requirements: tuple[Requirement, ...] = ()


def _excluded(item: Item) -> str | None:
    if item.published and is_technology_or_software(item.eccn):
        return "not subject: published technology or software (15 CFR 734.3(b)(3); 734.7-734.8)"
    at_only_or_ear99 = item.eccn == "EAR99" or item.eccn[:5] in {"3E991", "3D991", "5D992", "5E992", "4E992"}
    if item.standards_release and is_technology_or_software(item.eccn) and at_only_or_ear99:
        return "not subject: technology released for a standards-related activity (15 CFR 734.3(b)(3); 734.10(b))"
    return None


def jurisdiction(item: Item, facts: Facts) -> Jurisdiction:
    """Decide the item's jurisdiction; a foreign-made item caught by FDP brings its FDP_FOOTNOTE_1 requirements."""
    excluded = _excluded(item)
    if excluded:
        return Jurisdiction(False, excluded)
    if item.us_origin:
        return Jurisdiction(True, "subject: US-origin item (15 CFR 734.3(a)(2))")
    if facts.tx.export_from == "US":
        return Jurisdiction(True, "subject: item in the United States (15 CFR 734.3(a)(1))")
    percent = controlled_content_percent(item, facts)
    fdp = fdp_footnote_1(item, facts)
    if fdp:
        return Jurisdiction(
            True,
            "subject: foreign direct product, Entity List footnote 1 (" + fdp[0].citation + ")",
            percent,
            tuple(fdp),
        )
    zero = _zero_de_minimis(item, facts)
    if zero:
        return Jurisdiction(True, zero, percent)
    return _de_minimis(item, facts, percent)


def controlled_content_percent(item: Item, facts: Facts) -> float | None:
    """Supp. 2 to part 734: value of controlled US content over the foreign item's value, in percent."""
    if not item.us_content:
        return 0.0
    if item.value <= 0:
        return None
    controlled = sum(
        c.value
        for c in item.us_content
        if content_is_controlled(c.eccn, facts.destination, facts.on, facts.data, item.origin)
    )
    return round(controlled / item.value * 100, 4)


def _de_minimis(item: Item, facts: Facts, percent: float | None) -> Jurisdiction:
    embargoed = facts.data.in_group(facts.destination, "E:1") or facts.data.in_group(facts.destination, "E:2")
    level, cite = (10.0, "15 CFR 734.4(c)") if embargoed else (25.0, "15 CFR 734.4(d)")
    if percent is None:
        return Jurisdiction(True, f"subject: item value is zero, so de minimis cannot be shown ({cite})", percent)
    if percent > level:
        return Jurisdiction(
            True,
            f"subject: controlled US content {percent:g}% exceeds the {level:g}% de minimis level ({cite})",
            percent,
        )
    return Jurisdiction(
        False,
        f"not subject: foreign-made, controlled US content {percent:g}% does not exceed {level:g}% "
        f"({cite}; Supp. No. 2 to part 734 (a)(4))",
        percent,
    )


def _zero_de_minimis(item: Item, facts: Facts) -> str | None:
    """734.4(a): US content that makes a foreign item subject at any level."""
    data, dest = facts.data, facts.destination
    for content in item.us_content:
        head = eccn_head(content.eccn)
        if head == "5E002" and item.eccn[1:2] == "E":
            return (
                "subject: foreign encryption technology with US 5E002 content: no de minimis level (15 CFR 734.4(a)(2))"
            )
        if _600_SERIES.match(head) or _9X515.match(head):
            if content.eccn.endswith(".y") or ".y." in content.eccn:
                reached = dest in {"BY", "CN", "RU"} or data.in_group(dest, "E:1") or data.in_group(dest, "E:2")
            else:
                reached = data.in_group(dest, "D:5")
            if reached:
                return f"subject: US {content.eccn} content has no de minimis level to {dest} (15 CFR 734.4(a)(6))"
    return None


def fdp_footnote_1(item: Item, facts: Facts) -> list[Requirement]:
    """734.9(e)(1) / 744.11(a)(2)(i): a foreign direct product of listed US technology with a footnote 1 party."""
    if facts.on < FDP1_START or not {eccn_head(e) for e in item.direct_product_of} & FDP1_ECCNS:
        return []
    if item.production_started and item.production_started < FDP1_START and facts.on <= FDP1_SAVINGS_END:
        return []  # 120-day savings clause of 85 FR 29849
    # Until 2020-08-17 the rule reached items destined to the entity; since then the entity in any role.
    roles = None if facts.on >= FDP1_ANY_PARTY else _RECIPIENT_ROLES
    rule = "15 CFR 734.9(e)(1)" if facts.on >= FDP_MOVED_TO_734_9 else "15 CFR 736.2(b)(3)(vi) (85 FR 29849)"
    return [
        Requirement(
            code="FDP_FOOTNOTE_1",
            citation=f"{rule}; 744.11(a)(2)(i); 736.2(b)(3)",
            party=party.name,
            entry_id=listing.entry_id,
            review_policy="Per the entry; case-by-case for items that support below-5G telecom (744.11(a)(2)(i))",
            license_exceptions=("Part 740 exceptions whose terms are met, unless 740.2 bars them",),
            detail=f"{item.description} is a foreign direct product of US {', '.join(item.direct_product_of)} "
            f"and {party.name} ({party.role}) carries Entity List footnote 1",
        )
        for party, listing in facts.footnote_1_parties(roles)
    ]
