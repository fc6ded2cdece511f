"""Persistence: the `Store` interface and `open_store`, which picks the backend from a path or URL."""

from __future__ import annotations

from tradeguard.errors import ConfigError
from tradeguard.store.base import Store
from tradeguard.store.sqlite import SQLiteStore

__all__ = ["SQLiteStore", "Store", "open_store"]

_POSTGRES_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")


def open_store(url_or_path: str) -> Store:
    """Open (creating and migrating if needed) the store at a SQLite path, `sqlite:///path` URL or PostgreSQL URL."""
    if url_or_path.startswith(_POSTGRES_SCHEMES):
        from tradeguard.store.postgres import PostgresStore  # psycopg is imported only by those who use it

        return PostgresStore(url_or_path.replace("postgresql+psycopg://", "postgresql://", 1))
    if url_or_path.startswith("sqlite:///"):
        url_or_path = url_or_path.removeprefix("sqlite:///")
    elif "://" in url_or_path:
        raise ConfigError(f"unsupported database URL {url_or_path!r}: use a SQLite file path or a postgresql:// URL")
    if not url_or_path.strip():
        raise ConfigError("the database path is empty: set --db or TRADEGUARD_DB")
    return SQLiteStore(url_or_path)
