"""Batch screening of whole files (CSV, XLSX, Parquet, JSON Lines): streamed, in worker processes, in input order.

`screen_file` screens a file into a result file; `screen_rows` is the pure core (rows in, outcomes out) that other
executors (the web batch page, Spark partitions) reuse.
"""

from tradeguard.batch.columns import detect_columns
from tradeguard.batch.model import (
    RESULT_COLUMNS,
    STATUS_CLEAR,
    STATUS_ERROR,
    STATUS_MATCH,
    BatchOptions,
    BatchSummary,
    BestHit,
    ColumnMap,
    RowOutcome,
    SourceRow,
)
from tradeguard.batch.runner import BatchObserver, BatchProgress, default_output_path, output_columns, screen_file
from tradeguard.batch.screening import CachedScreener, party_from_values, result_values, screen_parties, screen_rows

__all__ = [
    "RESULT_COLUMNS",
    "STATUS_CLEAR",
    "STATUS_ERROR",
    "STATUS_MATCH",
    "BatchObserver",
    "BatchOptions",
    "BatchProgress",
    "BatchSummary",
    "BestHit",
    "CachedScreener",
    "ColumnMap",
    "RowOutcome",
    "SourceRow",
    "default_output_path",
    "detect_columns",
    "output_columns",
    "party_from_values",
    "result_values",
    "screen_file",
    "screen_parties",
    "screen_rows",
]
