"""uvicorn details for `tradeguard serve`: the fastest HTTP protocol installed, with Nagle's algorithm turned off on
every connection.

With `--workers N` uvicorn binds the listening socket itself (protocol number 0), so the event loop does not recognise
the accepted connections as TCP and leaves Nagle on. A response goes out as two writes (head, then body); Nagle then
holds the body until the client's delayed ACK, adding ~40 ms to every request. Measured in bench/bench_api.py.

httptools (a C parser) and uvloop (libuv event loop) are what `uvicorn[standard]` uses; they roughly halve the cost of
the HTTP layer against the pure-Python h11 parser and asyncio loop (bench/README.md). h11 and asyncio remain the
fallback where the compiled packages are not installed.
"""

from __future__ import annotations

import asyncio
import importlib.util
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol


def no_delay(transport: asyncio.BaseTransport) -> None:
    """Turn Nagle's algorithm off on the transport's TCP socket (a Unix socket is left alone)."""
    connection = transport.get_extra_info("socket")
    if connection is not None and connection.family in (socket.AF_INET, socket.AF_INET6):
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class NoDelayH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with TCP_NODELAY set on each connection."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        no_delay(transport)
        super().connection_made(transport)


def http_protocol() -> type[asyncio.Protocol]:
    """httptools when installed, else h11; TCP_NODELAY set on each connection either way."""
    if importlib.util.find_spec("httptools") is None:
        return NoDelayH11Protocol
    # Imported here: uvicorn's httptools module imports httptools at its top. A module-level class, because uvicorn
    # hands the protocol to its worker processes by pickling.
    from tradeguard.api.server_httptools import NoDelayHttpToolsProtocol

    return NoDelayHttpToolsProtocol


def event_loop() -> str:
    """uvloop when installed, else asyncio (uvicorn's names for them)."""
    return "uvloop" if importlib.util.find_spec("uvloop") is not None else "asyncio"
