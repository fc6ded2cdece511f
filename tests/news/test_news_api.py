"""`POST /v1/news/scan` in-process: the router included in the app the way the API owner will include it."""

from __future__ import annotations

import time
import warnings
from collections.abc import Iterator

import pytest

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient` is deprecated")

from fastapi.testclient import TestClient  # noqa: E402

from tradeguard.api import create_app  # noqa: E402
from tradeguard.api.news_routes import router  # noqa: E402
from tradeguard.lists.update import import_file  # noqa: E402
from tradeguard.settings import Settings  # noqa: E402
from tradeguard.store import open_store  # noqa: E402

from .conftest import ARTICLES, NEWS_FIXTURES  # noqa: E402


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    store = open_store(settings.db)
    import_file(store, NEWS_FIXTURES / "news-lists.csv", settings=settings)
    store.close()
    app = create_app(settings)
    app.include_router(router)
    with TestClient(app, base_url="http://127.0.0.1") as test_client:
        deadline = time.monotonic() + 20
        while test_client.get("/readyz").status_code != 200:
            assert time.monotonic() < deadline
            time.sleep(0.02)
        yield test_client


def read(name: str) -> str:
    return (ARTICLES / name).read_text(encoding="utf-8")


def test_scan_text_and_html_with_parties(client: TestClient) -> None:
    body = {
        "articles": [
            {"id": "wire", "text": read("01-wire-huawei-entity-list.txt")},
            {"id": "zh", "text": read("04-zh-huawei-entity-list.txt")},
            {"id": "blog", "html": read("02-blog-huawei-blacklist.html")},
            {"id": "sale", "text": read("06-honor-sale.txt")},
        ],
        "parties": [{"id": "C-100", "name": "Honor Device Co. Ltd.", "kind": "organization"}],
    }
    response = client.post("/v1/news/scan", json=body)
    assert response.status_code == 200, response.text
    data = response.json()
    by_id = {article["id"]: article for article in data["articles"]}
    assert by_id["zh"]["language"] == "zh" and by_id["blog"]["source"] == "GadgetBeat"
    assert by_id["wire"]["cluster_id"] == by_id["zh"]["cluster_id"] == by_id["blog"]["cluster_id"]
    assert by_id["sale"]["cluster_id"] != by_id["wire"]["cluster_id"]
    assert [p["id"] for p in by_id["sale"]["counterparties"]] == ["C-100"]
    assert by_id["wire"]["entities"][0]["license_policy"] == "Presumption of denial"
    assert len(data["stories"]) == 2


def test_an_article_needs_exactly_one_of_text_and_html(client: TestClient) -> None:
    response = client.post("/v1/news/scan", json={"articles": [{"id": "x", "text": "a", "html": "<p>b</p>"}]})
    assert response.status_code == 422 and "exactly one of 'text' and 'html'" in response.text
    assert client.post("/v1/news/scan", json={"articles": []}).status_code == 422
