"""The table of decision cases: expected outcomes and citations reasoned from the EAR digest (../shared/ear)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from decide_doubles import FakeLists

from tradeguard.decide.evaluate import decide
from tradeguard.decide.licenses import HeldLicense, InMemoryLicenseBook
from tradeguard.decide.model import Decision, Transaction

HUAWEI = {"role": "ultimate-consignee", "name": "Huawei Technologies Co., Ltd.", "country": "CN"}
CLEAN_CN = {"role": "ultimate-consignee", "name": "Shenzhen Clean Components Co., Ltd.", "country": "CN"}


def item(eccn: str = "EAR99", value: float = 1000, **kw: Any) -> dict[str, Any]:
    return {"description": f"{eccn} item", "eccn": eccn, "value": value, "quantity": 10, "origin": "US", **kw}


def foreign(eccn: str = "4A994", value: float = 1000, origin: str = "DE", **kw: Any) -> dict[str, Any]:
    return item(eccn, value, origin=origin, **kw)


def tx(
    ship: str,
    dest: str = "CN",
    parties: list[dict[str, Any]] | None = None,
    items: list[dict[str, Any]] | None = None,
    export_from: str = "US",
    **kw: Any,
) -> dict[str, Any]:
    return {
        "ship_date": ship,
        "export_from": export_from,
        "destination": dest,
        "parties": parties or [HUAWEI],
        "items": items or [item()],
        **kw,
    }


@dataclass(frozen=True)
class Case:
    id: str
    tx: dict[str, Any]
    decision: str
    codes: tuple[str, ...] = ()  # the codes of the first item's requirements, as a set
    cites: tuple[str, ...] = ()  # each must occur in some requirement citation (or in the basis)
    covered: str | None = None  # must occur in some requirement's covered_by
    extra: dict[str, Any] = field(default_factory=dict)


def p(role: str, name: str, country: str, **kw: Any) -> dict[str, Any]:
    return {"role": role, "name": name, "country": country, **kw}


FDP_ITEM = dict(eccn="EAR99", value=1000, origin="TW", direct_product_of=["3E001"])
TW = {"export_from": "TW"}

CASES = [
    # --- Huawei through time (listing effective 2019-05-16, 84 FR 22961; digest § 2.5) -------------------------
    Case("huawei-before-listing-ear99", tx("2019-05-15"), "NLR"),
    Case("huawei-before-listing-5a992", tx("2019-05-15", items=[item("5A992.c")]), "NLR"),
    Case("huawei-after-listing", tx("2019-05-17"), "LICENSE_REQUIRED", ("ENTITY_LIST",), ("744.11(a)", "84 FR 22961")),
    Case(
        "huawei-listed-no-tgl-yet",
        tx("2019-05-19", purpose="existing-handset-support"),
        "LICENSE_REQUIRED",
        ("ENTITY_LIST",),
    ),
    Case(
        "tgl-handsets",
        tx("2019-06-01", purpose="existing-handset-support"),
        "AUTHORIZED",
        ("ENTITY_LIST",),
        covered="temporary general license",
    ),
    Case(
        "tgl-standards-first-window",
        tx("2019-08-19", purpose="standards-development"),
        "AUTHORIZED",
        ("ENTITY_LIST",),
        covered="temporary general license",
    ),
    Case(
        "tgl-standards-removed", tx("2019-09-01", purpose="standards-development"), "LICENSE_REQUIRED", ("ENTITY_LIST",)
    ),
    Case(
        "tgl-network-last-day",
        tx("2020-08-13", purpose="existing-network-maintenance"),
        "AUTHORIZED",
        covered="Supp. No. 7",
    ),
    Case("tgl-expired", tx("2020-08-14", purpose="existing-network-maintenance"), "LICENSE_REQUIRED", ("ENTITY_LIST",)),
    Case("cyber-successor", tx("2021-01-04", purpose="security-research"), "AUTHORIZED", covered="footnote 2"),
    Case(
        "huawei-today-5a992",
        tx("2026-10-01", items=[item("5A992.c", 120000)]),
        "LICENSE_REQUIRED",
        ("ENTITY_LIST",),
        ("744.16",),
    ),
    Case(
        "huawei-cloud-before-its-listing",
        tx("2020-08-10", parties=[p("end-user", "Huawei Cloud Computing Technologies Co., Ltd.", "CN")]),
        "NLR",
    ),
    Case(
        "huawei-cloud-after-its-listing",
        tx("2020-08-18", parties=[p("end-user", "Huawei Cloud Computing Technologies Co., Ltd.", "CN")]),
        "LICENSE_REQUIRED",
        ("ENTITY_LIST",),
        ("85 FR 51603",),
    ),
    # --- footnote 1 FDP rule (85 FR 29849, 2020-05-15; broadened 2020-08-17; savings clause to 2020-09-14) -----
    Case("fdp-before-rule", tx("2020-04-01", items=[item(**FDP_ITEM)], **TW), "NOT_SUBJECT"),
    Case(
        "fdp-may-rule",
        tx("2020-06-01", items=[item(**FDP_ITEM, production_started="2020-06-01")], **TW),
        "LICENSE_REQUIRED",
        ("FDP_FOOTNOTE_1", "ENTITY_LIST"),
        ("736.2(b)(3)(vi)", "744.11(a)(2)(i)"),
    ),
    Case(
        "fdp-savings-clause",
        tx("2020-09-14", items=[item(**FDP_ITEM, production_started="2020-03-01")], **TW),
        "NOT_SUBJECT",
    ),
    Case(
        "fdp-savings-clause-over",
        tx("2020-09-15", items=[item(**FDP_ITEM, production_started="2020-03-01")], **TW),
        "LICENSE_REQUIRED",
        ("FDP_FOOTNOTE_1", "ENTITY_LIST"),
    ),
    Case(
        "fdp-may-rule-purchaser-only",
        tx(
            "2020-06-01",
            parties=[p("purchaser", "Huawei Technologies Co., Ltd.", "CN"), CLEAN_CN],
            items=[item(**FDP_ITEM)],
            **TW,
        ),
        "NOT_SUBJECT",
    ),
    Case(
        "fdp-any-party-since-aug-2020",
        tx(
            "2020-09-20",
            parties=[p("purchaser", "Huawei Technologies Co., Ltd.", "CN"), CLEAN_CN],
            items=[item(**FDP_ITEM)],
            **TW,
        ),
        "LICENSE_REQUIRED",
        ("FDP_FOOTNOTE_1", "ENTITY_LIST"),
    ),
    Case(
        "fdp-today-cites-734-9",
        tx("2026-10-01", items=[item(**FDP_ITEM)], **TW),
        "LICENSE_REQUIRED",
        ("FDP_FOOTNOTE_1", "ENTITY_LIST"),
        ("734.9(e)(1)",),
    ),
    Case(
        "fdp-outside-product-scope",
        tx("2026-10-01", items=[foreign("EAR99", origin="TW", direct_product_of=["5A992"])], **TW),
        "NOT_SUBJECT",
    ),
    Case(
        "fdp-no-footnote-1-party", tx("2026-10-01", parties=[CLEAN_CN], items=[item(**FDP_ITEM)], **TW), "NOT_SUBJECT"
    ),
    # --- de minimis (734.4; Supp. 2 to 734): 25%, 10% for E:1/E:2, equality is not over, Part 744 never counts -
    Case(
        "de-minimis-equal-25",
        tx(
            "2026-10-01",
            parties=[CLEAN_CN],
            items=[foreign(us_content=[{"eccn": "3A001.a.2", "value": 250}])],
            export_from="DE",
        ),
        "NOT_SUBJECT",
        cites=("734.4(d)",),
        extra={"percent": 25.0},
    ),
    Case(
        "de-minimis-over-25",
        tx(
            "2026-10-01",
            parties=[CLEAN_CN],
            items=[foreign(us_content=[{"eccn": "3A001.a.2", "value": 250.1}])],
            export_from="DE",
        ),
        "NLR",
        cites=("734.4(d)",),
        extra={"percent": 25.01},
    ),
    Case(
        "de-minimis-ear99-content-not-controlled",
        tx(
            "2026-10-01",
            parties=[CLEAN_CN],
            items=[foreign(us_content=[{"eccn": "EAR99", "value": 900}, {"eccn": "5A992.c", "value": 90}])],
            export_from="DE",
        ),
        "NOT_SUBJECT",
        extra={"percent": 0.0},
    ),
    Case(
        "de-minimis-huawei-party-not-counted",
        tx("2026-10-01", items=[foreign(us_content=[{"eccn": "EAR99", "value": 600}])], export_from="DE"),
        "NOT_SUBJECT",
        extra={"percent": 0.0},
    ),
    Case(
        "de-minimis-huawei-over-25",
        tx("2026-10-01", items=[foreign(us_content=[{"eccn": "3A001.a.2", "value": 300}])], export_from="DE"),
        "LICENSE_REQUIRED",
        ("ENTITY_LIST",),
        extra={"percent": 30.0},
    ),
    Case(
        "de-minimis-syria-equal-10",
        tx(
            "2026-10-01",
            "SY",
            [p("end-user", "Damascus Mills", "SY")],
            [foreign(us_content=[{"eccn": "3A001.a.2", "value": 100}])],
            export_from="DE",
        ),
        "NOT_SUBJECT",
        cites=("734.4(c)",),
    ),
    Case(
        "de-minimis-syria-over-10",
        tx(
            "2026-10-01",
            "SY",
            [p("end-user", "Damascus Mills", "SY")],
            [foreign(us_content=[{"eccn": "3A001.a.2", "value": 100.5}])],
            export_from="DE",
        ),
        "LICENSE_REQUIRED",
        ("EMBARGO",),
        ("746.9",),
    ),
    Case(
        "de-minimis-cuba-ear99-counts",
        tx(
            "2026-10-01",
            "CU",
            [p("end-user", "Havana Foods", "CU")],
            [foreign(us_content=[{"eccn": "EAR99", "value": 150}])],
            export_from="DE",
        ),
        "LICENSE_REQUIRED",
        ("EMBARGO",),
        ("746.2",),
        extra={"percent": 15.0},
    ),
    Case(
        "zero-de-minimis-600-series-to-d5",
        tx(
            "2026-10-01",
            parties=[CLEAN_CN],
            items=[foreign(us_content=[{"eccn": "9A610.a", "value": 1}])],
            export_from="DE",
        ),
        "NLR",
        cites=("734.4(a)(6)",),
    ),
    # --- embargoes and special destinations (part 746) ----------------------------------------------------------
    Case(
        "cuba",
        tx("2026-10-01", "CU", [p("end-user", "Havana Foods", "CU")]),
        "LICENSE_REQUIRED",
        ("EMBARGO",),
        ("746.2(a)",),
    ),
    Case(
        "iran-ccl",
        tx("2026-10-01", "IR", [p("end-user", "Tehran Tiles", "IR")], [item("5A992.c")]),
        "LICENSE_REQUIRED",
        ("EMBARGO",),
        ("746.7(a)(1)",),
    ),
    Case(
        "iran-ear99-itsr",
        tx("2026-10-01", "IR", [p("end-user", "Tehran Tiles", "IR")]),
        "LICENSE_REQUIRED",
        ("EMBARGO",),
        ("560.204",),
    ),
    Case(
        "north-korea",
        tx("2026-10-01", "KP", [p("end-user", "Pyongyang Tools", "KP")]),
        "LICENSE_REQUIRED",
        ("EMBARGO",),
        ("746.4",),
    ),
    Case(
        "syria-before-2025-revision",
        tx("2025-06-01", "SY", [p("end-user", "Damascus Mills", "SY")]),
        "LICENSE_REQUIRED",
        ("EMBARGO",),
        ("746.9",),
    ),
    Case(
        "syria-spp",
        tx("2026-10-01", "SY", [p("end-user", "Damascus Mills", "SY")]),
        "AUTHORIZED",
        ("EMBARGO",),
        covered="SPP",
    ),
    Case(
        "crimea",
        tx("2026-10-01", "UA-43", [p("end-user", "Sevastopol Port", "UA-43")]),
        "LICENSE_REQUIRED",
        ("EMBARGO",),
        ("746.6",),
    ),
    Case(
        "russia-at-only-2026",
        tx("2026-10-01", "RU", [p("end-user", "Moscow Phones", "RU")], [item("5A992.c")]),
        "LICENSE_REQUIRED",
        ("EMBARGO",),
        ("746.8(a)(1)",),
    ),
    Case(
        "russia-at-only-2021", tx("2021-06-01", "RU", [p("end-user", "Moscow Phones", "RU")], [item("5A992.c")]), "NLR"
    ),
    Case(
        "russia-ear99-listed-hts",
        tx("2026-10-01", "RU", [p("end-user", "Moscow Pumps", "RU")], [item(hts="8413.50")]),
        "LICENSE_REQUIRED",
        ("EMBARGO",),
        ("746.8(a)(4)",),
    ),
    Case(
        "russia-ear99-unlisted-hts",
        tx("2026-10-01", "RU", [p("end-user", "Moscow Pumps", "RU")], [item(hts="0101.21")]),
        "NLR",
    ),
    # --- Country Chart, LVS and GBS (738.4, 740.3, 740.4) ---------------------------------------------------------
    Case(
        "chart-3a001-china",
        tx("2026-10-01", parties=[CLEAN_CN], items=[item("3A001.a.2")]),
        "LICENSE_REQUIRED",
        ("COUNTRY_CHART",),
        ("NS2", "738.4"),
    ),
    Case(
        "chart-3a001-germany-ns1-only",
        tx("2026-10-01", "DE", [p("end-user", "Munich Radar GmbH", "DE")], [item("3A001.a.2")]),
        "NLR",
    ),
    Case(
        "gbs-brazil",
        tx("2026-10-01", "BR", [p("end-user", "Sao Paulo Radio", "BR")], [item("3A001.a.2")]),
        "AUTHORIZED",
        ("COUNTRY_CHART",),
        covered="GBS",
    ),
    Case(
        "lvs-brazil",
        tx("2026-10-01", "BR", [p("end-user", "Sao Paulo Radio", "BR")], [item("3A001.c", 1500)]),
        "AUTHORIZED",
        ("COUNTRY_CHART",),
        covered="LVS",
    ),
    Case(
        "lvs-over-limit",
        tx("2026-10-01", "BR", [p("end-user", "Sao Paulo Radio", "BR")], [item("3A001.c", 1500.01)]),
        "LICENSE_REQUIRED",
        ("COUNTRY_CHART",),
    ),
    Case(
        "lvs-china-not-group-b",
        tx("2026-10-01", parties=[CLEAN_CN], items=[item("3A001.c", 100)]),
        "LICENSE_REQUIRED",
        ("COUNTRY_CHART",),
    ),
    Case(
        "3a090-china",
        tx("2026-10-01", parties=[CLEAN_CN], items=[item("3A090.a")]),
        "LICENSE_REQUIRED",
        ("CCL_SCOPE",),
        ("742.6(a)(6)(iii)",),
    ),
    Case(
        "5a002-germany-ei",
        tx("2026-10-01", "DE", [p("end-user", "Munich Radar GmbH", "DE")], [item("5A002.a")]),
        "LICENSE_REQUIRED",
        ("COUNTRY_CHART", "CCL_SCOPE"),
        ("NS1", "742.15"),
    ),
    Case("5a002-canada", tx("2026-10-01", "CA", [p("end-user", "Ottawa Crypto Inc", "CA")], [item("5A002.a")]), "NLR"),
    # --- parties -------------------------------------------------------------------------------------------------
    Case(
        "forwarder-listed",
        tx("2026-10-01", parties=[p("intermediate-consignee", "HUA YING LOGISTICS LTD.", "HK"), CLEAN_CN]),
        "LICENSE_REQUIRED",
        ("ENTITY_LIST",),
        ("748.5(c)-(f)",),
    ),
    Case(
        "denied-person",
        tx("2026-10-01", "AE", [p("purchaser", "Acme Denied Trading L.L.C.", "AE")]),
        "PROHIBITED",
        ("DENIED_PERSON",),
        ("736.2(b)(4)",),
    ),
    Case(
        "uvl-ear99",
        tx("2026-10-01", "BR", [p("end-user", "Sunrise Electronics Co.", "BR")]),
        "NLR",
        ("UNVERIFIED_LIST",),
        ("744.15",),
    ),
    Case(
        "uvl-blocks-gbs",
        tx("2026-10-01", "BR", [p("end-user", "Sunrise Electronics Co.", "BR")], [item("3A001.a.2")]),
        "LICENSE_REQUIRED",
        ("COUNTRY_CHART", "UNVERIFIED_LIST"),
        ("740.2(a)(17)",),
    ),
    Case(
        "meu-supp2-item",
        tx("2026-10-01", parties=[p("end-user", "Aviation Test Institute of Xian", "CN")], items=[item("5A992.c")]),
        "LICENSE_REQUIRED",
        ("MILITARY_END_USE",),
        ("744.21",),
    ),
    Case("meu-ear99", tx("2026-10-01", parties=[p("end-user", "Aviation Test Institute of Xian", "CN")]), "NLR"),
    Case(
        "military-end-use-knowledge",
        tx("2026-10-01", parties=[CLEAN_CN], items=[item("3A991")], end_uses=["military"]),
        "LICENSE_REQUIRED",
        ("MILITARY_END_USE",),
        ("744.21(a)(1)",),
    ),
    Case(
        "military-intelligence",
        tx("2026-10-01", parties=[CLEAN_CN], end_uses=["military-intelligence"]),
        "LICENSE_REQUIRED",
        ("MILITARY_INTELLIGENCE",),
        ("744.22",),
    ),
    Case(
        "sdn-party",
        tx("2026-10-01", "CY", [p("end-user", "Beta Capital Ltd", "CY")]),
        "PROHIBITED",
        ("OFAC_SDN", "SDN_744_8"),
        ("744.8", "50% Rule"),
    ),
    Case(
        "ofac-50-aggregate",
        tx(
            "2026-10-01",
            "AE",
            [
                p(
                    "end-user",
                    "Gamma Trading LLC",
                    "AE",
                    owners=[
                        {"name": "Alpha Holdings Ltd", "country": "RU", "percent": 30},
                        {"name": "Beta Capital Ltd", "percent": 25},
                    ],
                )
            ],
        ),
        "PROHIBITED",
        ("OFAC_SDN",),
    ),
    Case(
        "ofac-under-50",
        tx(
            "2026-10-01",
            "AE",
            [
                p(
                    "end-user",
                    "Gamma Trading LLC",
                    "AE",
                    owners=[
                        {"name": "Alpha Holdings Ltd", "country": "RU", "percent": 30},
                        {"name": "Beta Capital Ltd", "percent": 19.9},
                    ],
                )
            ],
        ),
        "NLR",
    ),
    Case(
        "ofac-50-layered",
        tx(
            "2026-10-01",
            "AE",
            [
                p(
                    "end-user",
                    "Gamma Trading LLC",
                    "AE",
                    owners=[
                        {
                            "name": "Delta Holdings SA",
                            "percent": 60,
                            "owners": [{"name": "Alpha Holdings Ltd", "percent": 50}],
                        }
                    ],
                )
            ],
        ),
        "PROHIBITED",
        ("OFAC_SDN",),
    ),
    Case(
        "ofac-layered-below",
        tx(
            "2026-10-01",
            "AE",
            [
                p(
                    "end-user",
                    "Gamma Trading LLC",
                    "AE",
                    owners=[
                        {
                            "name": "Delta Holdings SA",
                            "percent": 60,
                            "owners": [{"name": "Alpha Holdings Ltd", "percent": 49}],
                        }
                    ],
                )
            ],
        ),
        "NLR",
    ),
    Case(
        "ofac-even-when-not-subject",
        tx("2026-10-01", "CY", [p("end-user", "Beta Capital Ltd", "CY")], [foreign("EAR99")], export_from="DE"),
        "PROHIBITED",
        ("OFAC_SDN",),
    ),
    Case(
        "weak-match-review",
        tx("2026-10-01", "BR", [p("end-user", "Sunrise Electronics", "BR")]),
        "REVIEW",
        ("POSSIBLE_MATCH",),
    ),
    Case(
        "country-disagrees-review",
        tx("2026-10-01", "DE", [p("end-user", "Huawei Technologies Co., Ltd.", "DE")]),
        "REVIEW",
        ("POSSIBLE_MATCH",),
    ),
    Case("not-decisive-list-ignored", tx("2026-10-01", "SG", [p("end-user", "Zeta Shipping Company", "SG")]), "NLR"),
    Case(
        "analyst-entry-id",
        tx("2026-10-01", parties=[p("end-user", "HW Shenzhen HQ", "CN", entry_id="csl:hw")]),
        "LICENSE_REQUIRED",
        ("ENTITY_LIST",),
    ),
    Case(
        "red-flag",
        tx("2026-10-01", parties=[CLEAN_CN], red_flags=["customer will not state the end use"]),
        "REVIEW",
        ("RED_FLAG",),
        ("Supp. No. 3 to part 732",),
    ),
    Case(
        "published-technology", tx("2026-10-01", items=[item("EAR99", published=True)]), "NOT_SUBJECT", cites=("734.7",)
    ),
    Case(
        "standards-release",
        tx("2026-10-01", items=[item("EAR99", standards_release=True)]),
        "NOT_SUBJECT",
        cites=("734.10",),
    ),
    Case(
        "affiliate-while-stayed",
        tx(
            "2026-11-09",
            parties=[
                p(
                    "end-user",
                    "Shenzhen Subsidiary Co",
                    "CN",
                    owners=[{"name": "Huawei Technologies Co., Ltd.", "country": "CN", "percent": 100}],
                )
            ],
        ),
        "NLR",
    ),
    Case(
        "affiliate-after-stay",
        tx(
            "2026-11-10",
            parties=[
                p(
                    "end-user",
                    "Shenzhen Subsidiary Co",
                    "CN",
                    owners=[{"name": "Huawei Technologies Co., Ltd.", "country": "CN", "percent": 100}],
                )
            ],
        ),
        "LICENSE_REQUIRED",
        ("ENTITY_LIST",),
        ("744.11(a)(1)",),
    ),
]


def _run(case: Case, lists: FakeLists) -> Decision:
    return decide(Transaction.parse(case.tx), screen=lists.screen, get_entry=lists.get_entry)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case: Case, lists: FakeLists) -> None:
    decision = _run(case, lists)
    first = decision.items[0]
    assert decision.decision == case.decision, [(r.code, r.detail) for r in first.requirements]
    if case.codes:
        assert {r.code for r in first.requirements} == set(case.codes)
    texts = [r.citation for r in first.requirements] + [first.basis]
    for cite in case.cites:
        assert any(cite in t for t in texts), (cite, texts)
    if case.covered:
        assert any(case.covered in (r.covered_by or "") for r in first.requirements)
    if "percent" in case.extra:
        assert first.controlled_us_content_percent == pytest.approx(case.extra["percent"])


def test_entity_list_requirement_carries_the_entry(lists: FakeLists) -> None:
    decision = _run(next(c for c in CASES if c.id == "huawei-today-5a992"), lists)
    requirement = decision.items[0].requirements[0]
    assert requirement.entry_id == "csl:hw"
    assert requirement.review_policy == "Presumption of denial"
    assert requirement.license_exceptions == ()
    assert requirement.party == "Huawei Technologies Co., Ltd."


def test_uvl_statement_is_a_condition(lists: FakeLists) -> None:
    decision = _run(next(c for c in CASES if c.id == "uvl-ear99"), lists)
    assert any("UVL statement" in c for c in decision.conditions)


def test_every_owner_is_screened(lists: FakeLists) -> None:
    case = next(c for c in CASES if c.id == "ofac-50-layered")
    _run(case, lists)
    assert [q.name for q in lists.screened] == ["Gamma Trading LLC", "Delta Holdings SA", "Alpha Holdings Ltd"]


def test_weak_match_names_the_candidate(lists: FakeLists) -> None:
    decision = _run(next(c for c in CASES if c.id == "weak-match-review"), lists)
    assert decision.items[0].requirements[0].entry_id == "csl:uvl"
    assert [m.confirmed for m in decision.parties[0].matches] == [False]


def test_held_license_covers_and_draws_down_within_a_transaction(lists: FakeLists) -> None:
    held = HeldLicense(
        number="D1234567",
        parties=("Huawei Technologies Co., Ltd.",),
        eccns=("EAR99",),
        destination="CN",
        valid_from="2026-01-01",
        valid_to="2027-12-31",
        value_limit=1500,
    )
    book = InMemoryLicenseBook([held])
    data = tx("2026-10-01", items=[item(value=1000), item(value=1000)])
    decision = decide(Transaction.parse(data), screen=lists.screen, get_entry=lists.get_entry, licenses=book)
    assert [i.decision for i in decision.items] == ["AUTHORIZED", "LICENSE_REQUIRED"]
    assert "D1234567" in (decision.items[0].requirements[0].covered_by or "")
    assert decision.decision == "LICENSE_REQUIRED"


def test_expired_license_does_not_cover(lists: FakeLists) -> None:
    held = HeldLicense(
        number="D1",
        parties=("Huawei Technologies Co., Ltd.",),
        eccns=("EAR99",),
        destination="CN",
        valid_from="2024-01-01",
        valid_to="2025-12-31",
    )
    decision = decide(
        Transaction.parse(tx("2026-10-01")), screen=lists.screen, get_entry=lists.get_entry, licenses=[held]
    )
    assert decision.decision == "LICENSE_REQUIRED"


def test_decision_records_rules_version_and_snapshots(lists: FakeLists) -> None:
    decision = decide(
        Transaction.parse(tx("2026-10-01")),
        screen=lists.screen,
        get_entry=lists.get_entry,
        as_of_snapshots={"us-csl": 7},
    )
    assert decision.as_of["rules_data_version"].startswith("ear-")
    assert decision.as_of["snapshots"] == {"us-csl": 7}
    assert decision.as_of["rules_data"]["country_chart"] == "2026-09-24"
