"""Shared set-up for benchmarks: the real list files, a loaded store, machine facts, query generation."""

from __future__ import annotations

import os
import platform
import random
import resource
import subprocess
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
    settings = _settings_for(db_path)
    if db_path.exists():
        return settings
    # Built aside and renamed when complete: an interrupted or failed import must not leave a database that later
    # runs would take for the finished one (they reuse whatever file is at `db_path`).
    building = db_path.with_name(db_path.name + ".building")
    _remove_with_companions(building)
    building_settings = _settings_for(building)
    store = open_store(building_settings.db)
    try:
        for path in ALL_LIST_FILES:
            import_file(store, path, settings=building_settings, force=True)
    finally:
        store.close()
    building.replace(db_path)
    _remove_with_companions(building)  # the store's lock file
    return settings


def _remove_with_companions(db_path: Path) -> None:
    """Delete a database file and its -wal, -shm and .lock companions."""
    for path in db_path.parent.glob(db_path.name + "*"):
        path.unlink()


def _settings_for(db_path: Path) -> Settings:
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
