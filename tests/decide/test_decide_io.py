"""Transaction validation, the example files, the memo, the rule data's provenance and the stored license book."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from decide_doubles import FakeLists

from tradeguard.decide.evaluate import decide
from tradeguard.decide.licenses import HeldLicense, InMemoryLicenseBook
from tradeguard.decide.model import Transaction, load_transaction
from tradeguard.decide.render import render_memo
from tradeguard.decide.ruledata import RULES_DATA_VERSION, load_rules_data
from tradeguard.errors import InputError, NotFoundError, ParseError
from tradeguard.store import open_store
from tradeguard.store.licenses import SQLiteLicenseBook

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
EXPECTED = {
    "huawei-soc-2026.yaml": "LICENSE_REQUIRED",
    "huawei-tgl-2019.yaml": "AUTHORIZED",
    "huawei-fdp-chip-2026.yaml": "LICENSE_REQUIRED",
    "de-minimis-germany.yaml": "NOT_SUBJECT",
    "ofac-ownership.yaml": "PROHIBITED",
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_examples(name: str, lists: FakeLists) -> None:
    tx = load_transaction(EXAMPLES / name)
    assert decide(tx, screen=lists.screen, get_entry=lists.get_entry).decision == EXPECTED[name]


def test_every_example_is_tested() -> None:
    assert sorted(p.name for p in EXAMPLES.glob("*.yaml")) == sorted(EXPECTED)


def test_invalid_fields_are_named(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "ship_date: 2026-10-01\nexport_from: US\ndestination: China\nparties:\n"
        "  - {role: buyer, name: X, country: CN}\nitems:\n"
        "  - {description: a, eccn: 5A99, value: 1, quantity: 1, origin: US, colour: red}\n"
    )
    with pytest.raises(InputError) as err:
        load_transaction(path)
    message = err.value.message
    for field in ("destination", "parties[0].role", "items[0].eccn", "items[0].colour", str(path)):
        assert field in message


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("ship_date: 2026-10-01\nparties: [\n")
    with pytest.raises(ParseError) as err:
        load_transaction(path)
    assert err.value.path == str(path) and err.value.line is not None


def test_unknown_eccn_is_an_input_error_naming_the_item(lists: FakeLists) -> None:
    data = {
        "ship_date": "2026-10-01",
        "export_from": "US",
        "destination": "CN",
        "parties": [{"role": "end-user", "name": "X", "country": "CN"}],
        "items": [
            {"description": "a", "eccn": "EAR99", "value": 1, "quantity": 1, "origin": "US"},
            {"description": "b", "eccn": "1C350.a", "value": 1, "quantity": 1, "origin": "US"},
        ],
    }
    with pytest.raises(InputError, match=r"items\[1\]\.eccn: ECCN 1C350.a"):
        decide(Transaction.parse(data), screen=lists.screen, get_entry=lists.get_entry)


def test_memo_puts_the_answer_first_and_cites(lists: FakeLists) -> None:
    tx = load_transaction(EXAMPLES / "huawei-soc-2026.yaml")
    memo = render_memo(decide(tx, screen=lists.screen, get_entry=lists.get_entry), tx, title="order 1")
    assert memo.startswith("DECISION: LICENSE_REQUIRED")
    assert "ENTITY_LIST - Huawei Technologies Co., Ltd. [csl:hw]: 15 CFR 744.11(a)" in memo
    assert "Review policy: Presumption of denial" in memo
    assert "License exceptions: none" in memo


def test_json_shape(lists: FakeLists) -> None:
    tx = load_transaction(EXAMPLES / "huawei-soc-2026.yaml")
    data = json.loads(json.dumps(decide(tx, screen=lists.screen, get_entry=lists.get_entry).to_json_dict()))
    assert {"decision", "items", "parties", "conditions", "as_of"} <= set(data)
    item = data["items"][0]
    assert {"subject_to_ear", "basis", "controlled_us_content_percent", "requirements", "decision"} <= set(item)
    assert {"code", "citation", "party", "entry_id", "review_policy", "license_exceptions"} <= set(
        item["requirements"][0]
    )


def test_rule_data_has_provenance_and_is_loaded_once() -> None:
    data = load_rules_data()
    assert data is load_rules_data()
    assert data.version == RULES_DATA_VERSION
    for meta in data.provenance.values():
        assert meta["cfr"] and meta["as_of"] == "2026-09-24"
    # Chart facts the digest states (§ 4.2): China has NS1/NS2 but no AT; Cuba etc. route through part 746.
    assert {"NS1", "NS2", "CB3"} <= data.chart_x("CN") and "AT1" not in data.chart_x("CN")
    assert data.chart_x("CU") == frozenset() and "CU" in data.see_part_746
    assert data.chart_x("HK") == data.chart_x("CN")
    assert data.in_group("IR", "E:1") and data.in_group("CU", "E:2") and not data.in_group("CN", "E:1")


def _license(**kw: object) -> HeldLicense:
    base = {
        "number": "D100",
        "parties": ["Huawei Technologies Co., Ltd."],
        "eccns": ["EAR99"],
        "destination": "cn",
        "valid_from": "2026-01-01",
        "valid_to": "2026-12-31",
        "value_limit": 1000,
        "quantity_limit": 10,
    }
    return HeldLicense.parse(base | kw)


@pytest.mark.parametrize("make_book", ["memory", "sqlite"])
def test_license_book_drawdown(make_book: str, tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "t.sqlite"))
    book = InMemoryLicenseBook() if make_book == "memory" else SQLiteLicenseBook(store)
    book.add(_license())
    with pytest.raises(InputError, match="already recorded"):
        book.add(_license())
    assert book.draw_down("D100", 600, 4, "order 1").remaining_value() == 400
    with pytest.raises(InputError, match="exceeds the remaining 400"):
        book.draw_down("D100", 401, 1, "order 2")
    held = book.get("D100")
    assert (held.value_used, held.quantity_used, held.destination) == (600, 4, "CN")
    assert [h.number for h in book.list()] == ["D100"]
    with pytest.raises(NotFoundError):
        book.get("nope")
    store.close()


def test_license_dates_are_checked() -> None:
    with pytest.raises(InputError, match="valid_to is before valid_from"):
        _license(valid_to="2025-01-01")
