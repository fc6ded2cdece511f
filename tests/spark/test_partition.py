"""The Spark job's pure parts, without Spark: per-batch screening, line numbers, the shipped bundle, lazy import."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pytest

import tradeguard.spark
from tradeguard.batch import ColumnMap, SourceRow, output_columns, result_values, screen_rows
from tradeguard.engine import Engine
from tradeguard.errors import ConfigError, InputError
from tradeguard.match.model import Party
from tradeguard.settings import Settings
from tradeguard.spark.bundle import MAGIC, ScreeningBundle, build_bundle
from tradeguard.spark.partition import PARTITION_SHIFT, ROW_ID_COLUMN, PartitionPlan, screen_batch, screen_batches

HEADER = ["id", "name", "kind", "country", "status"]
ROWS = [
    ["A1", "HUAWEI TECHNOLOGIES CO LTD", "company", "CN", "new"],
    ["A2", "Acme Widgets Incorporated", "company", "US", "old"],
    ["A3", None, "company", "DE", "new"],
    ["A4", "Banco Nacional de Cuba", "", "Cuba", "new"],
    ["A5", "  ", "person", None, "old"],
]
COLUMNS = ColumnMap(name="name", kind="kind", country="country", id="id")


def _batch(rows: list[list[str | None]], row_ids: list[int]) -> pa.RecordBatch:
    arrays = [pa.array(column, pa.string()) for column in zip(*rows, strict=True)]
    return pa.RecordBatch.from_arrays([*arrays, pa.array(row_ids, pa.int64())], names=[*HEADER, ROW_ID_COLUMN])


def _plan(**changes: object) -> PartitionPlan:
    names = tuple(output_columns(HEADER)[len(HEADER) :])
    return PartitionPlan(columns=COLUMNS, output_names=names, **changes)  # type: ignore[arg-type]


def test_a_batch_gets_exactly_the_result_cells_of_the_batch_runner(sample_settings: Settings) -> None:
    engine = Engine.from_settings(sample_settings)
    expected = [
        result_values(outcome)
        for outcome in screen_rows(engine, [SourceRow(n, row) for n, row in enumerate(ROWS, 1)], HEADER, COLUMNS)
    ]
    out = screen_batch(engine, _batch(ROWS, list(range(5))), _plan())
    # The input has its own "status" column, so the results are prefixed as screen-file prefixes them.
    assert out.schema.names[:5] == HEADER and out.schema.names[5] == "screen_status"
    assert out.schema.field("screen_hit_count").type == pa.int32()
    assert out.schema.field("screen_more_hits").type == pa.bool_()
    assert out.schema.field("screen_score").type == pa.float64()
    got = [list(row.values())[5:] for row in out.to_pylist()]
    assert got == expected
    assert [row[0] for row in got] == ["potential_match", "clear", "error", "potential_match", "error"]
    assert out.column("status").to_pylist() == ["new", "old", "new", "new", "old"]  # the input's cells pass through


def test_rows_of_a_later_partition_are_numbered_after_the_rows_of_earlier_ones(sample_settings: Settings) -> None:
    engine = Engine.from_settings(sample_settings)
    second = 1 << PARTITION_SHIFT  # Spark's row id of the first row of partition 1
    plan = _plan(partition_starts={0: 0, 1: 5}, first_line=2)  # a CSV: its header is line 1
    out = screen_batch(engine, _batch(ROWS, [second + k for k in range(5)]), plan)
    errors = out.column("screen_error").to_pylist()
    # Partition 0 holds 5 rows (lines 2-6); so partition 1's third row is the 8th data row, on line 9.
    assert errors[2] == "line 9: no name in column 'name'"
    assert errors[4] == "line 11: no name in column 'name'"
    assert plan.line_of(0) == 2 and plan.line_of(second + 4) == 11


def test_a_partition_of_several_batches_keeps_their_order(sample_settings: Settings) -> None:
    engine = Engine.from_settings(sample_settings)
    batches = [_batch(ROWS[:2], [0, 1]), _batch(ROWS[2:], [2, 3, 4])]
    outs = list(screen_batches(engine, batches, _plan()))
    assert [out.num_rows for out in outs] == [2, 3]
    assert [id_ for out in outs for id_ in out.column("id").to_pylist()] == ["A1", "A2", "A3", "A4", "A5"]


def test_the_bundle_travels_as_bytes_and_screens_like_the_engine_over_the_store(sample_settings: Settings) -> None:
    bundle = build_bundle(sample_settings)
    shipped = ScreeningBundle.from_bytes(bundle.to_bytes())
    party = Party("Huawei Technologies Company Limited", country="CN")
    assert shipped.snapshot_ids == bundle.snapshot_ids and len(shipped.snapshot_ids) == 1
    assert shipped.engine().screen(party) == Engine.from_settings(sample_settings).screen(party)
    assert shipped.engine().screen(party).matched[0].source == "us-bis-entity-list"


def test_a_bundle_from_another_version_or_not_a_bundle_is_refused(sample_settings: Settings, tmp_path: Path) -> None:
    bundle = build_bundle(sample_settings)
    with pytest.raises(InputError, match="not a tradeguard screening bundle"):
        ScreeningBundle.from_bytes(b"PAR1 something else", "x.parquet")
    with pytest.raises(InputError, match="damaged"):
        ScreeningBundle.from_bytes(MAGIC + b"garbage")
    old = ScreeningBundle(bundle.settings, bundle.snapshot_ids, bundle.index, engine_version="0.0.1")
    with pytest.raises(ConfigError, match=r"tradeguard 0\.0\.1"):
        ScreeningBundle.from_bytes(old.to_bytes())
    other_code = ScreeningBundle(bundle.settings, bundle.snapshot_ids, bundle.index, code_digest="0123456789abcdef")
    with pytest.raises(ConfigError, match="name code 0123456789abcdef"):
        ScreeningBundle.from_bytes(other_code.to_bytes())
    with pytest.raises(InputError, match=re.escape(str(tmp_path / "missing.bundle"))):
        ScreeningBundle.read(tmp_path / "missing.bundle")


def test_importing_tradeguard_never_imports_pyspark() -> None:
    code = (
        "import sys, tradeguard, tradeguard.spark, tradeguard.spark.bundle, tradeguard.spark.partition\n"
        "from tradeguard.cli import _register_commands; _register_commands()\n"
        "assert 'pyspark' not in sys.modules, 'pyspark was imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_without_pyspark_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tradeguard.spark.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ConfigError, match=r"pip install 'tradeguard\[spark\]'"):
        tradeguard.spark.screen_dataframe(object())  # type: ignore[arg-type]


def test_a_bad_threshold_or_partition_count_is_refused_before_any_spark_work() -> None:
    from tradeguard.spark import job

    with pytest.raises(InputError, match=r"threshold must be between 0 and 1, got 1\.5"):
        job.screen_dataframe(object(), threshold=1.5)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="partitions must be at least 1, got 0"):
        job.screen_dataframe(object(), partitions=0)  # type: ignore[arg-type]
