"""Real processes against one database: SIGKILL in the middle of an import, and two writers at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tradeguard.lists.model import Entry, EntryKind, ParsedDataset
from tradeguard.store import SQLiteStore
from tradeguard.store.migrations import load_migrations

CHILD = Path(__file__).with_name("_import_child.py")


def start_child(db: Path, dataset: str, sha256: str, count: int, marker: Path | None = None) -> subprocess.Popen[str]:
    args = [sys.executable, str(CHILD), str(db), dataset, sha256, str(count)]
    if marker is not None:
        args.append(str(marker))
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def seed(db: Path, count: int) -> None:
    entries = tuple(
        Entry(id=f"big:{n}", source="us-ofac-sdn", source_id=str(n), kind=EntryKind.PERSON, name=f"OLD {n}")
        for n in range(count)
    )
    with SQLiteStore(db) as store:
        store.import_snapshot(ParsedDataset("big", "test", entries), sha256="v1")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_sigkill_mid_import_leaves_previous_snapshot_active(tmp_path: Path) -> None:
    db, marker = tmp_path / "db.sqlite", tmp_path / "marker"
    seed(db, 1000)
    child = start_child(db, "big", "v2", 30_000, marker)
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert child.poll() is None, child.communicate()
        assert time.monotonic() < deadline, "child never reached the middle of its import"
        time.sleep(0.01)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL
    with SQLiteStore(db) as store:
        assert store.integrity_check() == "ok"
        [active] = store.active_snapshots()
        assert (active.sha256, active.entry_count) == ("v1", 1000)
        assert len(store.snapshots()) == 1
        assert sum(1 for _ in store.active_entries()) == 1000
        assert store.get_entry("big:5").name == "OLD 5"
        assert store.import_snapshot(ParsedDataset("big", "test", ()), sha256="v3").active  # still writable


def test_two_processes_importing_at_once_both_succeed(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite"
    SQLiteStore(db).close()  # migrated once, so both children race on the imports themselves
    children = [start_child(db, "big", f"v{n}", 20_000) for n in (1, 2)]
    outputs = [child.communicate(timeout=120) for child in children]
    assert [child.returncode for child in children] == [0, 0], outputs
    with SQLiteStore(db) as store:
        assert store.integrity_check() == "ok"
        snapshots = store.snapshots("big")
        assert sorted(s.sha256 for s in snapshots) == ["v1", "v2"]
        assert all(s.entry_count == 20_000 for s in snapshots)
        assert [s.id for s in store.active_snapshots()] == [snapshots[0].id]  # the later commit is active


def test_two_processes_creating_a_fresh_database_at_once(tmp_path: Path) -> None:
    db = tmp_path / "fresh.sqlite"
    children = [start_child(db, f"ds{n}", "x", 100) for n in (1, 2)]
    outputs = [child.communicate(timeout=120) for child in children]
    assert [child.returncode for child in children] == [0, 0], outputs
    with SQLiteStore(db) as store:
        assert store.schema_version() == [migration.name for migration in load_migrations("sqlite")]
        assert sorted(s.dataset for s in store.active_snapshots()) == ["ds1", "ds2"]
