"""`decide()`: apply the EAR rules to a transaction and collect a decision with citations."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from typing import Any

from tradeguard.decide.licenses import HeldLicense, LicenseBook
from tradeguard.decide.model import (
    Decision,
    Effect,
    Item,
    ItemDecision,
    ListMatch,
    Outcome,
    PartyScreening,
    Requirement,
    Transaction,
)
from tradeguard.decide.ruledata import RulesData, load_rules_data
from tradeguard.decide.rules import Facts
from tradeguard.decide.rules.authorizations import Headroom, authorise
from tradeguard.decide.rules.destination import destination_rules
from tradeguard.decide.rules.end_use import end_use_rules, possible_matches, red_flags
from tradeguard.decide.rules.jurisdiction import jurisdiction
from tradeguard.decide.rules.parties import ofac_blocking, party_rules
from tradeguard.decide.screening import OFAC_SDN, GetEntryFn, Listing, PartyFinding, PartyScreener, ScreenFn


def decide(
    tx: Transaction,
    *,
    screen: ScreenFn,
    get_entry: GetEntryFn,
    licenses: LicenseBook | Sequence[HeldLicense] = (),
    as_of_snapshots: Mapping[str, Any] | None = None,
    data: RulesData | None = None,
) -> Decision:
    """Screen every party and owner, apply the rules to every item, and name what authorises each requirement."""
    rules_data = data or load_rules_data()
    screener = PartyScreener(screen, get_entry)
    facts = Facts(tx, rules_data, tuple(screener.party(p) for p in tx.parties))
    held = list(licenses) if isinstance(licenses, Sequence) else list(licenses.list())
    for index, item in enumerate(tx.items):
        rules_data.ccl_entry(item.eccn, f"items[{index}].eccn")  # fail early, naming the field, on an unknown ECCN
    headroom = Headroom()
    items = tuple(_item_decision(item, facts, held, headroom) for item in tx.items)
    return Decision(
        decision=max((i.decision for i in items), key=lambda o: o.severity),
        items=items,
        parties=tuple(_screening(p, tx.ship_date) for p in facts.parties),
        conditions=_conditions(items),
        as_of={
            "ship_date": tx.ship_date.isoformat(),
            "rules_data_version": rules_data.version,
            "rules_data": {name: meta["as_of"] for name, meta in rules_data.provenance.items()},
            "snapshots": dict(as_of_snapshots or {}),
        },
    )


def _item_decision(item: Item, facts: Facts, held: Sequence[HeldLicense], headroom: Headroom) -> ItemDecision:
    where = jurisdiction(item, facts)
    ofac = [*ofac_blocking(facts), *_sdn_candidates(facts)]
    if where.subject:
        found = [
            *where.requirements,
            *party_rules(item, facts),
            *destination_rules(item, facts),
            *end_use_rules(item, facts),
            *red_flags(facts),
            *possible_matches(facts),
        ]
        found = authorise(item, _dedupe([*ofac, *found]), facts, held, headroom)
    else:
        found = _dedupe(ofac)  # OFAC blocking applies whether or not the EAR does
    return ItemDecision(
        description=item.description,
        eccn=item.eccn,
        subject_to_ear=where.subject,
        basis=where.basis,
        controlled_us_content_percent=where.percent,
        requirements=tuple(found),
        decision=_outcome(where.subject, found),
    )


def _sdn_candidates(facts: Facts) -> list[Requirement]:
    return possible_matches(facts, sources=frozenset({OFAC_SDN}))


def _dedupe(requirements: Sequence[Requirement]) -> list[Requirement]:
    seen: set[tuple[str, str, str | None, str | None]] = set()
    unique = []
    for r in requirements:
        key = (r.code, r.citation, r.party, r.entry_id)
        if key not in seen:
            seen.add(key)
            unique.append(r)
    return unique


def _outcome(subject: bool, requirements: Sequence[Requirement]) -> Outcome:
    open_effects = {r.effect for r in requirements if r.covered_by is None}
    if Effect.PROHIBITED in open_effects:
        return Outcome.PROHIBITED
    if Effect.REVIEW in open_effects:
        return Outcome.REVIEW
    if Effect.LICENSE in open_effects:
        return Outcome.LICENSE_REQUIRED
    if any(r.effect is Effect.LICENSE for r in requirements):
        return Outcome.AUTHORIZED
    return Outcome.NLR if subject else Outcome.NOT_SUBJECT


def _conditions(items: Sequence[ItemDecision]) -> tuple[str, ...]:
    conditions: list[str] = []
    for item in items:
        for r in item.requirements:
            text = f"{r.detail} ({r.citation})"
            if r.effect is Effect.CONDITION and text not in conditions:
                conditions.append(text)
            if r.covered_by and r.covered_by not in conditions:
                conditions.append(f"Ship under {r.covered_by}: observe its terms and records")
    return tuple(conditions)


def _matches(finding: PartyFinding) -> Iterator[ListMatch]:
    listings: list[Listing] = [*finding.listings, *finding.candidates, *finding.others]
    for x in listings:
        yield ListMatch(
            entry_id=x.entry_id,
            source=x.source,
            name=x.name,
            matched_name=x.matched_name,
            score=x.score,
            confirmed=x.confirmed,
            basis=x.basis + ("" if x in finding.candidates or x.confirmed else " (not decisive)"),
        )


def _screening(finding: PartyFinding, on: date) -> PartyScreening:
    share = finding.owned_share(OFAC_SDN, on)
    return PartyScreening(
        role=finding.role,
        name=finding.name,
        country=finding.country,
        matches=tuple(_matches(finding)),
        owners=tuple(_screening(o, on) for o in finding.owners),
        percent=finding.percent,
        blocked_by_ownership=share >= 50.0,
        blocked_owner_percent=share,
    )
