"""Resident memory of a process that screens against all lists: one that loads the cached index, one that builds it,
and one that loads it and then screens many different names (a server or a batch worker after a while).

Run: `.venv/bin/python -m bench.bench_memory [--queries N]`. Each measurement runs in a fresh process (`--one
load|build|screen`), so none sees another's pages; resident memory is read from /proc/self/statm once
`Engine.index()` has returned (the issue's target: 600 MB), and for `screen` again after every quarter of N customer
names of bench_batch's generator (Faker, twelve locales; default 100,000), which fill the engine's caches: each is
bounded, so this levels off. Peak from getrusage.
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
from tradeguard.lists.model import EntryKind
from tradeguard.match.model import Party

DB = Path(__file__).resolve().parent / "out" / "memory" / "all-lists.sqlite"


def measure(mode: str, queries: int) -> None:
    """In this process: load (or build) the index of all lists and print time, resident and peak memory; for
    `screen`, then screen `queries` customer names and print resident memory as they go."""
    settings = load_all_lists(DB).with_overrides(index_cache=str(DB.parent / "index-cache"))
    if mode == "build":
        shutil.rmtree(settings.index_cache, ignore_errors=True)
    started = time.perf_counter()
    engine = Engine(settings)
    engine.index()
    seconds = time.perf_counter() - started
    verb = "build" if mode == "build" else "load"
    print(f"a process that {verb}s the index: {seconds:.1f} s, resident {_resident():.0f} MB, peak {_peak():.0f} MB")
    if mode != "screen":
        return
    from bench.bench_batch import FakeCustomers  # here: Faker and its locales would add to the other measurements

    customers = FakeCustomers(seed=20261123)
    quarters = []
    for number in range(1, queries + 1):
        _, name, kind, country, _ = customers.row(number)
        kind_of = EntryKind.PERSON if kind == "person" else EntryKind.ORGANIZATION
        engine.screen(Party(name, kind=kind_of, country=country), near_misses=False)  # as a batch worker does
        if number % max(queries // 4, 1) == 0:
            quarters.append(f"{number:,}: {_resident():.0f} MB")
    print(f"  then screening different customer names, resident after {', '.join(quarters)}; peak {_peak():.0f} MB")


def _resident() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--one", choices=("load", "build", "screen"), help="measure in this process (used below)")
    parser.add_argument("--queries", type=int, default=100_000, help="names the screening process screens")
    args = parser.parse_args()
    if args.one:
        measure(args.one, args.queries)
        return
    DB.parent.mkdir(parents=True, exist_ok=True)
    load_all_lists(DB)  # import once, outside the measured processes
    print(f"machine: {machine()}")
    for mode in ("build", "load", "screen"):  # the build leaves the cache the others read
        command = [sys.executable, "-m", "bench.bench_memory", "--one", mode, "--queries", str(args.queries)]
        subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
