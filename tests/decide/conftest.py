"""Fixtures for the decision tests: a handful of list entries behind an in-memory screener."""

from __future__ import annotations

import pytest
from decide_doubles import HUAWEI_REQUIREMENT, FakeLists, entry

HUAWEI_FR = "84 FR 22961, 84 FR 43495, 85 FR 29852, 85 FR 36720, 85 FR 51603"

ENTRIES = (
    entry(
        "csl:hw",
        "us-bis-entity-list",
        "Huawei Technologies Co., Ltd.",
        ("CN",),
        requirement=HUAWEI_REQUIREMENT,
        policy="Presumption of denial",
        fr=HUAWEI_FR,
        start="2019-05-21",
    ),
    entry(
        "csl:hwcloud",
        "us-bis-entity-list",
        "Huawei Cloud Computing Technologies Co., Ltd.",
        ("CN",),
        requirement=HUAWEI_REQUIREMENT,
        policy="Presumption of denial.",
        fr="85 FR 51603",
        start="2020-08-20",
    ),
    entry(
        "csl:fwd",
        "us-bis-entity-list",
        "Hua Ying Logistics Limited",
        ("HK",),
        requirement="For all items subject to the EAR. (See §744.11 of the EAR)",
        policy="Presumption of denial.",
        fr="83 FR 54521",
        start="2018-10-30",
    ),
    entry("csl:dpl", "us-bis-dpl", "Acme Denied Trading LLC", ("AE",), start="2015-03-01"),
    entry("csl:uvl", "us-bis-unverified", "Sunrise Electronics Co", ("BR",), start="2018-01-01"),
    entry("csl:meu", "us-bis-meu", "Aviation Test Institute of Xian", ("CN",), start="2020-12-23"),
    entry("sdn:alpha", "us-ofac-sdn", "Alpha Holdings Ltd", ("RU",), programs=("RUSSIA-EO14024",)),
    entry("sdn:beta", "us-ofac-sdn", "Beta Capital Ltd", ("CY",), programs=("UKRAINE-EO13662",)),
    entry("un:zeta", "un-sc", "Zeta Shipping Company", ("KP",)),
)


@pytest.fixture
def lists() -> FakeLists:
    return FakeLists(ENTRIES)
