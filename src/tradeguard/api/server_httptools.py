"""uvicorn's httptools protocol with TCP_NODELAY set on each connection (see `tradeguard.api.server`); its own
module because importing it needs httptools installed."""

from __future__ import annotations

import asyncio

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from tradeguard.api.server import no_delay


class NoDelayHttpToolsProtocol(HttpToolsProtocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        no_delay(transport)
        super().connection_made(transport)
