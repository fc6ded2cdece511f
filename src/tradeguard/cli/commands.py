"""Imports every command module so that each registers its commands on the Typer app (see pyproject ruff ignores)."""

from tradeguard.cli import lists
from tradeguard.cli import match
from tradeguard.cli import decide
from tradeguard.cli import screen
from tradeguard.cli import batch
from tradeguard.cli import keys
from tradeguard.cli import serve
from tradeguard.cli import news
from tradeguard.cli import review, parties, monitor
from tradeguard.cli import audit
from tradeguard.cli import spark
