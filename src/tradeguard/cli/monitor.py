"""`tradeguard monitor ...`: rescreen the register against what the lists changed, and send the alerts."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from tradeguard.cli import app
from tradeguard.cli.context import get_settings
from tradeguard.lists.update import ImportReport
from tradeguard.review.alerts import build_summary, deliver_webhook, email_text
from tradeguard.review.model import MonitorReport
from tradeguard.review.monitor import run_monitor
from tradeguard.settings import Settings
from tradeguard.store import open_store
from tradeguard.store.base import Store
from tradeguard.store.review import review_store

monitor_app = typer.Typer(help="Monitoring of the register on list changes: run, failures.", no_args_is_help=True)
app.add_typer(monitor_app, name="monitor")


def monitor_and_alert(store: Store, settings: Settings, email: Path | None = None) -> MonitorReport:
    """Run monitoring, print the summary, send the webhook and write the e-mail text (also after `lists update`)."""
    report = run_monitor(store, settings)
    console = Console(no_color=not settings.color, highlight=False, stderr=True)
    for line in build_summary(report):
        console.print(line)
    delivery = deliver_webhook(store, settings, report)
    if delivery is not None and not delivery.ok:
        console.print(f"[red]webhook failed after {delivery.attempts} attempt(s): {delivery.error}[/] (recorded)")
    if email is not None:
        email.write_text(email_text(report), encoding="utf-8")
    return report


def monitor_after_update(settings: Settings, reports: Sequence[ImportReport]) -> None:
    """After `lists update`: when a dataset was imported, rescreen the register against what changed."""
    if any(report.status == "imported" for report in reports):
        with open_store(settings.db) as store:
            monitor_and_alert(store, settings)


@monitor_app.command("run")
def run_command(
    ctx: typer.Context,
    email: Annotated[Path | None, typer.Option(help="Write the alert e-mail (subject + body) to this file.")] = None,
    print_email: Annotated[bool, typer.Option("--print-email", help="Print the alert e-mail text.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON on stdout.")] = False,
) -> None:
    """Rescreen the register against the entries added or changed since the last run; open and close cases."""
    settings = get_settings(ctx)
    with open_store(settings.db) as store:
        report = monitor_and_alert(store, settings, email)
    if print_email:
        typer.echo(email_text(report))
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))


@monitor_app.command("failures")
def failures_command(ctx: typer.Context) -> None:
    """Alert deliveries that failed after every retry."""
    with open_store(get_settings(ctx).db) as store:
        failures = review_store(store).alert_failures()
    for at, channel, target, attempts, error in failures:
        typer.echo(f"{at}  {channel}  {target}  {attempts} attempt(s)  {error}")
    if not failures:
        typer.echo("no failed alert deliveries")
