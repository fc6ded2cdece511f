"""Screening a Spark DataFrame: the bundle is broadcast once, each partition is screened in Arrow batches.

This module imports pyspark; `tradeguard.spark` imports it only when a Spark function is called.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterator, Sequence

import pyarrow as pa
from pyspark.sql import DataFrame
from pyspark.sql import functions as F
from pyspark.sql import types as T

from tradeguard.batch.columns import detect_columns
from tradeguard.batch.model import RESULT_COLUMNS, RESULT_VALUE_TYPES, BatchOptions
from tradeguard.batch.runner import output_columns
from tradeguard.batch.screening import CachedScreener
from tradeguard.errors import InputError
from tradeguard.names import load_dictionaries
from tradeguard.settings import Settings, load_settings
from tradeguard.spark.bundle import ScreeningBundle, build_bundle
from tradeguard.spark.partition import PARTITION_SHIFT, ROW_ID_COLUMN, PartitionPlan, screen_batches

# The Spark types of the typed result columns, as `batch.parquetio.result_arrow_type` gives them in Arrow.
_SPARK_TYPES: dict[type, T.DataType] = {int: T.IntegerType(), bool: T.BooleanType(), float: T.DoubleType()}
# One screener per Python worker process and bundle: a reused worker unpickles the bundle once, not once per task.
_SCREENERS: dict[str, CachedScreener] = {}


def _screener(token: str, payload: bytes) -> CachedScreener:
    found = _SCREENERS.get(token)
    if found is None:
        _SCREENERS.clear()  # a worker serving another bundle drops the previous one's index
        found = CachedScreener(ScreeningBundle.from_bytes(payload, "broadcast bundle").engine())
        load_dictionaries()
        # Half a million index objects that live as long as the worker: out of the collector's way, as the batch
        # runner does before it forks, so that collections during screening do not scan them again and again.
        gc.freeze()
        _SCREENERS[token] = found
    return found


def _spark_type(role: str) -> T.DataType:
    value_type = RESULT_VALUE_TYPES.get(role)
    return T.StringType() if value_type is None else _SPARK_TYPES[value_type]


def result_schema(df: DataFrame, output_names: Sequence[str]) -> T.StructType:
    """The input's fields followed by the result columns, typed as `screen-file` types them in Parquet."""
    fields = [field for field in df.schema.fields if field.name != ROW_ID_COLUMN]
    fields += [
        T.StructField(name, _spark_type(role), True) for name, role in zip(output_names, RESULT_COLUMNS, strict=True)
    ]
    return T.StructType(fields)


def _partition_starts(numbered: DataFrame) -> dict[int, int]:
    """Rows before each partition: one cheap counting pass so that error messages name the same line as screen-file."""
    partition = F.shiftright(F.col(ROW_ID_COLUMN), PARTITION_SHIFT).alias("partition")
    counts = {int(row["partition"]): int(row["count"]) for row in numbered.groupBy(partition).count().collect()}
    starts: dict[int, int] = {}
    total = 0
    for number in sorted(counts):
        starts[number] = total
        total += counts[number]
    return starts


def screen_dataframe(
    df: DataFrame,
    name_col: str | None = None,
    kind_col: str | None = None,
    country_col: str | None = None,
    address_col: str | None = None,
    id_col: str | None = None,
    threshold: float | None = None,
    settings: Settings | None = None,
    *,
    sources: Sequence[str] = (),
    bundle: ScreeningBundle | None = None,
    first_line: int = 1,
    partitions: int | None = None,
) -> DataFrame:
    """Every row of `df` with the result columns of `screen-file` appended, computed with the same engine."""
    if threshold is not None and not 0.0 <= threshold <= 1.0:
        raise InputError(f"threshold must be between 0 and 1, got {threshold}")
    if partitions is not None and partitions < 1:
        raise InputError(f"partitions must be at least 1, got {partitions}")
    options = BatchOptions(
        name_col=name_col, kind_col=kind_col, country_col=country_col, address_col=address_col, id_col=id_col
    )
    columns = detect_columns(df.columns, options)
    output_names = tuple(output_columns(df.columns)[len(df.columns) :])
    bundle = bundle or build_bundle(settings or load_settings())
    numbered = df.withColumn(ROW_ID_COLUMN, F.monotonically_increasing_id())
    plan = PartitionPlan(
        columns=columns,
        output_names=output_names,
        threshold=threshold,
        sources=tuple(sources),
        first_line=first_line,
        partition_starts=_partition_starts(numbered),
    )
    if partitions:
        # Rows are numbered before they are spread, so each keeps its input line; the output follows the new parts.
        numbered = numbered.repartition(partitions)
    payload = bundle.to_bytes()
    broadcast = df.sparkSession.sparkContext.broadcast(payload)
    # Keyed by content: a worker reused by a later job with the same lists keeps its loaded index.
    token = hashlib.sha256(payload).hexdigest()

    def screen_partition(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        yield from screen_batches(_screener(token, broadcast.value), batches, plan)

    return numbered.mapInArrow(screen_partition, result_schema(df, output_names))
