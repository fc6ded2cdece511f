"""Resident memory of a process that screens against all lists: one that loads the cached index, one that builds it.

Run: `.venv/bin/python -m bench.bench_memory`. Each measurement runs in a fresh process (`--one load|build`), so
neither sees the other's pages; resident memory is read from /proc/self/statm once `Engine.index()` has returned
(the issue's target: 600 MB), peak from getrusage.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.common import load_all_lists, machine
from tradeguard.engine import Engine

DB = Path(__file__).resolve().parent / "out" / "memory" / "all-lists.sqlite"


def measure(mode: str) -> None:
    """In this process: load (or build) the index of all lists and print time, resident and peak memory."""
    settings = load_all_lists(DB).with_overrides(index_cache=str(DB.parent / "index-cache"))
    if mode == "build":
        shutil.rmtree(settings.index_cache, ignore_errors=True)
    started = time.perf_counter()
    Engine(settings).index()
    seconds = time.perf_counter() - started
    resident = int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"a process that {mode}s the index: {seconds:.1f} s, resident {resident:.0f} MB, peak {peak:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--one", choices=("load", "build"), help="measure in this process (used by the runs below)")
    args = parser.parse_args()
    if args.one:
        measure(args.one)
        return
    DB.parent.mkdir(parents=True, exist_ok=True)
    load_all_lists(DB)  # import once, outside the measured processes
    print(f"machine: {machine()}")
    for mode in ("build", "load"):  # the build leaves the cache the load reads
        subprocess.run([sys.executable, "-m", "bench.bench_memory", "--one", mode], check=True)


if __name__ == "__main__":
    main()
