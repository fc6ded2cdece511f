"""Downloads with httpx: streamed to a temporary file, checked against Content-Length, hashed, retried with backoff.

A download either completes and lands whole at its destination, or raises `FetchError`; partial `.part` files are
always removed. Transient failures (connection errors, timeouts, truncated bodies, HTTP 429/5xx) are retried;
permanent ones (404 and other 4xx, bad URLs) fail at once.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from tradeguard import __version__
from tradeguard.errors import FetchError

_CHUNK = 1 << 16
_RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class FetchedFile:
    """A completed download: where it came from, where it is, its size and sha256."""

    url: str
    path: Path
    size: int
    sha256: str


class FetchNotFoundError(FetchError):
    """The server answered 404: the file is not there (an optional file may be skipped)."""


class _TransientError(Exception):
    """A failure worth another attempt."""


@dataclass(frozen=True, slots=True)
class Fetcher:
    """Download policy: `timeout` bounds each whole download; `attempts` tries, waiting `backoff` * 2**n between."""

    timeout: float = 120.0
    attempts: int = 3
    backoff: float = 1.0

    def fetch(self, url: str, dest: Path) -> FetchedFile:
        """Download `url` to `dest`, replacing it only when the body arrived whole; FetchError otherwise."""
        last_error = ""
        for attempt in range(1, self.attempts + 1):
            try:
                return self._fetch_once(url, dest)
            except _TransientError as exc:
                last_error = str(exc)
                if attempt < self.attempts:
                    time.sleep(self.backoff * 2 ** (attempt - 1))
        raise FetchError(f"download of {url} failed after {self.attempts} attempt(s): {last_error}")

    def _fetch_once(self, url: str, dest: Path) -> FetchedFile:
        part = dest.with_name(dest.name + ".part")
        headers = {"User-Agent": f"tradeguard/{__version__} (restricted-party list update)"}
        try:
            with (
                httpx.Client(timeout=self.timeout, follow_redirects=True, headers=headers) as client,
                client.stream("GET", url) as response,
            ):
                _check_status(url, response)
                size, digest = self._stream_to(response, part, url)
            os.replace(part, dest)
            return FetchedFile(url=url, path=dest, size=size, sha256=digest)
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
            raise FetchError(f"cannot download {url}: {exc}") from exc
        except httpx.TransportError as exc:  # connection refused/reset, timeouts, body cut short
            raise _TransientError(f"{type(exc).__name__}: {exc}") from exc
        finally:
            part.unlink(missing_ok=True)

    def _stream_to(self, response: httpx.Response, part: Path, url: str) -> tuple[int, str]:
        deadline = time.monotonic() + self.timeout
        digest = hashlib.sha256()
        size = 0
        with part.open("wb") as handle:
            for chunk in response.iter_bytes(_CHUNK):
                handle.write(chunk)
                digest.update(chunk)
                size += len(chunk)
                if time.monotonic() > deadline:
                    raise _TransientError(f"took longer than {self.timeout:g} s")
        expected = response.headers.get("Content-Length")
        # Content-Length counts the bytes on the wire (compressed, if the server compressed them).
        if expected is not None and expected.isdigit() and response.num_bytes_downloaded != int(expected):
            raise _TransientError(
                f"truncated: received {response.num_bytes_downloaded} of {expected} bytes announced by {url}"
            )
        return size, digest.hexdigest()


def _check_status(url: str, response: httpx.Response) -> None:
    if response.status_code < 400:
        return
    message = f"HTTP {response.status_code} {response.reason_phrase} from {url}"
    if response.status_code in _RETRY_STATUS:
        raise _TransientError(message)
    if response.status_code == 404:
        raise FetchNotFoundError(message)
    raise FetchError(message)
