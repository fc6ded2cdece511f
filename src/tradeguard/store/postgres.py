"""The PostgreSQL `Store` (psycopg 3): the same interface and schema as SQLite, for teams running several workers.

One connection per store, shared by threads under a lock, each operation in its own transaction. Snapshot writes
take a transaction-scoped advisory lock, so two importers queue as they do on SQLite's single writer; migrations take
another, so two processes opening a fresh database never apply a migration twice. Reads that span several statements
run in one REPEATABLE READ transaction, which sees one consistent state of the database.
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import psycopg

from tradeguard.errors import InputError, NotFoundError, StoreError
from tradeguard.lists.model import Entry, ParsedDataset, Snapshot
from tradeguard.store.base import ConstraintError, SqlRows, SqlSession, Store
from tradeguard.store.migrations import Migration, load_migrations
from tradeguard.store.sqlite import EntryRow, _snapshot_from_row, decode_entry, encode_entry

_SNAPSHOT_COLUMNS = "id, dataset, sha256, published, imported_at, entry_count, active, filename, format, source_rows"
_FETCH_BATCH = 2000
# Keys of pg_advisory_xact_lock: any two fixed numbers that no other application on the database uses.
_MIGRATION_LOCK = 7_220_051
_SNAPSHOT_LOCK = 7_220_052
_PLACEHOLDER = re.compile(r"\?")


def to_pyformat(sql: str) -> str:
    """Portable `?` placeholders to psycopg's `%s` (a literal `%` doubled first)."""
    return _PLACEHOLDER.sub("%s", sql.replace("%", "%%"))


class _PgSession:
    """`SqlSession` over a psycopg connection inside a transaction, turning integrity errors into ConstraintError."""

    dialect = "postgresql"

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self._conn = conn

    def execute(self, sql: str, params: Sequence[object] = ()) -> SqlRows:
        try:
            return self._conn.execute(to_pyformat(sql), tuple(params))
        except psycopg.errors.IntegrityError as exc:
            raise ConstraintError(str(exc).strip()) from exc

    def executemany(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        if not rows:
            return
        try:
            with self._conn.cursor() as cursor:
                cursor.executemany(to_pyformat(sql), rows)
        except psycopg.errors.IntegrityError as exc:
            raise ConstraintError(str(exc).strip()) from exc


class PostgresStore(Store):
    """`Store` over a PostgreSQL database; create with `open_store("postgresql://...")`."""

    dialect = "postgresql"

    def __init__(self, url: str) -> None:
        self.url = url
        self._lock = threading.RLock()
        try:
            self._conn: psycopg.Connection[Any] = psycopg.connect(url, autocommit=True)
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to PostgreSQL at {_redacted(url)}: {exc}".strip()) from exc
        self._migrate(load_migrations("postgres"))

    # -- transactions and migrations ------------------------------------------------------------------------------

    @contextmanager
    def _transaction(self, *, repeatable: bool = False) -> Iterator[psycopg.Connection[Any]]:
        with self._lock:
            try:
                with self._conn.transaction():
                    if repeatable:
                        self._conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    yield self._conn
            except psycopg.errors.IntegrityError as exc:
                raise ConstraintError(str(exc).strip()) from exc
            except psycopg.OperationalError as exc:
                raise StoreError(f"PostgreSQL at {_redacted(self.url)}: {exc}".strip()) from exc

    @contextmanager
    def sql(self, *, write: bool = False) -> Iterator[SqlSession]:
        with self._transaction(repeatable=not write) as conn:
            yield _PgSession(conn)

    def _migrate(self, migrations: list[Migration]) -> None:
        with self._transaction() as conn:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
            applied = {str(row[0]) for row in conn.execute("SELECT name FROM schema_migrations")}
            unknown = sorted(applied - {m.name for m in migrations})
            if unknown:
                raise StoreError(f"database has migrations this tradeguard does not know: {unknown}; upgrade")
            for migration in migrations:
                if migration.name not in applied:
                    conn.execute(migration.sql.encode("utf-8"))  # a whole script: no parameters, several statements
                    conn.execute("INSERT INTO schema_migrations VALUES (%s, %s)", (migration.name, _now()))

    def schema_version(self) -> list[str]:
        with self._transaction() as conn:
            return [str(row[0]) for row in conn.execute("SELECT name FROM schema_migrations ORDER BY name")]

    # -- writes ---------------------------------------------------------------------------------------------------

    def import_snapshot(
        self, parsed: ParsedDataset, *, sha256: str, filename: str | None = None, activate: bool = True
    ) -> Snapshot:
        with self._transaction() as conn:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SNAPSHOT_LOCK,))
            existing = self._find_id(conn, parsed.dataset, sha256)
            if existing is not None:
                return self._load_snapshot(conn, existing)
            row = conn.execute(
                "INSERT INTO snapshots (dataset, format, sha256, filename, published, imported_at, source_rows,"
                " warnings) VALUES (%s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
                (
                    parsed.dataset, parsed.format, sha256, filename, parsed.published, _now(), parsed.source_rows,
                    json.dumps(list(parsed.warnings), ensure_ascii=False),
                ),
            ).fetchone()  # fmt: skip
            assert row is not None
            snapshot_id = int(row[0])
            counts = self._copy_entries(conn, snapshot_id, parsed.dataset, parsed.entries)
            with conn.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO snapshot_lists VALUES (%s, %s, %s)", [(snapshot_id, k, v) for k, v in counts.items()]
                )
            conn.execute(
                "UPDATE snapshots SET entry_count = %s, sealed = 1 WHERE id = %s", (counts.total(), snapshot_id)
            )
            if activate:
                self._activate(conn, snapshot_id, parsed.dataset)
            return self._load_snapshot(conn, snapshot_id)

    @staticmethod
    def _copy_entries(
        conn: psycopg.Connection[Any], snapshot_id: int, dataset: str, entries: Iterable[Entry]
    ) -> Counter[str]:
        """COPY the entries in (several times faster than INSERTs), refusing two entries with one id."""
        counts: Counter[str] = Counter()
        seen: set[str] = set()
        columns = "snapshot_id, entry_id, source, kind, name, fingerprint, payload"
        with conn.cursor() as cursor, cursor.copy(f"COPY entries ({columns}) FROM STDIN") as copy:
            for entry in entries:
                if entry.id in seen:
                    raise InputError(f"{dataset}: two entries share the id {entry.id!r}; nothing was imported")
                seen.add(entry.id)
                counts[entry.source] += 1
                row: EntryRow = encode_entry(snapshot_id, entry)
                copy.write_row(row)
        return counts

    def activate(self, snapshot_id: int) -> Snapshot:
        with self._transaction() as conn:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SNAPSHOT_LOCK,))
            snapshot = self._load_snapshot(conn, snapshot_id)
            self._activate(conn, snapshot_id, snapshot.dataset)
            return self._load_snapshot(conn, snapshot_id)

    @staticmethod
    def _activate(conn: psycopg.Connection[Any], snapshot_id: int, dataset: str) -> None:
        conn.execute(
            "UPDATE snapshots SET active = 0 WHERE dataset = %s AND active = 1 AND id != %s", (dataset, snapshot_id)
        )
        conn.execute("UPDATE snapshots SET active = 1 WHERE id = %s", (snapshot_id,))

    # -- snapshot reads -------------------------------------------------------------------------------------------

    def find_snapshot(self, dataset: str, sha256: str) -> Snapshot | None:
        with self._transaction(repeatable=True) as conn:
            found = self._find_id(conn, dataset, sha256)
            return None if found is None else self._load_snapshot(conn, found)

    @staticmethod
    def _find_id(conn: psycopg.Connection[Any], dataset: str, sha256: str) -> int | None:
        row = conn.execute(
            "SELECT id FROM snapshots WHERE dataset = %s AND sha256 = %s AND sealed = 1", (dataset, sha256)
        ).fetchone()
        return None if row is None else int(row[0])

    def snapshots(self, dataset: str | None = None) -> list[Snapshot]:
        where, params = ("AND dataset = %s", (dataset,)) if dataset is not None else ("", ())
        sql = f"SELECT {_SNAPSHOT_COLUMNS} FROM snapshots WHERE sealed = 1 {where} ORDER BY id DESC"
        with self._transaction(repeatable=True) as conn:
            return _snapshots_from(conn, sql, params)

    def active_snapshots(self) -> list[Snapshot]:
        sql = f"SELECT {_SNAPSHOT_COLUMNS} FROM snapshots WHERE active = 1 AND sealed = 1 ORDER BY dataset"
        with self._transaction(repeatable=True) as conn:
            return _snapshots_from(conn, sql, ())

    def snapshot(self, snapshot_id: int) -> Snapshot:
        with self._transaction(repeatable=True) as conn:
            return self._load_snapshot(conn, snapshot_id)

    @staticmethod
    def _load_snapshot(conn: psycopg.Connection[Any], snapshot_id: int) -> Snapshot:
        sql = f"SELECT {_SNAPSHOT_COLUMNS} FROM snapshots WHERE id = %s AND sealed = 1"
        found = _snapshots_from(conn, sql, (snapshot_id,))
        if not found:
            raise NotFoundError(f"no snapshot with id {snapshot_id}")
        return found[0]

    # -- entry reads ----------------------------------------------------------------------------------------------

    def entries(self, snapshot_id: int, ids: Collection[str] | None = None) -> Iterator[Entry]:
        self.snapshot(snapshot_id)  # NotFoundError before the caller starts iterating
        if ids is None:
            return self._decode_all(
                "SELECT payload FROM entries WHERE snapshot_id = %s ORDER BY entry_id", (snapshot_id,)
            )
        sql = "SELECT payload FROM entries WHERE snapshot_id = %s AND entry_id = ANY(%s) ORDER BY entry_id"
        return self._decode_all(sql, (snapshot_id, sorted(set(ids))))

    def fingerprints(self, snapshot_id: int) -> dict[str, str]:
        self.snapshot(snapshot_id)
        with self._transaction(repeatable=True) as conn:
            rows = conn.execute("SELECT entry_id, fingerprint FROM entries WHERE snapshot_id = %s", (snapshot_id,))
            return {str(entry_id): str(fingerprint) for entry_id, fingerprint in rows}

    def active_entries(
        self, sources: Collection[str] | None = None, *, datasets: Collection[str] | None = None
    ) -> Iterator[Entry]:
        sql = "SELECT e.payload FROM entries e JOIN snapshots s ON s.id = e.snapshot_id WHERE s.active = 1"
        params: list[object] = []
        for column, values in (("e.source", sources), ("s.dataset", datasets)):
            if values is not None:
                sql += f" AND {column} = ANY(%s)"
                params.append(list(values))
        return self._decode_all(sql + " ORDER BY s.dataset, e.entry_id", tuple(params))

    def get_entry(self, entry_id: str, snapshot_id: int | None = None) -> Entry:
        with self._transaction(repeatable=True) as conn:
            if snapshot_id is None:
                sql = (
                    "SELECT e.payload FROM entries e JOIN snapshots s ON s.id = e.snapshot_id"
                    " WHERE e.entry_id = %s AND s.active = 1 ORDER BY s.dataset LIMIT 1"
                )
                row = conn.execute(sql, (entry_id,)).fetchone()
            else:
                sql = "SELECT payload FROM entries WHERE snapshot_id = %s AND entry_id = %s"
                row = conn.execute(sql, (snapshot_id, entry_id)).fetchone()
        if row is None:
            where = f"snapshot {snapshot_id}" if snapshot_id is not None else "the active snapshots"
            raise NotFoundError(f"no entry {entry_id!r} in {where}")
        return decode_entry(str(row[0]))

    def _decode_all(self, sql: str, params: tuple[object, ...]) -> Iterator[Entry]:
        """Stream entries in batches from a server-side cursor on a connection of its own.

        A connection of its own, because the caller may interleave other store calls while it iterates.
        """
        with psycopg.connect(self.url) as conn, conn.cursor(name="tradeguard_entries") as cursor:
            cursor.execute(sql, params)
            while batch := cursor.fetchmany(_FETCH_BATCH):
                for (payload,) in batch:
                    yield decode_entry(payload)

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def _snapshots_from(conn: psycopg.Connection[Any], sql: str, params: tuple[object, ...]) -> list[Snapshot]:
    rows = conn.execute(sql, params).fetchall()
    counts: dict[int, dict[str, int]] = {int(row[0]): {} for row in rows}
    if counts:
        for sid, name, count in conn.execute(
            "SELECT snapshot_id, list, entry_count FROM snapshot_lists WHERE snapshot_id = ANY(%s)"
            " ORDER BY entry_count DESC, list",
            (list(counts),),
        ):
            counts[int(sid)][str(name)] = int(count)
    return [_snapshot_from_row(tuple(row), counts[int(row[0])]) for row in rows]


def _redacted(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


def _now() -> str:
    return datetime.now(UTC).isoformat()
