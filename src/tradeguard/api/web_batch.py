"""The batch web page: upload a CSV/XLSX file, watch its progress, download the screened file."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Annotated, Any, BinaryIO

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from tradeguard.api.auth import caller
from tradeguard.api.jobs import UPLOAD_SUFFIXES, Job, JobQueue
from tradeguard.api.routes import ready_engine
from tradeguard.api.web import page
from tradeguard.batch.model import BatchOptions
from tradeguard.errors import InputError

Caller = Annotated[str, Depends(caller)]
router = APIRouter(include_in_schema=False)


def _jobs(request: Request) -> JobQueue:
    queue: JobQueue = request.app.state.jobs
    return queue


def _copy(source: BinaryIO, target: Path) -> None:
    with target.open("wb") as out:
        shutil.copyfileobj(source, out, length=1 << 20)


def _threshold(text: str) -> float | None:
    if not text.strip():
        return None
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise InputError(f"threshold must be a number between 0 and 1, got {text[:20]!r}")
    return value


@router.get("/batch", response_class=HTMLResponse)
async def batch_page(request: Request, who: Caller) -> HTMLResponse:
    return page(request, "batch.html", jobs=_jobs(request).recent(who), suffixes=UPLOAD_SUFFIXES)


@router.post("/batch", response_model=None)
async def upload(
    request: Request,
    who: Caller,
    file: Annotated[UploadFile, File(description="CSV or XLSX of parties")],
    threshold: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    filename = (file.filename or "").strip()
    if Path(filename).suffix.lower() not in UPLOAD_SUFFIXES:
        raise InputError(f"{filename or 'the upload'}: upload a file ending in {', '.join(UPLOAD_SUFFIXES)}")
    options = BatchOptions(threshold=_threshold(threshold), workers=1)
    ready_engine(request)
    job = _jobs(request).create(who, filename)
    await run_in_threadpool(_copy, file.file, job.input_path)
    _jobs(request).submit(job, options)
    return RedirectResponse(f"/batch/{job.id}", status_code=303)


@router.get("/batch/{job_id}", response_class=HTMLResponse)
async def job_page(job_id: str, request: Request, who: Caller) -> HTMLResponse:
    job = _jobs(request).get(job_id, who)
    return page(request, "batch_job.html", job=job.to_dict())


@router.get("/batch/{job_id}/status")
async def job_status(job_id: str, request: Request, who: Caller) -> dict[str, Any]:
    return _jobs(request).get(job_id, who).to_dict()


@router.get("/batch/{job_id}/download", response_model=None)
async def download(job_id: str, request: Request, who: Caller) -> Response:
    job: Job = _jobs(request).get(job_id, who)
    if job.state != "done":
        raise InputError(f"batch job {job_id} is {job.state}; the file is ready when it is done")
    return FileResponse(job.output_path, filename=job.download_name)
