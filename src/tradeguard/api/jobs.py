"""Batch files screened for the web page: one job at a time in a background thread, progress kept for polling.

Jobs run in this process with one worker: forking a threaded server is unsafe, and the API keeps serving meanwhile.
A job reuses the server's built index through its own engine (own database connection, which the runner closes).
"""

from __future__ import annotations

import logging
import secrets
import shutil
import tempfile
import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tradeguard.batch.model import BatchOptions, BatchSummary
from tradeguard.batch.runner import BatchObserver, BatchProgress, default_output_path, screen_file
from tradeguard.engine import Engine
from tradeguard.errors import NotFoundError, TradeguardError

log = logging.getLogger(__name__)
KEPT_JOBS = 20  # finished jobs (and their files) kept for download; older ones are deleted
UPLOAD_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".parquet", ".jsonl")


@dataclass
class Job:
    """One uploaded file's screening: its state (queued, running, done, failed), progress and result."""

    id: str
    owner: str  # the API key name that uploaded it: only that caller may see or download it
    filename: str
    folder: Path
    state: str = "queued"
    rows: int = 0
    fraction: float | None = None
    detected: str = ""
    summary: BatchSummary | None = None
    error: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def input_path(self) -> Path:
        return self.folder / ("input" + Path(self.filename).suffix.lower())

    @property
    def output_path(self) -> Path:
        return default_output_path(self.input_path)

    @property
    def download_name(self) -> str:
        return f"{Path(self.filename).stem}.screened{Path(self.filename).suffix.lower()}"

    def to_dict(self) -> dict[str, Any]:
        with self.lock:
            return {
                "id": self.id,
                "filename": self.filename,
                "download_name": self.download_name,
                "state": self.state,
                "rows": self.rows,
                "fraction": self.fraction,
                "detected": self.detected,
                "summary": self.summary.to_dict() if self.summary else None,
                "error": self.error,
                "download": f"/batch/{self.id}/download" if self.state == "done" else None,
            }


class _Observer(BatchObserver):
    def __init__(self, job: Job) -> None:
        self.job = job

    def started(self, summary: BatchSummary, detected: str) -> None:
        columns = summary.columns.describe() if summary.columns else ""
        with self.job.lock:
            self.job.state, self.job.detected = "running", f"{detected}; columns: {columns}"

    def advanced(self, progress: BatchProgress) -> None:
        with self.job.lock:
            self.job.rows, self.job.fraction = progress.rows, progress.fraction


def sharing_engine(shared: Engine) -> Engine:
    """A new engine with its own database connection that reuses `shared`'s built (immutable) index."""
    engine = Engine(shared.settings)
    engine._loaded = shared._loaded  # the index is read-only once built; rebuilding it per job would cost seconds
    return engine


class JobQueue:
    """The app's batch jobs: files in a private temporary folder, run one at a time, the newest KEPT_JOBS kept."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.root = Path(tempfile.mkdtemp(prefix="tradeguard-batch-"))
        self.jobs: OrderedDict[str, Job] = OrderedDict()
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tradeguard-batch")
        self.lock = threading.Lock()

    def create(self, owner: str, filename: str) -> Job:
        """A new job with an unguessable id and its own folder; the caller writes `job.input_path` then submits."""
        job_id = secrets.token_urlsafe(12)
        folder = self.root / job_id
        folder.mkdir()
        job = Job(job_id, owner, Path(filename).name or "upload.csv", folder)
        with self.lock:
            self.jobs[job_id] = job
            self._evict()
        return job

    def submit(self, job: Job, options: BatchOptions) -> None:
        self.executor.submit(self._run, job, options)

    def get(self, job_id: str, owner: str) -> Job:
        with self.lock:
            job = self.jobs.get(job_id)
        if job is None or job.owner != owner:
            raise NotFoundError(f"no batch job {job_id!r} (finished jobs are kept until {KEPT_JOBS} newer ones)")
        return job

    def recent(self, owner: str) -> list[Job]:
        with self.lock:
            return [job for job in reversed(self.jobs.values()) if job.owner == owner]

    def _run(self, job: Job, options: BatchOptions) -> None:
        engine = sharing_engine(self.engine)
        try:
            summary = screen_file(lambda: engine, job.input_path, job.output_path, options, _Observer(job))
        except TradeguardError as exc:
            self._finish(job, None, exc.message)
        except Exception as exc:  # the page must show a failure, not spin forever
            log.exception("batch job %s failed", job.id)
            self._finish(job, None, f"internal error ({type(exc).__name__}); the server log has the details")
        else:
            self._finish(job, summary, None)
        finally:
            engine.close()  # the index may have reopened the connection after the runner closed it

    @staticmethod
    def _finish(job: Job, summary: BatchSummary | None, error: str | None) -> None:
        with job.lock:
            job.summary, job.error = summary, error
            job.state = "failed" if error else "done"
            job.fraction = 1.0 if summary else job.fraction
            job.rows = summary.rows if summary else job.rows

    def _evict(self) -> None:
        finished = [job for job in self.jobs.values() if job.state in ("done", "failed")]
        for job in finished[: max(len(finished) - KEPT_JOBS, 0)]:
            del self.jobs[job.id]
            shutil.rmtree(job.folder, ignore_errors=True)

    def close(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        shutil.rmtree(self.root, ignore_errors=True)
