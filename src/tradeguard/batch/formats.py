"""The file formats batch screening reads and writes, chosen by extension, behind one reader and one writer shape."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, Self

from tradeguard.batch.model import BatchOptions, SourceRow
from tradeguard.errors import InputError

FORMATS = ("csv", "xlsx", "parquet", "jsonl")
_EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".tab": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
}
_ALIASES = {"tsv": "csv", "excel": "xlsx", "ndjson": "jsonl", "json": "jsonl"}


class RowReader(ABC):
    """Streams the rows of one input file; `columns` is its header, known before the first row."""

    columns: list[str]
    format: str

    @abstractmethod
    def rows(self) -> Iterator[SourceRow]:
        """Every row in file order, unreadable ones as error rows with their line numbers."""

    @abstractmethod
    def progress(self) -> tuple[int, int | None]:
        """(units done, units in all) in the reader's own units (bytes or rows); the total may be unknown."""

    @abstractmethod
    def describe(self) -> str:
        """What the reader detected (encoding, delimiter, sheet), for the user."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


class RowWriter(Protocol):
    """Writes output rows (input values then result values) as they come."""

    def write(self, values: Sequence[Any]) -> None: ...

    def close(self) -> None: ...


def format_of(path: Path, told: str | None = None) -> str:
    """The format named by an option, else by the file's extension; InputError when neither says."""
    if told:
        fmt = _ALIASES.get(told.lower(), told.lower())
        if fmt not in FORMATS:
            raise InputError(f"unknown format {told!r}; use one of: {', '.join(FORMATS)}")
        return fmt
    by_extension = _EXTENSIONS.get(path.suffix.lower())
    if by_extension is None:
        known = ", ".join(sorted(_EXTENSIONS))
        raise InputError(
            f"{path}: cannot tell the format from the extension {path.suffix!r} (known: {known}); use --format"
        )
    return by_extension


def open_reader(path: Path, options: BatchOptions) -> RowReader:
    """A streaming reader for `path` in the format the options or its extension name."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    fmt = format_of(path, options.format)
    if fmt == "csv":
        from tradeguard.batch.csvio import CsvReader

        return CsvReader(path, encoding=options.encoding, delimiter=options.delimiter)
    if fmt == "xlsx":
        from tradeguard.batch.xlsxio import XlsxReader

        return XlsxReader(path)
    if fmt == "parquet":
        from tradeguard.batch.parquetio import ParquetReader

        return ParquetReader(path, batch_rows=max(options.chunk_size, 1024))
    from tradeguard.batch.jsonlio import JsonlReader

    return JsonlReader(path)


def open_writer(path: Path, fmt: str, columns: Sequence[str], reader: RowReader) -> RowWriter:
    """A streaming writer of `columns` to `path`; it keeps what it can of the input's layout (delimiter, types)."""
    if fmt == "csv":
        from tradeguard.batch.csvio import CsvReader, CsvWriter

        delimiter = reader.delimiter if isinstance(reader, CsvReader) else ","
        return CsvWriter(path, columns, delimiter=delimiter)
    if fmt == "xlsx":
        from tradeguard.batch.xlsxio import XlsxWriter

        return XlsxWriter(path, columns)
    if fmt == "parquet":
        from tradeguard.batch.parquetio import ParquetReader, ParquetWriter

        schema = reader.schema if isinstance(reader, ParquetReader) else None
        return ParquetWriter(path, columns, input_schema=schema)
    from tradeguard.batch.jsonlio import JsonlWriter

    return JsonlWriter(path, columns)
