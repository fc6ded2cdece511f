"""Where a batch row's time goes (issue 4's throughput): CPU by process, the warm-up curve, and the stages of a row.

Run: `.venv/bin/python -m bench.bench_rows [--rows N]`. Loads every list of issue 3 (as bench_screen) and writes a
customer file as bench_batch does (Faker names across locales, 1% planted variants; bench/out/rows/), then:

1. `screen_file` with two workers: wall-clock rate, and CPU seconds of the parent (and of its full collections) and
   of the workers; then again with the workers' per-chunk `gc.freeze()` switched off (`--runs N` alternates N
   pairs);
2. in this process, the first 30,000 rows by slices of 5,000: CPU per row, what the similar-word rows of query
   words not seen before cost (`bounds._Vocabulary._similar_forms`, computed once per word and process; per row and
   per word), and the garbage collector's time by generation (the index frozen, as a worker inherits it, but not
   the caches: what a worker would pay without its per-chunk freeze);
3. the next 6,000 rows, after that warm-up and freezing what each chunk leaves as a worker does: CPU per row with
   no stage timer (the steady state of a worker, the measure to compare two versions by);
4. the 6,000 rows after those, the same way: wall-clock time per row of each stage (normalising, the query's
   scoring profile, its similar-word rows, the reachable names, the bound and its kernel, scoring), and how many
   names the bound looks at per query;
5. the 4,000 rows after those with the collector off: the objects in reference cycles they leave (a worker's
   freeze would keep those for good).

The stages are timed by wrapping the functions the engine calls, which costs time of its own (a call layer per
stage: the rows of step 4 cost more than those of step 3).
"""

from __future__ import annotations

import argparse
import csv
import gc
import resource
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.bench_batch import plantable, write_input
from bench.common import load_all_lists, machine
from tradeguard import engine as engine_module
from tradeguard.batch import BatchOptions, runner, screen_file
from tradeguard.engine import Engine
from tradeguard.index import bounds
from tradeguard.match.model import Party
from tradeguard.names import load_dictionaries

OUT = Path(__file__).resolve().parent / "out"
SLICE = 5_000
WARM_ROWS = 30_000
UNTIMED_ROWS = 6_000
STAGE_ROWS = 6_000
CYCLE_ROWS = 4_000


class Stopwatch:
    """Seconds and calls per label, gathered by wrapping functions."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    def wrap(self, label: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[label] += time.perf_counter() - started
                self.calls[label] += 1

        return timed

    def clear(self) -> None:
        self.seconds.clear()
        self.calls.clear()


class _TimedKernel:
    """The compiled kernels, each call timed."""

    def __init__(self, kernel: Any, watch: Stopwatch) -> None:
        self.segment_bounds = watch.wrap("bound kernel", kernel.segment_bounds)
        self.reachable_names = watch.wrap("reachable kernel", kernel.reachable_names)
        self.letter_pair_candidates = kernel.letter_pair_candidates  # within the new words' rows, timed there


def _parties(path: Path) -> list[Party]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [Party(row["customer_name"], country=row["country"] or None) for row in csv.DictReader(handle)]


def _cpu_by_process(engine: Engine, customers: Path, runs: int) -> None:
    """screen_file with two workers, `runs` times alternately as shipped and with the workers' per-chunk
    `gc.freeze()` switched off (the pool's initializer replaced), which shows what that freeze saves."""
    shipped = runner._start_worker
    clock = _CollectorClock()  # the parent's own collections
    for run in range(2 * runs):
        freeze = run % 2 == 0
        runner._start_worker = shipped if freeze else (lambda: None)  # type: ignore[assignment]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        clock.seconds = [0.0, 0.0, 0.0]
        started, parent = time.perf_counter(), time.process_time()
        summary = screen_file(
            lambda: engine, customers, OUT / "rows" / "customers.screened.csv", BatchOptions(workers=2)
        )
        wall, parent = time.perf_counter() - started, time.process_time() - parent
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        workers = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        print(
            f"screen_file, 2 workers{'' if freeze else ', workers not freezing'}: {summary.rows:,} rows in "
            f"{wall:.1f} s = {summary.rows / wall:,.0f} rows/s; CPU: parent {parent:.1f} s (its full collections "
            f"{clock.seconds[2]:.1f} s), workers {workers:.1f} s ({workers / summary.rows * 1e6:.0f} us a row)"
        )
    gc.callbacks.remove(clock._tick)
    runner._start_worker = shipped  # type: ignore[assignment]


class _CollectorClock:
    """Seconds Python's garbage collector spends, by generation (`gc.callbacks`)."""

    def __init__(self) -> None:
        self.seconds = [0.0, 0.0, 0.0]
        self._started = 0.0
        gc.callbacks.append(self._tick)

    def _tick(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.seconds[info["generation"]] += time.perf_counter() - self._started


def _cyclic_garbage(engine: Engine, parties: list[Party]) -> None:
    """Objects in reference cycles that screening leaves behind (what a frozen generation would never free)."""
    gc.collect()
    gc.disable()
    try:
        for party in parties:
            engine.screen(party, near_misses=False)
        print(f"cyclic garbage after {len(parties):,} more rows: {gc.collect():,} objects")
    finally:
        gc.enable()


def _install(watch: Stopwatch) -> tuple[list[int], Callable[[], None]]:
    """Wrap the stages; return the list that collects how many names each bound call looks at, and a function that
    puts the unwrapped functions back."""
    replaced: list[tuple[object, str, object]] = []

    def wrap(owner: object, name: str, label: str) -> None:
        replaced.append((owner, name, getattr(owner, name)))
        setattr(owner, name, watch.wrap(label, getattr(owner, name)))

    for vocabulary in (value for value in vars(bounds).values() if isinstance(value, type)):
        if hasattr(vocabulary, "_similar_forms"):
            wrap(vocabulary, "_similar_forms", "similar-word rows of new words")
    table = bounds.TokenTable
    wrap(table, "prepare", "preparing the query")
    wrap(table, "reachable", "reachable names")
    sizes: list[int] = []
    real_bounds = table.bounds

    def bound(self: bounds.TokenTable, prepared: bounds.PreparedQuery, names: Any) -> Any:
        sizes.append(len(names))
        return real_bounds(self, prepared, names)

    replaced.append((table, "bounds", real_bounds))
    table.bounds = watch.wrap("bound", bound)  # type: ignore[method-assign]
    wrap(bounds, "profile_of", "the query's profile")
    wrap(engine_module, "normalize_name", "normalising")
    wrap(engine_module, "name_score", "scoring candidates")
    if bounds._kernel is not None:
        replaced.append((bounds, "_kernel", bounds._kernel))
        bounds._kernel = _TimedKernel(bounds._kernel, watch)  # type: ignore[assignment]

    def uninstall() -> None:
        for owner, name, original in reversed(replaced):
            setattr(owner, name, original)

    return sizes, uninstall


def _screen_as_a_worker(engine: Engine, parties: list[Party]) -> tuple[float, float]:
    """Screen `parties` freezing what each chunk leaves, as a worker does (and what ran before, as a worker's start
    does); (wall-clock seconds, CPU seconds)."""
    chunk = BatchOptions().chunk_size
    gc.freeze()
    started, cpu = time.perf_counter(), time.process_time()
    for position, party in enumerate(parties, 1):
        engine.screen(party, near_misses=False)
        if position % chunk == 0:
            gc.freeze()
    return time.perf_counter() - started, time.process_time() - cpu


def _untimed(engine: Engine, parties: list[Party]) -> None:
    """CPU per warm row with no stage timer in the way (they add a call layer to each stage)."""
    _, cpu = _screen_as_a_worker(engine, parties)
    print(
        f"after {WARM_ROWS:,} warm-up rows, {len(parties):,} rows with no stage timers: "
        f"{cpu / len(parties) * 1e6:.0f} us a row (CPU)"
    )


def _warm_up_curve(engine: Engine, parties: list[Party], watch: Stopwatch) -> None:
    label = "similar-word rows of new words"
    clock = _CollectorClock()
    print(
        f"one process, not freezing, by slice of {SLICE:,} rows (us a row; of which similar-word rows of new words;"
        " new words, us each; of which garbage collection, youngest / middle / full):"
    )
    for start in range(0, WARM_ROWS, SLICE):
        watch.clear()
        clock.seconds = [0.0, 0.0, 0.0]
        cpu = time.process_time()
        for party in parties[start : start + SLICE]:
            engine.screen(party, near_misses=False)
        cpu = time.process_time() - cpu
        collections = " / ".join(f"{seconds / SLICE * 1e6:.0f}" for seconds in clock.seconds)
        print(
            f"  rows {start:>6,}-{start + SLICE:,}: {cpu / SLICE * 1e6:5.0f};"
            f" {watch.seconds[label] / SLICE * 1e6:4.0f}; {watch.calls[label]:,},"
            f" {watch.seconds[label] / max(watch.calls[label], 1) * 1e6:.0f}; {collections}"
        )
    gc.callbacks.remove(clock._tick)


def _stages(engine: Engine, parties: list[Party], watch: Stopwatch, sizes: list[int]) -> None:
    watch.clear()
    sizes.clear()
    total, _ = _screen_as_a_worker(engine, parties)
    print(f"after those, {len(parties):,} rows: {total / len(parties) * 1e6:.0f} us a row (wall), of which")
    for label, seconds in sorted(watch.seconds.items(), key=lambda item: -item[1]):
        print(f"  {label:32s} {seconds / len(parties) * 1e6:6.1f} us  ({watch.calls[label]:,} calls)")
    ordered = sorted(sizes)
    print(
        f"names per bound call: mean {statistics.mean(ordered):.0f}, median {ordered[len(ordered) // 2]}, "
        f"p90 {ordered[int(len(ordered) * 0.9)]}, max {ordered[-1]} ({len(ordered):,} calls)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=50_000, help="rows of the customer file (at least 46,000)")
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument("--runs", type=int, default=1, help="screen_file runs with and without the workers' freeze")
    args = parser.parse_args()
    (OUT / "rows").mkdir(parents=True, exist_ok=True)
    engine = Engine.from_settings(load_all_lists(OUT / "all-lists.sqlite"))
    customers = OUT / "rows" / "customers.csv"
    rows = max(args.rows, WARM_ROWS + UNTIMED_ROWS + STAGE_ROWS + CYCLE_ROWS)
    write_input(customers, rows, 0.01, plantable(list(engine.index().entries)), args.seed)
    print(f"machine: {machine()}")
    _cpu_by_process(engine, customers, args.runs)
    load_dictionaries()
    parties = _parties(customers)
    # As a worker starts: the index in the permanent generation (the runner freezes it before forking).
    gc.collect()
    gc.freeze()
    watch = Stopwatch()
    _, uninstall = _install(watch)
    _warm_up_curve(engine, parties, watch)
    uninstall()
    _untimed(engine, parties[WARM_ROWS : WARM_ROWS + UNTIMED_ROWS])
    sizes, _ = _install(watch)
    stages_from = WARM_ROWS + UNTIMED_ROWS
    _stages(engine, parties[stages_from : stages_from + STAGE_ROWS], watch, sizes)
    _cyclic_garbage(engine, parties[stages_from + STAGE_ROWS : stages_from + STAGE_ROWS + CYCLE_ROWS])


if __name__ == "__main__":
    main()
