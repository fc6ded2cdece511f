"""The JSON API (/v1), health, readiness and metrics routes: each a few lines over the engine."""

from __future__ import annotations

import os
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from tradeguard.api.auth import caller
from tradeguard.api.history import entry_snapshots, latest_entry, snapshot_summary
from tradeguard.api.schemas import (
    BatchRequest,
    BatchResponseOut,
    ErrorOut,
    ScreenOptions,
    ScreenRequest,
    ScreenResultOut,
)
from tradeguard.engine import Engine
from tradeguard.errors import InputError, TradeguardError
from tradeguard.lists.model import LIST_NAMES
from tradeguard.lists.status import list_status
from tradeguard.match.model import Party, ScreenResult

_ERRORS: dict[int | str, dict[str, Any]] = {status: {"model": ErrorOut} for status in (401, 404, 413, 422, 500, 503)}
Caller = Annotated[str, Depends(caller)]
router = APIRouter()


class NotReadyError(TradeguardError):
    """The candidate index is still being built (or failed to build)."""

    http_status = 503


def ready_engine(request: Request) -> Engine:
    """The engine once its index is built; NotReadyError (503) before."""
    engine: Engine = request.app.state.engine
    if not engine.ready:
        problem = request.app.state.index_error
        raise NotReadyError(problem or "the screening index is still being built; retry in a few seconds")
    return engine


def _screen_all(
    engine: Engine, parties: dict[str, Party], options: ScreenOptions, actor: str
) -> dict[str, ScreenResult]:
    # Every answer is recorded in the audit trail under the calling key's name.
    audited = engine.audited(actor)
    return audited.screen_all(parties, threshold=options.threshold, limit=options.limit, sources=options.sources)


def _count(request: Request, results: list[ScreenResult]) -> None:
    metrics = request.app.state.metrics
    metrics.screened.inc(len(results))
    metrics.potential_matches.inc(sum(1 for result in results if result.matched))


@router.post("/v1/screen", response_model=ScreenResultOut, responses=_ERRORS, tags=["screening"])
async def screen(body: ScreenRequest, request: Request, caller: Caller) -> Response:
    """Screen one party against the active lists: every entry it may be, best first, scored and explained."""
    engine = ready_engine(request)
    results = await run_in_threadpool(_screen_all, engine, {"": body.to_party()}, body, caller)
    _count(request, list(results.values()))
    return JSONResponse(results[""].to_dict())


@router.post("/v1/screen/batch", response_model=BatchResponseOut, responses=_ERRORS, tags=["screening"])
async def screen_batch(body: BatchRequest, request: Request, caller: Caller) -> Response:
    """Screen several parties at once: `{"queries": {key: party}}` → `{"responses": {key: result}}`."""
    most = request.app.state.settings.api_batch_limit
    if len(body.queries) > most:
        raise InputError(f"too many queries: {len(body.queries)} in one call, the limit is {most}")
    engine = ready_engine(request)
    parties = {key: party.to_party() for key, party in body.queries.items()}
    results = await run_in_threadpool(_screen_all, engine, parties, body, caller)
    _count(request, list(results.values()))
    return JSONResponse({"responses": {key: result.to_dict() for key, result in results.items()}})


@router.get("/v1/lists", responses=_ERRORS, tags=["lists"])
async def lists(request: Request, _caller: Caller) -> dict[str, Any]:
    """Every dataset with its active snapshot and age, and every snapshot kept."""
    engine: Engine = request.app.state.engine

    def read() -> dict[str, Any]:
        statuses = list_status(engine.store, request.app.state.settings)
        snapshots = [snapshot_summary(snapshot) for snapshot in engine.store.snapshots()]
        return {"datasets": [status.to_dict() for status in statuses], "snapshots": snapshots, "lists": LIST_NAMES}

    return await run_in_threadpool(read)


@router.get("/v1/entries/{entry_id:path}", responses=_ERRORS, tags=["lists"])
async def entry(entry_id: str, request: Request, _caller: Caller) -> dict[str, Any]:
    """One list entry (from the active lists, else its newest snapshot: `active` says which) and where it appeared."""
    engine: Engine = request.app.state.engine
    if len(entry_id) > 300:
        raise InputError("entry id too long (at most 300 characters)")

    def read() -> dict[str, Any]:
        found, active = latest_entry(engine.store, entry_id)
        history = [snapshot_summary(snapshot) for snapshot in entry_snapshots(engine.store, entry_id)]
        listed = LIST_NAMES.get(found.source, found.source)
        return {**found.to_dict(), "list": listed, "active": active, "snapshots": history}

    return await run_in_threadpool(read)


@router.get("/healthz", tags=["operations"])
async def healthz() -> dict[str, str]:
    """The process is up (says nothing about the index: see /readyz)."""
    return {"status": "ok"}


@router.get("/readyz", responses=_ERRORS, tags=["operations"])
async def readyz(request: Request) -> dict[str, Any]:
    """Ready to screen: 200 once the candidate index is built, 503 before (or if building failed)."""
    engine = ready_engine(request)
    snapshots = list(await run_in_threadpool(engine.snapshot_ids))
    return {"status": "ready", "snapshots": snapshots, "worker": os.getpid()}  # which process answered (--workers)


@router.get("/metrics", tags=["operations"])
async def metrics(request: Request) -> Response:
    """Prometheus text exposition of this process's counters."""
    body = request.app.state.metrics.render()
    return Response(body, media_type="text/plain; version=0.0.4; charset=utf-8")
