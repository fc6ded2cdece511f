"""uvicorn details for `tradeguard serve`: an HTTP protocol that turns Nagle's algorithm off on every connection.

With `--workers N` uvicorn binds the listening socket itself (protocol number 0), so asyncio does not recognise the
accepted connections as TCP and leaves Nagle on. A response goes out as two writes (head, then body); Nagle then
holds the body until the client's delayed ACK, adding ~40 ms to every request. Measured in bench/bench_api.py.
"""

from __future__ import annotations

import asyncio
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol


class NoDelayH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with TCP_NODELAY set on each connection."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        connection = transport.get_extra_info("socket")
        if connection is not None and connection.family in (socket.AF_INET, socket.AF_INET6):
            connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
