"""The register routes and review pages: in-process for the API, and in headless Chromium for the analyst's flow."""

from __future__ import annotations

import socket
import threading
import warnings
from collections.abc import Iterator

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient` is deprecated")

import pytest  # noqa: E402
import uvicorn  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from playwright.sync_api import Browser  # noqa: E402

from api.support import LOOPBACK, wait_ready  # noqa: E402
from review.support import ACME, KORVAX, PETROV, import_version  # noqa: E402
from tradeguard.api import create_app  # noqa: E402
from tradeguard.settings import Settings, load_settings  # noqa: E402
from tradeguard.store import open_store  # noqa: E402
from web.conftest import _wait_ready, browser  # noqa: E402, F401  (the shared Chromium fixture)

HOSTILE = "Acme Rocket Propulsion Works <script>"


@pytest.fixture
def client(settings: Settings, store_url: str) -> Iterator[TestClient]:
    """The API over a fresh store holding the test list, once per backend (SQLite and PostgreSQL)."""
    with open_store(store_url) as store:
        import_version(store, [ACME, KORVAX, PETROV], "v1")
    with TestClient(create_app(settings.with_overrides(db=store_url)), base_url=LOOPBACK) as test_client:
        wait_ready(test_client)
        yield test_client


def test_parties_routes_add_list_remove(client: TestClient) -> None:
    created = client.post("/v1/parties", json={"name": "Acme Rocket Propulsion Works", "country": "ir"})
    assert created.status_code == 201
    body = created.json()
    assert body["created"] is True and body["cases_opened"] == 1 and body["party"]["country"] == "IR"
    again = client.post("/v1/parties", json={"name": "ACME rocket propulsion works", "country": "IR"})
    assert again.status_code == 200 and again.json()["party"]["id"] == body["party"]["id"]
    assert client.post("/v1/parties", json={"name": ""}).status_code == 422
    listed = client.get("/v1/parties").json()
    assert listed["total"] == 1 and listed["parties"][0]["name"] == "Acme Rocket Propulsion Works"
    party_id = body["party"]["id"]
    assert client.delete(f"/v1/parties/{party_id}").json()["removed"]["id"] == party_id
    assert client.delete(f"/v1/parties/{party_id}").status_code == 404
    assert client.get("/v1/parties").json()["total"] == 0
    # The case stays on record after the party left the register.
    assert [case["entry_id"] for case in client.get("/v1/review/cases").json()] == [ACME.id]


def test_dispositions_over_the_api_suppress_the_pair_in_screening(client: TestClient) -> None:
    client.post("/v1/parties", json={"name": "Acme Rocket Propulsion Works", "country": "IR"})
    [case] = client.get("/v1/review/cases").json()
    answer = client.post(
        f"/v1/review/cases/{case['id']}/dispositions", json={"disposition": "false-positive", "note": "a bakery"}
    )
    assert answer.status_code == 200 and answer.json()["status"] == "false-positive"
    assert answer.json()["history"][-1]["user"] == "anonymous"
    hits = client.post("/v1/screen", json={"name": "Acme Rocket Propulsion Works", "country": "IR"}).json()["hits"]
    assert [(hit["entry_id"], hit["match"], hit["suppressed"]) for hit in hits] == [(ACME.id, True, True)]
    bad = client.post(f"/v1/review/cases/{case['id']}/dispositions", json={"disposition": "maybe", "note": "x"})
    assert bad.status_code == 422


def test_case_page_escapes_names_and_the_form_records_a_disposition(client: TestClient) -> None:
    client.post("/v1/parties", json={"name": HOSTILE, "country": "IR"})
    [case] = client.get("/v1/review/cases").json()
    queue = client.get("/review")
    assert queue.status_code == 200 and "Works &lt;script&gt;" in queue.text and "Works <script>" not in queue.text
    page = client.get(f"/review/{case['id']}")
    assert "Acme Rocketry" in page.text and "&lt;script&gt;" in page.text
    refused = client.post(f"/review/{case['id']}", data={"disposition": "escalated", "note": "", "user": "alice"})
    assert refused.status_code == 422 and "needs a note" in refused.text
    done = client.post(
        f"/review/{case['id']}", data={"disposition": "escalated", "note": "ask legal", "user": "alice"},
        follow_redirects=False,
    )  # fmt: skip
    assert done.status_code == 303 and done.headers["location"] == f"/review/{case['id']}"
    history = client.get(f"/v1/review/cases/{case['id']}").json()["history"]
    assert [(e["action"], e["user"], e["note"]) for e in history][-1] == ("escalated", "alice", "ask legal")
    assert client.get("/review/999").status_code == 404
    assert client.get("/v1/review/cases?status=pending").status_code == 422
    assert [c["status"] for c in client.get("/v1/review/cases?status=escalated").json()] == ["escalated"]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real uvicorn server with the hand-made lists and one registered party with an open case."""
    folder = tmp_path_factory.mktemp("review-web")
    settings = load_settings(environ={"TRADEGUARD_DB": str(folder / "web.sqlite"), "TRADEGUARD_CONFIG": "/none"})
    with open_store(settings.db) as store:
        import_version(store, [ACME, KORVAX, PETROV], "v1")
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(settings), log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    try:
        _wait_ready(url)
        import httpx

        httpx.post(url + "/v1/parties", json={"name": HOSTILE, "country": "IR"}, timeout=30).raise_for_status()
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        listener.close()


def test_analyst_clears_a_case_in_the_browser(browser: Browser, live: str) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844})  # a phone: the pair stacks
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(live + "/review")
    assert page.inner_text("#queue-count") == "1 case"
    page.locator("table.cases a").first.click()
    page.wait_for_selector("#party-heading")
    assert page.inner_text("#case-status") == "opened"
    assert HOSTILE in page.inner_text(".pair")
    assert page.locator("main script").count() == 0
    page.get_by_label("false-positive").check()
    page.get_by_label("Note").fill("Customer is a bakery; different address")
    page.get_by_label("Analyst").fill("alice")
    page.get_by_role("button", name="Record").click()
    page.wait_for_selector("#case-status:text('false-positive')")
    rows = page.locator("table.history tbody tr").all_inner_texts()
    assert len(rows) == 2 and "alice" in rows[1] and "bakery" in rows[1]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.goto(live + "/review")
    assert page.inner_text("#queue-count") == "0 cases"
    context.close()
    assert dialogs == []
