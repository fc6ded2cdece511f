"""`AuditLog`: append records to the hash chain and read them back, on any store that offers SQL sessions.

Appending reads the chain head, hashes the new record onto it and moves the head, all in one write transaction that
holds the head locked (SQLite: the `BEGIN IMMEDIATE` writer lock; PostgreSQL: `SELECT ... FOR UPDATE` on the head
row), so concurrent writers in other processes queue instead of forking the chain.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from tradeguard.audit.model import AuditDraft, AuditKind, AuditRecord, canonical_json, chain_hash, record_body
from tradeguard.errors import InputError, NotFoundError
from tradeguard.store.base import SqlSession, Store

_COLUMNS = (
    "id, kind, recorded_at, actor, parties, input, result, snapshots, rules_version, engine_version, settings,"
    " prev_hash, hash"
)
_INSERT = (
    "INSERT INTO audit_log (kind, recorded_at, actor, parties, input, result, snapshots, rules_version,"
    " engine_version, settings, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"
)
_SCAN_BATCH = 1000


@dataclass(frozen=True, slots=True)
class ChainHead:
    """How many records the chain holds and the hash of the last one."""

    count: int
    hash: str


class AuditLog:
    """The append-only, hash-chained audit trail kept in a store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def append(self, draft: AuditDraft) -> AuditRecord:
        """Record one draft at the end of the chain."""
        return self.append_many([draft])[0]

    def append_many(self, drafts: Sequence[AuditDraft]) -> list[AuditRecord]:
        """Record several drafts in one transaction (one commit, one fsync), in order."""
        with self._store.sql(write=True) as sql:
            head = _locked_head(sql)
            records = []
            for draft in drafts:
                record = _append(sql, draft, head)
                head = ChainHead(head.count + 1, record.hash)
                records.append(record)
            sql.execute("UPDATE audit_head SET count = ?, hash = ? WHERE id = 1", (head.count, head.hash))
        return records

    def head(self) -> ChainHead:
        with self._store.sql() as sql:
            return _head(sql)

    def get(self, record_id: int) -> AuditRecord:
        """One record by id; NotFoundError if there is none."""
        with self._store.sql() as sql:
            row = sql.execute(f"SELECT {_COLUMNS} FROM audit_log WHERE id = ?", (record_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no audit record with id {record_id}")
        return record_from_row(row)

    def records(
        self,
        *,
        party: str | None = None,
        since: date | None = None,
        kind: AuditKind | None = None,
        limit: int | None = None,
    ) -> list[AuditRecord]:
        """Records newest first, optionally only those naming `party` (any case), recorded on or after `since`."""
        where, params = _filters(party, since, kind)
        sql_text = f"SELECT {_COLUMNS} FROM audit_log{where} ORDER BY id DESC"
        if limit is not None:
            if limit < 1:
                raise InputError(f"limit must be at least 1, got {limit}")
            sql_text += f" LIMIT {int(limit)}"
        with self._store.sql() as sql:
            return [record_from_row(row) for row in sql.execute(sql_text, params).fetchall()]


def scan(sql: SqlSession) -> Iterator[AuditRecord]:
    """Every record in id order, read in batches (for `verify` over millions of records)."""
    last = 0
    while True:
        rows = sql.execute(
            f"SELECT {_COLUMNS} FROM audit_log WHERE id > ? ORDER BY id LIMIT {_SCAN_BATCH}", (last,)
        ).fetchall()
        if not rows:
            return
        for row in rows:
            yield record_from_row(row)
        last = int(rows[-1][0])


def _head(sql: SqlSession, lock: str = "") -> ChainHead:
    count, hash_ = sql.execute(f"SELECT count, hash FROM audit_head WHERE id = 1{lock}").fetchone()
    return ChainHead(int(count), str(hash_))


def _locked_head(sql: SqlSession) -> ChainHead:
    # SQLite already holds the database's one writer lock; PostgreSQL locks the head row until commit.
    return _head(sql, " FOR UPDATE" if sql.dialect == "postgresql" else "")


def _append(sql: SqlSession, draft: AuditDraft, head: ChainHead) -> AuditRecord:
    # Round-trip through canonical JSON first, so the record hashed is exactly the one read back later.
    input_, result, settings = (
        json.loads(canonical_json(part)) for part in (draft.input, draft.result, draft.settings)
    )
    snapshots = tuple(sorted(set(draft.snapshots)))
    recorded_at = datetime.now(UTC).isoformat()
    body = record_body(
        draft.kind, recorded_at, draft.actor, input_, result, snapshots, draft.engine_version, settings,
        draft.rules_version, draft.parties,
    )  # fmt: skip
    digest = chain_hash(head.hash, body)
    row = (
        str(draft.kind), recorded_at, draft.actor, "\n".join(draft.parties), canonical_json(input_),
        canonical_json(result), canonical_json(list(snapshots)), draft.rules_version, draft.engine_version,
        canonical_json(settings), head.hash, digest,
    )  # fmt: skip
    record_id = int(sql.execute(_INSERT, row).fetchone()[0])
    sql.executemany(
        "INSERT INTO audit_snapshots (snapshot_id, audit_id) VALUES (?, ?)", [(s, record_id) for s in snapshots]
    )
    return AuditRecord(
        record_id, draft.kind, recorded_at, draft.actor, input_, result, snapshots, draft.engine_version, settings,
        draft.rules_version, draft.parties, head.hash, digest,
    )  # fmt: skip


def _filters(party: str | None, since: date | None, kind: AuditKind | None) -> tuple[str, tuple[Any, ...]]:
    clauses: list[str] = []
    params: list[Any] = []
    if party:
        clauses.append("lower(parties) LIKE ?")
        params.append("%" + party.lower() + "%")
    if since is not None:
        clauses.append("recorded_at >= ?")
        params.append(since.isoformat())
    if kind is not None:
        clauses.append("kind = ?")
        params.append(str(kind))
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), tuple(params)


def record_from_row(row: Sequence[Any]) -> AuditRecord:
    """The record a stored row holds (JSON columns decoded; nothing re-hashed)."""
    rid, kind, at, actor, parties, input_, result, snapshots, rules, engine, settings, prev_hash, hash_ = row
    return AuditRecord(
        id=int(rid),
        kind=str(kind),
        recorded_at=str(at),
        actor=str(actor),
        input=_json_object(input_),
        result=_json_object(result),
        snapshots=_snapshot_ids(snapshots),
        engine_version=str(engine),
        settings=_json_object(settings),
        rules_version=None if rules is None else str(rules),
        parties=tuple(str(parties).split("\n")) if parties else (),
        prev_hash=str(prev_hash),
        hash=str(hash_),
    )


def _json_object(text: Any) -> dict[str, Any]:
    # A column edited into something else is kept as text: its record then fails the hash check, naming it.
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return {"unreadable": str(text)}
    return value if isinstance(value, dict) else {"unreadable": str(text)}


def _snapshot_ids(text: Any) -> tuple[int, ...]:
    try:
        return tuple(int(s) for s in json.loads(text))
    except (TypeError, ValueError):
        return (-1,)
