"""Every error becomes `{"detail": ...}` with its status (a page for a browser's page request); no stack traces."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from tradeguard.errors import AuthError, TradeguardError

log = logging.getLogger(__name__)


def wants_html(request: Request) -> bool:
    """A browser asking for a page (not the JSON API, not docs)."""
    path = request.url.path
    if path.startswith(("/v1/", "/healthz", "/readyz", "/metrics", "/openapi", "/docs", "/redoc")):
        return False
    return "text/html" in request.headers.get("accept", "")


def error_response(request: Request, status: int, detail: Any, headers: dict[str, str] | None = None) -> Response:
    if wants_html(request):
        from tradeguard.api.web import render_error

        return render_error(request, status, detail if isinstance(detail, str) else "invalid input")
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


async def tradeguard_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, TradeguardError)
    headers = {"WWW-Authenticate": "Bearer"} if isinstance(exc, AuthError) else None
    if exc.http_status in (500, 502):  # 503 (not ready yet) is expected at start-up, not worth a log line
        log.error("%s on %s: %s", type(exc).__name__, request.url.path, exc.message)
    return error_response(request, exc.http_status, exc.message, headers)


async def validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    # Keep where and why; drop the echoed input (it may be large, and it is the caller's own data anyway).
    detail = [
        {"loc": list(err.get("loc", ())), "msg": err.get("msg", ""), "type": err.get("type", "")}
        for err in exc.errors()
    ]
    return error_response(request, 422, detail)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    return error_response(request, exc.status_code, exc.detail, dict(exc.headers) if exc.headers else None)


async def unexpected_error(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return error_response(request, 500, "internal error; the server log has the details")
