"""Screening on a real local Spark session (`local[2]`): the same answers as screen-file, the CLI, the bundle."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from tradeguard.batch import RESULT_COLUMNS, BatchOptions, screen_file
from tradeguard.cli import _register_commands, app
from tradeguard.engine import Engine
from tradeguard.errors import InputError
from tradeguard.settings import Settings
from tradeguard.spark import screen_dataframe

from .records import HEADER, customer_rows

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

ROWS = 20_000


def _write_parquet(path: Path, rows: list[list[str | None]]) -> Path:
    columns = zip(*rows, strict=True)
    table = pa.table({name: pa.array(values, pa.string()) for name, values in zip(HEADER, columns, strict=True)})
    pq.write_table(table, path, row_group_size=5_000)
    return path


def _by_id(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["customer_id"]: row for row in rows}


@pytest.mark.slow
def test_twenty_thousand_records_get_the_same_hits_and_scores_as_screen_file(
    spark: SparkSession, dpl_lists: Settings, tmp_path: Path
) -> None:
    entries = list(Engine.from_settings(dpl_lists).index().entries)
    source = _write_parquet(tmp_path / "customers.parquet", customer_rows(ROWS, entries))
    screen_file(dpl_lists, source, tmp_path / "batch.parquet", BatchOptions(workers=2))
    batch_table = pq.read_table(tmp_path / "batch.parquet")

    # Four tasks on two cores, each screening with the index broadcast from this driver.
    result = screen_dataframe(spark.read.parquet(str(source)), settings=dpl_lists, partitions=4)
    spark_rows = [row.asDict() for row in result.collect()]

    assert result.columns == batch_table.column_names == [*HEADER, *RESULT_COLUMNS]
    assert dict(result.dtypes)["hit_count"] == "int" and dict(result.dtypes)["score"] == "double"
    assert dict(result.dtypes)["more_hits"] == "boolean"
    batch_rows = _by_id(batch_table.to_pylist())
    assert len(spark_rows) == ROWS and _by_id(spark_rows).keys() == batch_rows.keys()
    differing = [row["customer_id"] for row in spark_rows if row != batch_rows[row["customer_id"]]]
    assert differing == [], f"{len(differing)} rows differ, e.g. {differing[:3]}"
    # Not a vacuous equality: real hits on the Denied Persons List, and rows without a name named by their line.
    statuses = [row["status"] for row in spark_rows]
    assert statuses.count("potential_match") > 1_000 and statuses.count("clear") > 10_000
    errors = [row for row in spark_rows if row["status"] == "error"]
    assert len(errors) > 100
    first = min(errors, key=lambda row: row["customer_id"])
    assert first["error"] == f"line {int(first['customer_id'][1:]) + 1}: no name in column 'customer_name'"
    assert {row["list"] for row in spark_rows if row["status"] == "potential_match"} == {"us-bis-dpl"}


def _cli(*args: str) -> Any:
    _register_commands()
    return CliRunner().invoke(app, list(args), catch_exceptions=False, env={"TRADEGUARD_CONFIG": "/none"})


def test_spark_screen_cli_writes_a_csv_folder_in_input_order_and_prints_a_summary(
    spark: SparkSession, sample_settings: Settings, tmp_path: Path
) -> None:
    source = tmp_path / "suppliers.csv"
    source.write_text(
        "supplier_id,Supplier Name,Land\n"
        "S1,Nordwind Logistik GmbH,DE\n"
        '"S2","HUAWEI TECHNOLOGIES CO., LTD",CN\n'
        "S3,,FR\n"
        "S4,Banco Nacional de Cuba,CU\n",
        encoding="utf-8",
    )
    out = tmp_path / "screened.csv"
    result = _cli("--db", sample_settings.db, "spark-screen", str(source), str(out), "--master", "local[2]",
                  "--name-col", "Supplier Name", "--country-col", "Land")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "potential matches" in result.output and "BIS Entity List" in result.output
    written = spark.read.options(header=True).csv(str(out)).collect()
    assert [row["supplier_id"] for row in written] == ["S1", "S2", "S3", "S4"]
    assert [row["status"] for row in written] == ["clear", "potential_match", "error", "potential_match"]
    assert written[1]["list"] == "us-bis-entity-list" and written[3]["list"] == "us-ofac-sdn"
    assert written[2]["error"] == "line 4: no name in column 'Supplier Name'"  # the CSV's own line, header = line 1
    _assert_run_recorded(sample_settings, source, out)
    with pytest.raises(InputError, match="--overwrite"):  # main() maps it to exit code 2 and this message
        _cli("--db", sample_settings.db, "spark-screen", str(source), str(out), "--master", "local[2]")


def _assert_run_recorded(settings: Settings, source: Path, out: Path) -> None:
    """One audit record for the run: the input's sha256, the output folder's digest, counts and snapshots."""
    from tradeguard.audit import AuditKind, AuditLog
    from tradeguard.audit.batch import file_sha256, path_sha256
    from tradeguard.store import open_store

    with open_store(settings.db) as store:  # shared with other tests' runs: this run's input tells its record
        records = [r for r in AuditLog(store).records() if r.kind == AuditKind.BATCH]
    mine = [record for record in records if record.input["sha256"] == file_sha256(source)]
    assert len(mine) == 1
    record = mine[0]
    assert record.input["engine"] == "spark"
    assert record.result["output_sha256"] == path_sha256(out) is not None
    assert record.result["rows"] == 4 and record.result["potential_matches"] == 2 and record.snapshots


def test_a_bundle_file_screens_on_spark_with_no_database_at_all(
    spark: SparkSession, sample_settings: Settings, tmp_path: Path
) -> None:
    bundle = tmp_path / "lists.bundle"
    made = _cli("--db", sample_settings.db, "spark-bundle", str(bundle))
    assert made.exit_code == 0, made.output
    source = tmp_path / "in.parquet"
    pq.write_table(pa.table({"name": ["Huawei Device Co., Ltd.", "Maple Leaf Grocers Inc"]}), source)
    # The database named here does not exist: the driver and executors use only the bundle.
    gone = str(tmp_path / "nowhere" / "none.sqlite")
    result = _cli("--db", gone, "spark-screen", str(source), str(tmp_path / "out.parquet"), "--bundle", str(bundle))
    assert result.exit_code == 0, result.output
    rows = pq.read_table(tmp_path / "out.parquet").to_pylist()
    assert [row["status"] for row in rows] == ["potential_match", "clear"]
    assert not (tmp_path / "nowhere").exists()


def test_rows_whose_screen_limit_left_out_matches_are_flagged_and_counted(
    spark: SparkSession, crowded_settings: Settings
) -> None:
    from tradeguard.spark.files import SparkSummary, count_outcomes

    frame = spark.createDataFrame([("Al Naser Airlines",), ("Nordic Timber AB",)], ["name"])
    for limit, flagged in ((2, [True, False]), (3, [False, False])):
        result = screen_dataframe(frame, settings=replace(crowded_settings, screen_limit=limit))
        rows = result.collect()
        assert [(row["hit_count"], row["more_hits"]) for row in rows] == list(zip([limit, 0], flagged, strict=True))
        summary = SparkSummary(input="", output="", master="local[2]")
        count_outcomes(result, summary, RESULT_COLUMNS)
        assert (summary.potential_matches, summary.more_hits) == (1, sum(flagged))
