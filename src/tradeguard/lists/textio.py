"""Reading list files as text and CSV records: encodings, BOMs, line numbers, truncation and empty files."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from tradeguard.errors import ParseError
from tradeguard.lists.fields import Warnings

# Remarks and addresses can be huge; the csv module's default 128 KiB field limit would abort the whole file.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

EOF_MARKER = "\x1a"  # OFAC ends its CSV files with a DOS end-of-file character


def read_bytes(path: Path) -> bytes:
    """The file's bytes; a clear ParseError if it is missing, unreadable or empty."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(f"cannot read file: {exc.strerror or exc}", path=str(path)) from exc
    if not data.strip(b" \t\r\n\x1a\x00\xef\xbb\xbf"):
        raise ParseError("file is empty", path=str(path))
    return data


def decode(data: bytes, path: Path) -> str:
    """Decode UTF-8 (with or without BOM, or UTF-16 with BOM); else detect the legacy encoding (OFAC: cp1252)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=["cp1252", "latin_1", "cp1251", "gb18030", "shift_jis"]).best()
    if best is not None and best.encoding not in {"utf_8", "ascii"}:
        return str(best)
    # cp1252 leaves five bytes undefined; latin-1 decodes everything, so nothing is ever lost.
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def read_text(path: Path) -> str:
    """The whole file as text, decoded (see `decode`)."""
    return decode(read_bytes(path), path)


@dataclass(frozen=True, slots=True)
class Record:
    """One CSV record and the line it starts on (1-based)."""

    line: int
    cells: list[str]


def csv_records(text: str, path: Path, *, delimiter: str = ",") -> Iterator[Record]:
    """Yield the CSV records of `text` with their first line number; a broken or unterminated quote raises."""
    buffer = io.StringIO(text, newline="")  # keeps CR/LF inside quoted fields intact
    reader = csv.reader(buffer, delimiter=delimiter, strict=True)
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            at_end = not buffer.read().strip(EOF_MARKER + "\r\n")
            reason = "file ends inside a quoted field (truncated?)" if at_end else f"malformed CSV: {exc}"
            raise ParseError(reason, path=str(path), line=start) from exc
        if any(cell.strip() for cell in cells) and cells != [EOF_MARKER]:
            yield Record(start, cells)
        start = reader.line_num + 1


def ends_with_eof_marker(text: str) -> bool:
    """Whether an OFAC CSV ends with its `\\x1a` marker (files without it may have been cut short)."""
    return text.rstrip("\r\n").endswith(EOF_MARKER)


def checked_table(
    path: Path, required: tuple[str, ...], warnings: Warnings, *, what: str, delimiter: str = ","
) -> tuple[list[str], list[Record], int]:
    """The header, the well-formed records and the count of all data records of a CSV with a header row.

    A record with the wrong number of cells is skipped with a warning, except the last one: a short last record
    means the file was cut off, which is an error.
    """
    records = list(csv_records(read_text(path), path, delimiter=delimiter))
    if not records:
        raise ParseError("file has no rows", path=str(path))
    header = [cell.strip().strip('"').strip() for cell in records[0].cells]
    missing = [column for column in required if column not in header]
    if missing:
        raise ParseError(f"not a {what}: missing column(s) {', '.join(missing)}", path=str(path), line=1)
    return header, well_formed(records[1:], len(header), path, warnings), len(records) - 1


def well_formed(records: list[Record], width: int, path: Path, warnings: Warnings) -> list[Record]:
    """The records with exactly `width` cells; others are skipped with a warning, but a short LAST record is an error
    (the file was cut off)."""
    good = []
    for index, record in enumerate(records):
        if len(record.cells) == width:
            good.append(record)
            continue
        detail = f"{len(record.cells)} cells where {width} are expected"
        if index == len(records) - 1 and len(record.cells) < width:
            raise ParseError(f"last row is incomplete ({detail}): file truncated?", path=str(path), line=record.line)
        warnings.add(f"skipped row: {detail}", record.line)
    return good
