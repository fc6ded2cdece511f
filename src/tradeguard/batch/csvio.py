"""CSV in and out: encoding and delimiter detected (or as told), rows streamed with the line each starts on."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes

from tradeguard.batch.formats import RowReader
from tradeguard.batch.model import ABSENT, SourceRow
from tradeguard.errors import InputError

SAMPLE_BYTES = 256 * 1024  # enough to detect encoding and delimiter, small enough to do it in milliseconds
DELIMITERS = (",", ";", "\t", "|")
_NAMED_DELIMITERS = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "space": " "}
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))  # fmt: skip
# Bytes the encoding cannot decode are kept as lone surrogates (errors="surrogateescape") so the row can be reported.
_UNDECODABLE = re.compile("[\udc80-\udcff]")
# A record spanning this many lines most likely has an unbalanced quote that swallowed the rows after it.
_SUSPICIOUS_SPAN = 50


def parse_delimiter(text: str) -> str:
    """The one-character delimiter an option names ("tab", "\\t", ";")."""
    delimiter = _NAMED_DELIMITERS.get(text.lower(), text)
    if len(delimiter) != 1:
        raise InputError(f"--delimiter must be one character (or tab, comma, semicolon, pipe), got {text!r}")
    return delimiter


def detect_encoding(sample: bytes) -> str:
    """The encoding of a file starting with `sample`: a BOM, else UTF-8 if it decodes, else charset-normalizer's."""
    for bom, encoding in _BOMS:
        if sample.startswith(bom):
            return encoding
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    matches = from_bytes(sample)
    best = matches.best()
    if best is None:
        return "cp1252"
    # Short samples fit several single-byte code pages equally well (cp1250 reads "Peña" as "Peńa"); business files
    # that are not UTF-8 are overwhelmingly Windows-1252, so it wins every tie.
    tied = [match for match in matches if match.percent_chaos <= best.percent_chaos]
    if any("cp1252" in match.could_be_from_charset for match in tied):
        return "cp1252"
    return best.encoding


def detect_delimiter(text: str) -> str:
    """The candidate delimiter that splits the sample's lines into the most, and most consistent, fields."""
    lines = text.splitlines()[:200]
    if len(lines) > 1 and not text.endswith(("\n", "\r")):
        lines = lines[:-1]  # the sample may end mid-line
    best, best_score = ",", (0.0, 0)
    for delimiter in DELIMITERS:
        widths = [len(record) for record in csv.reader(lines, delimiter=delimiter) if record]
        if not widths:
            continue
        width, count = Counter(widths).most_common(1)[0]
        if width < 2:
            continue
        # Most rows share one width, the header agrees with it; among equals, the one splitting more wins.
        score = (count / len(widths) + (0.5 if widths[0] == width else 0.0), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


class CsvReader(RowReader):
    """Reads a delimited text file row by row; bad rows become error rows naming their lines."""

    format = "csv"

    def __init__(self, path: Path, *, encoding: str | None = None, delimiter: str | None = None) -> None:
        self.path = path
        self._raw = path.open("rb")
        self._size = path.stat().st_size
        sample = self._raw.read(SAMPLE_BYTES)
        self._raw.seek(0)
        self.encoding = encoding or detect_encoding(sample)
        self._check_encoding()
        self._text = io.TextIOWrapper(self._raw, encoding=self.encoding, errors="surrogateescape", newline="")
        sample_text = sample.decode(self.encoding, errors="replace")
        self.delimiter = parse_delimiter(delimiter) if delimiter else detect_delimiter(sample_text)
        self._reader = csv.reader(self._text, delimiter=self.delimiter)
        self.columns = self._header()

    def _check_encoding(self) -> None:
        try:
            codecs.lookup(self.encoding)
        except LookupError as exc:
            self._raw.close()
            raise InputError(f"{self.path}: unknown encoding {self.encoding!r}") from exc

    def _header(self) -> list[str]:
        for record in self._reader:
            if any(field.strip() for field in record):
                return [_header_name(field, at) for at, field in enumerate(record, 1)]
        self.close()
        raise InputError(f"{self.path}: the file is empty (no header row)")

    def describe(self) -> str:
        shown = {"\t": "tab", " ": "space"}.get(self.delimiter, self.delimiter)
        return f"CSV, encoding {self.encoding}, delimiter {shown!r}"

    def progress(self) -> tuple[int, int | None]:
        return (self._raw.tell() if not self._raw.closed else self._size), self._size

    def rows(self) -> Iterator[SourceRow]:
        reader = self._reader
        width = len(self.columns)
        while True:
            start = reader.line_num + 1
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield SourceRow(start, [None] * width, f"line {start}: unreadable CSV: {exc}")
                continue
            if not record:
                continue  # a blank line is not a row
            yield _checked_row(start, reader.line_num, record, width, self.encoding)

    def close(self) -> None:
        if not self._raw.closed:
            self._raw.close()


def _header_name(field: str, at: int) -> str:
    name = _UNDECODABLE.sub("\ufffd", field.strip().lstrip("\ufeff"))
    return name or f"column_{at}"


def _checked_row(start: int, end: int, record: list[str], width: int, encoding: str) -> SourceRow:
    problems = []
    if any(_UNDECODABLE.search(field) for field in record):
        record = [_UNDECODABLE.sub("\ufffd", field) for field in record]
        problems.append(f"bytes that are not valid {encoding} (shown as \ufffd)")
    if len(record) != width:
        spread = f" (record spans lines {start}-{end}; unbalanced quote?)" if end - start >= _SUSPICIOUS_SPAN else ""
        problems.append(f"expected {width} fields, found {len(record)}{spread}")
        if len(record) > width:
            problems.append(f"extra fields: {record[width:]!r}")
    values: list[Any] = list(record[:width]) + [None] * (width - len(record))
    if not problems:
        return SourceRow(start, values)
    return SourceRow(start, values, f"line {start}: " + "; ".join(problems))


class CsvWriter:
    """Writes UTF-8 CSV with the input's delimiter, one record per call."""

    def __init__(self, path: Path, columns: Sequence[str], *, delimiter: str = ",") -> None:
        self._handle = path.open("w", encoding="utf-8", newline="")
        self._writer = csv.writer(self._handle, delimiter=delimiter)
        self._writer.writerow(columns)

    def write(self, values: Sequence[Any]) -> None:
        self._writer.writerow([_csv_cell(value) for value in values])

    def close(self) -> None:
        self._handle.close()


def _csv_cell(value: Any) -> Any:
    if value is None or value is ABSENT:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"  # as JSON writes them; spreadsheet and pandas readers take either case
    return value
