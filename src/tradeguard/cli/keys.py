"""`tradeguard keys ...`: create, list and revoke the API keys of the HTTP API (thin shell over store.keys)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from tradeguard.cli import app
from tradeguard.cli.context import get_settings
from tradeguard.store import open_store
from tradeguard.store.keys import create_key, list_keys, revoke_key

keys_app = typer.Typer(help="API keys for `tradeguard serve`: create, list, revoke.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")

KeyName = Annotated[str, typer.Argument(help="Who or what uses the key, e.g. erp-prod or alice@example.com.")]


@keys_app.command("create")
def create_command(ctx: typer.Context, name: KeyName) -> None:
    """Create a key and print it once: only its hash is stored, so copy it now."""
    with open_store(get_settings(ctx).db) as store:
        key = create_key(store, name)
    typer.echo(key)
    typer.echo(f"Key {name!r} created. It is shown only this once; send it as `Authorization: Bearer <key>`.", err=True)


@keys_app.command("list")
def list_command(ctx: typer.Context) -> None:
    """Every key with its prefix, creation time and state (the keys themselves are not stored)."""
    settings = get_settings(ctx)
    with open_store(settings.db) as store:
        keys = list_keys(store)
    table = Table("name", "prefix", "created (UTC)", "state")
    for key in keys:
        state = "active" if key.revoked_at is None else f"revoked {key.revoked_at:%Y-%m-%d %H:%M}"
        table.add_row(key.name, key.prefix + "…", f"{key.created_at:%Y-%m-%d %H:%M}", state)
    Console(no_color=not settings.color, highlight=False).print(table if keys else "no API keys yet")


@keys_app.command("revoke")
def revoke_command(ctx: typer.Context, name: KeyName) -> None:
    """Revoke the live key with this name; it stops working at once."""
    with open_store(get_settings(ctx).db) as store:
        revoked = revoke_key(store, name)
    typer.echo(f"Key {revoked.name!r} ({revoked.prefix}…) revoked.")
