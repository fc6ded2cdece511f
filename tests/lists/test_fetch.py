"""Downloads against a real local HTTP server: success, retries, truncation, 404, refused connections."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tradeguard.errors import FetchError
from tradeguard.lists.fetch import Fetcher, FetchNotFoundError

FAST = Fetcher(timeout=10, attempts=3, backoff=0.01)


@dataclass
class Plan:
    """What the mirror does per path: a queue of misbehaviours ("truncate", "503"), then normal service."""

    queues: dict[str, list[str]] = field(default_factory=dict)
    always: dict[str, str] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)


class MirrorHandler(SimpleHTTPRequestHandler):
    plan: Plan

    def do_GET(self) -> None:
        self.plan.requests.append(self.path)
        queue = self.plan.queues.get(self.path, [])
        behaviour = queue.pop(0) if queue else self.plan.always.get(self.path)
        if behaviour == "503":
            self.send_error(503, "try later")
        elif behaviour == "truncate":
            self._send_truncated()
        else:
            super().do_GET()

    def _send_truncated(self) -> None:
        body = Path(self.translate_path(self.path)).read_bytes()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2])  # then hang up: the body is shorter than announced
        self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass


@dataclass
class Mirror:
    root: Path
    url: str
    plan: Plan


@pytest.fixture
def mirror(tmp_path: Path) -> Iterator[Mirror]:
    """A real HTTP server on 127.0.0.1 (free port) serving `root`, misbehaving as `plan` says."""
    root = tmp_path / "mirror"
    root.mkdir()
    plan = Plan()
    handler = type("Handler", (MirrorHandler,), {"plan": plan})

    def make_handler(*args: Any) -> MirrorHandler:
        return handler(*args, directory=str(root))  # type: ignore[no-any-return]

    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield Mirror(root, f"http://127.0.0.1:{server.server_address[1]}", plan)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def payload(mirror: Mirror) -> bytes:
    data = b"ent_num,name\n" + b"".join(b"%d,NAME %d\n" % (n, n) for n in range(20_000))
    (mirror.root / "file.csv").write_bytes(data)
    return data


def test_download_lands_whole_with_its_sha256(mirror: Mirror, payload: bytes, tmp_path: Path) -> None:
    dest = tmp_path / "out" / "file.csv"
    dest.parent.mkdir()
    fetched = FAST.fetch(f"{mirror.url}/file.csv", dest)
    assert dest.read_bytes() == payload
    assert (fetched.size, fetched.sha256) == (len(payload), hashlib.sha256(payload).hexdigest())
    assert [p.name for p in dest.parent.iterdir()] == ["file.csv"]


def test_truncated_body_fails_after_retries_and_leaves_nothing(mirror: Mirror, payload: bytes, tmp_path: Path) -> None:
    mirror.plan.always["/file.csv"] = "truncate"
    dest = tmp_path / "file.csv"
    dest.write_bytes(b"the previous download")
    with pytest.raises(FetchError, match=r"file\.csv failed after 3 attempt"):
        FAST.fetch(f"{mirror.url}/file.csv", dest)
    assert dest.read_bytes() == b"the previous download"  # untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.csv", "mirror"]  # no .part left behind
    assert mirror.plan.requests == ["/file.csv"] * 3


def test_transient_errors_are_retried(mirror: Mirror, payload: bytes, tmp_path: Path) -> None:
    mirror.plan.queues["/file.csv"] = ["503", "truncate"]
    fetched = FAST.fetch(f"{mirror.url}/file.csv", tmp_path / "file.csv")
    assert fetched.path.read_bytes() == payload
    assert len(mirror.plan.requests) == 3


def test_404_fails_at_once(mirror: Mirror, tmp_path: Path) -> None:
    with pytest.raises(FetchNotFoundError, match=r"HTTP 404 .*/missing\.csv"):
        FAST.fetch(f"{mirror.url}/missing.csv", tmp_path / "missing.csv")
    assert mirror.plan.requests == ["/missing.csv"]
    assert list(tmp_path.glob("missing*")) == []


def test_refused_connection_is_a_fetch_error(tmp_path: Path) -> None:
    with pytest.raises(FetchError, match="ConnectError"):
        Fetcher(timeout=5, attempts=2, backoff=0.01).fetch("http://127.0.0.1:9/nothing.csv", tmp_path / "x.csv")


def test_bad_url_scheme_is_a_fetch_error(tmp_path: Path) -> None:
    with pytest.raises(FetchError, match="cannot download"):
        FAST.fetch("ftp://example.invalid/x.csv", tmp_path / "x.csv")
