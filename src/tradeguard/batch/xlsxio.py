"""XLSX in and out with openpyxl's streaming modes (read-only in, write-only out): the first sheet, header first."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from tradeguard.batch.formats import RowReader
from tradeguard.batch.model import ABSENT, SourceRow
from tradeguard.errors import InputError

MAX_SHEET_ROWS = 1_048_576  # Excel's limit, header included
MAX_CELL_CHARS = 32_767


class XlsxReader(RowReader):
    """Reads the first worksheet; the first non-empty row is the header."""

    format = "xlsx"

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises zipfile, KeyError and XML errors for broken files
            raise InputError(f"{path}: not a readable .xlsx workbook: {exc}") from exc
        self._sheet = self._book.worksheets[0]
        self._iter = self._sheet.iter_rows(values_only=True)
        self._row_number = 0
        self._total = self._sheet.max_row
        self.columns = self._header()

    def _header(self) -> list[str]:
        for values in self._iter:
            self._row_number += 1
            if any(value is not None and str(value).strip() for value in values):
                names = [str(value).strip() if value is not None else "" for value in values]
                while names and not names[-1]:
                    names.pop()  # trailing empty header cells are formatting, not columns
                return [name or f"column_{at}" for at, name in enumerate(names, 1)]
        self.close()
        raise InputError(f"{self.path}: the first sheet is empty (no header row)")

    def describe(self) -> str:
        return f"XLSX, sheet {self._sheet.title!r}"

    def progress(self) -> tuple[int, int | None]:
        return self._row_number, self._total

    def rows(self) -> Iterator[SourceRow]:
        width = len(self.columns)
        for values in self._iter:
            self._row_number += 1
            if all(value is None or (isinstance(value, str) and not value.strip()) for value in values):
                continue  # an empty row is not a row
            cells = list(values[:width]) + [None] * (width - len(values))
            spill = [value for value in values[width:] if value is not None]
            error = f"row {self._row_number}: values beyond the header's columns: {spill!r}" if spill else None
            yield SourceRow(self._row_number, cells, error)

    def close(self) -> None:
        self._book.close()


def _cell(value: Any) -> Any:
    if value is None or value is ABSENT:
        return None
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)[:MAX_CELL_CHARS]
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.isoformat()  # Excel has no time zones
    if isinstance(value, (int, float, datetime)) or hasattr(value, "isoformat"):
        return value
    return str(value)


class XlsxWriter:
    """Writes one sheet in write-only mode (rows are flushed to a temporary file, not kept in memory)."""

    def __init__(self, path: Path, columns: Sequence[str]) -> None:
        self.path = path
        self._book = Workbook(write_only=True)
        self._sheet = self._book.create_sheet("screened")
        self._sheet.append(list(columns))
        self._rows = 1

    def write(self, values: Sequence[Any]) -> None:
        self._rows += 1
        if self._rows > MAX_SHEET_ROWS:
            raise InputError(
                f"{self.path}: more rows than an .xlsx sheet holds ({MAX_SHEET_ROWS}); write .csv or .parquet"
            )
        self._sheet.append([_cell(value) for value in values])

    def close(self) -> None:
        self._book.save(self.path)
