"""`tradeguard screen`: screen one party against the active lists."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from tradeguard.cli import app
from tradeguard.cli.context import get_settings
from tradeguard.engine import Engine
from tradeguard.lists.model import LIST_NAMES, EntryKind
from tradeguard.match.model import Party, ScreenResult


@app.command()
def screen(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Name of the party to screen, in any script.")],
    kind: Annotated[EntryKind | None, typer.Option(help="person, organization, vessel or aircraft.")] = None,
    country: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-2 country of the party.")] = None,
    address: Annotated[str | None, typer.Option(help="Address of the party.")] = None,
    dob: Annotated[str | None, typer.Option(help="Date of birth, YYYY-MM-DD (or YYYY).")] = None,
    source: Annotated[list[str] | None, typer.Option(help="Only these lists or datasets (repeatable).")] = None,
    threshold: Annotated[float | None, typer.Option(help="Match threshold in [0, 1].")] = None,
    limit: Annotated[int | None, typer.Option(help="Most hits to show.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Screen one party: every list entry it may be, scored and explained."""
    engine = Engine.from_settings(get_settings(ctx))
    party = Party(name=name, kind=kind, country=country.upper() if country else None, address=address, birth_date=dob)
    result = engine.screen(party, threshold=threshold, limit=limit, sources=source)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        render_screen_result(result, Console())
    engine.close()


def render_screen_result(result: ScreenResult, console: Console) -> None:
    """A table of hits, potential matches first, with the explanation of each."""
    matched = len(result.matched)
    verdict = f"[bold red]{matched} potential match(es)[/]" if matched else "[bold green]clear[/]"
    console.print(f"[bold]{result.query.name}[/] — {verdict} (threshold {result.threshold:.2f})")
    if not result.hits:
        return
    table = Table(show_lines=True)
    for column in ("score", "list", "entry", "matched name", "why"):
        table.add_column(column, overflow="fold")
    for hit in result.hits:
        style = "bold red" if hit.match else "dim"
        listed = LIST_NAMES.get(hit.source, hit.source)
        entry = f"{hit.name}\n[dim]{hit.entry_id}[/]"
        if hit.license_requirement:
            entry += f"\n[yellow]License: {hit.license_requirement}[/]"
        if hit.license_policy:
            entry += f"\n[yellow]Policy: {hit.license_policy}[/]"
        if hit.federal_register:
            entry += f"\n[dim]{hit.federal_register}[/]"
        table.add_row(f"[{style}]{hit.score:.2f}[/]", listed, entry, hit.matched_name, hit.explanation)
    console.print(table)
