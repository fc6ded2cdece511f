"""The `tradeguard` command line: a thin Typer shell over the engine. Errors are mapped to messages once, here."""

from __future__ import annotations

import contextlib
import importlib
import sys
from typing import Any

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


def _show_version(value: bool) -> None:
    if value:
        from tradeguard.build import build_description

        typer.echo(build_description())
        raise typer.Exit()


@app.callback()
def _global_options(
    ctx: typer.Context,
    db: str | None = typer.Option(
        None, "--db", help="Database: SQLite file path (default: TRADEGUARD_DB, then config)."
    ),
    version: bool = typer.Option(
        False, "--version", is_eager=True, callback=_show_version, help="Show the version and how the core runs."
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
    except typer.Exit as exc:  # --version, --help
        sys.exit(exc.exit_code)
    except Exception as exc:
        if isinstance(exc, _usage_errors()):  # a bad option or a missing argument: click's own message and code
            exc.show()
            sys.exit(exc.exit_code)
        raise


def _usage_errors() -> tuple[type[Any], ...]:
    """Click's usage errors: Typer >= 0.29 raises its own copies of them (and no longer installs click), earlier
    versions click's."""
    errors: list[type[Any]] = []
    for module in ("typer._click.exceptions", "click.exceptions"):
        with contextlib.suppress(ImportError):
            errors.append(importlib.import_module(module).ClickException)
    return tuple(errors)
