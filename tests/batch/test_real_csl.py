"""Batch screening against the full real 2022 Consolidated Screening List."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tradeguard.batch import BatchOptions, screen_file
from tradeguard.settings import Settings

from .conftest import read_csv, write_csv


@pytest.fixture(scope="module")
def csl_settings(lists_db: Callable[..., Settings], shared_data: Path) -> Settings:
    return lists_db(shared_data / "lists/us-csl/consolidated-2022-05.csv")


@pytest.mark.slow
def test_planted_huawei_forms_are_flagged_with_the_entity_list_license_requirement(
    tmp_path: Path, csl_settings: Settings
) -> None:
    rows = [
        ["1", "Nordwind Logistik GmbH", "DE"],
        ["2", "HUAWEI TECHNOLOGIES CO LTD", "CN"],
        ["3", "Huawei Device Company Limited", "CN"],
        ["4", "华为技术有限公司", "CN"],
        ["5", "Maple Leaf Grocers Inc", "CA"],
    ]
    source = write_csv(tmp_path / "suppliers.csv", ["supplier_id", "supplier_name", "country"], rows)
    summary = screen_file(csl_settings, source, tmp_path / "out.csv", BatchOptions(workers=2, chunk_size=2))
    _, out = read_csv(tmp_path / "out.csv")
    assert [row["status"] for row in out] == ["clear", "potential_match", "potential_match", "potential_match", "clear"]
    for row in out[1:4]:
        assert row["list"] == "us-bis-entity-list", row
        assert "HUAWEI" in row["entry_name"].upper()
        assert row["license_requirement"].startswith("For all items subject to the EAR")
        assert "presumption of denial" in row["license_policy"].lower()
        assert row["other_hits"].startswith("[{")  # 136 Huawei rows on the list: the others are summarised as JSON
    assert summary.hits_by_list["us-bis-entity-list"] == 3
