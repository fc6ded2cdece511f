"""Helpers shared by the API and web tests: the fixture lists and waiting for the index."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from tradeguard.lists import csl
from tradeguard.lists.update import import_file
from tradeguard.settings import Settings
from tradeguard.store import open_store

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

WEB_LISTS = Path(__file__).resolve().parents[1] / "fixtures/api/csl-web.csv"
HUAWEI_ID = "us-csl:us-bis-entity-list:d05d55fa214aff19c1eb3270d54905e4e362d445"
HOSTILE_ID = "us-csl:us-bis-entity-list:f00dfeed00000000000000000000000000000001"
HOSTILE_QUERY = "<script>alert('name')</script> Hostile Trading"
LOOPBACK = "http://127.0.0.1"


def import_web_lists(settings: Settings, path: Path = WEB_LISTS) -> None:
    """Import a CSL CSV fixture into the settings' database as a new snapshot."""
    with open_store(settings.db) as store:
        import_file(store, path, settings=settings, parser=lambda file, _fmt: csl.parse_csv(file), force=True)


def wait_ready(client: TestClient, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while client.get("/readyz").status_code != 200:
        assert time.monotonic() < deadline, client.get("/readyz").json()
        time.sleep(0.02)
