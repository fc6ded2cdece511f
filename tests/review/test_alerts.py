"""Alerts: the webhook is signed over its exact body and retried with backoff against a real local receiver."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tradeguard.errors import ConfigError
from tradeguard.match.model import Party
from tradeguard.review.alerts import SIGNATURE_HEADER, build_payload, deliver_webhook, email_text, send_webhook
from tradeguard.review.model import Case, CaseStatus, MonitorReport
from tradeguard.settings import Settings
from tradeguard.store import open_store
from tradeguard.store.review import review_store

SECRET = "s3cret-for-tests"


@dataclass
class Receiver:
    """What the local webhook receiver saw, and how many of the first requests it answers with 503."""

    fail_first: int = 0
    requests: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    url: str = ""


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.requests.append((dict(self.headers.items()), body))
            self.send_response(503 if len(state.requests) <= state.fail_first else 204)
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    yield state
    server.shutdown()
    server.server_close()


def _case(case_id: int, name: str) -> Case:
    now = datetime(2024, 5, 3, tzinfo=UTC)
    return Case(
        case_id, f"{name.lower()}|", Party(name), 7, "us-ofac-sdn:36", "AEROCARIBBEAN AIRLINES", "us-ofac-sdn",
        2, 0.93, "score 0.93", "monitor", now, CaseStatus.OPEN, "f" * 64, now,
    )  # fmt: skip


REPORT = MonitorReport(
    compared=(("us-ofac-sdn", 1, 2),), entries_checked=7543, parties_scored=99, opened=(_case(1, "Aerocaribbean"),)
)


def test_signature_is_the_hmac_of_the_exact_body_and_retries_back_off(receiver: Receiver) -> None:
    receiver.fail_first = 2
    waits: list[float] = []
    body = build_payload(REPORT)
    delivery = send_webhook(receiver.url, body, SECRET, attempts=4, backoff=0.5, sleep=waits.append)
    assert delivery.ok and delivery.attempts == 3 and delivery.status == 204
    assert waits == [0.5, 1.0]  # exponential: backoff, then twice that
    assert len(receiver.requests) == 3
    headers, received = receiver.requests[-1]
    assert received == body
    expected = "sha256=" + hmac.new(SECRET.encode(), received, hashlib.sha256).hexdigest()
    assert headers[SIGNATURE_HEADER] == expected
    assert headers["Content-Type"] == "application/json"
    payload = json.loads(received)
    assert payload["counts"] == {"opened": 1, "reopened": 0, "closed": 0}
    assert payload["opened"][0]["party"] == "Aerocaribbean" and payload["opened"][0]["entry_id"] == "us-ofac-sdn:36"


def test_a_delivery_failing_every_attempt_is_recorded(receiver: Receiver, settings: Settings, store_url: str) -> None:
    receiver.fail_first = 99
    configured = settings.with_overrides(
        alert_webhook_url=receiver.url,
        alert_webhook_secret=SECRET,
        alert_webhook_attempts=3,
        alert_webhook_backoff=0.01,
    )
    with open_store(store_url) as store:
        delivery = deliver_webhook(store, configured, REPORT)
        failures = review_store(store).alert_failures()
    assert delivery is not None and not delivery.ok and delivery.attempts == 3
    assert len(receiver.requests) == 3
    assert [(channel, target, attempts, error) for _, channel, target, attempts, error in failures] == [
        ("webhook", receiver.url, 3, "HTTP 503")
    ]


def test_an_unreachable_receiver_is_a_recorded_failure_too(settings: Settings, store_url: str) -> None:
    configured = settings.with_overrides(
        alert_webhook_url="http://127.0.0.1:9/hook", alert_webhook_secret=SECRET, alert_webhook_attempts=2,
        alert_webhook_backoff=0.01,
    )  # fmt: skip
    with open_store(store_url) as store:
        delivery = deliver_webhook(store, configured, REPORT)
        failures = review_store(store).alert_failures()
    assert delivery is not None and not delivery.ok and "ConnectError" in (delivery.error or "")
    assert len(failures) == 1


def test_no_webhook_without_news_and_none_unsigned(receiver: Receiver, settings: Settings) -> None:
    with open_store(settings.db) as store:
        quiet = settings.with_overrides(alert_webhook_url=receiver.url, alert_webhook_secret=SECRET)
        assert deliver_webhook(store, quiet, MonitorReport(compared=(("us-ofac-sdn", 1, 2),))) is None
        with pytest.raises(ConfigError, match="alert_webhook_secret is empty"):
            deliver_webhook(store, settings.with_overrides(alert_webhook_url=receiver.url), REPORT)
    assert receiver.requests == []


def test_email_text_has_a_subject_and_names_the_case() -> None:
    text = email_text(REPORT)
    subject, blank, *body = text.splitlines()
    assert subject == "Subject: [tradeguard] 1 new potential match(es), 0 reopened, 0 closed after a list update"
    assert blank == ""
    assert "us-ofac-sdn: snapshot #1 → #2" in body
    assert any("case #1: Aerocaribbean ~ AEROCARIBBEAN AIRLINES" in line for line in body)
