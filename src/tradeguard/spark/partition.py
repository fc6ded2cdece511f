"""Per-partition work of the Spark job, free of pyspark: an Arrow record batch in, the same batch plus results out.

The rows go through the batch runner's own pure core (`row_parties`, `screen_parties`, `result_values`), so every
result cell is computed exactly as `screen-file` computes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from tradeguard.batch.model import RESULT_COLUMNS, ColumnMap, SourceRow
from tradeguard.batch.parquetio import result_arrow_type
from tradeguard.batch.screening import CachedScreener, Screener, result_values, row_parties, screen_parties

# A helper column the driver adds (Spark's monotonically_increasing_id): partition number in the upper 31 bits,
# row number within the partition in the lower 33; with per-partition row counts it gives each row its line.
ROW_ID_COLUMN = "__tradeguard_row_id"
PARTITION_SHIFT = 33
ROW_MASK = (1 << PARTITION_SHIFT) - 1


@dataclass(frozen=True)
class PartitionPlan:
    """What every partition needs to know besides its rows: columns, options, and where each partition starts."""

    columns: ColumnMap
    output_names: tuple[str, ...]  # the result columns' names in the output (prefixed if the input uses a name)
    threshold: float | None = None
    sources: tuple[str, ...] = ()
    first_line: int = 1  # line of the first data row: 1 for Parquet and DataFrames, 2 for CSV with a header row
    partition_starts: Mapping[int, int] = field(default_factory=dict)  # partition -> rows in earlier partitions

    def role_columns(self) -> list[str]:
        """The input columns screening reads, in a fixed order, each once."""
        wanted = (self.columns.name, self.columns.kind, self.columns.country, self.columns.address)
        return list(dict.fromkeys(column for column in wanted if column is not None))

    def line_of(self, row_id: int) -> int:
        """The 1-based line `screen-file` would give this row, from its Spark row id."""
        start = self.partition_starts.get(row_id >> PARTITION_SHIFT, 0)
        return self.first_line + start + (row_id & ROW_MASK)


def _source_rows(batch: pa.RecordBatch, plan: PartitionPlan, roles: list[str]) -> Iterator[SourceRow]:
    row_ids = batch.column(ROW_ID_COLUMN).to_pylist()
    cells = [batch.column(name).to_pylist() for name in roles]
    for at, row_id in enumerate(row_ids):
        yield SourceRow(plan.line_of(row_id), [column[at] for column in cells])


def _result_arrays(rows: Iterable[list[Any]], plan: PartitionPlan, count: int) -> list[pa.Array]:
    by_column: list[list[Any]] = [[] for _ in RESULT_COLUMNS]
    for values in rows:
        for column, value in zip(by_column, values, strict=True):
            column.append(value)
    if count and len(by_column[0]) != count:
        raise AssertionError(f"screened {len(by_column[0])} rows of a batch of {count}")
    typed = zip(by_column, RESULT_COLUMNS, strict=True)
    return [pa.array(column, type=result_arrow_type(role)) for column, role in typed]


def screen_batch(screener: Screener, batch: pa.RecordBatch, plan: PartitionPlan) -> pa.RecordBatch:
    """The batch's own columns (without the row id) followed by the result columns, row for row."""
    roles = plan.role_columns()
    items = row_parties(_source_rows(batch, plan, roles), roles, plan.columns)
    outcomes = screen_parties(screener, items, threshold=plan.threshold, sources=plan.sources or None)
    results = _result_arrays((result_values(outcome) for outcome in outcomes), plan, batch.num_rows)
    kept = [name for name in batch.schema.names if name != ROW_ID_COLUMN]
    arrays = [batch.column(name) for name in kept] + results
    return pa.RecordBatch.from_arrays(arrays, names=[*kept, *plan.output_names])


def screen_batches(
    screener: Screener, batches: Iterable[pa.RecordBatch], plan: PartitionPlan
) -> Iterator[pa.RecordBatch]:
    """Screen a partition's batches in order, remembering repeated parties across the whole partition."""
    cached = screener if isinstance(screener, CachedScreener) else CachedScreener(screener)
    for batch in batches:
        yield screen_batch(cached, batch, plan)
