"""Start-up and failures: 503 until the index is built, a failed build reported, unexpected errors without traces."""

from __future__ import annotations

import threading

from fastapi.testclient import TestClient

from api.support import LOOPBACK, wait_ready
from tradeguard.api import create_app
from tradeguard.engine import Engine
from tradeguard.errors import StoreError
from tradeguard.index.candidates import CandidateIndex
from tradeguard.match.model import Party, ScreenResult
from tradeguard.names.foreign_words import _kakasi
from tradeguard.settings import Settings


class GatedEngine(Engine):
    """An engine whose index build waits until the test opens the gate."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.gate = threading.Event()

    def index(self) -> CandidateIndex:
        assert self.gate.wait(timeout=20)
        return super().index()


def test_readyz_and_screening_are_503_until_the_index_is_built(loaded: Settings) -> None:
    _kakasi.cache_clear()
    engine = GatedEngine(loaded)
    with TestClient(create_app(engine=engine), base_url=LOOPBACK) as client:
        assert client.get("/healthz").status_code == 200  # alive while not ready
        waiting = client.get("/readyz")
        assert waiting.status_code == 503
        assert "still being built" in waiting.json()["detail"]
        assert client.post("/v1/screen", json={"name": "Huawei"}).status_code == 503
        assert "tradeguard_index_ready 0.0" in client.get("/metrics").text
        engine.gate.set()
        wait_ready(client)
        assert _kakasi.cache_info().currsize == 1  # a ready server has loaded the lazy dictionaries
        assert client.post("/v1/screen", json={"name": "Huawei"}).status_code == 200
    engine.close()


class BrokenEngine(Engine):
    """An engine whose index cannot be built."""

    def index(self) -> CandidateIndex:
        raise StoreError("database /x is unusable: file is not a database")


class CrashingEngine(BrokenEngine):
    """An engine that claims to be ready and then fails in a way nobody planned for."""

    @property
    def ready(self) -> bool:
        return True

    def screen(self, party: Party, **options: object) -> ScreenResult:
        raise RuntimeError("secret internals at line 42")


def test_failed_index_build_is_reported_by_readyz(loaded: Settings) -> None:
    with TestClient(create_app(engine=BrokenEngine(loaded)), base_url=LOOPBACK) as client:
        for _ in range(200):
            response = client.get("/readyz")
            if "unusable" in response.text:
                break
            threading.Event().wait(0.01)
        assert response.status_code == 503
        assert response.json() == {"detail": "database /x is unusable: file is not a database"}


def test_unexpected_errors_are_500_json_without_a_trace(loaded: Settings) -> None:
    with TestClient(
        create_app(engine=CrashingEngine(loaded)), base_url=LOOPBACK, raise_server_exceptions=False
    ) as client:
        response = client.post("/v1/screen", json={"name": "Huawei"})
    assert response.status_code == 500
    assert response.json() == {"detail": "internal error; the server log has the details"}
    assert "secret" not in response.text and "Traceback" not in response.text
