"""API keys on requests: who is calling, and whether a key is needed at all.

A key is required when the app was told so (`require_api_key`, which `tradeguard serve` turns on for any
non-loopback host), and also for any request that reached the server on a non-loopback address, whatever it was told.
Browsers send the key as a cookie set by the login page; programs send `Authorization: Bearer <key>`.
"""

from __future__ import annotations

import ipaddress

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from tradeguard.errors import AuthError
from tradeguard.store.keys import verify_key

KEY_COOKIE = "tradeguard_key"
ANONYMOUS = "anonymous"  # the caller's name when no key is required and none was sent


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and `localhost`; False for every other address or name."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def key_required(request: Request) -> bool:
    if bool(request.app.state.require_api_key):
        return True
    server = request.scope.get("server")
    return server is not None and not is_loopback(str(server[0]))


def presented_key(request: Request) -> str | None:
    """The key from the Authorization header, else from the login cookie."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return request.cookies.get(KEY_COOKIE) or None


async def caller(request: Request) -> str:
    """The name of the calling key (ANONYMOUS when none is needed); AuthError (401) when a needed key is bad."""
    key = presented_key(request)
    if key is None:
        if key_required(request):
            raise AuthError("an API key is required: send `Authorization: Bearer <key>`")
        request.state.caller = ANONYMOUS
        return ANONYMOUS
    name = await run_in_threadpool(verify_key, request.app.state.engine.store, key)
    if name is None:
        raise AuthError("invalid or revoked API key")
    request.state.caller = name
    return name
