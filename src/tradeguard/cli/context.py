"""The state the root command hands to every sub-command: global option overrides, resolved into `Settings` once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import typer

from tradeguard.settings import Settings, load_settings


@dataclass
class CliState:
    """Global options given on the command line (`--db`), and the settings once resolved."""

    overrides: dict[str, Any] = field(default_factory=dict)
    settings: Settings | None = None


def remember_overrides(ctx: typer.Context, **overrides: Any) -> None:
    """Store the root command's global options on the context for sub-commands to read."""
    ctx.obj = CliState(overrides={key: value for key, value in overrides.items() if value is not None})


def get_settings(ctx: typer.Context) -> Settings:
    """The settings for this invocation: defaults < config file < environment < global command-line options."""
    root = ctx.find_root()
    state = root.obj if isinstance(root.obj, CliState) else CliState()
    if state.settings is None:
        state.settings = load_settings().with_overrides(**state.overrides)
        root.obj = state
    return state.settings
