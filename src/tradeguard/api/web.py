"""The web pages: search, entry, login (and the batch page in `web_batch`); server-rendered, autoescaped."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.templating import Jinja2Templates

from tradeguard.api.auth import KEY_COOKIE, caller
from tradeguard.api.history import entry_snapshots, latest_entry
from tradeguard.api.present import extra_fields, hit_view, list_name, safe_link
from tradeguard.api.routes import ready_engine
from tradeguard.api.schemas import MAX_HITS, PartyIn, ScreenOptions
from tradeguard.engine import Engine
from tradeguard.lists.model import EntryKind
from tradeguard.store.keys import verify_key

TEMPLATES = Path(__file__).resolve().parent / "templates"
# Pages load only their own CSS and JS: an injected <script> would not run even if escaping ever failed.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
_environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined)
templates = Jinja2Templates(env=_environment)
Caller = Annotated[str, Depends(caller)]
router = APIRouter(include_in_schema=False)


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """Render one page with the security headers every page carries."""
    context.setdefault("caller", getattr(request.state, "caller", None))
    response = templates.TemplateResponse(request, template, context, status_code=status)
    response.headers.update(SECURITY_HEADERS)
    return response


def render_error(request: Request, status: int, message: str) -> Response:
    if status == 401:
        return RedirectResponse(f"/login?next={_safe_next(request.url.path)}", status_code=303)
    return page(request, "error.html", status, status_code=status, message=message)


def _safe_next(target: str) -> str:
    # Only same-site paths: "//host" or "http://..." would make the login page an open redirect.
    return target if target.startswith("/") and not target.startswith("//") else "/"


@router.get("/", response_class=HTMLResponse)
async def search_page(
    request: Request, _caller: Caller, name: str = "", kind: str = "", country: str = "", limit: str = ""
) -> HTMLResponse:
    form = {"name": name, "kind": kind, "country": country}
    if not name.strip():
        return page(request, "search.html", form=form, kinds=list(EntryKind), result=None, problems=[])
    try:
        party = PartyIn(name=name, kind=EntryKind(kind) if kind else None, country=country or None).to_party()
        most = ScreenOptions.model_validate({"limit": limit or None}).limit
    except (ValidationError, ValueError) as exc:
        problems = _problems(exc)
        return page(request, "search.html", 422, form=form, kinds=list(EntryKind), result=None, problems=problems)
    engine = ready_engine(request)
    screen = engine.audited(_caller).screen
    result = await run_in_threadpool(lambda: screen(party, limit=most))  # recorded in the audit trail
    request.app.state.metrics.screened.inc()
    hits = [hit_view(hit) for hit in result.hits]
    more = _more_url(request, len(result.hits)) if result.truncated else None
    return page(
        request, "search.html", form=form, kinds=list(EntryKind), result=result, hits=hits, problems=[], more=more
    )


def _more_url(request: Request, shown: int) -> str | None:
    """The same search with five times the hits (at most `MAX_HITS`), or None when it already asked for that many."""
    if shown >= MAX_HITS:
        return None
    return str(request.url.include_query_params(limit=min(shown * 5, MAX_HITS)))


def _problems(exc: Exception) -> list[str]:
    if isinstance(exc, ValidationError):
        return [f"{'.'.join(str(part) for part in err['loc'])}: {err['msg']}" for err in exc.errors()]
    return [f"kind: must be one of {', '.join(kind.value for kind in EntryKind)}"]


@router.get("/entries/{entry_id:path}", response_class=HTMLResponse)
async def entry_page(entry_id: str, request: Request, _caller: Caller) -> HTMLResponse:
    engine: Engine = request.app.state.engine

    def read() -> dict[str, Any]:
        entry, active = latest_entry(engine.store, entry_id[:300])
        return {"entry": entry, "active": active, "snapshots": entry_snapshots(engine.store, entry.id)}

    found = await run_in_threadpool(read)
    entry = found["entry"]
    return page(
        request,
        "entry.html",
        **found,
        list_name=list_name(entry.source),
        source_link=safe_link(entry.source_url),
        extra=extra_fields(entry),
    )


@router.get("/login", response_class=HTMLResponse)
async def login_page(request: Request, next: str = "/") -> HTMLResponse:
    return page(request, "login.html", next=_safe_next(next), problem=None)


@router.post("/login", response_model=None)
async def login(request: Request, key: Annotated[str, Form(max_length=200)], next: str = Form("/")) -> Response:
    engine: Engine = request.app.state.engine
    name = await run_in_threadpool(verify_key, engine.store, key.strip())
    if name is None:
        return page(request, "login.html", 401, next=_safe_next(next), problem="That key is unknown or revoked.")
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(KEY_COOKIE, key.strip(), httponly=True, samesite="strict", secure=request.url.scheme == "https")
    return response


@router.post("/logout")
async def logout() -> Response:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(KEY_COOKIE)
    return response
