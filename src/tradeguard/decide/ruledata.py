"""The packaged EAR reference tables (Country Chart, Country Groups, Part 746 lists, CCL facts), loaded once."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from tradeguard.errors import InputError

# Bump when any file in decide/data changes; every Decision records it so an answer can be replayed.
RULES_DATA_VERSION = "ear-2026-09-24.1"

ECCN_PATTERN = re.compile(r"^(?:EAR99|\d[A-E]\d{3}[A-Z]?(?:\.[a-z0-9]+)*)$")
# Destinations the Chart and the Country Groups do not list separately (15 CFR 738.3(b); digest § 4.2).
ROW_PARENT = {"HK": "CN", "LI": "CH", "UA-43": "UA", "UA-14": "UA", "UA-09": "UA"}


@dataclass(frozen=True, slots=True)
class Scope:
    """Destinations of a control written in prose rather than as a Chart column."""

    groups: frozenset[str] = frozenset()
    except_groups: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    all_except: frozenset[str] | None = None
    named_list: str | None = None  # e.g. "un_arms_embargo": a list in part746.json


@dataclass(frozen=True, slots=True)
class Control:
    """One reason for control of an ECCN: a Chart column, or a prose scope with its own citation."""

    reason: str
    column: str | None = None
    scope: Scope | None = None
    citation: str | None = None
    paragraphs: tuple[str, ...] = ()
    except_paragraphs: tuple[str, ...] = ()
    exceptions: tuple[str, ...] = ()

    def applies_to(self, eccn: str) -> bool:
        """True if this control reaches `eccn`; a heading-only ECCN is conservatively taken as every paragraph."""
        if any(eccn.startswith(p) for p in self.except_paragraphs):
            return False
        if not self.paragraphs or "." not in eccn:
            return True
        return any(eccn.startswith(p) or p.startswith(eccn + ".") for p in self.paragraphs)


@dataclass(frozen=True, slots=True)
class CclEntry:
    """What tradeguard knows of one ECCN: its reasons for control and LVS/GBS eligibility, with the CFR source."""

    eccn: str
    heading: str
    source: str
    controls: tuple[Control, ...]
    lvs_usd: float | None = None
    lvs_paragraphs_usd: dict[str, float] = field(default_factory=dict)
    gbs_paragraphs: tuple[str, ...] = ()
    verify: bool = False

    def lvs_limit(self, eccn: str) -> float | None:
        """The LVS value limit for this (sub-paragraph) ECCN, or None where LVS is not available."""
        for paragraph, limit in self.lvs_paragraphs_usd.items():
            if eccn.startswith(paragraph):
                return limit
        return self.lvs_usd

    def gbs_eligible(self, eccn: str) -> bool:
        return any(eccn.startswith(p) for p in self.gbs_paragraphs)


@dataclass(frozen=True)
class RulesData:
    """Every reference table the rules read, with the provenance of each."""

    chart: dict[str, frozenset[str]]
    see_part_746: frozenset[str]
    groups: dict[str, frozenset[str]]
    un_arms_embargo: frozenset[str]
    partner_countries: frozenset[str]
    russia_belarus_hts: dict[str, frozenset[str]]
    meu_eccns: frozenset[str]
    meu_destinations: frozenset[str]
    ccl: dict[str, CclEntry]
    provenance: dict[str, dict[str, str]]
    version: str = RULES_DATA_VERSION

    def chart_x(self, country: str) -> frozenset[str]:
        """The Country Chart columns marked X for a destination (its parent's row where it has none)."""
        return self.chart.get(ROW_PARENT.get(country, country), frozenset())

    def in_group(self, country: str, group: str) -> bool:
        return group in self.groups.get(ROW_PARENT.get(country, country), frozenset())

    def in_any_group(self, country: str, groups: frozenset[str]) -> bool:
        return any(self.in_group(country, group) for group in groups)

    def ccl_entry(self, eccn: str, where: str = "eccn") -> CclEntry:
        """The CCL facts for an ECCN such as "5A992.c"; InputError naming `where` if tradeguard does not know it."""
        head = eccn if eccn == "EAR99" else eccn[:5]
        entry = self.ccl.get(head)
        if entry is None:
            raise InputError(
                f"{where}: ECCN {eccn} is not in tradeguard's CCL table (decide/data/ccl.json); add its reasons for "
                f"control there (supported: {', '.join(sorted(self.ccl))})"
            )
        return entry

    def hts_listed(self, hts: str | None) -> str | None:
        """The Supplement to part 746 (Russia/Belarus) that lists this HTS code at six digits, if any."""
        if not hts:
            return None
        six = re.sub(r"\D", "", hts)[:6]
        return next((supp for supp, codes in sorted(self.russia_belarus_hts.items()) if six in codes), None)


def _read(name: str) -> dict[str, Any]:
    text = resources.files("tradeguard.decide").joinpath("data", name).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _scope(raw: Any) -> Scope | None:
    if raw is None:
        return None
    if isinstance(raw, str):
        return Scope(named_list=raw)
    all_except = raw.get("all_except")
    return Scope(
        groups=frozenset(raw.get("groups", ())),
        except_groups=frozenset(raw.get("except_groups", ())),
        countries=frozenset(raw.get("countries", ())),
        all_except=frozenset(all_except) if all_except is not None else None,
    )


def _control(raw: dict[str, Any]) -> Control:
    return Control(
        reason=raw["reason"],
        column=raw.get("column"),
        scope=_scope(raw.get("scope")),
        citation=raw.get("citation"),
        paragraphs=tuple(raw.get("paragraphs", ())),
        except_paragraphs=tuple(raw.get("except_paragraphs", ())),
        exceptions=tuple(raw.get("exceptions", ())),
    )


def _ccl(raw: dict[str, Any]) -> dict[str, CclEntry]:
    return {
        eccn: CclEntry(
            eccn=eccn,
            heading=spec["heading"],
            source=spec["source"],
            controls=tuple(_control(c) for c in spec["controls"]),
            lvs_usd=spec.get("lvs_usd"),
            lvs_paragraphs_usd=dict(spec.get("lvs_paragraphs_usd", {})),
            gbs_paragraphs=tuple(spec.get("gbs_paragraphs", ())),
            verify=bool(spec.get("verify", False)),
        )
        for eccn, spec in raw["entries"].items()
    }


@cache
def load_rules_data() -> RulesData:
    """Read the packaged tables once per process."""
    chart, groups, part746, ccl = (
        _read(n) for n in ("country_chart.json", "country_groups.json", "part746.json", "ccl.json")
    )
    rows = chart["rows"]
    return RulesData(
        chart={iso: frozenset(row["x"]) for iso, row in rows.items()},
        see_part_746=frozenset(iso for iso, row in rows.items() if row["see_part_746"]),
        groups={iso: frozenset(g) for iso, g in groups["membership"].items()},
        un_arms_embargo=frozenset(part746["un_arms_embargo"]),
        partner_countries=frozenset(part746["partner_countries"]),
        russia_belarus_hts={k: frozenset(v) for k, v in part746["russia_belarus_hts"].items()},
        meu_eccns=frozenset(part746["meu_eccns"]),
        meu_destinations=frozenset(part746["meu_destinations"]),
        ccl=_ccl(ccl),
        provenance={
            "country_chart": chart["meta"],
            "country_groups": groups["meta"],
            "part746": part746["meta"],
            "ccl": ccl["meta"],
        },
    )
