"""The app in-process over a small CSL fixture (official CSV layout, including hostile HTML in names)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

# Starlette nags about a future httpx successor on import; irrelevant to what these tests check.
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient` is deprecated")

import pytest  # noqa: E402
from fastapi import FastAPI  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from api.support import LOOPBACK, import_web_lists, wait_ready  # noqa: E402
from tradeguard.api import create_app  # noqa: E402
from tradeguard.settings import Settings  # noqa: E402


@pytest.fixture
def loaded(settings: Settings) -> Settings:
    """Settings whose database holds the fixture lists."""
    import_web_lists(settings)
    return settings


@pytest.fixture
def app(loaded: Settings) -> FastAPI:
    return create_app(loaded)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """A client talking to the app as if over loopback, once the index is built."""
    with TestClient(app, base_url=LOOPBACK) as test_client:
        wait_ready(test_client)
        yield test_client
