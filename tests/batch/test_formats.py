"""Every format round-trips: input columns and values preserved, one output row per input row, in order."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from openpyxl import Workbook, load_workbook

from tradeguard.batch import RESULT_COLUMNS, BatchOptions, screen_file
from tradeguard.settings import Settings

from .conftest import HEADER, HUAWEI_ENTRY, ROWS, read_csv, read_jsonl, write_csv

EXPECTED_STATUS = ["clear", "potential_match", "clear", "clear", "potential_match", "clear"]
ONE = BatchOptions(workers=1)


def _check_results(results: list[dict[str, Any]]) -> None:
    assert [row["status"] for row in results] == EXPECTED_STATUS
    huawei = results[1]
    assert huawei["entry_id"] == HUAWEI_ENTRY
    assert huawei["list"] == "us-bis-entity-list"
    assert "EAR" in huawei["license_requirement"] and "denial" in huawei["license_policy"].lower()
    assert float(huawei["score"]) >= 0.8 and huawei["explanation"]
    assert results[4]["list"] == "us-ofac-sdn" and not results[4]["license_requirement"]


def test_csv_round_trip(tmp_path: Path, sample_settings: Settings) -> None:
    source = write_csv(tmp_path / "customers.csv", HEADER, ROWS, delimiter=";", encoding="cp1252")
    summary = screen_file(sample_settings, source, None, ONE)
    assert summary.output == tmp_path / "customers.screened.csv"
    header, rows = read_csv(tmp_path / "customers.screened.csv", delimiter=";")  # the input's delimiter is kept
    assert header == HEADER + list(RESULT_COLUMNS)
    assert [[row[column] for column in HEADER] for row in rows] == ROWS
    _check_results(rows)
    assert rows[0]["hit_count"] == "0" and rows[0]["more_hits"] == "false" and rows[0]["entry_id"] == ""


def test_xlsx_round_trip_keeps_cell_types(tmp_path: Path, sample_settings: Settings) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append([*HEADER, "since", "limit"])
    for number, row in enumerate(ROWS):
        sheet.append([*row, datetime(2020, 1, number + 1), 1000 * number])
    sheet.append([None] * 7)  # an empty row is not a row
    book.save(tmp_path / "in.xlsx")
    screen_file(sample_settings, tmp_path / "in.xlsx", tmp_path / "out.xlsx", ONE)
    values = list(load_workbook(tmp_path / "out.xlsx", read_only=True).worksheets[0].iter_rows(values_only=True))
    header = list(values[0])
    assert header == [*HEADER, "since", "limit", *RESULT_COLUMNS]
    assert len(values) == 1 + len(ROWS)
    assert [list(row[:5]) for row in values[1:]] == ROWS
    assert values[3][5] == datetime(2020, 1, 3) and values[3][6] == 2000
    padded = [
        list(row) + [None] * (len(header) - len(row)) for row in values[1:]
    ]  # trailing empty cells are not stored
    _check_results([dict(zip(header, row, strict=True)) for row in padded])
    assert values[2][header.index("more_hits")] is False  # an Excel boolean, not text


def test_parquet_round_trip_keeps_the_schema(tmp_path: Path, sample_settings: Settings) -> None:
    table = pa.table(
        {**{column: [row[i] for row in ROWS] for i, column in enumerate(HEADER)}, "amount": list(range(6))}
    )
    pq.write_table(table, tmp_path / "in.parquet", row_group_size=4)
    screen_file(
        sample_settings, tmp_path / "in.parquet", tmp_path / "out.parquet", BatchOptions(workers=1, chunk_size=2)
    )
    out = pq.read_table(tmp_path / "out.parquet")
    assert out.schema.names == [*HEADER, "amount", *RESULT_COLUMNS]
    assert out.schema.field("amount").type == pa.int64() and out.schema.field("score").type == pa.float64()
    assert out.schema.field("more_hits").type == pa.bool_() and out.column("more_hits").to_pylist()[1] is False
    assert out.select([*HEADER, "amount"]).equals(table)
    _check_results(out.to_pylist())


def test_jsonl_round_trip_keeps_absent_keys_absent_and_reports_bad_lines(
    tmp_path: Path, sample_settings: Settings
) -> None:
    records: list[dict[str, Any]] = [dict(zip(HEADER, row, strict=True)) for row in ROWS]
    records[2]["tags"] = ["vip", 3]  # a key only one record has, with a nested value
    del records[3]["notes"]
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    lines.insert(3, "{not json")  # line 4
    lines.insert(5, "[1, 2]")  # line 6
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = screen_file(sample_settings, tmp_path / "in.jsonl", tmp_path / "out.jsonl", ONE)
    out = read_jsonl(tmp_path / "out.jsonl")
    assert len(out) == len(lines) and summary.rows == len(lines) and summary.errors == 2
    good = [row for row in out if row["status"] != "error"]
    assert [{key: row[key] for key in record} for row, record in zip(good, records, strict=True)] == records
    assert "notes" not in good[3] and good[2]["tags"] == ["vip", 3]
    _check_results(good)
    assert good[1]["more_hits"] is False and "more_hits" in out[3] and out[3]["more_hits"] is None
    assert (
        out[3]["status"] == "error"
        and out[3]["error"].startswith("line 4: invalid JSON")
        and "{not json" in out[3]["error"]
    )
    assert out[5]["error"].startswith("line 6: expected a JSON object")
    assert summary.error_lines == [(4, out[3]["error"]), (6, out[5]["error"])]


def test_csv_in_parquet_out_and_result_column_clash(tmp_path: Path, sample_settings: Settings) -> None:
    source = write_csv(
        tmp_path / "in.csv", ["name", "status"], [["Huawei Device Co Ltd", "active"], ["Nobody GmbH", "new"]]
    )
    screen_file(sample_settings, source, tmp_path / "out.parquet", ONE)
    out = pq.read_table(tmp_path / "out.parquet").to_pylist()
    assert [row["status"] for row in out] == ["active", "new"]  # the input's own column is untouched
    assert [row["screen_status"] for row in out] == ["potential_match", "clear"]
    assert out[0]["screen_list"] == "us-bis-entity-list"
