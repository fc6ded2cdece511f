"""The stores (SQLite and PostgreSQL alike): migrations, snapshots, one active per dataset, immutability, atomic
imports, entry reads. Tests taking `store` run once per backend (conftest.py)."""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import pytest

from tradeguard.errors import ConfigError, InputError, NotFoundError, StoreError
from tradeguard.lists.model import Address, Alias, AliasType, Entry, EntryKind, Identifier, ParsedDataset
from tradeguard.store import SQLiteStore, open_store
from tradeguard.store.base import ConstraintError, Store
from tradeguard.store.migrations import load_migrations
from tradeguard.store.sqlite import retry_when_locked, split_statements


def make_entry(n: int, dataset: str = "us-ofac-sdn", source: str = "us-ofac-sdn", name: str | None = None) -> Entry:
    return Entry(
        id=f"{dataset}:{n}",
        source=source,
        source_id=str(n),
        kind=EntryKind.PERSON if n % 2 else EntryKind.ORGANIZATION,
        name=name or f"PARTY {n}",
        aliases=(Alias(f"ALIAS {n}"), Alias(f"OLD {n}", AliasType.FKA, strong=False)),
        addresses=(Address("1 Main St, Shenzhen, CN", city="Shenzhen", country="CN"),),
        countries=("CN",),
        identifiers=(Identifier("IMO", f"9{n:06d}"),),
        programs=("SDGT",),
        birth_dates=("1970-01-02",),
        federal_register="84 FR 22963",
        extra=(("vessel_flag", "Panama"),),
    )


def dataset(entries: tuple[Entry, ...] | list[Entry], code: str = "us-ofac-sdn") -> ParsedDataset:
    return ParsedDataset(code, "ofac-csv", tuple(entries), published="2024-05-03", source_rows=len(entries))


class ExplodingEntries(tuple[Entry, ...]):
    """Entries whose iteration fails after `limit` items, like a parser crashing mid-file."""

    limit = 3

    def __iter__(self) -> Iterator[Entry]:
        for index, entry in enumerate(super().__iter__()):
            if index == self.limit:
                raise RuntimeError("parser crashed")
            yield entry


def raw_count(store: Store, table: str) -> int:
    with store.sql() as sql:
        return int(sql.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_open_creates_parent_dirs_and_applies_migrations_once(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "db.sqlite"
    shipped = [migration.name for migration in load_migrations("sqlite")]
    assert shipped[0] == "0001_lists" and shipped == sorted(shipped)
    with open_store(str(path)) as first:
        assert first.schema_version() == shipped
    assert path.is_file()
    with open_store(str(path)) as again:
        assert again.schema_version() == shipped
    mode = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    open_store(str(path)).close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES ('0099_future', 'x')")
    with pytest.raises(StoreError, match="0099_future"):
        open_store(str(path))


def test_not_a_database_gives_store_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.sqlite"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match=r"junk\.sqlite"):
        open_store(str(path))


def test_unreachable_postgres_is_a_store_error_without_the_password() -> None:
    with pytest.raises(StoreError, match=r"127\.0\.0\.1") as failure:
        open_store("postgresql://tg:s3cret@127.0.0.1:1/tg?connect_timeout=2")
    assert "s3cret" not in failure.value.message


def test_unknown_url_scheme_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="mysql"):
        open_store("mysql://x/y")


def test_schema_version_lists_every_shipped_migration(store: Store) -> None:
    dialect = "sqlite" if isinstance(store, SQLiteStore) else "postgres"
    assert store.schema_version() == [m.name for m in load_migrations(dialect)]
    assert [m.name for m in load_migrations("postgres")] == [m.name for m in load_migrations("sqlite")]


def test_import_records_snapshot_counts_and_round_trips_entries(store: Store) -> None:
    entries = [make_entry(n) for n in range(5)] + [make_entry(9, source="us-ofac-ssi")]
    snap = store.import_snapshot(dataset(entries), sha256="a" * 64, filename="sdn.csv")
    assert (snap.dataset, snap.entry_count, snap.active, snap.filename) == ("us-ofac-sdn", 6, True, "sdn.csv")
    assert (snap.published, snap.format, snap.source_rows) == ("2024-05-03", "ofac-csv", 6)
    assert snap.counts_by_list == {"us-ofac-sdn": 5, "us-ofac-ssi": 1}
    assert list(store.entries(snap.id)) == sorted(entries, key=lambda e: e.id)
    assert store.get_entry("us-ofac-sdn:3") == entries[3]
    assert store.get_entry("us-ofac-sdn:3", snap.id) == entries[3]
    assert store.fingerprints(snap.id)["us-ofac-sdn:4"] == entries[4].fingerprint()
    assert store.snapshot(snap.id) == snap


def test_entries_read_back_share_their_repeated_strings(store: Store) -> None:
    # An index of all lists holds tens of thousands of entries; one copy of each country, programme and citation.
    store.import_snapshot(dataset([make_entry(n) for n in range(3)]), sha256="a" * 64)
    first, second, third = store.active_entries()
    assert first.countries[0] is second.countries[0] is third.countries[0]
    assert first.programs[0] is third.programs[0]
    assert first.federal_register is second.federal_register
    assert first.addresses[0].city is third.addresses[0].city


def test_new_version_becomes_the_only_active_snapshot(store: Store) -> None:
    old = store.import_snapshot(dataset([make_entry(1), make_entry(2)]), sha256="old")
    other = store.import_snapshot(dataset([make_entry(1, "un-sc", "un-sc")], "un-sc"), sha256="un")
    new = store.import_snapshot(dataset([make_entry(2, name="RENAMED"), make_entry(3)]), sha256="new")
    assert [s.id for s in store.snapshots()] == [new.id, other.id, old.id]
    assert [s.id for s in store.snapshots("us-ofac-sdn")] == [new.id, old.id]
    assert [(s.dataset, s.id) for s in store.active_snapshots()] == [("un-sc", other.id), ("us-ofac-sdn", new.id)]
    assert store.get_entry("us-ofac-sdn:2").name == "RENAMED"
    assert store.get_entry("us-ofac-sdn:2", old.id).name == "PARTY 2"  # old snapshots stay readable
    with pytest.raises(NotFoundError, match="us-ofac-sdn:1"):
        store.get_entry("us-ofac-sdn:1")  # removed from the active version
    assert store.activate(old.id).active
    assert store.get_entry("us-ofac-sdn:1").name == "PARTY 1"
    assert [s.id for s in store.active_snapshots()] == [other.id, old.id]


def test_same_file_again_is_a_no_op(store: Store) -> None:
    first = store.import_snapshot(dataset([make_entry(1)]), sha256="same")
    again = store.import_snapshot(dataset([make_entry(1), make_entry(2)]), sha256="same")
    assert again == first
    assert len(store.snapshots()) == 1
    assert store.find_snapshot("us-ofac-sdn", "same") == first
    assert store.find_snapshot("un-sc", "same") is None


def test_active_entries_filters_by_list_and_dataset(store: Store) -> None:
    store.import_snapshot(dataset([make_entry(1), make_entry(2, source="us-ofac-ssi")]), sha256="a")
    store.import_snapshot(dataset([make_entry(7, "un-sc", "un-sc")], "un-sc"), sha256="b")
    assert [e.id for e in store.active_entries()] == ["un-sc:7", "us-ofac-sdn:1", "us-ofac-sdn:2"]
    assert [e.id for e in store.active_entries(["us-ofac-ssi"])] == ["us-ofac-sdn:2"]
    assert [e.id for e in store.active_entries(datasets=["un-sc"])] == ["un-sc:7"]
    assert list(store.active_entries(["un-sc"], datasets=["us-ofac-sdn"])) == []


def test_entries_by_ids_and_missing_snapshot(store: Store) -> None:
    snap = store.import_snapshot(dataset([make_entry(n) for n in range(1200)]), sha256="a")
    wanted = {f"us-ofac-sdn:{n}" for n in range(0, 1200, 2)} | {"us-ofac-sdn:nope"}
    assert {e.id for e in store.entries(snap.id, wanted)} == wanted - {"us-ofac-sdn:nope"}
    with pytest.raises(NotFoundError, match="snapshot"):
        store.entries(999)
    with pytest.raises(NotFoundError):
        store.snapshot(999)
    with pytest.raises(NotFoundError):
        store.activate(999)


def test_failure_mid_import_keeps_previous_snapshot(store: Store) -> None:
    before = store.import_snapshot(dataset([make_entry(n) for n in range(10)]), sha256="v1")
    exploding = ParsedDataset("us-ofac-sdn", "ofac-csv", ExplodingEntries(make_entry(n) for n in range(100, 110)))
    with pytest.raises(RuntimeError, match="parser crashed") as failure:
        store.import_snapshot(exploding, sha256="v2")
    # it failed inside the import
    assert any(frame.path.name in {"sqlite.py", "postgres.py"} for frame in failure.traceback)
    assert store.active_snapshots() == [before]
    assert store.snapshots() == [before]
    assert raw_count(store, "entries") == 10
    assert raw_count(store, "snapshots") == 1
    assert not isinstance(store, SQLiteStore) or store.integrity_check() == "ok"
    # and the store still works afterwards
    assert store.import_snapshot(dataset([make_entry(1)]), sha256="v3").active


def test_duplicate_entry_ids_are_refused_whole(store: Store) -> None:
    with pytest.raises(InputError, match="us-ofac-sdn:1"):
        store.import_snapshot(dataset([make_entry(1), make_entry(2), make_entry(1)]), sha256="dup")
    assert store.snapshots() == []
    assert raw_count(store, "entries") == 0


def test_snapshots_and_entries_are_immutable(store: Store) -> None:
    snap = store.import_snapshot(dataset([make_entry(1)]), sha256="a")
    attempts = [
        ("immutable", "UPDATE entries SET name = 'X'", ()),
        ("immutable", "UPDATE snapshots SET entry_count = 99 WHERE id = ?", (snap.id,)),
        ("sealed", "INSERT INTO entries VALUES (?, 'x', 'us-ofac-sdn', 'person', 'X', 'f', '{}')", (snap.id,)),
        # the schema itself allows one active snapshot per dataset
        ("", "INSERT INTO snapshots (dataset, sha256, imported_at, active) VALUES ('us-ofac-sdn', 'b', 'now', 1)", ()),
    ]
    for message, statement, params in attempts:
        with pytest.raises(ConstraintError, match=message or None), store.sql(write=True) as sql:
            sql.execute(statement, params)
    assert store.get_entry("us-ofac-sdn:1").name == "PARTY 1"


def test_migration_scripts_split_into_whole_statements() -> None:
    script = """-- a comment; with a semicolon
CREATE TABLE t (x TEXT);
CREATE TRIGGER t_guard BEFORE UPDATE ON t
BEGIN
    SELECT RAISE(ABORT, 'no; never');
END;
INSERT INTO t VALUES ('a;b');
"""
    statements = split_statements(script)
    assert len(statements) == 3
    assert statements[1].startswith("CREATE TRIGGER") and statements[1].endswith("END;")
    with pytest.raises(StoreError, match="incomplete SQL"):
        split_statements("CREATE TABLE u (x TEXT)")


class _LockedTwice:
    """A connection whose first two statements fail as SQLite does when it skips its busy handler."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.run: list[str] = []

    def execute(self, statement: str) -> None:
        if self.failures:
            self.failures -= 1
            raise sqlite3.OperationalError("database is locked")
        self.run.append(statement)


def test_an_immediate_lock_is_retried_within_the_busy_timeout() -> None:
    connection = _LockedTwice(failures=2)
    retry_when_locked(cast(sqlite3.Connection, connection), "BEGIN IMMEDIATE", busy_timeout=5.0)
    assert connection.run == ["BEGIN IMMEDIATE"]
    stuck = _LockedTwice(failures=10**9)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        retry_when_locked(cast(sqlite3.Connection, stuck), "BEGIN IMMEDIATE", busy_timeout=0.05)
    assert stuck.run == []


def _write_in_thread(store: SQLiteStore, sha: str) -> threading.Thread:
    thread = threading.Thread(target=store.import_snapshot, args=(dataset([make_entry(1)]),), kwargs={"sha256": sha})
    thread.start()
    return thread


def test_a_writer_waits_for_its_turn_without_taking_sqlites_lock(tmp_path: Path) -> None:
    # Writers queue on a file lock beside the database (WriteTurns), so a waiting writer does not sleep in SQLite's
    # growing busy steps; while it waits, SQLite's write lock stays free.
    path = tmp_path / "turns.sqlite"
    store = SQLiteStore(path)
    other_process = os.open(f"{path}.lock", os.O_RDWR)  # another open file: flock treats it as another process
    fcntl.flock(other_process, fcntl.LOCK_EX)
    writer = _write_in_thread(store, "a" * 64)
    writer.join(0.3)
    assert writer.is_alive()
    raw = sqlite3.connect(path, timeout=0, isolation_level=None)
    raw.execute("BEGIN IMMEDIATE")  # would fail with "database is locked" if the waiting writer held SQLite's lock
    raw.execute("ROLLBACK")
    raw.close()
    fcntl.flock(other_process, fcntl.LOCK_UN)
    writer.join(10)
    assert not writer.is_alive() and len(store.active_snapshots()) == 1
    os.close(other_process)
    store.close()


def test_a_turn_never_held_back_leaves_the_wait_to_sqlite(tmp_path: Path) -> None:
    # A process that keeps the file lock (or a stale holder) delays a writer by the busy timeout at most.
    path = tmp_path / "stuck.sqlite"
    store = SQLiteStore(path, busy_timeout=0.2)
    holder = os.open(f"{path}.lock", os.O_RDWR)
    fcntl.flock(holder, fcntl.LOCK_EX)
    writer = _write_in_thread(store, "b" * 64)
    writer.join(10)
    assert not writer.is_alive() and len(store.active_snapshots()) == 1
    os.close(holder)
    store.close()
