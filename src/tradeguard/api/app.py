"""`create_app()`: the FastAPI app (JSON API under /v1, web pages, health, metrics) over one `Engine`."""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from tradeguard import __version__
from tradeguard.api import errors
from tradeguard.api.jobs import JobQueue
from tradeguard.api.limits import BodySizeLimit
from tradeguard.api.metrics import Metrics, MetricsMiddleware
from tradeguard.engine import Engine
from tradeguard.errors import TradeguardError
from tradeguard.names import load_dictionaries
from tradeguard.settings import Settings, load_settings

log = logging.getLogger(__name__)
STATIC = Path(__file__).resolve().parent / "static"
UPLOAD_PATHS = ("/batch",)  # web form uploads get the larger upload limit
INDEX_BUILD_WAIT_S = 120.0  # at shutdown, how long to wait for an index build still running


def create_app(
    settings: Settings | None = None, engine: Engine | None = None, *, require_api_key: bool | None = None
) -> FastAPI:
    """Build the app; the candidate index is built in the background at start-up (`/readyz` says when it is done)."""
    settings = settings or (engine.settings if engine else load_settings())
    owns_engine = engine is None
    app = FastAPI(
        title="tradeguard",
        version=__version__,
        summary="Restricted-party screening over the official export-control and sanctions lists.",
        lifespan=_lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine or Engine.from_settings(settings)
    app.state.owns_engine = owns_engine
    app.state.require_api_key = settings.require_api_key if require_api_key is None else require_api_key
    app.state.metrics = Metrics()
    app.state.index_error = None
    app.state.jobs = JobQueue(app.state.engine)
    _install_error_handlers(app)
    _include_routes(app)
    app.add_middleware(BodySizeLimit, limit_for=_body_limits(settings))
    app.add_middleware(MetricsMiddleware, metrics=app.state.metrics)
    return app


def app_from_environment() -> FastAPI:
    """Factory for `uvicorn --factory` (each worker process builds its own app from the settings it inherits)."""
    return create_app()


def _include_routes(app: FastAPI) -> None:
    from tradeguard.api import decide_routes, news_routes, review_routes, routes, web, web_batch

    app.include_router(routes.router)
    app.include_router(decide_routes.router)
    app.include_router(news_routes.router)
    app.include_router(web.router)
    app.include_router(web_batch.router)
    app.include_router(review_routes.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")


def _body_limits(settings: Settings) -> Callable[[str], int]:
    def limit_for(path: str) -> int:
        return settings.upload_max_bytes if path in UPLOAD_PATHS else settings.api_max_body_bytes

    return limit_for


def _build_index(app: FastAPI) -> None:
    engine: Engine = app.state.engine
    try:
        load_dictionaries()  # before readiness: a worker's first Japanese name would otherwise stall it for 0.5 s
        engine.index()
        # The index freezes its own millions of objects (`index.candidates.collector_paused`); what else lives as
        # long as the server (dictionaries, the app) goes out of the collector's way too: full collections walking
        # them stalled requests for hundreds of milliseconds (seen as the p99 in bench/bench_api.py).
        gc.freeze()
        app.state.metrics.index_ready.set(1)
    except TradeguardError as exc:
        app.state.index_error = exc.message
        log.error("cannot build the screening index: %s", exc.message)
    except Exception as exc:  # a background thread must report, not vanish
        app.state.index_error = f"internal error: {type(exc).__name__}"
        log.exception("cannot build the screening index")


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    builder = threading.Thread(target=_build_index, args=(app,), name="tradeguard-index", daemon=True)
    builder.start()
    try:
        yield
    finally:
        # Closing the database under a build still reading it would crash the process: let the build finish first.
        builder.join(timeout=INDEX_BUILD_WAIT_S)
        app.state.jobs.close()
        if app.state.owns_engine:
            app.state.engine.close()


def _install_error_handlers(app: FastAPI) -> None:
    # The one mapping of tradeguard errors to HTTP: status from the error class, body {"detail": message}.
    app.add_exception_handler(TradeguardError, errors.tradeguard_error)
    app.add_exception_handler(RequestValidationError, errors.validation_error)
    app.add_exception_handler(StarletteHTTPException, errors.http_error)
    app.add_exception_handler(Exception, errors.unexpected_error)
