"""Run by the concurrency test: append COUNT audit records, one transaction each, as ACTOR, once GO exists."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from tradeguard.audit import AuditDraft, AuditKind, AuditLog
from tradeguard.store import open_store


def main(url: str, actor: str, count: int, go: Path) -> None:
    with open_store(url) as store:
        log = AuditLog(store)
        Path(f"{go}.{actor}").touch()  # ready; wait for the other writer so that the appends really overlap
        while not go.exists():
            time.sleep(0.005)
        for n in range(count):
            draft = AuditDraft(AuditKind.SCREEN, actor, {"name": f"{actor} {n}"}, {"hits": []}, (), "test", {})
            log.append(draft)
            # Like a server between requests. Back-to-back appends let one writer re-take the lock every time while the
            # other sleeps in SQLite's busy handler (up to 100 ms): on a busy box the writers would not overlap at all.
            time.sleep(0.01)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4]))
