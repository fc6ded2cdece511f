"""`tradeguard parties ...`: the counterparty register that monitoring rescreens (thin shell over review.register)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from tradeguard.batch.model import BatchOptions
from tradeguard.cli import app
from tradeguard.cli.context import get_settings
from tradeguard.engine import Engine
from tradeguard.review.register import import_parties, list_parties, screen_registered
from tradeguard.store import open_store

parties_app = typer.Typer(help="The counterparty register: import, list.", no_args_is_help=True)
app.add_typer(parties_app, name="parties")


@parties_app.command("import")
def import_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="CSV, XLSX, Parquet or JSONL file of parties (as for screen-file).")],
    name_col: Annotated[str | None, typer.Option(help="Column with the party name (default: detected).")] = None,
    kind_col: Annotated[str | None, typer.Option(help="Column with person/organization/vessel/aircraft.")] = None,
    country_col: Annotated[str | None, typer.Option(help="Column with the country (ISO-2 or name).")] = None,
    address_col: Annotated[str | None, typer.Option(help="Column with the address.")] = None,
    id_col: Annotated[str | None, typer.Option(help="Column with your own id of the party.")] = None,
    fmt: Annotated[str | None, typer.Option("--format", help="Input format: csv, xlsx, parquet, jsonl.")] = None,
    screen: Annotated[
        bool, typer.Option(help="Screen the new parties now and open cases for potential matches.")
    ] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
) -> None:
    """Register every party of a file (duplicates are skipped, unreadable rows listed), then screen the new ones."""
    settings = get_settings(ctx)
    options = BatchOptions(
        name_col=name_col,
        kind_col=kind_col,
        country_col=country_col,
        address_col=address_col,
        id_col=id_col,
        format=fmt,
    )
    with open_store(settings.db) as store:
        report = import_parties(store, file, options)
        opened = screen_registered(store, Engine(settings, store), report.added) if screen else 0
    data = report.to_dict() | {"cases_opened": opened, "screened": screen}
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    typer.echo(f"columns: {report.columns}")
    typer.echo(
        f"{len(report.added):,} parties registered, {report.duplicates:,} already registered, "
        f"{len(report.rejected):,} rows rejected" + (f", {opened:,} review case(s) opened" if screen else "")
    )
    for problem in report.rejected[:20]:
        typer.echo(f"  rejected {problem}", err=True)
    if len(report.rejected) > 20:
        typer.echo(f"  … and {len(report.rejected) - 20} more rejected rows", err=True)


@parties_app.command("list")
def list_command(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(help="Most parties shown.")] = 100,
    offset: Annotated[int, typer.Option(help="Skip this many first.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
) -> None:
    """Registered parties, oldest first."""
    settings = get_settings(ctx)
    with open_store(settings.db) as store:
        page = list_parties(store, limit=limit, offset=offset)
    if as_json:
        typer.echo(
            json.dumps({"total": page.total, "parties": [p.to_dict() for p in page.parties]}, ensure_ascii=False)
        )
        return
    table = Table("id", "name", "kind", "country", "your id")
    for party in page.parties:
        table.add_row(
            str(party.id),
            party.name,
            party.kind.value if party.kind else "",
            party.country or "",
            party.external_id or "",
        )
    console = Console(no_color=not settings.color, highlight=False)
    console.print(table if page.parties else "no registered parties")
    console.print(f"{page.total:,} registered in all")
