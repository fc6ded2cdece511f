"""Every official-format real file in ../shared/data/lists parses completely, with the counts its README gives."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from expected_counts import CSL_2022_BY_LIST

from tradeguard.lists.model import AliasType, EntryKind, ParsedDataset
from tradeguard.lists.registry import detect_format, parse_file


def parsed(shared_data: Path, relative: str) -> ParsedDataset:
    path = shared_data / "lists" / relative
    result = parse_file(path, detect_format(path))
    assert len({entry.id for entry in result.entries}) == len(result.entries), "entry ids must be unique"
    assert all(entry.name and entry.id.startswith(result.dataset + ":") for entry in result.entries)
    return result


@pytest.fixture(scope="module")
def csl_2022(shared_data: Path) -> ParsedDataset:
    return parsed(shared_data, "us-csl/consolidated-2022-05.csv")


def test_csl_2022_keeps_every_row_grouped_by_list(csl_2022: ParsedDataset) -> None:
    assert (csl_2022.source_rows, len(csl_2022.entries), csl_2022.warnings) == (14_160, 14_160, ())
    assert Counter(entry.source for entry in csl_2022.entries) == CSL_2022_BY_LIST


def test_csl_2022_huawei_entity_list_rows_carry_license_facts(csl_2022: ParsedDataset) -> None:
    huawei = [
        entry
        for entry in csl_2022.entries
        if entry.source == "us-bis-entity-list" and "huawei" in dict(entry.extra).get("listed_name", entry.name).lower()
    ]
    assert len(huawei) == 136  # README: 136 Huawei Entity List rows
    assert all(entry.license_requirement and entry.license_policy and entry.federal_register for entry in huawei)
    assert {entry.start_date for entry in huawei} == {"2019-05-21", "2019-08-21", "2020-08-20"}
    assert all(entry.kind is EntryKind.ORGANIZATION for entry in huawei)


def test_csl_2022_kinds_follow_the_type_column(csl_2022: ParsedDataset) -> None:
    sdn_kinds = Counter(entry.kind for entry in csl_2022.entries if entry.source == "us-ofac-sdn")
    assert sdn_kinds == {
        EntryKind.PERSON: 5206,
        EntryKind.ORGANIZATION: 4104,
        EntryKind.VESSEL: 433,
        EntryKind.AIRCRAFT: 283,
    }


def test_csl_2019_sample_older_layout(shared_data: Path) -> None:
    result = parsed(shared_data, "us-csl/consolidated-2019-12-sample.csv")
    assert (result.source_rows, len(result.entries), result.warnings) == (115, 115, ())


@pytest.mark.parametrize(
    ("relative", "count", "aliases"),
    [
        # alt.csv rows (README) minus 2 exact repeats each file holds (8407 and 16448 list one alias twice)
        ("us-ofac-sdn/2019-01-15/sdn.csv", 7_379, 9_682 - 2),
        ("us-ofac-sdn/2021-07-07/sdn.csv", 8_976, 11_910 - 2),
        ("us-ofac-sdn/sdn-2021-08-18.csv", 9_083, 0),
        ("us-ofac-sdn/sdn-2024-05-03.csv", 14_965, 0),
    ],
)
def test_ofac_sdn_csv(shared_data: Path, relative: str, count: int, aliases: int) -> None:
    result = parsed(shared_data, relative)
    assert (result.dataset, result.source_rows, len(result.entries)) == ("us-ofac-sdn", count, count)
    strong = sum(1 for entry in result.entries for alias in entry.aliases if alias.strong)
    assert strong == aliases  # every distinct alt.csv row lands on its entry (weak remark aliases come on top)
    assert not any("skipped" in warning or "not in the main file" in warning for warning in result.warnings)


def test_ofac_sdn_2021_companions_join(shared_data: Path) -> None:
    result = parsed(shared_data, "us-ofac-sdn/2021-07-07/sdn.csv")
    bnc = next(entry for entry in result.entries if entry.source_id == "306")
    assert bnc.name == "BANCO NACIONAL DE CUBA"
    assert any(alias.name == "BNC" and not alias.strong for alias in bnc.aliases)
    assert len(bnc.addresses) >= 4 and "CH" in bnc.countries


def test_ofac_consolidated_csv_and_xml_agree(shared_data: Path) -> None:
    csv_set = parsed(shared_data, "us-ofac-consolidated/cons_prim-2025-12-19.csv")
    xml = parsed(shared_data, "us-ofac-consolidated/consolidated-2026-01-08.xml")
    assert (csv_set.dataset, len(csv_set.entries)) == ("us-ofac-cons", 442)
    assert (xml.dataset, len(xml.entries), xml.published, xml.warnings) == ("us-ofac-cons", 442, "2026-01-08", ())
    assert Counter(e.source for e in csv_set.entries) == Counter(e.source for e in xml.entries)
    assert Counter(e.source for e in xml.entries)["us-ofac-plc"] == 78
    assert Counter(e.source for e in xml.entries)["us-ofac-cmic"] == 68
    assert {e.id for e in csv_set.entries} == {e.id for e in xml.entries}
    assert sum(1 for e in xml.entries for a in e.aliases if a.type is AliasType.FKA) == 144


@pytest.mark.parametrize(
    ("relative", "rows"),
    # The README says 545 for 2019: `wc -l` minus the header; that file has no final newline, so 546 rows.
    [
        ("us-bis-dpl/dpl-2019-06-29.txt", 546),
        ("us-bis-dpl/dpl-2022-09-07.txt", 581),
        ("us-bis-dpl/dpl-2023-11-30.txt", 665),
    ],
)
def test_dpl(shared_data: Path, relative: str, rows: int) -> None:
    result = parsed(shared_data, relative)
    assert (result.dataset, result.source_rows, len(result.entries), result.warnings) == ("us-bis-dpl", rows, rows, ())


def test_un_consolidated(shared_data: Path) -> None:
    result = parsed(shared_data, "un/consolidated-2026-02.xml")
    kinds = Counter(entry.kind for entry in result.entries)
    assert kinds == {EntryKind.PERSON: 730, EntryKind.ORGANIZATION: 273}
    assert result.published == "2026-02-27"
    original = [a for e in result.entries for a in e.aliases if a.type is AliasType.ORIGINAL_SCRIPT]
    assert len(original) == 378
    weak = sum(1 for e in result.entries for a in e.aliases if not a.strong)
    assert weak == 615  # the file's <QUALITY>Low</QUALITY> count
    assert sum(1 for e in result.entries if e.identifiers) > 100


def test_uk_derived_simplified_layout(shared_data: Path) -> None:
    result = parsed(shared_data, "derived/uk-2025-05.csv")
    assert (result.dataset, result.source_rows) == ("uk-sanctions", 2_524)
    assert len(result.entries) + len(result.warnings) == 2_524
