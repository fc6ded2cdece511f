"""`tradeguard serve`: keys required off loopback, and a real server process answering on 127.0.0.1."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, cast

import httpx
import pytest

from api.support import HUAWEI_ID
from tradeguard.api.server import no_delay
from tradeguard.cli import main
from tradeguard.settings import Settings


def run_serve(monkeypatch: pytest.MonkeyPatch, db: str, *args: str) -> dict[str, Any]:
    """Run `tradeguard serve` with uvicorn.run replaced; return what it would have been called with."""
    import uvicorn

    called: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: called.update(app=app, **options))
    monkeypatch.delenv("TRADEGUARD_REQUIRE_API_KEY", raising=False)  # restored after the test
    monkeypatch.delenv("TRADEGUARD_DB", raising=False)
    monkeypatch.setattr(sys, "argv", ["tradeguard", "--db", db, "serve", *args])
    main()
    return called


@pytest.mark.parametrize(("host", "required"), [("127.0.0.1", "false"), ("::1", "false"), ("0.0.0.0", "true")])
def test_keys_are_required_whenever_the_host_is_not_loopback(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], host: str, required: str
) -> None:
    called = run_serve(monkeypatch, settings.db, "--host", host, "--port", "8123", "--workers", "2")
    assert called["app"] == "tradeguard.api.app:app_from_environment" and called["factory"] is True
    assert (called["host"], called["port"], called["workers"]) == (host, 8123, 2)
    # httptools and uvloop are dependencies: the C parser and loop, with Nagle off (see tradeguard.api.server).
    assert called["http"].__name__ == "NoDelayHttpToolsProtocol" and called["loop"] == "uvloop"
    assert os.environ["TRADEGUARD_REQUIRE_API_KEY"] == required
    assert os.environ["TRADEGUARD_DB"] == settings.db  # the workers open the same database
    warned = "API keys are required but none exists" in capsys.readouterr().err
    assert warned is (required == "true")


def test_require_api_key_setting_applies_on_loopback(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRADEGUARD_REQUIRE_API_KEY", "true")
    monkeypatch.setenv("TRADEGUARD_CONFIG", "/nonexistent")
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda app, **options: None)
    monkeypatch.setattr(sys, "argv", ["tradeguard", "--db", settings.db, "serve"])
    main()
    assert os.environ["TRADEGUARD_REQUIRE_API_KEY"] == "true"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_no_delay_turns_nagle_off_on_a_tcp_connection() -> None:
    with socket.create_server(("127.0.0.1", 0)) as listener, socket.create_connection(listener.getsockname()):
        accepted, _ = listener.accept()
        with accepted:
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0
            no_delay(cast(asyncio.Transport, _Transport(accepted)))
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0


class _Transport:
    def __init__(self, connection: socket.socket) -> None:
        self.connection = connection

    def get_extra_info(self, name: str) -> object:
        return self.connection if name == "socket" else None


def test_a_real_server_process_serves_the_api(loaded: Settings, tmp_path: Path) -> None:
    port = free_port()
    tradeguard = Path(sys.executable).with_name("tradeguard")
    env = {**os.environ, "TRADEGUARD_CONFIG": str(tmp_path / "none.toml")}
    # Two workers: uvicorn hands the protocol class to worker processes by pickling it.
    command = [str(tradeguard), "--db", loaded.db, "serve", "--port", str(port), "--workers", "2"]
    command += ["--log-level", "warning"]
    server = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        ready_workers: set[int] = set()
        while len(ready_workers) < 2:  # each worker builds its own index; either may answer the next request
            assert server.poll() is None, server.stdout.read() if server.stdout else ""
            try:
                answer = httpx.get(base + "/readyz", timeout=2)
                if answer.status_code == 200:
                    ready_workers.add(answer.json()["worker"])
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, f"workers ready after 60 s: {len(ready_workers)} of 2"
            time.sleep(0.05)
        hit = httpx.post(base + "/v1/screen", json={"name": "Huawei Technologies"}, timeout=10).json()["hits"][0]
        assert hit["entry_id"] == HUAWEI_ID
        assert "server" not in httpx.get(base + "/healthz").headers  # no version banner
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=20)
