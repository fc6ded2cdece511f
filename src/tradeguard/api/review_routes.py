"""The register and review over HTTP: `/v1/parties`, `/v1/review/cases`, and the review queue and case pages."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from starlette.concurrency import run_in_threadpool

from tradeguard.api.auth import ANONYMOUS, caller
from tradeguard.api.history import latest_entry
from tradeguard.api.present import entry_url, list_name
from tradeguard.api.routes import ready_engine
from tradeguard.api.schemas import PartyIn
from tradeguard.api.web import page
from tradeguard.engine import Engine
from tradeguard.errors import InputError, NotFoundError
from tradeguard.review.cases import decide
from tradeguard.review.model import QUEUE_STATUSES, Case, CaseStatus, Disposition, parse_status
from tradeguard.review.register import add_party, list_parties, screen_registered
from tradeguard.store.review import review_store

Caller = Annotated[str, Depends(caller)]
Note = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
router = APIRouter()
QUEUE_PAGE_SIZE = 200


class RegisterIn(PartyIn):
    """A party to register; `screen` (default true) screens it at once and opens cases for its potential matches."""

    external_id: Annotated[str | None, StringConstraints(max_length=100)] = None
    screen: bool = True


class DispositionIn(BaseModel):
    """An analyst's disposition of a case; the user is the API key's name."""

    model_config = ConfigDict(extra="forbid")
    disposition: Disposition
    note: Note = Field(description="Why: kept with the disposition for the record.")


def _engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


@router.get("/v1/parties", tags=["register"])
async def parties(request: Request, _caller: Caller, limit: int = 100, offset: int = 0) -> dict[str, Any]:
    """Registered counterparties, oldest first, a page at a time."""
    if limit > 1000:
        raise InputError("limit must be at most 1000")
    found = await run_in_threadpool(list_parties, _engine(request).store, limit=limit, offset=offset)
    return {"total": found.total, "parties": [party.to_dict() for party in found.parties]}


@router.post("/v1/parties", tags=["register"], status_code=201)
async def register(body: RegisterIn, request: Request, _caller: Caller) -> Response:
    """Register a counterparty (201; 200 with the existing one if already registered); monitoring will watch it."""
    engine = ready_engine(request) if body.screen else _engine(request)

    def run() -> tuple[dict[str, Any], bool, int]:
        party, created = add_party(engine.store, body.to_party(), body.external_id)
        opened = screen_registered(engine.store, engine, [party.id]) if created and body.screen else 0
        return party.to_dict(), created, opened

    party, created, opened = await run_in_threadpool(run)
    return JSONResponse(
        {"party": party, "created": created, "cases_opened": opened}, status_code=201 if created else 200
    )


@router.delete("/v1/parties/{party_id}", tags=["register"])
async def unregister(party_id: int, request: Request, _caller: Caller) -> dict[str, Any]:
    """Take a party off the register; its review cases stay on record."""
    removed = await run_in_threadpool(lambda: review_store(_engine(request).store).remove_party(party_id))
    return {"removed": removed.to_dict()}


@router.get("/v1/review/cases", tags=["review"])
async def cases(request: Request, _caller: Caller, status: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
    """Review cases newest first: those awaiting review, or those with `status` (`all` for every case)."""
    wanted = _statuses(status)
    found = await run_in_threadpool(lambda: review_store(_engine(request).store).cases(wanted, limit=min(limit, 1000)))
    return [case.to_dict() for case in found]


@router.get("/v1/review/cases/{case_id}", tags=["review"])
async def case(case_id: int, request: Request, _caller: Caller) -> dict[str, Any]:
    """One case with its whole history."""
    found = await run_in_threadpool(lambda: review_store(_engine(request).store).case(case_id))
    return found.to_dict()


@router.post("/v1/review/cases/{case_id}/dispositions", tags=["review"])
async def dispose(case_id: int, body: DispositionIn, request: Request, who: Caller) -> dict[str, Any]:
    """Record a disposition (appended; it supersedes earlier ones) by the calling key."""
    found = await run_in_threadpool(decide, _engine(request).store, case_id, body.disposition, body.note, who)
    return found.to_dict()


def _statuses(status: str | None) -> list[str] | None:
    if status == "all":
        return None
    if status is None or not status.strip():
        return [s.value for s in QUEUE_STATUSES]
    return [parse_status(status).value]


# -- web pages -----------------------------------------------------------------------------------------------------


@router.get("/review", response_class=HTMLResponse, include_in_schema=False)
async def queue_page(request: Request, _caller: Caller, status: str = "") -> HTMLResponse:
    wanted = _statuses(status or None)
    store = _engine(request).store
    found = await run_in_threadpool(lambda: review_store(store).cases(wanted, limit=QUEUE_PAGE_SIZE))
    statuses = ["", "all", *(s.value for s in CaseStatus)]
    return page(request, "review_queue.html", cases=found, chosen=status, statuses=statuses, list_name=list_name)


@router.get("/review/{case_id}", response_class=HTMLResponse, include_in_schema=False)
async def case_page(case_id: int, request: Request, who: Caller) -> HTMLResponse:
    found = await run_in_threadpool(_case_context, _engine(request), case_id)
    return page(request, "review_case.html", **found, user=_default_user(who), problem=None)


@router.post("/review/{case_id}", response_model=None, include_in_schema=False)
async def case_form(
    case_id: int,
    request: Request,
    who: Caller,
    disposition: Annotated[str, Form(max_length=40)],
    note: Annotated[str, Form(max_length=2000)] = "",
    user: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    engine = _engine(request)
    # A key's name is the user; only without keys (loopback) may the form name the analyst.
    analyst = who if who != ANONYMOUS else user
    try:
        await run_in_threadpool(decide, engine.store, case_id, disposition, note, analyst)
    except InputError as exc:
        found = await run_in_threadpool(_case_context, engine, case_id)
        return page(request, "review_case.html", 422, **(found | {"note": note}), user=user, problem=exc.message)
    return RedirectResponse(f"/review/{case_id}", status_code=303)


def _default_user(who: str) -> str:
    return "" if who == ANONYMOUS else who


def _case_context(engine: Engine, case_id: int) -> dict[str, Any]:
    found: Case = review_store(engine.store).case(case_id)
    try:
        entry, active = latest_entry(engine.store, found.entry_id)
    except NotFoundError:  # an entry from a snapshot since deleted: the case keeps its name and list
        entry, active = None, False
    return {
        "case": found,
        "entry": entry,
        "active": active,
        "entry_link": entry_url(found.entry_id),
        "list_label": list_name(found.source),
        "dispositions": [d.value for d in Disposition],
        "note": "",
    }
