"""Pair files: score a CSV of name pairs in a stream, and read labelled pairs for evaluation.

Input columns: `name1`, `name2`, optional `kind` (or `schema`: Person, Company, Organization, LegalEntity, Vessel,
Airplane), and for evaluation `is_match`. A bad row never stops the run and is never dropped: it is written with
score 0 and an `error` naming its line (compare) or reported with its line number (evaluate).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Final, TextIO

from tradeguard.errors import InputError, ParseError
from tradeguard.lists.model import EntryKind
from tradeguard.match.evaluate import parse_kind, parse_label
from tradeguard.match.scorer import DEFAULT_THRESHOLD, compare_score

REQUIRED: Final = ("name1", "name2")
OUTPUT: Final = ("score", "match", "error")


@dataclass
class PairsSummary:
    rows: int = 0
    matches: int = 0
    errors: list[str] = field(default_factory=list)  # "line N: reason"


def _open_reader(handle: TextIO, path: Path, required: tuple[str, ...]) -> csv.DictReader[str]:
    reader = csv.DictReader(handle)
    columns = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in required if name not in columns]
    if missing:
        raise ParseError(
            f"missing column(s) {', '.join(missing)}; found {', '.join(columns) or 'none'}", path=str(path)
        )
    reader.fieldnames = columns
    return reader


def _kind_of(row: dict[str, str | None]) -> EntryKind | None:
    return parse_kind(row.get("kind") or row.get("schema") or "")


@dataclass(frozen=True, slots=True)
class _Layout:
    """Where the columns of a pairs file are: plain lists are read and written (dict rows cost more than scoring)."""

    width: int
    name1: int
    name2: int
    kind: int | None
    schema: int | None

    @classmethod
    def of(cls, header: list[str], path: Path) -> _Layout:
        missing = [name for name in REQUIRED if name not in header]
        if missing:
            found = ", ".join(header) or "none"
            raise ParseError(f"missing column(s) {', '.join(missing)}; found {found}", path=str(path))
        # The last column of a repeated name wins, as in a dict row.
        position = {name: index for index, name in enumerate(header)}
        return cls(len(header), position["name1"], position["name2"], position.get("kind"), position.get("schema"))

    def cell(self, row: list[str], index: int | None) -> str:
        return row[index] if index is not None and index < len(row) else ""


def _score_fields(row: list[str], layout: _Layout, line: int, threshold: float) -> tuple[float, bool, str]:
    """Score one row: (score, match, error text or "")."""
    if len(row) > layout.width:
        return 0.0, False, f"line {line}: more fields than columns"
    if max(layout.name1, layout.name2) >= len(row):
        return 0.0, False, f"line {line}: fewer fields than columns"
    try:
        kind = _parse_kind_cached(layout.cell(row, layout.kind) or layout.cell(row, layout.schema))
        score = compare_score(row[layout.name1], row[layout.name2], kind)
    except InputError as exc:
        return 0.0, False, f"line {line}: {exc.message}"
    return score, score >= threshold, ""


@lru_cache(maxsize=64)
def _parse_kind_cached(text: str) -> EntryKind | None:
    return parse_kind(text)


def compare_pairs(in_path: Path, out_path: Path, threshold: float | None = None) -> PairsSummary:
    """Score every pair of `in_path` into `out_path` (input columns + score, match, error), streaming."""
    cutoff = DEFAULT_THRESHOLD if threshold is None else threshold
    summary = PairsSummary()
    try:
        with in_path.open(encoding="utf-8-sig", newline="") as source, out_path.open("w", newline="") as target:
            reader = csv.reader(source)
            header = [name.strip().lower() for name in next(reader, [])]
            layout = _Layout.of(header, in_path)
            writer = csv.writer(target)
            # An input column named like one of ours (a previous run's "score") is kept, renamed "score_in".
            writer.writerow([f"{name}_in" if name in OUTPUT else name for name in header] + list(OUTPUT))
            padding = [""] * layout.width
            for row in reader:
                if not row:
                    continue  # a blank line is no row
                score, match, error = _score_fields(row, layout, reader.line_num, cutoff)
                kept = row[: layout.width] if len(row) >= layout.width else row + padding[len(row) :]
                writer.writerow([*kept, f"{score:.4f}", "true" if match else "false", error])
                summary.rows += 1
                summary.matches += match
                if error:
                    summary.errors.append(error)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ParseError(f"cannot read pairs: {exc}", path=str(in_path)) from exc
    return summary


def read_labelled(path: Path) -> Iterator[tuple[str, str, EntryKind | None, bool]]:
    """Yield `(name1, name2, kind, is_match)` rows; a bad row raises `ParseError` naming its line."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = _open_reader(handle, path, (*REQUIRED, "is_match"))
            for row in reader:
                try:
                    yield str(row["name1"]), str(row["name2"]), _kind_of(row), parse_label(row.get("is_match"))
                except InputError as exc:
                    raise ParseError(exc.message, path=str(path), line=reader.line_num) from exc
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ParseError(f"cannot read labelled pairs: {exc}", path=str(path)) from exc
