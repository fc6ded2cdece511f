"""Named, ordered schema migrations, one folder of `NNNN_name.sql` files per database dialect.

A migration is applied once, in one transaction, and recorded by name in `schema_migrations`. Later issues add
files (e.g. `0002_audit.sql`) to `sqlite/` and the same names to `postgres/`, never edit an applied one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from tradeguard.errors import StoreError

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema step: its name (the file stem, e.g. `0001_lists`) and its SQL."""

    name: str
    sql: str


def load_migrations(dialect: str) -> list[Migration]:
    """Every migration shipped for `dialect`, in order; StoreError if two share a number."""
    folder = resources.files(__package__).joinpath(dialect)
    found = sorted(item.name for item in folder.iterdir() if _NAME.match(item.name))
    numbers = [name[:4] for name in found]
    if len(set(numbers)) != len(numbers):
        raise StoreError(f"duplicate migration numbers in {dialect} migrations: {found}")
    return [Migration(name.removesuffix(".sql"), folder.joinpath(name).read_text("utf-8")) for name in found]
