"""Shared set-up for benchmarks: the real list files, a loaded store, machine facts, query generation."""

from __future__ import annotations

import os
import platform
import random
import resource
import subprocess
from collections.abc import Callable
from pathlib import Path

from tradeguard.lists.update import import_file
from tradeguard.settings import Settings, load_settings
from tradeguard.store import open_store

SHARED_DATA = Path(os.environ.get("TRADEGUARD_SHARED_DATA", Path(__file__).resolve().parents[1] / "../shared/data"))
LISTS = SHARED_DATA / "lists"

# "All lists loaded together", as issue 3 defines it.
ALL_LIST_FILES = (
    LISTS / "us-csl/consolidated-2022-05.csv",
    LISTS / "us-ofac-sdn/sdn-2024-05-03.csv",
    LISTS / "us-ofac-consolidated/consolidated-2026-01-08.xml",
    LISTS / "un/consolidated-2026-02.xml",
    LISTS / "us-bis-dpl/dpl-2023-11-30.txt",
)


def load_all_lists(db_path: Path) -> Settings:
    """Import every list file into a fresh database at `db_path` and return settings pointing at it."""
    build_aside(db_path, _import_all_lists)
    return bench_settings(db_path)


def _import_all_lists(db_path: Path) -> None:
    settings = bench_settings(db_path)
    with open_store(settings.db) as store:
        for path in ALL_LIST_FILES:
            import_file(store, path, settings=settings, force=True)


def build_aside(db_path: Path, build: Callable[[Path], None]) -> None:
    """Unless a database is at `db_path`, have `build` make one at a temporary path and rename it to `db_path` once it
    is complete: an interrupted or failed build must not leave a database that later runs take for the finished one
    (they reuse whatever file is at `db_path`)."""
    if db_path.exists():
        return
    building = db_path.with_name(db_path.name + ".building")
    remove_database(building)
    build(building)
    building.replace(db_path)
    remove_database(building)  # the store's lock file


def remove_database(db_path: Path) -> None:
    """Delete a SQLite database file and its companions (journal, WAL, shared memory, the store's lock file)."""
    for suffix in ("", "-journal", "-wal", "-shm", ".lock"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)


def bench_settings(db_path: Path) -> Settings:
    """Settings for a benchmark database: that file, and no configuration file of the machine's."""
    return load_settings(environ={"TRADEGUARD_DB": str(db_path), "TRADEGUARD_CONFIG": "/nonexistent"})


def machine() -> str:
    """One line naming the machine, for bench/README.md."""
    cpu = "unknown CPU"
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        cpu = next(line.split(":", 1)[1].strip() for line in out.splitlines() if line.startswith("Model name"))
    except (OSError, StopIteration):
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def rss_mb() -> float:
    """Peak resident memory of this process in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def perturb(name: str, rng: random.Random) -> str:
    """A realistic variant of a list name: a typo, a dropped or swapped word, or a changed legal form."""
    words = name.split()
    choice = rng.randrange(5)
    if choice == 0 and len(name) > 6:
        at = rng.randrange(1, len(name) - 1)
        return name[:at] + name[at + 1 :]
    if choice == 1 and len(words) > 1:
        rng.shuffle(words)
        return " ".join(words)
    if choice == 2 and len(words) > 2:
        words.pop(rng.randrange(len(words)))
        return " ".join(words)
    if choice == 3:
        return name.upper().replace(",", "").replace(".", "")
    return name + rng.choice([" LLC", " Co., Ltd.", " GmbH", " Trading", ""])
