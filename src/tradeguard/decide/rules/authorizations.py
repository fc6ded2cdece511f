"""Authorisations: held licenses (with drawdown headroom), general licenses by date and purpose, LVS and GBS."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from tradeguard.decide.licenses import HeldLicense
from tradeguard.decide.model import Effect, Item, Requirement
from tradeguard.decide.rules import Facts, eccn_head, is_footnote_1
from tradeguard.decide.rules.destination import gbs_available
from tradeguard.decide.screening import ENTITY_LIST, UNVERIFIED, identity_key
from tradeguard.decide.timeline import HUAWEI_GENERAL_LICENSES

_LICENSABLE = frozenset(
    {
        "ENTITY_LIST",
        "FDP_FOOTNOTE_1",
        "COUNTRY_CHART",
        "CCL_SCOPE",
        "EMBARGO",
        "MILITARY_END_USE",
        "MILITARY_INTELLIGENCE",
        "END_USE",
        "SDN_744_8",
    }
)
_HUAWEI = ("huawei", "hisilicon")


@dataclass
class Headroom:
    """Value and quantity already claimed from each held license by earlier items of the same transaction."""

    value: dict[str, float] = field(default_factory=dict)
    quantity: dict[str, float] = field(default_factory=dict)


def _huawei_entity(requirement: Requirement, facts: Facts) -> bool:
    # The TGL covered Huawei and its listed affiliates; before footnote 1 existed, the name is the only mark.
    for _party, listing in facts.listed(ENTITY_LIST):
        if listing.entry_id == requirement.entry_id:
            return is_footnote_1(listing) or any(word in listing.name.lower() for word in _HUAWEI)
    return False


def general_license(requirement: Requirement, facts: Facts) -> str | None:
    """The Huawei temporary general license (2019-2020) or its cybersecurity successor, by purpose and date."""
    if requirement.code not in {"ENTITY_LIST", "FDP_FOOTNOTE_1"} or not _huawei_entity(requirement, facts):
        return None
    for window in HUAWEI_GENERAL_LICENSES:
        if window.covers(facts.on, facts.tx.purpose):
            return f"{window.name}, purpose {facts.tx.purpose} ({window.citation}); keep the certification on file"
    return None


def _uvl_party(facts: Facts) -> bool:
    return any(True for _ in facts.listed(UNVERIFIED))


def license_exception(requirement: Requirement, item: Item, facts: Facts, others: Sequence[Requirement]) -> str | None:
    """LVS (740.3) or GBS (740.4) for a Country Chart requirement, SPP (740.5) for Syria, when 740.2 allows."""
    if _uvl_party(facts) or any(r.code not in {"COUNTRY_CHART", "UNVERIFIED_LIST"} for r in others):
        return None  # 740.2(a)(17) bars exceptions with a UVL party; tradeguard does not chain exceptions
    if requirement.code == "EMBARGO" and "SPP" in requirement.license_exceptions:
        return "License Exception SPP (15 CFR 740.5), subject to its terms"
    if requirement.code != "COUNTRY_CHART":
        return None
    data, dest = facts.data, facts.destination
    if gbs_available(item.eccn, dest, data):
        return "License Exception GBS (15 CFR 740.4)"
    limit = data.ccl_entry(item.eccn).lvs_limit(item.eccn)
    in_b = data.in_group(dest, "B")
    reasons = requirement.detail
    if limit is not None and in_b and item.value <= limit and "MT" not in reasons and "NP" not in reasons:
        return f"License Exception LVS (15 CFR 740.3), net value {item.value:g} <= {limit:g} USD"
    return None


def _license_fits(held: HeldLicense, item: Item, facts: Facts, headroom: Headroom) -> bool:
    parties = {identity_key(p) for p in held.parties}
    eccns = set(held.eccns)
    fits = (
        held.valid_on(facts.on)
        and held.destination == facts.destination
        and (item.eccn in eccns or eccn_head(item.eccn) in eccns)
        and all(identity_key(p.name) in parties for p in facts.tx.parties)
    )
    if not fits:
        return False
    remaining_value, remaining_quantity = held.remaining_value(), held.remaining_quantity()
    value_ok = remaining_value is None or item.value <= remaining_value - headroom.value.get(held.number, 0.0) + 1e-9
    quantity_ok = (
        remaining_quantity is None
        or item.quantity <= remaining_quantity - headroom.quantity.get(held.number, 0.0) + 1e-9
    )
    return value_ok and quantity_ok


def held_license(item: Item, facts: Facts, licenses: Sequence[HeldLicense], headroom: Headroom) -> str | None:
    """The first held license naming every party, the ECCN and destination, valid on the ship date, with headroom."""
    for held in licenses:
        if _license_fits(held, item, facts, headroom):
            headroom.value[held.number] = headroom.value.get(held.number, 0.0) + item.value
            headroom.quantity[held.number] = headroom.quantity.get(held.number, 0.0) + item.quantity
            remaining = held.remaining_value()
            left = (
                "" if remaining is None else f", {remaining - headroom.value[held.number]:g} USD left after this item"
            )
            return f"License {held.number} (valid {held.valid_from} to {held.valid_to}{left})"
    return None


def authorise(
    item: Item, requirements: Sequence[Requirement], facts: Facts, licenses: Sequence[HeldLicense], headroom: Headroom
) -> list[Requirement]:
    """Mark each licensable requirement with the authorisation that covers it, if any."""
    needs = [r for r in requirements if r.effect is Effect.LICENSE and r.code in _LICENSABLE]
    license_name = held_license(item, facts, licenses, headroom) if needs else None
    covered = []
    for requirement in requirements:
        if requirement.effect is not Effect.LICENSE or requirement.code not in _LICENSABLE:
            covered.append(requirement)
            continue
        others = [r for r in requirements if r is not requirement]
        by = license_name or general_license(requirement, facts) or license_exception(requirement, item, facts, others)
        covered.append(requirement.model_copy(update={"covered_by": by}) if by else requirement)
    return covered
