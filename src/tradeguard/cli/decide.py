"""`tradeguard decide FILE...` and `tradeguard licenses add|list|show|draw`: thin shells over decide/ and the store."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from tradeguard.cli import app
from tradeguard.cli.context import get_settings
from tradeguard.decide.licenses import HeldLicense
from tradeguard.decide.model import load_transaction
from tradeguard.decide.render import render_memo
from tradeguard.engine import Engine
from tradeguard.store.licenses import SQLiteLicenseBook

licenses_app = typer.Typer(help="Licenses the company holds, with drawdown.", no_args_is_help=True)
app.add_typer(licenses_app, name="licenses")
console = Console(highlight=False, soft_wrap=True)


@app.command("decide")
def decide_command(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="Transaction files (YAML or JSON).")],
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line, in input order."),
) -> None:
    """Apply the EAR to each transaction: the decision, each requirement with its CFR citation."""
    transactions = [load_transaction(path) for path in files]  # validate every file before any answer
    engine = Engine.from_settings(get_settings(ctx))
    try:
        for path, tx in zip(files, transactions, strict=True):
            decision = engine.audited().decide(tx)
            if as_json:
                typer.echo(json.dumps(decision.to_json_dict(), ensure_ascii=False))
            else:
                console.print(render_memo(decision, tx, title=str(path)), markup=False)
    finally:
        engine.close()


def _book(ctx: typer.Context) -> tuple[Engine, SQLiteLicenseBook]:
    engine = Engine.from_settings(get_settings(ctx))
    return engine, SQLiteLicenseBook(engine.store)


@licenses_app.command("add")
def licenses_add(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument(help="License number.")],
    party: Annotated[list[str], typer.Option("--party", help="A party the license names (repeat for each).")],
    eccn: Annotated[list[str], typer.Option("--eccn", help="An ECCN it covers, e.g. 5A992 or EAR99 (repeatable).")],
    destination: Annotated[str, typer.Option("--destination", help="ISO country code.")],
    valid_from: Annotated[str, typer.Option("--valid-from", help="YYYY-MM-DD")],
    valid_to: Annotated[str, typer.Option("--valid-to", help="YYYY-MM-DD")],
    value_limit: Annotated[float | None, typer.Option("--value-limit", help="USD.")] = None,
    quantity_limit: Annotated[float | None, typer.Option("--quantity-limit")] = None,
    note: Annotated[str, typer.Option("--note")] = "",
) -> None:
    """Record a license the company holds."""
    held = HeldLicense.parse(
        {
            "number": number,
            "parties": party,
            "eccns": eccn,
            "destination": destination,
            "valid_from": valid_from,
            "valid_to": valid_to,
            "value_limit": value_limit,
            "quantity_limit": quantity_limit,
            "note": note,
        },
        source="licenses add",
    )
    engine, book = _book(ctx)
    try:
        book.add(held)
    finally:
        engine.close()
    console.print(f"recorded license {held.number}")


@licenses_app.command("list")
def licenses_list(ctx: typer.Context, as_json: bool = typer.Option(False, "--json")) -> None:
    """Every recorded license with what is left of it."""
    engine, book = _book(ctx)
    try:
        held = list(book.list())
    finally:
        engine.close()
    for lic in held:
        if as_json:
            typer.echo(lic.model_dump_json())
        else:
            state = "valid" if lic.valid_on(date.today()) else "not valid today"
            left = lic.remaining_value()
            console.print(
                f"{lic.number}  {lic.destination}  {','.join(lic.eccns)}  {lic.valid_from}..{lic.valid_to} "
                f"({state})  value left: {'unlimited' if left is None else f'{left:g}'}",
                markup=False,
            )


@licenses_app.command("show")
def licenses_show(ctx: typer.Context, number: str = typer.Argument(...)) -> None:
    """One license in full (JSON)."""
    engine, book = _book(ctx)
    try:
        typer.echo(book.get(number).model_dump_json(indent=2))
    finally:
        engine.close()


@licenses_app.command("draw")
def licenses_draw(
    ctx: typer.Context,
    number: str = typer.Argument(...),
    value: float = typer.Option(..., "--value"),
    quantity: float = typer.Option(0.0, "--quantity"),
    reference: str = typer.Option(..., "--ref", help="Shipment or order reference."),
) -> None:
    """Record a shipment against a license; refused if it would exceed a limit."""
    engine, book = _book(ctx)
    try:
        updated = book.draw_down(number, value, quantity, reference)
    finally:
        engine.close()
    console.print(f"drew {value:g} USD / {quantity:g} from {number}; value left: {updated.remaining_value()}")
