"""Parquet in and out with pyarrow, a record batch at a time; the input's column types are kept in the output."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from tradeguard.batch.formats import RowReader
from tradeguard.batch.model import ABSENT, RESULT_COLUMNS, RESULT_VALUE_TYPES, SourceRow
from tradeguard.errors import InputError

WRITE_BATCH_ROWS = 20_000  # rows per row group written: large enough for Parquet, small enough for flat memory
_ARROW_TYPES: dict[type, pa.DataType] = {int: pa.int32(), bool: pa.bool_(), float: pa.float64()}


def result_arrow_type(role: str) -> pa.DataType:
    """The Arrow type of one result column (`RESULT_VALUE_TYPES`; the others are text)."""
    value_type = RESULT_VALUE_TYPES.get(role)
    return pa.string() if value_type is None else _ARROW_TYPES[value_type]


class ParquetReader(RowReader):
    """Reads record batches of `batch_rows` and yields their rows; row numbers count data rows from 1."""

    format = "parquet"

    def __init__(self, path: Path, *, batch_rows: int = 4096) -> None:
        self.path = path
        try:
            self._file = pq.ParquetFile(path)
        except (pa.ArrowException, OSError) as exc:
            raise InputError(f"{path}: not a readable Parquet file: {exc}") from exc
        self.schema: pa.Schema = self._file.schema_arrow
        self.columns = list(self.schema.names)
        self._batch_rows = batch_rows
        self._done = 0

    def describe(self) -> str:
        meta = self._file.metadata
        return f"Parquet, {meta.num_rows} rows in {meta.num_row_groups} row group(s)"

    def progress(self) -> tuple[int, int | None]:
        return self._done, self._file.metadata.num_rows

    def rows(self) -> Iterator[SourceRow]:
        try:
            for batch in self._file.iter_batches(batch_size=self._batch_rows):
                columns = [column.to_pylist() for column in batch.columns]
                for values in zip(*columns, strict=True):
                    self._done += 1
                    yield SourceRow(self._done, list(values))
        except (pa.ArrowException, OSError) as exc:
            raise InputError(f"{self.path}: unreadable after row {self._done}: {exc}") from exc

    def close(self) -> None:
        self._file.close()


def _as_text(value: Any) -> str | None:
    if value is None or value is ABSENT:
        return None
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


class ParquetWriter:
    """Buffers rows into record batches and writes each as a row group; result columns get their own types."""

    def __init__(self, path: Path, columns: Sequence[str], *, input_schema: pa.Schema | None = None) -> None:
        self.path = path
        original = len(columns) - len(RESULT_COLUMNS)
        if input_schema is not None and len(input_schema) == original:
            fields = list(input_schema)
            self._convert: list[bool] = [False] * original
        else:
            # Other inputs carry text (CSV) or mixed cells (XLSX, JSON): a column must have one type, so text.
            fields = [pa.field(name, pa.string()) for name in columns[:original]]
            self._convert = [True] * original
        fields += [
            pa.field(name, result_arrow_type(role))
            for name, role in zip(columns[original:], RESULT_COLUMNS, strict=True)
        ]
        self._convert += [False] * len(RESULT_COLUMNS)
        self._schema = pa.schema(fields)
        self._writer = pq.ParquetWriter(path, self._schema)
        self._buffer: list[list[Any]] = [[] for _ in fields]

    def write(self, values: Sequence[Any]) -> None:
        for column, convert, value in zip(self._buffer, self._convert, values, strict=True):
            column.append(_as_text(value) if convert else (None if value is ABSENT else value))
        if len(self._buffer[0]) >= WRITE_BATCH_ROWS:
            self._flush()

    def _flush(self) -> None:
        if not self._buffer or not self._buffer[0]:
            return
        arrays = [pa.array(column, type=field.type) for column, field in zip(self._buffer, self._schema, strict=True)]
        self._writer.write_batch(pa.RecordBatch.from_arrays(arrays, schema=self._schema))
        self._buffer = [[] for _ in self._schema]

    def close(self) -> None:
        self._flush()
        self._writer.close()
