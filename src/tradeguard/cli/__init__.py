"""The `tradeguard` command line: a thin Typer shell over the engine. Errors are mapped to messages once, here."""

from __future__ import annotations

import sys

import typer
from rich.console import Console
from rich.markup import escape

from tradeguard.errors import TradeguardError

app = typer.Typer(
    name="tradeguard",
    help="Export-control and sanctions compliance: restricted-party lists, screening, EAR decisions, audit.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
err_console = Console(stderr=True)


@app.callback()
def _global_options(
    ctx: typer.Context,
    db: str | None = typer.Option(
        None, "--db", help="Database: SQLite file path (default: TRADEGUARD_DB, then config)."
    ),
) -> None:
    """Export-control and sanctions compliance: restricted-party lists, screening, EAR decisions, audit."""
    from tradeguard.cli.context import remember_overrides

    remember_overrides(ctx, db=db)


def _register_commands() -> None:
    # Each command group lives in its own module; importing it registers its commands on `app`.
    from tradeguard.cli import commands  # noqa: F401


def main() -> None:
    """Console-script entry point: run the app, turning tradeguard errors into one-line messages and exit codes."""
    _register_commands()
    try:
        app(standalone_mode=False)
    except TradeguardError as exc:
        # The message may quote user data with square brackets; escape it so Rich does not read it as markup.
        err_console.print(f"[bold red]error:[/] {escape(exc.message)}", highlight=False)
        sys.exit(exc.exit_code)
    except typer.Abort:
        err_console.print("aborted")
        sys.exit(130)
    except Exception as exc:  # click usage errors carry their own exit code
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if isinstance(exc, click.exceptions.Exit):
            sys.exit(exc.exit_code)
        raise
