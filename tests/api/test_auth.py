"""API keys: the store functions, the `keys` commands, and Bearer / cookie authentication on and off."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.support import LOOPBACK, wait_ready
from tradeguard.api import create_app
from tradeguard.api.auth import KEY_COOKIE, is_loopback
from tradeguard.cli import main
from tradeguard.errors import InputError, NotFoundError
from tradeguard.settings import Settings
from tradeguard.store import open_store
from tradeguard.store.keys import create_key, hash_key, list_keys, revoke_key, verify_key


def test_keys_are_random_stored_only_as_hashes_and_revocable(settings: Settings) -> None:
    with open_store(settings.db) as store:
        first, second = create_key(store, "erp-prod"), create_key(store, "alice@example.com")
        assert first != second and len(first) > 40
        assert verify_key(store, first) == "erp-prod" and verify_key(store, second) == "alice@example.com"
        assert verify_key(store, first + "x") is None
        with pytest.raises(InputError, match="already exists"):
            create_key(store, "erp-prod")
        with pytest.raises(InputError, match="invalid key name"):
            create_key(store, "bad name; drop table")
        revoked = revoke_key(store, "erp-prod")
        assert revoked.revoked_at is not None and verify_key(store, first) is None
        with pytest.raises(NotFoundError):
            revoke_key(store, "erp-prod")
        renewed = create_key(store, "erp-prod")  # the name is free again; the old key stays dead
        assert verify_key(store, renewed) == "erp-prod" and verify_key(store, first) is None
        assert [(key.name, key.active) for key in list_keys(store)] == [
            ("erp-prod", False),
            ("alice@example.com", True),
            ("erp-prod", True),
        ]
    stored = sqlite3.connect(settings.db).execute("SELECT * FROM api_keys").fetchall()
    text = repr(stored)
    assert first not in text and second not in text and hash_key(first) in text


def run_cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], db: str, *args: str
) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["tradeguard", "--db", db, *args])
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_keys_commands(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("TRADEGUARD_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("COLUMNS", "200")
    code, out = run_cli(monkeypatch, capsys, settings.db, "keys", "create", "ops")
    assert code == 0 and "shown only this once" in out
    key = out.splitlines()[0]
    with open_store(settings.db) as store:
        assert verify_key(store, key) == "ops"
    code, out = run_cli(monkeypatch, capsys, settings.db, "keys", "list")
    assert code == 0 and "ops" in out and "active" in out and key[:10] in out and key not in out
    assert run_cli(monkeypatch, capsys, settings.db, "keys", "revoke", "ops")[0] == 0
    code, out = run_cli(monkeypatch, capsys, settings.db, "keys", "list")
    assert "revoked" in out
    code, out = run_cli(monkeypatch, capsys, settings.db, "keys", "revoke", "ops")
    assert code == 3 and "no live API key named 'ops'" in out


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        *[("127.0.0.1", True), ("127.8.9.10", True), ("::1", True), ("[::1]", True), ("localhost", True)],
        *[("0.0.0.0", False), ("::", False), ("192.0.2.7", False), ("api.example.test", False), ("testserver", False)],
    ],
)
def test_loopback_detection(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


@pytest.fixture
def keyed(loaded: Settings) -> Iterator[tuple[TestClient, str]]:
    """A client of an app that requires keys, and a live key."""
    with open_store(loaded.db) as store:
        key = create_key(store, "erp-prod")
    with TestClient(create_app(loaded, require_api_key=True), base_url=LOOPBACK) as client:
        wait_ready(client)
        yield client, key


def test_required_key_missing_wrong_valid_and_revoked(keyed: tuple[TestClient, str], loaded: Settings) -> None:
    client, key = keyed
    missing = client.post("/v1/screen", json={"name": "Huawei"})
    assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
    assert missing.json() == {"detail": "an API key is required: send `Authorization: Bearer <key>`"}
    wrong = client.post("/v1/screen", json={"name": "Huawei"}, headers={"Authorization": "Bearer tgk_nope"})
    assert wrong.status_code == 401 and wrong.json() == {"detail": "invalid or revoked API key"}
    auth = {"Authorization": f"Bearer {key}"}
    assert client.post("/v1/screen", json={"name": "Huawei"}, headers=auth).status_code == 200
    assert client.get("/v1/lists", headers=auth).status_code == 200
    assert client.get("/v1/lists").status_code == 401
    for open_path in ("/healthz", "/readyz", "/metrics", "/openapi.json"):
        assert client.get(open_path).status_code == 200, open_path
    with open_store(loaded.db) as store:
        revoke_key(store, "erp-prod")
    assert client.post("/v1/screen", json={"name": "Huawei"}, headers=auth).status_code == 401  # at once


def test_no_key_needed_on_loopback_by_default_but_a_wrong_one_is_refused(client: TestClient) -> None:
    assert client.post("/v1/screen", json={"name": "Huawei"}).status_code == 200
    refused = client.post("/v1/screen", json={"name": "Huawei"}, headers={"Authorization": "Bearer tgk_x"})
    assert refused.status_code == 401


def test_key_required_for_requests_reaching_a_non_loopback_address(loaded: Settings) -> None:
    # In-process: no traffic leaves; the request merely says it arrived on another address.
    with TestClient(create_app(loaded), base_url="http://api.example.test") as client:
        assert client.post("/v1/screen", json={"name": "Huawei"}).status_code == 401


def test_browser_login_sets_a_cookie_that_the_pages_accept(keyed: tuple[TestClient, str]) -> None:
    client, key = keyed
    page = client.get("/", headers={"accept": "text/html"}, follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/login?next=/"
    assert client.post("/login", data={"key": "tgk_wrong", "next": "/"}).status_code == 401
    login = client.post("/login", data={"key": key, "next": "/batch"}, follow_redirects=False)
    assert login.status_code == 303 and login.headers["location"] == "/batch"
    cookie = login.headers["set-cookie"]
    assert cookie.startswith(f"{KEY_COOKIE}=") and "HttpOnly" in cookie and "SameSite=strict" in cookie
    signed_in = client.get("/", headers={"accept": "text/html"})
    assert signed_in.status_code == 200 and "Key: erp-prod" in signed_in.text  # the route knows who calls


def test_login_never_redirects_off_site(keyed: tuple[TestClient, str]) -> None:
    client, key = keyed
    assert 'name="next" value="/"' in client.get("/login?next=//evil.example/x").text
    login = client.post("/login", data={"key": key, "next": "https://evil.example/"}, follow_redirects=False)
    assert login.headers["location"] == "/"
