"""Each parser on small hand-written fixtures in the official formats."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tradeguard.lists.model import Alias, AliasType, EntryKind, Identifier
from tradeguard.lists.registry import FORMATS, detect_format, parse_file, sample_csl_path


def test_sample_csl_has_the_huawei_listing_with_license_facts() -> None:
    parsed = parse_file(sample_csl_path())
    assert (parsed.dataset, parsed.format, parsed.source_rows, parsed.warnings) == ("us-csl", "csl-csv", 13, ())
    huawei = next(entry for entry in parsed.entries if entry.name == "Huawei Technologies Co., Ltd.")
    assert huawei.source == "us-bis-entity-list"
    assert huawei.kind is EntryKind.ORGANIZATION
    assert huawei.federal_register == "84 FR 22963"
    assert huawei.start_date == "2019-05-21"
    assert huawei.license_policy == "Presumption of denial"
    assert huawei.license_requirement and huawei.license_requirement.startswith("For all items subject to the EAR")
    assert huawei.countries == ("CN",)
    assert huawei.id == "us-csl:us-bis-entity-list:d05d55fa214aff19c1eb3270d54905e4e362d445"
    sources = {entry.source for entry in parsed.entries}
    assert {
        "us-bis-entity-list",
        "us-ofac-sdn",
        "us-ofac-ssi",
        "us-bis-dpl",
        "us-bis-unverified",
        "us-bis-meu",
    } <= sources


def test_sample_csl_affiliate_vessel_and_person() -> None:
    entries = {entry.name: entry for entry in parse_file(sample_csl_path()).entries}
    marine = entries["Huawei Marine Networks Co., Ltd."]
    assert ("affiliate_of", "Huawei Technologies Co., Ltd. (Huawei)") in marine.extra
    assert Alias("HMN Technologies") in marine.aliases
    vessel = entries["7-28"]
    assert vessel.kind is EntryKind.VESSEL
    assert vessel.identifiers == (Identifier("IMO", "8898831"),)
    assert vessel.countries == ("KP",)
    kim = entries["KIM, Jong Un"]
    assert (kim.kind, kim.birth_dates, kim.nationalities) == (EntryKind.PERSON, ("1984-01-08",), ("KP",))


def test_csl_json_matches_the_csv_shape(fixtures: Path) -> None:
    parsed = parse_file(fixtures / "lists" / "csl-sample.json")
    assert (parsed.format, parsed.source_rows, len(parsed.entries)) == ("csl-json", 3, 3)
    huawei, kim, vessel = parsed.entries
    assert huawei.addresses[0].city == "Shenzhen" and huawei.addresses[0].country == "CN"
    assert [alias.name for alias in huawei.aliases] == ["Shenzhen Huawei Technologies", "Huawei Technology"]
    assert ("gender", "Male") in kim.extra and kim.identifiers == ()
    assert vessel.identifiers == (Identifier("IMO", "8898831"),)
    csv_ids = {entry.id for entry in parse_file(sample_csl_path()).entries}
    assert {huawei.id, kim.id, vessel.id} <= csv_ids  # the same party gets the same id from CSV and JSON


def test_ofac_trio_cp1252_with_weak_and_fka_aliases(fixtures: Path) -> None:
    parsed = parse_file(fixtures / "lists" / "ofac" / "sdn.csv")
    assert (parsed.dataset, parsed.format, parsed.source_rows, parsed.warnings) == ("us-ofac-sdn", "ofac-csv", 4, ())
    entries = {entry.source_id: entry for entry in parsed.entries}
    bnc = entries["306"]
    assert bnc.aliases == (Alias("NATIONAL BANK OF CUBA"), Alias("BNC", AliasType.AKA, strong=False))
    assert [address.country for address in bnc.addresses] == ["CH", "ES"]
    pdvsa = entries["7140"]
    assert pdvsa.name == "PETRÓLEOS DE VENEZUELA, S.A."  # decoded from cp1252
    assert {alias.type for alias in pdvsa.aliases} == {AliasType.FKA}
    assert Identifier("Registration ID", "15-1-3-1-1", "VE") in pdvsa.identifiers
    vessel = entries["9999"]
    assert vessel.kind is EntryKind.VESSEL
    assert vessel.remarks and vessel.remarks.endswith("OCEAN MARITIME MANAGEMENT COMPANY, LIMITED.")  # comments joined
    assert ("call_sign", "HMEC5") in vessel.extra
    assert {identifier.type for identifier in vessel.identifiers} == {"IMO", "MMSI"}
    assert entries["20157"].birth_dates == ("1984-01-08", "1983")


def test_eu_fixture_is_schema_valid_and_parses(fixtures: Path, shared_data: Path) -> None:
    path = fixtures / "lists" / "eu-fsf-sample.xml"
    schema = etree.XMLSchema(etree.parse(str(shared_data / "lists" / "schemas" / "eu_schema_1_1.xsd")))
    assert schema.validate(etree.parse(str(path))), schema.error_log
    parsed = parse_file(path)
    assert (parsed.dataset, parsed.published, len(parsed.entries)) == ("eu-fsf", "2024-03-15", 3)
    bank, lukashenko, zawahiri = parsed.entries
    assert (bank.id, bank.kind, bank.name) == ("eu-fsf:5781", EntryKind.ORGANIZATION, "Bank Rossiya")
    assert Alias("Банк Россия", AliasType.ORIGINAL_SCRIPT) in bank.aliases
    assert Alias("AB Rossiya", strong=False) in bank.aliases
    assert bank.identifiers == (Identifier("Registration Number", "1027800000084", "RU"),)
    assert (lukashenko.kind, lukashenko.birth_dates, lukashenko.nationalities) == (
        EntryKind.PERSON,
        ("1954-08-30",),
        ("BY",),
    )
    assert zawahiri.start_date == "2001-03-08" and ("unitedNationId", "QDi.002") in zawahiri.extra


def test_uk_fixture_groups_name_rows(fixtures: Path) -> None:
    parsed = parse_file(fixtures / "lists" / "uk-sanctions-sample.csv")
    assert (parsed.dataset, parsed.published, parsed.source_rows, len(parsed.entries)) == (
        "uk-sanctions",
        "2025-05-15",
        6,
        3,
    )
    putin, bank, ship = parsed.entries
    assert (putin.id, putin.name, putin.birth_dates) == (
        "uk-sanctions:RUS0251",
        "Vladimir Vladimirovich PUTIN",
        ("1952-10-07",),
    )
    assert Alias("Владимир Владимирович ПУТИН", AliasType.ORIGINAL_SCRIPT) in putin.aliases
    assert bank.name == "BANK ROSSIYA" and Alias("ROSSIYA", strong=False) in bank.aliases
    assert (ship.kind, ship.identifiers) == (EntryKind.VESSEL, (Identifier("IMO", "9187629"),))


@pytest.mark.parametrize(
    ("relative", "fmt"),
    [
        ("csl-sample.json", "csl-json"),
        ("ofac/sdn.csv", "ofac-csv"),
        ("eu-fsf-sample.xml", "eu-xml"),
        ("uk-sanctions-sample.csv", "uk-csv"),
    ],
)
def test_detect_format_of_fixtures(fixtures: Path, relative: str, fmt: str) -> None:
    assert detect_format(fixtures / "lists" / relative) == fmt
    assert fmt in FORMATS
