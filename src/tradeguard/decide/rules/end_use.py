"""End-use rules (part 744) and the knowledge rules: military, military-intelligence, WMD, red flags, weak matches."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from tradeguard.decide.model import Effect, Item, Requirement
from tradeguard.decide.rules import Facts, eccn_head
from tradeguard.decide.screening import PartyFinding

_MI_COUNTRIES = frozenset({"BY", "MM", "KH", "CN", "RU", "VE"})
_WMD = {
    "nuclear": ("15 CFR 744.2", "nuclear end use"),
    "missile": ("15 CFR 744.3", "rocket system or unmanned aerial vehicle (missile) end use"),
    "chemical-biological": ("15 CFR 744.4", "chemical or biological weapons end use"),
    "supercomputer": ("15 CFR 744.23(a)(2)", "supercomputer end use"),
    "advanced-node-ic": ("15 CFR 744.23(a)(3)", "advanced-node integrated circuit production end use"),
}


def military_end_use(item: Item, facts: Facts) -> list[Requirement]:
    """744.21: known military end use; any item for Russia/Belarus, Supp. 2 items for Burma, Cambodia, China, ..."""
    if "military" not in facts.tx.end_uses:
        return []
    dest = facts.destination
    if dest in {"RU", "BY"}:
        cite, policy, what = "15 CFR 744.21(a)(2)", "Policy of denial (744.21(e))", "any item subject to the EAR"
    elif dest in facts.data.meu_destinations and eccn_head(item.eccn) in facts.data.meu_eccns:
        cite, policy, what = (
            "15 CFR 744.21(a)(1); Supp. No. 2 to part 744",
            "Presumption of denial (744.21(e))",
            f"{item.eccn} (Supp. No. 2 to part 744)",
        )
    else:
        return []
    return [
        Requirement(
            code="MILITARY_END_USE",
            citation=cite,
            review_policy=policy,
            license_exceptions=("GOV",),
            detail=f"known military end use in {dest}: a license for {what}",
        )
    ]


def military_intelligence(item: Item, facts: Facts) -> list[Requirement]:
    """744.22: known military-intelligence end use or user in the listed countries or Country Groups E:1/E:2."""
    dest, data = facts.destination, facts.data
    reached = dest in _MI_COUNTRIES or data.in_group(dest, "E:1") or data.in_group(dest, "E:2")
    if "military-intelligence" not in facts.tx.end_uses or not reached:
        return []
    return [
        Requirement(
            code="MILITARY_INTELLIGENCE",
            citation="15 CFR 744.22",
            review_policy="Presumption of denial (744.22(e))",
            license_exceptions=("GOV",),
            detail=f"known military-intelligence end use or user in {dest}: a license for any item subject to the EAR",
        )
    ]


def wmd_end_uses(item: Item, facts: Facts) -> list[Requirement]:
    """744.2-744.4 and 744.23: known WMD or advanced-computing end uses (scope simplified to any item)."""
    return [
        Requirement(
            code="END_USE",
            citation=_WMD[use][0],
            review_policy="Case-by-case, per the section",
            detail=f"known {_WMD[use][1]}: a license is required (verify the section's item scope)",
        )
        for use in facts.tx.end_uses
        if use in _WMD
    ]


def red_flags(facts: Facts) -> list[Requirement]:
    """GP10 / Supp. 3 to part 732: unresolved red flags stop the answer until inquiry resolves them."""
    return [
        Requirement(
            code="RED_FLAG",
            citation="Supp. No. 3 to part 732; 15 CFR 736.2(b)(10); 764.2(e)",
            review_policy="Do not proceed until resolved; inquire or apply for a license",
            detail=flag,
            effect=Effect.REVIEW,
        )
        for flag in facts.tx.red_flags
    ]


def _walk(findings: Iterable[PartyFinding]) -> Iterator[PartyFinding]:
    for finding in findings:
        yield finding
        yield from _walk(finding.owners)


def possible_matches(facts: Facts, sources: frozenset[str] | None = None) -> list[Requirement]:
    """A party or owner that only weakly matches a decisive list entry must be resolved by an analyst."""
    return [
        Requirement(
            code="POSSIBLE_MATCH",
            citation="Supp. No. 3 to part 732 (know your customer); 15 CFR 736.2(b)(10)",
            party=finding.name,
            entry_id=c.entry_id,
            detail=f"{finding.name} may be {c.name!r} ({c.source}, {c.basis}): confirm or dismiss",
            effect=Effect.REVIEW,
        )
        for finding in _walk(facts.parties)
        for c in finding.candidates
        if sources is None or c.source in sources
    ]


def end_use_rules(item: Item, facts: Facts) -> list[Requirement]:
    return [*military_end_use(item, facts), *military_intelligence(item, facts), *wmd_end_uses(item, facts)]
