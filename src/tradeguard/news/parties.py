"""Counterparties for the news watch, behind one narrow interface: the store's register (`parties import`), or a
file — a CSV with a `name` column (and optionally `id` and `kind`), or plain text with one name per line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from tradeguard.errors import InputError, ParseError
from tradeguard.lists.model import EntryKind
from tradeguard.lists.textio import decode
from tradeguard.news.model import Counterparty
from tradeguard.store.base import Store
from tradeguard.store.review import review_store

_KINDS = {"person": "person", "individual": "person", "organization": "organization", "entity": "organization"}


class CounterpartySource(Protocol):
    """Anything that can list the company's registered counterparties."""

    def counterparties(self) -> Sequence[Counterparty]: ...


class RegisteredCounterparties:
    """The counterparty register in the store (`tradeguard parties import`), read as news counterparties."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def counterparties(self) -> Sequence[Counterparty]:
        registered = review_store(self.store).parties()
        return [Counterparty(str(p.id), p.name, _register_kind(p.kind)) for p in registered]


def _register_kind(kind: EntryKind | None) -> str | None:
    return kind.value if kind in (EntryKind.PERSON, EntryKind.ORGANIZATION) else None


def _from_csv(text: str, path: Path) -> list[Counterparty]:
    reader = csv.DictReader(io.StringIO(text))
    columns = {name.strip().lower(): name for name in reader.fieldnames or ()}
    if "name" not in columns:
        raise ParseError("a counterparty CSV needs a 'name' column", path=str(path), line=1)
    out: list[Counterparty] = []
    for row in reader:
        line = reader.line_num
        name = (row.get(columns["name"]) or "").strip()
        if not name:
            raise ParseError("empty counterparty name", path=str(path), line=line)
        raw_kind = (row.get(columns.get("kind", columns.get("type", ""))) or "").strip().lower()
        if raw_kind and raw_kind not in _KINDS:
            raise ParseError(f"unknown kind {raw_kind!r}; use person or organization", path=str(path), line=line)
        party_id = (row.get(columns.get("id", "")) or "").strip() or f"line-{line}"
        out.append(Counterparty(party_id, name, _KINDS.get(raw_kind)))
    return out


def parse_counterparties(text: str, path: Path) -> list[Counterparty]:
    """Counterparties from the text of a file (CSV when the first line names a `name` column)."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    if "," in first and "name" in {cell.strip().lower() for cell in first.split(",")}:
        return _from_csv(text.lstrip("\ufeff"), path)
    return [
        Counterparty(f"line-{number}", line.strip())
        for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]


def load_counterparties(path: Path) -> list[Counterparty]:
    """Read a counterparty file; `ParseError` names the file and line of a bad row."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read counterparties file {path}: {exc.strerror or exc}") from exc
    return parse_counterparties(decode(data, path), path)
