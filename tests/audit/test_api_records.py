"""The API records every screening under the calling key's name (in-process app over each store backend)."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from tradeguard.api import create_app
from tradeguard.audit import AuditLog, verify_chain
from tradeguard.lists.registry import sample_csl_path
from tradeguard.lists.update import import_file
from tradeguard.settings import Settings
from tradeguard.store import open_store
from tradeguard.store.keys import create_key


@pytest.fixture
def settings(settings: Settings, store_url: str) -> Settings:
    """The test settings pointed at a fresh store, once per backend."""
    return settings.with_overrides(db=store_url)


def test_api_screen_and_batch_are_recorded_as_the_key_holder(settings: Settings) -> None:
    with open_store(settings.db) as store:
        import_file(store, sample_csl_path(), settings=settings)
        key = create_key(store, "erp-prod")
    with TestClient(create_app(settings, require_api_key=True)) as client:
        deadline = time.monotonic() + 30
        while client.get("/readyz").status_code != 200:
            assert time.monotonic() < deadline
            time.sleep(0.02)
        auth = {"Authorization": f"Bearer {key}"}
        assert client.post("/v1/screen", json={"name": "Huawei Technologies Co Ltd"}, headers=auth).status_code == 200
        queries = {"queries": {"a": {"name": "Acme Widgets"}, "b": {"name": "Banco Nacional de Cuba"}}}
        assert client.post("/v1/screen/batch", json=queries, headers=auth).status_code == 200
        assert client.post("/v1/screen", json={"name": "Nobody"}).status_code == 401  # refused: not recorded
    with open_store(settings.db) as store:
        records = sorted(AuditLog(store).records(), key=lambda r: r.id)
        assert [(r.actor, r.parties) for r in records] == [
            ("erp-prod", ("Huawei Technologies Co Ltd",)),
            ("erp-prod", ("Acme Widgets",)),
            ("erp-prod", ("Banco Nacional de Cuba",)),
        ]
        assert verify_chain(store).ok
