"""Acceptance on the real 2022-05 Consolidated Screening List through the real `Engine` (slow: imports 14k rows)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tradeguard.decide.evaluate import decide
from tradeguard.decide.model import Decision, Transaction
from tradeguard.settings import load_settings

engine_module = pytest.importorskip(
    "tradeguard.engine", reason="tradeguard.engine (the lead's Engine) is not there yet"
)
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Iterator[Any]:
    from tradeguard.lists.update import import_file
    from tradeguard.store import open_store

    db = tmp_path_factory.mktemp("decide-csl") / "csl.sqlite"
    settings = load_settings(environ={"TRADEGUARD_DB": str(db), "TRADEGUARD_CONFIG": "/nonexistent"})
    store = open_store(settings.db)
    import_file(store, shared_data / "lists/us-csl/consolidated-2022-05.csv", settings=settings)
    eng = engine_module.Engine(settings, store)
    yield eng
    eng.close()


def _decide(
    engine: Any, ship: str, name: str, country: str, dest: str = "CN", role: str = "ultimate-consignee", **item: Any
) -> Decision:
    export_from = item.pop("export_from", "US")
    line = {"description": "x", "eccn": "EAR99", "value": 1000, "quantity": 1, "origin": "US"} | item
    tx = Transaction.parse(
        {
            "ship_date": ship,
            "export_from": export_from,
            "destination": dest,
            "parties": [{"role": role, "name": name, "country": country}],
            "items": [line],
        }
    )
    return decide(tx, screen=engine.screen, get_entry=engine.get_entry)


def _codes(decision: Decision) -> set[str]:
    return {r.code for r in decision.items[0].requirements}


def test_huawei_needs_a_license_for_ear99_with_presumption_of_denial(engine: Any) -> None:
    decision = _decide(engine, "2026-10-01", "Huawei Technologies Co., Ltd.", "CN")
    assert decision.decision == "LICENSE_REQUIRED"
    listed = [r for r in decision.items[0].requirements if r.code == "ENTITY_LIST"]
    assert listed and all(r.entry_id and "us-bis-entity-list" in r.entry_id for r in listed)
    assert all("744.11(a)" in r.citation and "84 FR 2296" in r.citation for r in listed)  # 22961 or 22963
    assert all("denial" in (r.review_policy or "").lower() and r.license_exceptions == () for r in listed)


def test_huawei_before_its_listing_took_effect(engine: Any) -> None:
    # The CSL dates the rows 2019-05-21 (publication); 84 FR 22961 took effect on 2019-05-16.
    assert _decide(engine, "2019-05-15", "Huawei Technologies Co., Ltd.", "CN").decision == "NLR"
    assert _decide(engine, "2019-05-17", "Huawei Technologies Co., Ltd.", "CN").decision == "LICENSE_REQUIRED"


def test_footnote_1_is_read_from_the_real_entry_text(engine: Any) -> None:
    decision = _decide(
        engine,
        "2026-10-01",
        "Huawei Technologies Co., Ltd.",
        "CN",
        role="purchaser",
        export_from="TW",
        origin="TW",
        direct_product_of=["3E001"],
    )
    assert decision.items[0].subject_to_ear
    assert {"FDP_FOOTNOTE_1", "ENTITY_LIST"} <= _codes(decision)


@pytest.mark.parametrize(
    "name", ["Huawei Device Co., Ltd.", "HiSilicon Technologies Co., Ltd.", "HUAWEI TECHNOLOGIES CO LTD"]
)
def test_affiliates_and_spellings(engine: Any, name: str) -> None:
    decision = _decide(engine, "2026-10-01", name, "CN")
    assert decision.decision == "LICENSE_REQUIRED"
    assert _codes(decision) == {"ENTITY_LIST"}


def test_unrelated_hua_wei_trading_is_clear(engine: Any) -> None:
    assert _decide(engine, "2026-10-01", "Hua Wei Trading", "MY", dest="MY").decision == "NLR"


def test_real_military_end_user(engine: Any) -> None:
    decision = _decide(engine, "2026-10-01", "AECC Aviation Power Co. Ltd.", "CN", eccn="5A992.c")
    assert "MILITARY_END_USE" in _codes(decision) and decision.decision == "LICENSE_REQUIRED"


def test_real_sdn_is_blocked(engine: Any) -> None:
    decision = _decide(engine, "2026-10-01", "3G LOJISTIK VE HAVACILIK HIZMETLARI LTD.", "TR", dest="TR")
    assert decision.decision == "PROHIBITED"
    assert {"OFAC_SDN", "SDN_744_8"} <= _codes(decision)  # SDGT is a 744.8 tag
