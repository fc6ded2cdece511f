"""Pair files: score a CSV of name pairs in a stream, and read labelled pairs for evaluation.

Input columns: `name1`, `name2`, optional `kind` (or `schema`: Person, Company, Organization, LegalEntity, Vessel,
Airplane), and for evaluation `is_match`. A bad row never stops the run and is never dropped: it is written with
score 0 and an `error` naming its line (compare) or reported with its line number (evaluate).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from tradeguard.errors import InputError, ParseError
from tradeguard.lists.model import EntryKind
from tradeguard.match.evaluate import parse_kind, parse_label
from tradeguard.match.scorer import DEFAULT_THRESHOLD, compare_score

REQUIRED = ("name1", "name2")
OUTPUT = ("score", "match", "error")


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


def _score_row(row: dict[str, str | None], line: int, threshold: float) -> tuple[float, bool, str]:
    """Score one row: (score, match, error text or "")."""
    if None in row:
        return 0.0, False, f"line {line}: more fields than columns"
    name1, name2 = row.get("name1"), row.get("name2")
    if name1 is None or name2 is None:
        return 0.0, False, f"line {line}: fewer fields than columns"
    try:
        kind = _kind_of(row)
        score = compare_score(name1, name2, kind)
    except InputError as exc:
        return 0.0, False, f"line {line}: {exc.message}"
    return score, score >= threshold, ""


def compare_pairs(in_path: Path, out_path: Path, threshold: float | None = None) -> PairsSummary:
    """Score every pair of `in_path` into `out_path` (input columns + score, match, error), streaming."""
    cutoff = DEFAULT_THRESHOLD if threshold is None else threshold
    summary = PairsSummary()
    try:
        with in_path.open(encoding="utf-8-sig", newline="") as source, out_path.open("w", newline="") as target:
            reader = _open_reader(source, in_path, REQUIRED)
            # An input column named like one of ours (a previous run's "score") is kept, renamed "score_in".
            renamed = {name: f"{name}_in" if name in OUTPUT else name for name in reader.fieldnames or []}
            writer = csv.DictWriter(target, fieldnames=[*renamed.values(), *OUTPUT], extrasaction="ignore")
            writer.writeheader()
            for row in reader:
                score, match, error = _score_row(row, reader.line_num, cutoff)
                kept = {renamed.get(str(key), str(key)): value for key, value in row.items() if key is not None}
                writer.writerow(
                    {**kept, "score": f"{score:.4f}", "match": "true" if match else "false", "error": error}
                )
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
