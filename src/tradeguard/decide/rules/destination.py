"""Items x destination: the Commerce Country Chart (part 738) and the embargoes and special destinations of part 746."""

from __future__ import annotations

from datetime import date

from tradeguard.decide.model import Effect, Item, Requirement
from tradeguard.decide.ruledata import Control, RulesData
from tradeguard.decide.rules import Facts
from tradeguard.decide.timeline import BELARUS_SANCTIONS_START, RUSSIA_SANCTIONS_START, SYRIA_REVISION

CRIMEA_DNR_LNR = frozenset({"UA-43", "UA-14", "UA-09"})
_CUBA_EXCEPTIONS = ("TMP", "TSU", "RPL", "BAG", "GOV", "GFT", "AVS", "AGR", "CCD", "SCP")
_NK_EXCEPTIONS = ("TMP", "GOV", "GFT", "TSU", "BAG", "AVS")
_SYRIA_EXCEPTIONS = ("TMP", "RPL", "GOV", "TSU", "BAG", "AVS", "CCD")
_CRIMEA_EXCEPTIONS = ("TMP", "GOV", "GFT", "TSU", "BAG", "AVS", "MED")
_RUSSIA_EXCEPTIONS = ("TMP", "GOV", "TSU", "ENC", "BAG", "AVS", "CCD", "MED")


def chart_columns(eccn: str, destination: str, data: RulesData) -> list[str]:
    """The Chart columns of the ECCN's reasons for control that carry an X for the destination."""
    marked = data.chart_x(destination)
    entry = data.ccl_entry(eccn)
    return [c.column for c in entry.controls if c.column and c.applies_to(eccn) and c.column in marked]


def _in_scope(control: Control, destination: str, data: RulesData) -> bool:
    scope = control.scope
    if scope is None or scope.named_list is not None:
        return False
    if scope.all_except is not None:
        return destination not in scope.all_except
    in_groups = data.in_any_group(destination, scope.groups) and not data.in_any_group(destination, scope.except_groups)
    return in_groups or destination in scope.countries


def country_chart(eccn: str, destination: str, data: RulesData) -> list[Requirement]:
    """GP1: a license where an ECCN's reason-for-control column has an X for the destination (738.4)."""
    columns = chart_columns(eccn, destination, data)
    found = []
    if columns:
        found.append(
            Requirement(
                code="COUNTRY_CHART",
                citation=f"15 CFR 736.2(b)(1); 738.4; Supp. No. 1 to part 738 ({', '.join(columns)}); "
                f"{data.ccl_entry(eccn).source}",
                detail=f"{eccn} is controlled for {', '.join(columns)}, marked X for {destination} on the Chart",
            )
        )
    for control in data.ccl_entry(eccn).controls:
        if control.applies_to(eccn) and _in_scope(control, destination, data):
            found.append(
                Requirement(
                    code="CCL_SCOPE",
                    citation=f"{control.citation}; {data.ccl_entry(eccn).source}",
                    license_exceptions=control.exceptions,
                    detail=f"{eccn} {control.reason} control reaches {destination} (outside the Chart columns)",
                )
            )
    return found


def _embargo(citation: str, detail: str, policy: str, exceptions: tuple[str, ...] = ()) -> Requirement:
    return Requirement(
        code="EMBARGO", citation=citation, review_policy=policy, license_exceptions=exceptions, detail=detail
    )


def embargo(eccn: str, hts: str | None, destination: str, on: date, data: RulesData) -> list[Requirement]:
    """GP6: the Part 746 license requirements of the destination for this item (food and medicine not modelled)."""
    on_ccl = eccn != "EAR99"
    if destination == "CU":
        return [
            _embargo(
                "15 CFR 746.2(a)",
                "Cuba: a license for all items subject to the EAR",
                "General denial (746.2(b))",
                _CUBA_EXCEPTIONS,
            )
        ]
    if destination == "IR" and on_ccl:
        return [_embargo("15 CFR 746.7(a)(1)", "Iran: a license for every CCL item", "Generally denied (746.7(b))")]
    if destination == "KP":
        return [
            _embargo(
                "15 CFR 746.4(a)",
                "North Korea: a license for all items except EAR99 food and medicine",
                "Case-by-case; denial for luxury, arms, NP/MT (746.4(b))",
                _NK_EXCEPTIONS,
            )
        ]
    if destination == "SY":
        return [_syria(on_ccl, on)]
    if destination in CRIMEA_DNR_LNR:
        return [
            _embargo(
                "15 CFR 746.6(a)",
                "Crimea / so-called DNR / LNR: a license for all items except EAR99 food, medicine and free "
                "communications software",
                "Policy of denial (746.6(b))",
                _CRIMEA_EXCEPTIONS,
            )
        ]
    russia = _russia_belarus(eccn, hts, destination, on, data)
    return [russia] if russia else []


def _syria(on_ccl: bool, on: date) -> Requirement:
    if on < SYRIA_REVISION:
        return _embargo(
            "15 CFR 746.9(a)",
            "Syria: a license for all items except EAR99 food and medicine",
            "Policy of denial (746.9(b), before FR 2025-16724)",
        )
    exceptions = _SYRIA_EXCEPTIONS if on_ccl else ("SPP", *_SYRIA_EXCEPTIONS)
    return _embargo(
        "15 CFR 746.9(a) (as revised by FR 2025-16724)",
        "Syria: a license for all items except EAR99 food and medicine"
        + ("" if on_ccl else "; EAR99 items are eligible for License Exception SPP (740.5)"),
        "Presumption of approval for commercial uses supporting the Syrian people; otherwise case-by-case (746.9(b))",
        exceptions,
    )


def _russia_belarus(eccn: str, hts: str | None, destination: str, on: date, data: RulesData) -> Requirement | None:
    start = {"RU": RUSSIA_SANCTIONS_START, "BY": BELARUS_SANCTIONS_START}.get(destination)
    if start is None or on < start:
        return None
    name = "Russia" if destination == "RU" else "Belarus"
    if eccn != "EAR99":
        return _embargo(
            "15 CFR 746.8(a)(1)",
            f"{name}: a license for any item on the CCL, AT-only included",
            "Policy of denial (746.8(b))",
            _RUSSIA_EXCEPTIONS,
        )
    supplement = data.hts_listed(hts)
    if supplement is None:
        return None
    paragraph = {
        "supp2": "746.8(a)(4); Supp. No. 2",
        "supp4": "746.8(a)(5); Supp. No. 4",
        "supp5": "746.8(a)(7); Supp. No. 5",
    }.get(supplement, f"746.8; {supplement}")
    return _embargo(
        f"15 CFR {paragraph} to part 746",
        f"{name}: EAR99 item with HTS {hts} listed in part 746",
        "Policy of denial (746.8(b))",
        _RUSSIA_EXCEPTIONS,
    )


def un_arms_embargo(eccn: str, destination: str, data: RulesData) -> list[Requirement]:
    """746.1(b): items controlled for UN reasons to a UN arms-embargoed destination."""
    entry = data.ccl_entry(eccn)
    hit = any(c.scope and c.scope.named_list == "un_arms_embargo" and c.applies_to(eccn) for c in entry.controls)
    if not hit or destination not in data.un_arms_embargo:
        return []
    return [
        _embargo(
            "15 CFR 746.1(b)",
            f"{eccn} is controlled for UN reasons and {destination} is under a UN arms embargo",
            "Policy of denial",
            ("GOV",),
        )
    ]


def iran_itsr(item: Item, facts: Facts) -> list[Requirement]:
    """746.7(e): EAR99 exports from the US to Iran are prohibited by OFAC's ITSR without OFAC authorisation."""
    if facts.destination != "IR" or item.eccn != "EAR99" or facts.tx.export_from != "US":
        return []
    return [
        Requirement(
            code="EMBARGO",
            citation="31 CFR 560.204 (ITSR); 15 CFR 746.7(e)",
            review_policy="OFAC authorisation required",
            detail="Iran: exports from the United States need OFAC authorisation under the ITSR, EAR99 included",
            effect=Effect.LICENSE,
        )
    ]


def destination_rules(item: Item, facts: Facts) -> list[Requirement]:
    """Chart, prose CCL scopes, Part 746 embargoes and the Iran ITSR for one item."""
    data, dest = facts.data, facts.destination
    return [
        *country_chart(item.eccn, dest, data),
        *embargo(item.eccn, item.hts, dest, facts.on, data),
        *un_arms_embargo(item.eccn, dest, data),
        *iran_itsr(item, facts),
    ]


def content_is_controlled(eccn: str, destination: str, on: date, data: RulesData, made_in: str) -> bool:
    """Supp. 2 to part 734 (a)(1): US content counts if it needs a license to the destination under the Chart or Part
    746 (never Part 744), unless it is GBS-eligible or, for Russia/Belarus and Iran, AT-only/EAR99 content in an item
    made in a Supp. 3 partner country."""
    found = [
        *country_chart(eccn, destination, data),
        *embargo(eccn, None, destination, on, data),
        *un_arms_embargo(eccn, destination, data),
    ]
    if not found:
        return False
    if destination in {"RU", "BY", "IR"} and made_in in data.partner_countries and _at_only(eccn, data):
        return False
    return not (len(found) == 1 and found[0].code == "COUNTRY_CHART" and gbs_available(eccn, destination, data))


def _at_only(eccn: str, data: RulesData) -> bool:
    return all(c.reason == "AT" for c in data.ccl_entry(eccn).controls)


def gbs_available(eccn: str, destination: str, data: RulesData) -> bool:
    """740.4: Country Group B (not Sudan or Ukraine), Chart requirement NS only, and the ECCN says GBS-Yes."""
    columns = chart_columns(eccn, destination, data)
    ns_only = bool(columns) and all(c.startswith("NS") for c in columns)
    in_b = data.in_group(destination, "B") and destination not in {"SD", "UA"}
    return ns_only and in_b and data.ccl_entry(eccn).gbs_eligible(eccn)
