"""`tradeguard review ...`: the analysts' queue of potential matches and their dispositions (thin shell)."""

from __future__ import annotations

import getpass
import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from tradeguard.cli import app
from tradeguard.cli.context import get_settings
from tradeguard.review.cases import decide
from tradeguard.review.model import QUEUE_STATUSES, Case, Disposition, parse_status
from tradeguard.store import open_store
from tradeguard.store.review import review_store

review_app = typer.Typer(help="Review cases of potential matches: list, show, decide.", no_args_is_help=True)
app.add_typer(review_app, name="review")

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for machines.")]


def _console(color: bool) -> Console:
    return Console(no_color=not color, highlight=False)


@review_app.command("list")
def list_command(
    ctx: typer.Context,
    show_all: Annotated[bool, typer.Option("--all", help="Every case, not only those awaiting review.")] = False,
    status: Annotated[list[str] | None, typer.Option(help="Only cases with this status (repeatable).")] = None,
    limit: Annotated[int, typer.Option(help="Most cases shown.")] = 100,
    as_json: JsonOption = False,
) -> None:
    """Cases awaiting review (opened, reopened, escalated), newest first."""
    settings = get_settings(ctx)
    wanted = (
        None if show_all else [parse_status(s).value for s in status] if status else [s.value for s in QUEUE_STATUSES]
    )
    with open_store(settings.db) as store:
        cases = review_store(store).cases(wanted, limit=limit)
    if as_json:
        typer.echo(json.dumps([case.to_dict() for case in cases], ensure_ascii=False, indent=2))
        return
    table = Table("case", "status", "party", "entry", "list", "score")
    for case in cases:
        table.add_row(
            str(case.id), case.status.value, case.party.name, case.entry_name, case.source, f"{case.score:.2f}"
        )
    _console(settings.color).print(table if cases else "no cases")


@review_app.command("show")
def show_command(
    ctx: typer.Context, case_id: Annotated[int, typer.Argument(help="Case id.")], as_json: JsonOption = False
) -> None:
    """One case: the party, the entry, why they matched, and every disposition so far."""
    settings = get_settings(ctx)
    with open_store(settings.db) as store:
        case = review_store(store).case(case_id)
    if as_json:
        typer.echo(json.dumps(case.to_dict(), ensure_ascii=False, indent=2))
        return
    _render_case(case, _console(settings.color))


def _render_case(case: Case, console: Console) -> None:
    party = case.party
    console.print(f"case #{case.id} · {case.status.value} · opened {case.opened_at:%Y-%m-%d %H:%M} UTC ({case.origin})")
    console.print(f"party: {party.name}" + (f" [{party.country}]" if party.country else ""))
    console.print(f"entry: {case.entry_name} ({case.source}, {case.entry_id})")
    console.print(f"score {case.score:.2f}: {case.explanation}")
    table = Table("when (UTC)", "action", "user", "note")
    for event in case.history:
        table.add_row(f"{event.at:%Y-%m-%d %H:%M}", event.action, event.user, event.note)
    console.print(table)


@review_app.command("decide")
def decide_command(
    ctx: typer.Context,
    case_id: Annotated[int, typer.Argument(help="Case id.")],
    disposition: Annotated[str, typer.Argument(help="true-match, false-positive or escalated.")],
    note: Annotated[str, typer.Option("--note", "-n", help="Why (kept with the disposition).")],
    user: Annotated[str | None, typer.Option(help="Who decides (default: the OS user).")] = None,
) -> None:
    """Record a disposition; it is appended to the case's history and supersedes earlier ones."""
    chosen = Disposition.parse(disposition)
    settings = get_settings(ctx)
    with open_store(settings.db) as store:
        case = decide(store, case_id, chosen, note, user or getpass.getuser())
    typer.echo(f"case #{case.id}: {case.status.value} by {case.history[-1].user}")
