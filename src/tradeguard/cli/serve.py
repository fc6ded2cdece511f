"""`tradeguard serve`: run the HTTP API and web pages with uvicorn."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from tradeguard.cli import app, err_console
from tradeguard.cli.context import get_settings
from tradeguard.store import open_store
from tradeguard.store.keys import list_keys


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on; any non-loopback address requires API keys.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(min=0, max=65535, help="TCP port.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes (each builds its own index).")] = 1,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Serve the JSON API (/v1, docs at /docs), the web pages, /healthz, /readyz and /metrics."""
    import uvicorn

    from tradeguard.api.auth import is_loopback  # imported here: FastAPI is slow to import for other commands
    from tradeguard.api.server import NoDelayHttpToolsProtocol, event_loop

    settings = get_settings(ctx)
    require_key = settings.require_api_key or not is_loopback(host)
    with open_store(settings.db) as store:
        live_keys = [key for key in list_keys(store) if key.active]
    if require_key and not live_keys:
        err_console.print("[yellow]warning:[/] API keys are required but none exists: `tradeguard keys create NAME`")
    # Worker processes build the app from the environment, so hand them the resolved choices that way.
    os.environ["TRADEGUARD_DB"] = settings.db
    os.environ["TRADEGUARD_REQUIRE_API_KEY"] = "true" if require_key else "false"
    uvicorn.run(
        "tradeguard.api.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        server_header=False,
        http=NoDelayHttpToolsProtocol,
        loop=event_loop(),
    )
