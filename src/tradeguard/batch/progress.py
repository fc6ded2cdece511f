"""Progress of a batch run for people: a Rich bar with rate and ETA on a terminal, plain periodic lines elsewhere."""

from __future__ import annotations

import time
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TaskProgressColumn, TextColumn, TimeRemainingColumn

from tradeguard.batch.model import BatchSummary
from tradeguard.batch.runner import BatchObserver, BatchProgress


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}h{minutes:02d}m{secs:02d}s" if hours else f"{minutes}m{secs:02d}s"


def progress_line(progress: BatchProgress) -> str:
    """'screened 120,000 rows (34%) at 5,123 rows/s, about 2m10s left' — one plain status line."""
    rate = progress.rows / progress.elapsed if progress.elapsed > 0 else 0.0
    line = f"screened {progress.rows:,} rows"
    fraction = progress.fraction
    if fraction is not None:
        line += f" ({fraction:.0%})"
    line += f" at {rate:,.0f} rows/s"
    if fraction and 0 < fraction < 1:
        line += f", about {_duration(progress.elapsed * (1 - fraction) / fraction)} left"
    return line


class LineObserver(BatchObserver):
    """Writes the column choice, then a status line every `interval` seconds (for logs and pipes)."""

    def __init__(self, stream: TextIO, interval: float = 10.0) -> None:
        self._stream = stream
        self._interval = interval
        self._last = time.monotonic()

    def started(self, summary: BatchSummary, detected: str) -> None:
        columns = summary.columns.describe() if summary.columns else ""
        print(f"input: {summary.input} ({detected}); columns: {columns}", file=self._stream, flush=True)
        self._last = time.monotonic()

    def advanced(self, progress: BatchProgress) -> None:
        now = time.monotonic()
        if now - self._last >= self._interval:
            self._last = now
            print(progress_line(progress), file=self._stream, flush=True)


class RichObserver(BatchObserver):
    """A live progress bar with rows, rate and time left on a terminal."""

    def __init__(self, console: Console) -> None:
        self._console = console
        self._bar = Progress(
            TextColumn("[bold]screening"),
            BarColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[rows]:>12,} rows  {task.fields[rate]:>8,.0f} rows/s"),
            TimeRemainingColumn(),
            console=console,
            transient=False,
        )
        self._task: TaskID | None = None

    def started(self, summary: BatchSummary, detected: str) -> None:
        columns = summary.columns.describe() if summary.columns else ""
        self._console.print(f"[bold]input[/] {summary.input} ({detected})", highlight=False)
        self._console.print(f"[bold]columns[/] {columns}", highlight=False)
        self._task = self._bar.add_task("screening", total=None, rows=0, rate=0.0)
        self._bar.start()

    def advanced(self, progress: BatchProgress) -> None:
        if self._task is None:
            return
        rate = progress.rows / progress.elapsed if progress.elapsed > 0 else 0.0
        self._bar.update(self._task, completed=progress.done, total=progress.total, rows=progress.rows, rate=rate)

    def finished(self, summary: BatchSummary) -> None:
        if self._task is not None:
            self._bar.update(self._task, completed=self._bar.tasks[0].total or 0, rows=summary.rows)
        self._bar.stop()

    def abort(self) -> None:
        """Stop drawing (the run failed); the terminal is left clean."""
        self._bar.stop()
