"""Batch files screened for the web page: one job at a time in a background thread, progress kept on disk.

Jobs run in the server process with one worker: forking a threaded server is unsafe, and the API keeps serving
meanwhile. Each job's state is a small JSON file beside its files, in a folder every worker process of the server
shares (next to the database), so a status poll or a download may land on any worker (`tradeguard serve --workers N`).
A job reuses the server's built index through its own engine (own database connection, which the runner closes).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import secrets
import shutil
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tradeguard.batch.model import BatchOptions, BatchSummary
from tradeguard.batch.runner import BatchObserver, BatchProgress, default_output_path, screen_file
from tradeguard.engine import Engine
from tradeguard.errors import NotFoundError, TradeguardError
from tradeguard.settings import Settings

log = logging.getLogger(__name__)
KEPT_JOBS = 20  # finished jobs (uploads and results) kept for download; older ones are deleted
UPLOAD_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".parquet", ".jsonl")
_JOB_ID = re.compile(r"^[A-Za-z0-9_-]{16}$")  # secrets.token_urlsafe(12); also keeps ids out of other folders
_STATUS = "status.json"


@dataclass
class Job:
    """One uploaded file's screening: its state (queued, running, done, failed), progress and result."""

    id: str
    owner: str  # the API key name that uploaded it: only that caller may see or download it
    filename: str
    folder: Path
    created: float = field(default_factory=time.time)
    state: str = "queued"
    rows: int = 0
    fraction: float | None = None
    detected: str = ""
    summary: dict[str, Any] | None = None
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
                "summary": self.summary,
                "error": self.error,
                "download": f"/batch/{self.id}/download" if self.state == "done" else None,
            }

    def update(self, **changes: Any) -> None:
        """Change fields and write the status file (atomically: readers in other workers never see half of it)."""
        with self.lock:
            for name, value in changes.items():
                setattr(self, name, value)
        record = {**self.to_dict(), "owner": self.owner, "created": self.created}
        partial = self.folder / f".{_STATUS}.{threading.get_ident()}"
        partial.write_text(json.dumps(record), encoding="utf-8")
        os.replace(partial, self.folder / _STATUS)

    @classmethod
    def load(cls, folder: Path) -> Job:
        data = json.loads((folder / _STATUS).read_text(encoding="utf-8"))
        keys = ("state", "rows", "fraction", "detected", "summary", "error")
        return cls(data["id"], data["owner"], data["filename"], folder, data["created"], **{k: data[k] for k in keys})


class _Observer(BatchObserver):
    def __init__(self, job: Job) -> None:
        self.job = job

    def started(self, summary: BatchSummary, detected: str) -> None:
        columns = summary.columns.describe() if summary.columns else ""
        self.job.update(state="running", detected=f"{detected}; columns: {columns}")

    def advanced(self, progress: BatchProgress) -> None:
        self.job.update(rows=progress.rows, fraction=progress.fraction)


def sharing_engine(shared: Engine) -> Engine:
    """A new engine with its own database connection that reuses `shared`'s built (immutable) index."""
    return shared.sibling()


def jobs_folder(settings: Settings) -> Path:
    """Beside a SQLite database file; under the temporary folder (one per database) for a server database."""
    if "://" not in settings.db and settings.db != ":memory:":
        return Path(settings.db).expanduser().resolve().parent / "batch-jobs"
    digest = hashlib.sha256(settings.db.encode("utf-8")).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"tradeguard-batch-jobs-{digest}"


class JobQueue:
    """The server's batch jobs: run one at a time in this process, readable from every worker, newest kept."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.root = jobs_folder(engine.settings)
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tradeguard-batch")

    def create(self, owner: str, filename: str) -> Job:
        """A new job with an unguessable id and its own folder; the caller writes `job.input_path` then submits."""
        self.root.mkdir(parents=True, exist_ok=True)
        self._evict()
        job_id = secrets.token_urlsafe(12)
        folder = self.root / job_id
        folder.mkdir(mode=0o700)
        job = Job(job_id, owner, Path(filename).name or "upload.csv", folder)
        job.update()
        return job

    def submit(self, job: Job, options: BatchOptions) -> None:
        self.executor.submit(self._run, job, options)

    def get(self, job_id: str, owner: str) -> Job:
        folder = self.root / job_id
        if not _JOB_ID.match(job_id) or not (folder / _STATUS).is_file() or Job.load(folder).owner != owner:
            raise NotFoundError(f"no batch job {job_id!r} (finished jobs are kept until {KEPT_JOBS} newer ones)")
        return Job.load(folder)

    def recent(self, owner: str) -> list[Job]:
        return [job for job in self._all() if job.owner == owner]

    def _all(self) -> list[Job]:
        """Every job on disk, newest first."""
        if not self.root.is_dir():
            return []
        jobs = []
        for folder in self.root.iterdir():
            try:
                jobs.append(Job.load(folder))
            except (OSError, ValueError, KeyError):  # being created or deleted by another worker right now
                continue
        return sorted(jobs, key=lambda job: job.created, reverse=True)

    def _run(self, job: Job, options: BatchOptions) -> None:
        engine = sharing_engine(self.engine)
        try:
            summary = screen_file(lambda: engine, job.input_path, job.output_path, options, _Observer(job))
        except TradeguardError as exc:
            job.update(state="failed", error=exc.message)
        except Exception as exc:  # the page must show a failure, not spin forever
            log.exception("batch job %s failed", job.id)
            job.update(state="failed", error=f"internal error ({type(exc).__name__}); the server log has the details")
        else:
            shown = {k: v for k, v in summary.to_dict().items() if k not in ("input", "output")}  # server paths
            job.update(state="done", summary=shown, rows=summary.rows, fraction=1.0)
        finally:
            engine.close()  # the index may have reopened the connection after the runner closed it

    def _evict(self) -> None:
        finished = [job for job in self._all() if job.state in ("done", "failed")]
        for job in finished[KEPT_JOBS:]:
            shutil.rmtree(job.folder, ignore_errors=True)

    def close(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
