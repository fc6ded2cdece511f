"""Alerts of a monitoring run: a summary for the terminal, an HMAC-signed webhook POST, and an e-mail-ready text.

`build_*` functions are pure; `send_webhook` does the I/O (retried with exponential backoff) and `deliver_webhook`
records a delivery that failed after every attempt in the store, where `monitor failures` shows it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from tradeguard import __version__
from tradeguard.errors import ConfigError
from tradeguard.review.model import Case, MonitorReport
from tradeguard.settings import Settings
from tradeguard.store.base import Store
from tradeguard.store.review import review_store

SIGNATURE_HEADER = "X-Tradeguard-Signature"
WEBHOOK_TIMEOUT_S = 10.0
MAX_LISTED = 50  # cases named one by one in the summary and e-mail; the counts stay complete


@dataclass(frozen=True, slots=True)
class Delivery:
    """How a webhook delivery went."""

    ok: bool
    attempts: int
    status: int | None = None
    error: str | None = None


def _case_line(case: Case) -> str:
    where = f"{case.source}, {case.entry_id}"
    return f"case #{case.id}: {case.party.name} ~ {case.entry_name} ({where}) score {case.score:.2f}"


def build_summary(report: MonitorReport) -> list[str]:
    """Lines for a person: what was compared, then the cases opened, reopened and closed."""
    lines = [
        f"{dataset}: snapshot {'#' + str(old) if old is not None else '(first check)'} → #{new}"
        for dataset, old, new in report.compared
    ] or ["no list changed since the last check"]
    lines.append(
        f"{report.entries_checked:,} changed entries checked, {report.parties_scored:,} party/entry pairs scored: "
        f"{len(report.opened)} new case(s), {len(report.reopened)} reopened, {len(report.closed)} closed"
    )
    for label, cases in (("new", report.opened), ("reopened", report.reopened), ("closed", report.closed)):
        lines.extend(f"  {label} {_case_line(case)}" for case in cases[:MAX_LISTED])
        if len(cases) > MAX_LISTED:
            lines.append(f"  … and {len(cases) - MAX_LISTED} more {label}")
    return lines


def _brief(case: Case) -> dict[str, Any]:
    return {
        "id": case.id,
        "party": case.party.name,
        "party_id": case.party_id,
        "entry_id": case.entry_id,
        "entry_name": case.entry_name,
        "list": case.source,
        "score": case.score,
        "status": case.status.value,
    }


def build_payload(report: MonitorReport) -> bytes:
    """The webhook's JSON body (UTF-8): the compared snapshots and a brief of every case opened, reopened, closed."""
    body = {
        "event": "tradeguard.monitor",
        "version": __version__,
        "compared": report.to_dict()["compared"],
        "counts": {"opened": len(report.opened), "reopened": len(report.reopened), "closed": len(report.closed)},
        "opened": [_brief(case) for case in report.opened],
        "reopened": [_brief(case) for case in report.reopened],
        "closed": [_brief(case) for case in report.closed],
    }
    return json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")


def sign(body: bytes, secret: str) -> str:
    """The signature header value: `sha256=` and the hex HMAC-SHA256 of the exact body bytes."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def send_webhook(
    url: str,
    body: bytes,
    secret: str,
    *,
    attempts: int,
    backoff: float,
    sleep: Callable[[float], None] = time.sleep,
) -> Delivery:
    """POST `body` signed; retry on network errors and non-2xx answers, waiting backoff, 2x backoff, 4x backoff…"""
    headers = {"Content-Type": "application/json", SIGNATURE_HEADER: sign(body, secret)}
    error, status = "", None
    for attempt in range(1, attempts + 1):
        try:
            response = httpx.post(url, content=body, headers=headers, timeout=WEBHOOK_TIMEOUT_S)
            status = response.status_code
            if 200 <= status < 300:
                return Delivery(True, attempt, status)
            error = f"HTTP {status}"
        except httpx.HTTPError as exc:
            status, error = None, f"{type(exc).__name__}: {exc}"
        if attempt < attempts:
            sleep(backoff * 2 ** (attempt - 1))
    return Delivery(False, attempts, status, error)


def deliver_webhook(store: Store, settings: Settings, report: MonitorReport) -> Delivery | None:
    """Send the report's webhook if one is configured and there is news; a final failure is recorded in the store."""
    if not settings.alert_webhook_url or not report.changed:
        return None
    if not settings.alert_webhook_secret:
        raise ConfigError("alert_webhook_url is set but alert_webhook_secret is empty: webhooks are always signed")
    body = build_payload(report)
    delivery = send_webhook(
        settings.alert_webhook_url,
        body,
        settings.alert_webhook_secret,
        attempts=settings.alert_webhook_attempts,
        backoff=settings.alert_webhook_backoff,
    )
    if not delivery.ok:
        review_store(store).record_alert_failure(
            "webhook", settings.alert_webhook_url, delivery.attempts, delivery.error or "failed", body.decode("utf-8")
        )
    return delivery


def build_email(report: MonitorReport) -> tuple[str, str]:
    """(subject, body) of an alert e-mail, plain text."""
    subject = (
        f"[tradeguard] {len(report.opened)} new potential match(es), {len(report.reopened)} reopened, "
        f"{len(report.closed)} closed after a list update"
    )
    body = "\n".join(
        [
            "A restricted-party list changed and tradeguard rescreened the counterparty register.",
            "",
            *build_summary(report),
            "",
            "Review the open cases with `tradeguard review list` or on the web review page (/review).",
            "Potential matches are for an analyst to review; they are not determinations.",
        ]
    )
    return subject, body + "\n"


def email_text(report: MonitorReport) -> str:
    """The e-mail as one text: a Subject header line, a blank line, then the body."""
    subject, body = build_email(report)
    return f"Subject: {subject}\n\n{body}"
