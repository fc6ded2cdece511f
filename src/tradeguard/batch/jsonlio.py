"""JSON Lines in and out: one object per line; keys absent from a record stay absent in the output."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from tradeguard.batch.formats import RowReader
from tradeguard.batch.model import ABSENT, SourceRow
from tradeguard.errors import InputError


def _parse(line: bytes) -> tuple[dict[str, Any] | None, str | None]:
    """The object on one line, or the reason it is not one."""
    try:
        value = json.loads(line)
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 text: {exc.reason} at byte {exc.start}"
    except json.JSONDecodeError as exc:
        return None, f"invalid JSON: {exc.msg} at column {exc.colno}"
    if not isinstance(value, dict):
        return None, f"expected a JSON object, found {type(value).__name__}"
    return value, None


class JsonlReader(RowReader):
    """Reads the file twice: once to learn every key (the columns), once to stream the records."""

    format = "jsonl"

    def __init__(self, path: Path) -> None:
        self.path = path
        self._size = path.stat().st_size
        self._handle = path.open("rb")
        self.columns = self._scan_keys()
        self._handle.seek(0)

    def _scan_keys(self) -> list[str]:
        # A dict keeps first-seen order; only keys are held, so memory stays flat however long the file is.
        keys: dict[str, None] = {}
        for line in self._handle:
            if line.strip():
                record, _ = _parse(line)
                if record is not None:
                    keys.update(dict.fromkeys(record))
        if not keys:
            self.close()
            raise InputError(f"{self.path}: no JSON object with any key in the file")
        return list(keys)

    def describe(self) -> str:
        return f"JSON Lines, {len(self.columns)} keys"

    def progress(self) -> tuple[int, int | None]:
        return (self._handle.tell() if not self._handle.closed else self._size), self._size

    def rows(self) -> Iterator[SourceRow]:
        columns = self.columns
        for number, line in enumerate(self._handle, 1):
            if not line.strip():
                continue
            record, problem = _parse(line)
            if record is None:
                raw = line.decode("utf-8", errors="replace").rstrip("\r\n")
                yield SourceRow(number, [ABSENT] * len(columns), f"line {number}: {problem}: {raw}")
                continue
            yield SourceRow(number, [record.get(key, ABSENT) for key in columns])

    def close(self) -> None:
        self._handle.close()


class JsonlWriter:
    """Writes one JSON object per line: the input's keys (absent ones left out), then the result keys."""

    def __init__(self, path: Path, columns: Sequence[str]) -> None:
        self._handle = path.open("w", encoding="utf-8", newline="\n")
        self._columns = list(columns)

    def write(self, values: Sequence[Any]) -> None:
        record = {key: value for key, value in zip(self._columns, values, strict=True) if value is not ABSENT}
        self._handle.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")

    def close(self) -> None:
        self._handle.close()
