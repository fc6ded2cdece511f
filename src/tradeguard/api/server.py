"""uvicorn details for `tradeguard serve`: httptools (a C HTTP parser) and uvloop (the libuv event loop), the parts
`uvicorn[standard]` installs, with Nagle's algorithm turned off on every connection.

With `--workers N` uvicorn binds the listening socket itself (protocol number 0), so the event loop does not recognise
the accepted connections as TCP and leaves Nagle on. A response goes out as two writes (head, then body); Nagle then
holds the body until the client's delayed ACK, adding ~40 ms to every request. Measured in bench/bench_api.py, as is
httptools against uvicorn's pure-Python h11 parser (bench/README.md).
"""

from __future__ import annotations

import asyncio
import importlib.util
import socket

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


def no_delay(transport: asyncio.BaseTransport) -> None:
    """Turn Nagle's algorithm off on the transport's TCP socket (a Unix socket is left alone)."""
    connection = transport.get_extra_info("socket")
    if connection is not None and connection.family in (socket.AF_INET, socket.AF_INET6):
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class NoDelayHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with TCP_NODELAY set on each connection (a module-level class: uvicorn hands the
    protocol to its worker processes by pickling it)."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        no_delay(transport)
        super().connection_made(transport)


def event_loop() -> str:
    """uvloop where installed (pyproject leaves it out on Windows, which it does not support), else asyncio."""
    return "uvloop" if importlib.util.find_spec("uvloop") is not None else "asyncio"
