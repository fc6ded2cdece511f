"""Screens a whole file: read in chunks, screen in worker processes, write each chunk in input order as it is done.

Memory stays flat whatever the file's size: at most a few chunks per worker are in flight, and readers and writers
stream. The parent builds the engine's index once and then forks the workers, so they share it copy-on-write.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Protocol

from tradeguard.audit.batch import record_batch_run
from tradeguard.batch.columns import detect_columns
from tradeguard.batch.formats import RowReader, RowWriter, format_of, open_reader, open_writer
from tradeguard.batch.model import (
    RESULT_COLUMNS,
    STATUS_CLEAR,
    STATUS_ERROR,
    BatchOptions,
    BatchSummary,
    RowOutcome,
    SourceRow,
)
from tradeguard.batch.screening import CachedScreener, PartyItem, Screener, result_values, row_parties, screen_parties
from tradeguard.engine import Engine
from tradeguard.errors import InputError, TradeguardError
from tradeguard.names import load_dictionaries
from tradeguard.settings import Settings


class BatchEngine(Screener, Protocol):
    """What the runner needs of an engine: build its index up front, release its store, screen (`Engine` is one)."""

    def index(self) -> object: ...

    def close(self) -> None: ...


EngineFactory = Callable[[], BatchEngine]
MAX_ERRORS_KEPT = 100  # error lines listed in the summary; every error is in the output file regardless
IN_FLIGHT_PER_WORKER = 3  # chunks queued per worker: keeps workers busy while bounding memory


@dataclass(frozen=True, slots=True)
class BatchProgress:
    """How far a run is: rows written, reader units (bytes or rows) done and in all, seconds since start."""

    rows: int
    done: int
    total: int | None
    elapsed: float

    @property
    def fraction(self) -> float | None:
        return min(self.done / self.total, 1.0) if self.total else None


class BatchObserver:
    """Told when a run starts (columns chosen), after every chunk, and when it ends; override what you need."""

    def started(self, summary: BatchSummary, detected: str) -> None:
        """The input is open and its columns are mapped; `detected` says what the reader found."""

    def advanced(self, progress: BatchProgress) -> None:
        """Another chunk of rows was written."""

    def finished(self, summary: BatchSummary) -> None:
        """The output is complete."""


def default_output_path(input_path: Path) -> Path:
    """`customers.csv` -> `customers.screened.csv`, beside the input."""
    return input_path.with_name(f"{input_path.stem}.screened{input_path.suffix}")


def output_columns(input_columns: list[str]) -> list[str]:
    """The input's columns then the result columns, prefixed with `screen_` if the input already uses a name."""
    taken = set(input_columns)
    prefix = ""
    while any(prefix + column in taken for column in RESULT_COLUMNS):
        prefix = "screen_" + prefix
    return [*input_columns, *(prefix + column for column in RESULT_COLUMNS)]


def screen_file(
    engine: Settings | EngineFactory,
    input_path: Path,
    output_path: Path | None = None,
    options: BatchOptions | None = None,
    observer: BatchObserver | None = None,
) -> BatchSummary:
    """Screen every row of `input_path` and write it, with its result columns, to `output_path`; return the summary."""
    options = options or BatchOptions()
    output_path = output_path or default_output_path(input_path)
    if output_path.resolve() == input_path.resolve():
        raise InputError(f"{output_path}: the output would overwrite the input; choose another -o")
    observer = observer or BatchObserver()
    factory: EngineFactory = (lambda: Engine.from_settings(engine)) if isinstance(engine, Settings) else engine
    partial = output_path.with_name(output_path.name + ".part")
    with open_reader(input_path, options) as reader:
        summary = _prepare(reader, input_path, output_path, options)
        columns = output_columns(reader.columns)
        try:
            writer = open_writer(partial, summary.output_format, columns, reader)
            _run(factory, reader, writer, summary, options, observer)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    partial.replace(output_path)
    if isinstance(engine, Settings):  # one audit record per run (an injected engine factory is a test or Spark's)
        record_batch_run(engine, summary, options)
    observer.finished(summary)
    return summary


def _prepare(reader: RowReader, input_path: Path, output_path: Path, options: BatchOptions) -> BatchSummary:
    fmt = (
        format_of(output_path, options.output_format) if output_path.suffix or options.output_format else reader.format
    )
    return BatchSummary(
        input=input_path,
        output=output_path,
        input_format=reader.format,
        output_format=fmt,
        columns=detect_columns(reader.columns, options),
        workers=_worker_count(options.workers),
    )


def _worker_count(requested: int | None) -> int:
    if requested is not None and requested < 1:
        raise InputError(f"--workers must be at least 1, got {requested}")
    return requested or os.cpu_count() or 1


def _run(
    factory: EngineFactory,
    reader: RowReader,
    writer: RowWriter,
    summary: BatchSummary,
    options: BatchOptions,
    observer: BatchObserver,
) -> None:
    assert summary.columns is not None
    engine = factory()
    started = time.perf_counter()
    engine.index()  # built once, before forking, so every worker shares it
    engine.close()  # a SQLite connection must not cross a fork; the engine reopens its own where it needs one
    summary.index_seconds = time.perf_counter() - started
    observer.started(summary, reader.describe())
    started = time.perf_counter()
    try:
        with _Executor(engine, summary.workers, options) as executor:
            pending: deque[tuple[list[SourceRow], _Pending]] = deque()
            for chunk in _chunks(reader.rows(), options.chunk_size):
                items = list(row_parties(chunk, reader.columns, summary.columns))
                pending.append((chunk, executor.submit(items)))
                while len(pending) >= summary.workers * IN_FLIGHT_PER_WORKER:
                    _write_done(pending.popleft(), writer, summary, reader, observer, started)
            while pending:
                _write_done(pending.popleft(), writer, summary, reader, observer, started)
    finally:
        writer.close()
        summary.seconds = time.perf_counter() - started


def _write_done(
    done: tuple[list[SourceRow], _Pending],
    writer: RowWriter,
    summary: BatchSummary,
    reader: RowReader,
    observer: BatchObserver,
    started: float,
) -> None:
    rows, pending = done
    for row, outcome in zip(rows, pending.get(), strict=True):
        if (
            row.line != outcome.line
        ):  # order is the whole point of reconciliation: never write a row beside another's result
            raise AssertionError(f"batch order lost: row {row.line} got the result of row {outcome.line}")
        writer.write([*row.values, *result_values(outcome)])
        _count(summary, outcome)
    units, total = reader.progress()
    observer.advanced(BatchProgress(summary.rows, units, total, time.perf_counter() - started))


def _count(summary: BatchSummary, outcome: RowOutcome) -> None:
    summary.rows += 1
    if outcome.status == STATUS_CLEAR:
        summary.clear += 1
    elif outcome.status == STATUS_ERROR:
        summary.errors += 1
        if len(summary.error_lines) < MAX_ERRORS_KEPT:
            summary.error_lines.append((outcome.line, outcome.error or ""))
    else:
        summary.potential_matches += 1
        if outcome.truncated:
            summary.more_hits += 1
        for source in {hit.source for hit in outcome.hits}:
            summary.hits_by_list[source] = summary.hits_by_list.get(source, 0) + 1
    if outcome.snapshots and outcome.snapshots not in summary.snapshots:
        summary.snapshots.append(outcome.snapshots)


def _chunks(rows: Iterable[SourceRow], size: int) -> Iterator[list[SourceRow]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, max(size, 1))):
        yield chunk


class _Pending:
    """A chunk's outcomes: already computed (one process) or on their way from a worker."""

    def __init__(
        self, outcomes: list[RowOutcome] | None = None, future: Future[list[RowOutcome]] | None = None
    ) -> None:
        self._outcomes = outcomes
        self._future = future

    def get(self) -> list[RowOutcome]:
        if self._outcomes is None:
            assert self._future is not None
            try:
                self._outcomes = self._future.result()
            except BrokenProcessPool as exc:
                raise TradeguardError(
                    "a worker process died (out of memory or killed?); the run stopped and no output was written"
                ) from exc
            self._future = None
        return self._outcomes


# What forked workers inherit from the parent: the screener (engine with its built index) and the run's options.
_WORKER_STATE: tuple[CachedScreener, BatchOptions] | None = None


# True in a forked worker process (set by the pool's initializer), False in the parent.
_IN_WORKER = False


def _start_worker() -> None:
    global _IN_WORKER
    _IN_WORKER = True


def _screen_chunk(items: list[PartyItem]) -> list[RowOutcome]:
    assert _WORKER_STATE is not None, "worker started without the parent's engine"
    screener, options = _WORKER_STATE
    outcomes = list(screen_parties(screener, items, threshold=options.threshold, sources=options.sources or None))
    if _IN_WORKER:
        # What a chunk leaves behind in a worker is cache entries (normalised names, similar-word rows), which grow
        # with the file and which the collector would otherwise scan again and again: out of its way, as the index
        # is (workers' CPU ~10% less side by side: bench/bench_rows.py). Refcounting still frees the entries caches
        # drop; screening leaves no reference cycles (bench_rows counts them). Not in the parent, a server maybe.
        gc.freeze()
    return outcomes


def _ready() -> None:
    """A no-op task: waiting for it means every worker has been forked."""


class _Executor:
    """Runs chunks in this process (one worker) or in forked worker processes that share the parent's index."""

    def __init__(self, engine: BatchEngine, workers: int, options: BatchOptions) -> None:
        self._screener = CachedScreener(engine)
        self._options = options
        self._workers = workers if "fork" in multiprocessing.get_all_start_methods() else 1
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> _Executor:
        global _WORKER_STATE
        _WORKER_STATE = (self._screener, self._options)
        if self._workers > 1:
            # With "fork", the pool forks all its workers at the first submit: do it now, while no other thread
            # (the progress bar's) runs, with the index in the permanent generation that the children's garbage
            # collector leaves alone (so their shared pages are not copied just by being scanned), and with the
            # dictionaries normalisation loads lazily already loaded, so the workers share them. What is frozen stays
            # so in the parent too: unfreezing gave the index (frozen since it was loaded) back to the collector,
            # whose next full collection walked it again in the middle of the run (bench_rows prints the parent's
            # full collections). Collected first, so only live objects are frozen.
            load_dictionaries()
            gc.collect()
            gc.freeze()
            self._pool = ProcessPoolExecutor(
                self._workers, mp_context=multiprocessing.get_context("fork"), initializer=_start_worker
            )
            self._pool.submit(_ready).result()
        return self

    def submit(self, items: list[PartyItem]) -> _Pending:
        if self._pool is None:
            return _Pending(outcomes=_screen_chunk(items))
        return _Pending(future=self._pool.submit(_screen_chunk, items))

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        global _WORKER_STATE
        _WORKER_STATE = None
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=exc is not None)
