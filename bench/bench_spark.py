"""Spark screening benchmark (issue 7): rows/s on local[1] and local[2], scaling, overhead against screen-file, sizing.

Run: `.venv/bin/python -m bench.bench_spark [--rows N] [--large-rows N] [--cores 1,2]`. Two parts, on the same kind
of input as `bench/bench_batch.py` (Faker customers from 12 locales, 1% planted list-name variants, all lists of
issue 3):

1. real matching: `--rows` rows screened by `screen-file` (1 and 2 workers) and by `spark-screen` (local[1] and
   local[2], CSV in, CSV out, the same compiled index built once beforehand and broadcast); the outputs of
   screen-file and Spark are compared cell by cell;
2. framework ceiling: `--large-rows` rows (1,000,000 by default) with a screener that answers at once, so what is
   measured is reading, Arrow transfer, row numbering, dispatch and writing: Spark on local[1] and local[2], and
   screen-file's runner with 2 workers on the same file.

At the matcher's current speed 1,000,000 rows with real matching take hours on two cores; part 1 runs what is
feasible and the README extrapolates from it, saying so.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.bench_batch import FakeCustomers, InstantEngine, plantable, write_input
from bench.common import load_all_lists, machine
from tradeguard.batch import BatchOptions, screen_file
from tradeguard.engine import Engine
from tradeguard.index.cache import code_digest
from tradeguard.index.candidates import CandidateIndex
from tradeguard.settings import Settings
from tradeguard.spark.bundle import ScreeningBundle, build_bundle
from tradeguard.spark.files import SparkFileOptions, screen_files
from tradeguard.spark.session import get_session

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out" / "spark"
SPLITS = 16  # input splits per file: several tasks per core, so one slow task does not leave a core idle


class InstantBundle(ScreeningBundle):
    """A bundle whose engine answers every party at once: isolates Spark's own cost from matching."""

    def engine(self) -> Engine:
        return InstantEngine()  # type: ignore[return-value]  # only .screen is used on executors


@dataclass
class Run:
    label: str
    rows: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.rows / self.seconds

    def line(self) -> str:
        return f"{self.label}: {self.rows:,} rows in {self.seconds:.1f} s = {self.rate:,.1f} rows/s"


def spark_run(master: str, source: Path, output: Path, settings: Settings, bundle: ScreeningBundle) -> Run:
    """One `spark-screen` run on a fresh session of `master` (the session start-up is not counted)."""
    session = get_session(master, "tradeguard bench")
    session.conf.set("spark.sql.files.maxPartitionBytes", str(max(source.stat().st_size // SPLITS, 32 * 1024)))
    session.sparkContext.setLogLevel("ERROR")
    try:
        summary = screen_files(session, str(source), str(output), settings, SparkFileOptions(overwrite=True), bundle)
    finally:
        session.stop()
    run = Run(f"spark-screen {master}, {summary.partitions} partitions", summary.rows, summary.seconds)
    print(f"  {run.line()}; potential matches {summary.potential_matches:,}, errors {summary.errors}", flush=True)
    return run


def batch_run(engine: object, workers: int, source: Path, output: Path) -> Run:
    summary = screen_file(lambda: engine, source, output, BatchOptions(workers=workers))  # type: ignore[arg-type,return-value]
    run = Run(f"screen-file {workers} worker(s)", summary.rows, summary.seconds)
    print(f"  {run.line()}; potential matches {summary.potential_matches:,}, errors {summary.errors}", flush=True)
    return run


def _read_csv(path: Path) -> list[list[str]]:
    """A CSV file, or a Spark output folder of CSV part files (in part order), without its header rows."""
    files = sorted(path.glob("part-*.csv")) if path.is_dir() else [path]
    rows: list[list[str]] = []
    for file in files:
        with file.open(encoding="utf-8", newline="") as handle:
            rows.extend(list(csv.reader(handle))[1:])
    return rows


def differing_rows(batch_output: Path, spark_output: Path) -> list[str]:
    """Customer ids whose output rows differ between screen-file and Spark (Spark writes no quotes for empty)."""
    batch = {row[0]: row for row in _read_csv(batch_output)}
    spark = {row[0]: row for row in _read_csv(spark_output)}
    return sorted(key for key in batch.keys() | spark.keys() if batch.get(key) != spark.get(key))


_LOAD_BUNDLE = """
import os, sys, time
from pathlib import Path
from tradeguard.spark.bundle import ScreeningBundle
def rss(): return int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
before = rss()
started = time.perf_counter()
engine = ScreeningBundle.read(Path(sys.argv[1])).engine()
print(f"{time.perf_counter() - started:.1f} s, +{rss() - before:.0f} MB resident")
"""


def bundle_cost(path: Path) -> str:
    """What one executor Python worker pays to load the bundle: seconds and resident memory (a fresh process)."""
    done = subprocess.run([sys.executable, "-c", _LOAD_BUNDLE, str(path)], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def real_matching(settings: Settings, rows: int, seed: int, cores: list[int], spark_only: bool) -> list[Run]:
    engine = Engine.from_settings(settings)
    started = time.perf_counter()
    bundle = build_bundle(settings)
    size = bundle.write(OUT / "all-lists.bundle")
    print(f"bundle: built in {time.perf_counter() - started:.1f} s, {size / 1e6:.1f} MB compressed; "
          f"loading it in a worker: {bundle_cost(OUT / 'all-lists.bundle')}")  # fmt: skip
    source = OUT / f"customers-{rows}.csv"
    write_input(source, rows, 0.01, plantable(list(bundle.index.entries)), seed)
    engine.index()
    runs: list[Run] = []
    for count in cores:  # interleaved, so that a busy spell on the shared machine hits both executors alike
        if not spark_only:
            runs.append(batch_run(engine, count, source, OUT / f"batch-{count}.csv"))
        runs.append(spark_run(f"local[{count}]", source, OUT / f"spark-{count}.csv", settings, bundle))
    if spark_only:
        return runs
    differing = differing_rows(OUT / f"batch-{cores[-1]}.csv", OUT / f"spark-{cores[-1]}.csv")
    print(f"  screen-file and Spark outputs: {len(differing)} of {rows:,} rows differ {differing[:5]}")
    if code_digest.__wrapped__() != bundle.code_digest:  # the working tree's name code changed during the run
        print("  warning: the name/index code changed during the run; the comparison is not meaningful")
    return runs


def write_large(path: Path, rows: int, seed: int) -> None:
    """Faker customer rows without planted names (the same generator as bench_batch's large file)."""
    fakes = FakeCustomers(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["customer_id", "customer_name", "type", "country", "city"])
        for number in range(rows):
            writer.writerow(fakes.row(number))


def framework_ceiling(settings: Settings, rows: int, seed: int) -> list[Run]:
    source = OUT / f"large-{rows}.csv"
    if not source.exists():
        started = time.perf_counter()
        write_large(source, rows, seed)
        print(f"large file: {rows:,} rows written in {time.perf_counter() - started:.0f} s")
    # Made from the importable module, not __main__, so that Spark's workers can unpickle it.
    from bench import bench_spark

    instant = bench_spark.InstantBundle(settings, (), CandidateIndex.build([]))
    runs = [spark_run(m, source, OUT / f"large-spark-{m[6]}.csv", settings, instant) for m in ("local[1]", "local[2]")]
    runs.append(batch_run(InstantEngine(), 2, source, OUT / "large-batch-2.csv"))
    return runs


def report(title: str, runs: list[Run]) -> None:
    by_label = {run.label.split(",")[0]: run for run in runs}
    one, two = by_label.get("spark-screen local[1]"), by_label.get("spark-screen local[2]")
    batch = by_label.get("screen-file 2 worker(s)")
    print(title)
    if one and two:
        print(f"  scaling local[2] / local[1]: {two.rate / one.rate:.2f}x")
    if two and batch:
        print(f"  Spark local[2] vs screen-file 2 workers: {two.rate / batch.rate:.2f}x the rate")
    if two and title.startswith("real"):
        per_core = two.rate / 2
        print(f"  sizing: {per_core:,.1f} rows/s per core -> {100e6 / 3600 / per_core:,.0f} cores for 100M rows in 1 h")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=2000, help="rows screened with real matching (0: skip)")
    parser.add_argument("--large-rows", type=int, default=1_000_000, help="rows of the framework run (0: skip)")
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument(
        "--cores", default="1,2", help="core counts of the real-matching runs, e.g. 2 for a long run on two cores only"
    )
    parser.add_argument("--spark-only", action="store_true", help="real matching on Spark alone (no screen-file run)")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    # Spark's local Python workers must import this module (InstantBundle) and tradeguard.
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    settings = load_all_lists(OUT / "all-lists.sqlite")
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.1f}; Python {sys.version.split()[0]}")
    if args.rows:
        cores = [int(count) for count in args.cores.split(",")]
        report("real matching, all lists:", real_matching(settings, args.rows, args.seed, cores, args.spark_only))
    if args.large_rows:
        report("framework ceiling (instant screener):", framework_ceiling(settings, args.large_rows, args.seed + 2))


if __name__ == "__main__":
    main()
