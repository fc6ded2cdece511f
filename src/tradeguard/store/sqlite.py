"""The SQLite `Store`: one file, WAL journal, foreign keys on, one writer at a time (others wait on a busy timeout).

Every write runs in one `BEGIN IMMEDIATE` transaction, so a crash (even SIGKILL) or an error in the middle of an
import rolls back to the previous state on the next open: the old snapshot stays active and the file consistent.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import sqlite3
import sys
import threading
import time
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import fields, is_dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tradeguard.errors import InputError, NotFoundError, StoreError
from tradeguard.lists.model import Entry, ParsedDataset, Snapshot
from tradeguard.store.base import ConstraintError, SqlRows, SqlSession, Store
from tradeguard.store.migrations import Migration, load_migrations

# Long enough to sit out another process's full import of the largest list.
DEFAULT_BUSY_TIMEOUT_S = 60.0
_FETCH_BATCH = 2000
_SNAPSHOT_COLUMNS = "id, dataset, sha256, published, imported_at, entry_count, active, filename, format, source_rows"

EntryRow = tuple[int, str, str, str, str, str, str]


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls)) if is_dataclass(cls) else ()
    return names


def _plain(value: object) -> object:
    """`dataclasses.asdict` without its deep copies (much faster on 40k entries); the JSON it yields is identical."""
    if isinstance(value, str | int | float | None):
        return value
    if isinstance(value, tuple | list):
        # The model's tuples are homogeneous: a tuple of strings goes to JSON as it is.
        return value if not value or isinstance(value[0], str) else [_plain(item) for item in value]
    names = _field_names(type(value))
    if names:
        return {name: _plain(getattr(value, name)) for name in names}
    return value


def encode_entry(snapshot_id: int, entry: Entry) -> EntryRow:
    """The row stored for one entry; the payload is the canonical JSON that `Entry.fingerprint()` hashes."""
    payload = json.dumps(_plain(entry), sort_keys=True, ensure_ascii=False, default=str)
    fingerprint = hashlib.sha256(payload.encode("utf-8")).hexdigest()
    return (snapshot_id, entry.id, entry.source, entry.kind.value, entry.name, fingerprint, payload)


def decode_entry(payload: str) -> Entry:
    return Entry.from_dict(json.loads(payload, object_hook=_shared_strings))


def _shared_strings(decoded: dict[str, Any]) -> dict[str, Any]:
    """The decoded object with its strings interned: tens of thousands of entries repeat the same sources, country
    codes, programmes, URLs and licence texts, and an index of all lists held ~37 MB of such copies."""
    return {key: _interned(value) for key, value in decoded.items()}


def _interned(value: Any) -> Any:
    if isinstance(value, str):
        return sys.intern(value)
    if isinstance(value, list):
        return [sys.intern(item) if isinstance(item, str) else item for item in value]
    return value


def split_statements(sql: str) -> list[str]:
    """Split a migration script into complete statements (trigger bodies keep their inner semicolons)."""
    statements: list[str] = []
    buffer = ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip() and not all(ln.strip().startswith("--") or not ln.strip() for ln in buffer.splitlines()):
        raise StoreError(f"incomplete SQL statement at the end of a migration: {buffer.strip()[:80]!r}")
    return statements


class _SQLiteSession:
    """`SqlSession` over the store's connection, turning constraint failures into `ConstraintError`."""

    dialect = "sqlite"

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def execute(self, sql: str, params: Sequence[object] = ()) -> SqlRows:
        try:
            return self._conn.execute(sql, tuple(params))
        except sqlite3.IntegrityError as exc:
            raise ConstraintError(str(exc)) from exc

    def executemany(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        try:
            self._conn.executemany(sql, rows)
        except sqlite3.IntegrityError as exc:
            raise ConstraintError(str(exc)) from exc


def retry_when_locked(conn: sqlite3.Connection, statement: str, busy_timeout: float) -> None:
    """Run `statement`, retrying while SQLite answers "database is locked" at once, without waiting on its busy
    handler. It does so for a journal-mode change while another connection creates or converts the file, and, rarely,
    for `BEGIN IMMEDIATE` under many writers (3 of ~26,000 requests when two API workers wrote the audit trail at ~870
    requests/s in bench/bench_api.py; SQLite skips the handler where waiting could deadlock or a WAL reset races)."""
    deadline = time.monotonic() + busy_timeout
    while True:
        try:
            conn.execute(statement)
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(0.005)


class WriteTurns:
    """Turns to write, across processes: an exclusive `flock` on a file beside the database, taken before SQLite's
    own write lock. SQLite makes a writer that finds the database locked sleep in growing steps (up to 100 ms each)
    and retry; under a steady stream of short writes from another process (two API workers appending one audit record
    per request) a writer misses its turn again and again: requests stalled for up to 0.8 s in bench/bench_api.py.
    Here a waiting writer polls the file lock every few hundred microseconds, so it writes soon after the lock is
    released, and SQLite's lock is then free. Processes that do not take the file lock (the sqlite3 shell) still meet
    SQLite's own lock and busy timeout.

    Why by hand: a few lines of `fcntl`, where the `filelock` package would be a new dependency for the same call
    (it polls at one fixed interval; this backs off from 0.2 ms to 2 ms)."""

    def __init__(self, path: str, timeout: float) -> None:
        self._timeout = timeout
        self._fd: int | None = None
        if path != ":memory:":
            try:
                self._fd = os.open(path + ".lock", os.O_RDWR | os.O_CREAT, 0o644)
            except OSError:
                self._fd = None  # a read-only folder: no writes will happen anyway, SQLite will say so

    @contextmanager
    def taken(self) -> Iterator[None]:
        """Wait for this process's turn (at most the busy timeout; then SQLite's own waiting decides)."""
        fd = self._fd
        if fd is None:
            yield
            return
        held = self._acquire(fd)
        try:
            yield
        finally:
            if held:
                fcntl.flock(fd, fcntl.LOCK_UN)

    def _acquire(self, fd: int) -> bool:
        deadline = time.monotonic() + self._timeout
        pause = 0.0002
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    return False
                time.sleep(pause)
                pause = min(pause * 2, 0.002)  # a long import holds it for minutes: do not spin

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class SQLiteStore(Store):
    """`Store` over one SQLite file; create with `open_store(path)` or directly."""

    dialect = "sqlite"

    def __init__(self, path: str | Path, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT_S) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).expanduser().parent.mkdir(parents=True, exist_ok=True)
            self.path = str(Path(self.path).expanduser())
        self._lock = threading.RLock()
        self._busy_timeout = busy_timeout
        self._turns = WriteTurns(self.path, busy_timeout)
        try:
            self._conn = sqlite3.connect(self.path, timeout=busy_timeout, isolation_level=None, check_same_thread=False)
            retry_when_locked(self._conn, "PRAGMA journal_mode = WAL", busy_timeout)
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._conn.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: a crash never corrupts, see module doc
            self._migrate(load_migrations(self.dialect))
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open database {self.path}: {exc}") from exc

    # -- transactions and migrations ------------------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: taken at once (IMMEDIATE) so two writers queue instead of deadlocking."""
        with self._lock, self._turns.taken():
            try:
                retry_when_locked(self._conn, "BEGIN IMMEDIATE", self._busy_timeout)
            except sqlite3.OperationalError as exc:
                raise StoreError(f"database {self.path} is busy (another import running?): {exc}") from exc
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    @contextmanager
    def sql(self, *, write: bool = False) -> Iterator[SqlSession]:
        if write:
            with self._write() as conn:
                yield _SQLiteSession(conn)
            return
        with self._lock:
            self._conn.execute("BEGIN")  # deferred: one consistent snapshot for every read of the session
            try:
                yield _SQLiteSession(self._conn)
            finally:
                self._conn.execute("COMMIT")

    def _migrate(self, migrations: list[Migration]) -> None:
        with self._write() as conn:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
        known = {m.name for m in migrations}
        unknown = sorted(set(self.schema_version()) - known)
        if unknown:
            raise StoreError(f"database {self.path} has migrations this tradeguard does not know: {unknown}; upgrade")
        for migration in migrations:
            with self._write() as conn:
                # Re-read inside the transaction: another process may have applied it while we waited.
                if conn.execute("SELECT 1 FROM schema_migrations WHERE name = ?", (migration.name,)).fetchone():
                    continue
                for statement in split_statements(migration.sql):
                    conn.execute(statement)
                conn.execute("INSERT INTO schema_migrations VALUES (?, ?)", (migration.name, _now().isoformat()))

    def schema_version(self) -> list[str]:
        rows = self._conn.execute("SELECT name FROM schema_migrations ORDER BY name").fetchall()
        return [str(row[0]) for row in rows]

    # -- writes ---------------------------------------------------------------------------------------------------

    def import_snapshot(
        self, parsed: ParsedDataset, *, sha256: str, filename: str | None = None, activate: bool = True
    ) -> Snapshot:
        with self._write() as conn:
            existing = self._find_id(conn, parsed.dataset, sha256)
            if existing is not None:
                return self._load_snapshot(conn, existing)
            cursor = conn.execute(
                "INSERT INTO snapshots (dataset, format, sha256, filename, published, imported_at, source_rows,"
                " warnings) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    parsed.dataset,
                    parsed.format,
                    sha256,
                    filename,
                    parsed.published,
                    _now().isoformat(),
                    parsed.source_rows,
                    json.dumps(list(parsed.warnings), ensure_ascii=False),
                ),
            )
            snapshot_id = int(cursor.lastrowid or 0)
            counts = self._insert_entries(conn, snapshot_id, parsed.dataset, parsed.entries)
            conn.executemany(
                "INSERT INTO snapshot_lists VALUES (?, ?, ?)", [(snapshot_id, k, v) for k, v in counts.items()]
            )
            conn.execute("UPDATE snapshots SET entry_count = ?, sealed = 1 WHERE id = ?", (counts.total(), snapshot_id))
            if activate:
                self._activate(conn, snapshot_id, parsed.dataset)
            return self._load_snapshot(conn, snapshot_id)

    def _insert_entries(
        self, conn: sqlite3.Connection, snapshot_id: int, dataset: str, entries: Iterable[Entry]
    ) -> Counter[str]:
        counts: Counter[str] = Counter()
        seen: set[str] = set()

        def rows() -> Iterator[EntryRow]:
            for entry in entries:
                if entry.id in seen:
                    raise InputError(f"{dataset}: two entries share the id {entry.id!r}; nothing was imported")
                seen.add(entry.id)
                counts[entry.source] += 1
                yield encode_entry(snapshot_id, entry)

        conn.executemany("INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?)", rows())
        return counts

    def activate(self, snapshot_id: int) -> Snapshot:
        with self._write() as conn:
            snapshot = self._load_snapshot(conn, snapshot_id)
            self._activate(conn, snapshot_id, snapshot.dataset)
            return self._load_snapshot(conn, snapshot_id)

    @staticmethod
    def _activate(conn: sqlite3.Connection, snapshot_id: int, dataset: str) -> None:
        conn.execute(
            "UPDATE snapshots SET active = 0 WHERE dataset = ? AND active = 1 AND id != ?", (dataset, snapshot_id)
        )
        conn.execute("UPDATE snapshots SET active = 1 WHERE id = ?", (snapshot_id,))

    # -- snapshot reads -------------------------------------------------------------------------------------------

    def find_snapshot(self, dataset: str, sha256: str) -> Snapshot | None:
        found = self._find_id(self._conn, dataset, sha256)
        return None if found is None else self._load_snapshot(self._conn, found)

    @staticmethod
    def _find_id(conn: sqlite3.Connection, dataset: str, sha256: str) -> int | None:
        row = conn.execute(
            "SELECT id FROM snapshots WHERE dataset = ? AND sha256 = ? AND sealed = 1", (dataset, sha256)
        ).fetchone()
        return None if row is None else int(row[0])

    def snapshots(self, dataset: str | None = None) -> list[Snapshot]:
        where, params = ("AND dataset = ?", (dataset,)) if dataset is not None else ("", ())
        sql = f"SELECT {_SNAPSHOT_COLUMNS} FROM snapshots WHERE sealed = 1 {where} ORDER BY id DESC"
        return self._snapshots_from(self._conn, sql, params)

    def active_snapshots(self) -> list[Snapshot]:
        sql = f"SELECT {_SNAPSHOT_COLUMNS} FROM snapshots WHERE active = 1 AND sealed = 1 ORDER BY dataset"
        return self._snapshots_from(self._conn, sql, ())

    def snapshot(self, snapshot_id: int) -> Snapshot:
        return self._load_snapshot(self._conn, snapshot_id)

    def _load_snapshot(self, conn: sqlite3.Connection, snapshot_id: int) -> Snapshot:
        sql = f"SELECT {_SNAPSHOT_COLUMNS} FROM snapshots WHERE id = ? AND sealed = 1"
        found = self._snapshots_from(conn, sql, (snapshot_id,))
        if not found:
            raise NotFoundError(f"no snapshot with id {snapshot_id}")
        return found[0]

    @staticmethod
    def _snapshots_from(conn: sqlite3.Connection, sql: str, params: tuple[object, ...]) -> list[Snapshot]:
        rows = conn.execute(sql, params).fetchall()
        counts: dict[int, dict[str, int]] = {int(row[0]): {} for row in rows}
        if counts:
            marks = ",".join("?" * len(counts))
            for sid, name, count in conn.execute(
                f"SELECT snapshot_id, list, entry_count FROM snapshot_lists WHERE snapshot_id IN ({marks})"
                " ORDER BY entry_count DESC, list",
                tuple(counts),
            ):
                counts[int(sid)][str(name)] = int(count)
        return [_snapshot_from_row(row, counts[int(row[0])]) for row in rows]

    # -- entry reads ----------------------------------------------------------------------------------------------

    def entries(self, snapshot_id: int, ids: Collection[str] | None = None) -> Iterator[Entry]:
        self._load_snapshot(self._conn, snapshot_id)  # NotFoundError before the caller starts iterating
        if ids is None:
            sql = "SELECT payload FROM entries WHERE snapshot_id = ? ORDER BY entry_id"
            return self._decode_all(sql, (snapshot_id,))
        return self._entries_by_ids(snapshot_id, sorted(set(ids)))

    def _entries_by_ids(self, snapshot_id: int, ids: list[str]) -> Iterator[Entry]:
        for start in range(0, len(ids), 500):  # stay under SQLite's bound-parameter limit
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT payload FROM entries WHERE snapshot_id = ? AND entry_id IN ({marks}) ORDER BY entry_id"
            yield from self._decode_all(sql, (snapshot_id, *chunk))

    def fingerprints(self, snapshot_id: int) -> dict[str, str]:
        self._load_snapshot(self._conn, snapshot_id)
        rows = self._conn.execute("SELECT entry_id, fingerprint FROM entries WHERE snapshot_id = ?", (snapshot_id,))
        return {str(entry_id): str(fingerprint) for entry_id, fingerprint in rows}

    def active_entries(
        self, sources: Collection[str] | None = None, *, datasets: Collection[str] | None = None
    ) -> Iterator[Entry]:
        sql = "SELECT e.payload FROM entries e JOIN snapshots s ON s.id = e.snapshot_id WHERE s.active = 1"
        params: list[str] = []
        for column, values in (("e.source", sources), ("s.dataset", datasets)):
            if values is not None:
                sql += f" AND {column} IN ({','.join('?' * len(values))})"
                params.extend(values)
        return self._decode_all(sql + " ORDER BY s.dataset, e.entry_id", tuple(params))

    def get_entry(self, entry_id: str, snapshot_id: int | None = None) -> Entry:
        if snapshot_id is None:
            sql = (
                "SELECT e.payload FROM entries e JOIN snapshots s ON s.id = e.snapshot_id"
                " WHERE e.entry_id = ? AND s.active = 1 ORDER BY s.dataset LIMIT 1"
            )
            row = self._conn.execute(sql, (entry_id,)).fetchone()
        else:
            sql = "SELECT payload FROM entries WHERE snapshot_id = ? AND entry_id = ?"
            row = self._conn.execute(sql, (snapshot_id, entry_id)).fetchone()
        if row is None:
            where = f"snapshot {snapshot_id}" if snapshot_id is not None else "the active snapshots"
            raise NotFoundError(f"no entry {entry_id!r} in {where}")
        return decode_entry(str(row[0]))

    def _decode_all(self, sql: str, params: tuple[object, ...]) -> Iterator[Entry]:
        cursor = self._conn.execute(sql, params)
        while batch := cursor.fetchmany(_FETCH_BATCH):
            for (payload,) in batch:
                yield decode_entry(payload)

    def integrity_check(self) -> str:
        """SQLite's own `PRAGMA integrity_check` plus a foreign-key check: "ok" when the file is sound."""
        result = str(self._conn.execute("PRAGMA integrity_check").fetchone()[0])
        if result == "ok" and self._conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
            return "foreign key violations"
        return result

    def close(self) -> None:
        with self._lock:
            self._conn.close()
            self._turns.close()


def _now() -> datetime:
    return datetime.now(UTC)


def _snapshot_from_row(row: tuple[object, ...], counts: dict[str, int]) -> Snapshot:
    sid, dataset, sha256, published, imported_at, entry_count, active, filename, fmt, source_rows = row
    return Snapshot(
        id=int(str(sid)),
        dataset=str(dataset),
        sha256=str(sha256),
        published=None if published is None else str(published),
        imported_at=datetime.fromisoformat(str(imported_at)),
        entry_count=int(str(entry_count)),
        active=bool(active),
        filename=None if filename is None else str(filename),
        counts_by_list=counts,
        format=None if fmt is None else str(fmt),
        source_rows=int(str(source_rows)),
    )
