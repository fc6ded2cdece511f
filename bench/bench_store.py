"""Store benchmark: import time of the real lists, start-up load of every active entry, and diff time.

Run: `.venv/bin/python -m bench.bench_store`. Uses a fresh database in a temporary folder each run.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.common import ALL_LIST_FILES, LISTS
from tradeguard.lists.diff import diff_snapshots
from tradeguard.lists.registry import parse_file
from tradeguard.lists.update import file_sha256, import_file
from tradeguard.settings import load_settings
from tradeguard.store import open_store


def _timed(label: str, start: float, detail: str = "") -> None:
    print(f"{label:<48} {time.perf_counter() - start:6.2f} s  {detail}")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        settings = load_settings(environ={"TRADEGUARD_DB": str(Path(folder) / "b.sqlite"), "TRADEGUARD_CONFIG": "/x"})
        with open_store(settings.db) as store:
            for path in ALL_LIST_FILES:
                start = time.perf_counter()
                parsed = parse_file(path)
                _timed(f"parse {path.name}", start, f"{len(parsed.entries):,} entries")
                start = time.perf_counter()
                store.import_snapshot(parsed, sha256=file_sha256(path), filename=path.name)
                _timed(f"  store.import_snapshot {path.name}", start)
            start = time.perf_counter()
            count = sum(1 for _ in store.active_entries())
            _timed("active_entries() (all active snapshots)", start, f"{count:,} entries")
            old = import_file(store, LISTS / "us-ofac-sdn/sdn-2021-08-18.csv", settings=settings, force=True)
            new = import_file(store, LISTS / "us-ofac-sdn/sdn-2024-05-03.csv", settings=settings, force=True)
            assert old.snapshot_id is not None and new.snapshot_id is not None
            start = time.perf_counter()
            diff = diff_snapshots(store, old.snapshot_id, new.snapshot_id)
            _timed("diff sdn 2021-08-18 -> 2024-05-03", start, str(diff.counts()))


if __name__ == "__main__":
    main()
