"""Imports every command module so that each registers its commands on the Typer app."""

from tradeguard.cli import lists  # noqa: F401
from tradeguard.cli import match  # noqa: F401
from tradeguard.cli import decide  # noqa: F401
from tradeguard.cli import screen  # noqa: F401
from tradeguard.cli import batch  # noqa: F401
from tradeguard.cli import keys  # noqa: F401
from tradeguard.cli import serve  # noqa: F401
