"""Imports every command module so that each registers its commands on the Typer app."""

from tradeguard.cli import lists  # noqa: F401
