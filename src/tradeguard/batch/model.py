"""Plain data of batch screening: options, the column mapping, rows in, rows out and the end-of-run summary."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

# The columns screening appends to every input row, in output order.
RESULT_COLUMNS: tuple[str, ...] = (
    "status",  # clear / potential_match / error
    "hit_count",  # potential matches for this row (at most the screen limit)
    "more_hits",  # true when the screen limit left out an entry that scores, or may score, as a potential match
    "entry_id",  # best hit: list entry id
    "list",  # best hit: list code (e.g. us-bis-entity-list)
    "entry_name",  # best hit: the entry's primary name
    "matched_name",  # best hit: the entry name or alias that scored best
    "score",  # best hit: score in [0, 1]
    "explanation",  # best hit: why it matched
    "license_requirement",  # best hit, Entity List: for which items a license is required
    "license_policy",  # best hit, Entity List: the license review policy
    "other_hits",  # compact JSON of the other potential matches: [{"id", "list", "name", "score"}]
    "error",  # why a row could not be read or screened
)

# The result columns that are not text; writers that type their columns (Parquet, Spark) use these.
RESULT_VALUE_TYPES: dict[str, type] = {"hit_count": int, "more_hits": bool, "score": float}

STATUS_CLEAR = "clear"
STATUS_MATCH = "potential_match"
STATUS_ERROR = "error"


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """Which input columns hold the party's name, kind, country, address and the row's own id."""

    name: str
    kind: str | None = None
    country: str | None = None
    address: str | None = None
    id: str | None = None

    def describe(self) -> str:
        """One line naming the chosen columns, for the user to check the auto-detection."""
        chosen = {"name": self.name, "kind": self.kind, "country": self.country, "address": self.address, "id": self.id}
        return ", ".join(f"{role}={column!r}" for role, column in chosen.items() if column is not None)


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """How to read, map and screen a file; every field is optional."""

    name_col: str | None = None
    kind_col: str | None = None
    country_col: str | None = None
    address_col: str | None = None
    id_col: str | None = None
    threshold: float | None = None  # None: the settings' threshold
    workers: int | None = None  # None: one process per core
    format: str | None = None  # csv, tsv, xlsx, parquet, jsonl; None: from the input file's extension
    output_format: str | None = None  # None: from the output file's extension, else the input's format
    delimiter: str | None = None  # CSV only; None: sniffed
    encoding: str | None = None  # CSV only; None: detected
    chunk_size: int = 500  # rows per unit of work handed to a worker
    sources: tuple[str, ...] = ()  # only these lists or datasets; empty: all


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One row as read from the input: its position, its values by column, and why it is unreadable if it is."""

    line: int  # 1-based line (CSV, JSONL), sheet row (XLSX) or data row (Parquet) where the row starts
    values: Sequence[Any]  # aligned with the reader's columns
    error: str | None = None


@dataclass(frozen=True, slots=True)
class BestHit:
    """The fields of one potential match that the output carries."""

    entry_id: str
    source: str
    entry_name: str
    matched_name: str
    score: float
    explanation: str
    license_requirement: str | None = None
    license_policy: str | None = None


@dataclass(frozen=True, slots=True)
class RowOutcome:
    """What screening one row gave: its status, its potential matches (best first) or its error."""

    line: int
    status: str
    hits: tuple[BestHit, ...] = ()
    error: str | None = None
    snapshots: tuple[int, ...] = ()
    truncated: bool = False  # the screen limit left out an entry that scores, or may score, as a potential match


@dataclass
class BatchSummary:
    """The end-of-run account: rows read and how they came out, hits by list, errors, time and rate."""

    input: Path | None = None
    output: Path | None = None
    input_format: str = ""
    output_format: str = ""
    columns: ColumnMap | None = None
    rows: int = 0
    clear: int = 0
    potential_matches: int = 0
    more_hits: int = 0  # rows whose screen limit left out further potential matches
    errors: int = 0
    hits_by_list: dict[str, int] = field(default_factory=dict)
    error_lines: list[tuple[int, str]] = field(default_factory=list)  # the first errors, (line, message)
    snapshots: list[tuple[int, ...]] = field(default_factory=list)  # snapshot sets seen (more than one: lists changed)
    workers: int = 1
    seconds: float = 0.0  # screening, from the first row read to the last written
    index_seconds: float = 0.0  # building the engine's index before the first row

    @property
    def rate(self) -> float:
        """Rows per second over the whole run."""
        return self.rows / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "input": str(self.input) if self.input else None,
            "output": str(self.output) if self.output else None,
            "input_format": self.input_format,
            "output_format": self.output_format,
            "columns": self.columns.describe() if self.columns else None,
            "rows": self.rows,
            "clear": self.clear,
            "potential_matches": self.potential_matches,
            "more_hits": self.more_hits,
            "errors": self.errors,
            "hits_by_list": dict(self.hits_by_list),
            "error_lines": [list(item) for item in self.error_lines],
            "snapshots": [list(item) for item in self.snapshots],
            "workers": self.workers,
            "seconds": round(self.seconds, 3),
            "index_seconds": round(self.index_seconds, 3),
            "rate": round(self.rate, 1),
        }


class Absent(Enum):
    """Marks a key a JSON Lines record does not have (unlike null); written as an empty cell elsewhere."""

    ABSENT = "absent"


ABSENT = Absent.ABSENT
