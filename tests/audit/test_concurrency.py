"""Concurrent writers in separate processes (two API workers, say) never fork or break the hash chain."""

from __future__ import annotations

import itertools
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from audit.support import draft
from tradeguard.audit import AuditLog, verify_chain
from tradeguard.store import open_store

CHILD = Path(__file__).with_name("_append_child.py")
PER_WRITER = 150


def test_two_processes_appending_at_once_keep_one_unbroken_chain(store_url: str, tmp_path: Path) -> None:
    open_store(store_url).close()  # migrated once, so the children race on the appends themselves
    go = tmp_path / "go"
    actors = ("worker-a", "worker-b")
    children = [
        subprocess.Popen(
            [sys.executable, str(CHILD), store_url, actor, str(PER_WRITER), str(go)], stderr=subprocess.PIPE
        )
        for actor in actors
    ]
    deadline = time.monotonic() + 60
    while not all(Path(f"{go}.{actor}").exists() for actor in actors):
        assert time.monotonic() < deadline and all(child.poll() is None for child in children), "writers never ready"
        time.sleep(0.01)
    go.touch()
    errors = [child.communicate(timeout=120)[1] for child in children]
    assert [child.returncode for child in children] == [0, 0], errors
    with open_store(store_url) as store:
        report = verify_chain(store)
        assert report.ok, report.problems
        assert report.checked == report.head.count == 2 * PER_WRITER
        actors = Counter(record.actor for record in AuditLog(store).records())
        assert actors == {"worker-a": PER_WRITER, "worker-b": PER_WRITER}
        # the writers really interleaved (otherwise this test proves nothing about concurrency)
        order = [r.actor for r in sorted(AuditLog(store).records(), key=lambda r: r.id)]
        assert sum(1 for a, b in itertools.pairwise(order) if a != b) > 1


def test_threads_sharing_one_store_keep_one_chain(store_url: str) -> None:
    with open_store(store_url) as store:
        log = AuditLog(store)

        def write(offset: int) -> None:
            for n in range(40):
                log.append(draft(offset + n))

        threads = [threading.Thread(target=write, args=(k * 1000,)) for k in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        report = verify_chain(store)
        assert report.ok and report.checked == 120
