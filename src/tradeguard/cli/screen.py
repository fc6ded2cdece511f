"""`tradeguard screen`: screen one party against the active lists."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
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
    result = engine.audited().screen(party, threshold=threshold, limit=limit, sources=source)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        render_screen_result(result, Console())
    engine.close()


def render_screen_result(result: ScreenResult, console: Console) -> None:
    """The verdict first, then one block per hit: list, entry, matched name, license facts and the explanation."""
    matched = len(result.matched)
    verdict = f"[bold red]{matched} potential match(es)[/]" if matched else "[bold green]clear[/]"
    console.print(f"[bold]{escape(result.query.name)}[/] — {verdict} (threshold {result.threshold:.2f})")
    for number, hit in enumerate(result.hits, start=1):
        label = "[bold red]POTENTIAL MATCH[/]" if hit.match else "[dim]near miss[/]"
        if hit.suppressed:
            label += " [cyan](suppressed: analyst marked false positive)[/]"
        console.print(f"\n {number}. [bold]{hit.score:.2f}[/] {label}  {LIST_NAMES.get(hit.source, hit.source)}")
        lines = [("entry", f"{escape(hit.name)} [dim]({hit.entry_id})[/]"), ("matched", hit.matched_name)]
        if hit.license_requirement:
            lines.append(("license", hit.license_requirement))
        if hit.license_policy:
            lines.append(("policy", hit.license_policy))
        if hit.federal_register:
            lines.append(("cited", hit.federal_register))
        if hit.programs:
            lines.append(("programs", ", ".join(hit.programs)))
        lines.append(("why", hit.explanation))
        table = Table.grid(padding=(0, 1))
        table.add_column(style="dim", no_wrap=True)
        table.add_column(overflow="fold")
        for key, value in lines:
            table.add_row(f"    {key}", value if key == "entry" else escape(value))
        console.print(table)
    if result.truncated:
        console.print(
            f"\n[bold yellow]Only the {len(result.hits)} best entries are shown: more may score at or above the "
            "threshold. Raise --limit to see them.[/]"
        )
