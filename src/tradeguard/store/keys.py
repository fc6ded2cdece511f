"""API keys kept in the store: create (the key is returned once), list, revoke, and verify a presented key.

Only the SHA-256 of a key is stored. Keys are 256-bit random tokens, so a plain (unsalted, fast) hash is enough:
there is nothing to brute-force, unlike a password.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from tradeguard.errors import InputError, NotFoundError
from tradeguard.store.base import Store

KEY_PREFIX = "tgk_"
_SHOWN_PREFIX_LENGTH = len(KEY_PREFIX) + 6
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")


@dataclass(frozen=True, slots=True)
class ApiKey:
    """One key's record (never the key itself)."""

    name: str
    prefix: str
    created_at: datetime
    revoked_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def hash_key(key: str) -> str:
    """The stored form of a key."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _check_name(name: str) -> str:
    if not _NAME.match(name):
        raise InputError(
            f"invalid key name {name!r}: 1-64 characters, letters, digits and . _ @ - (starting with a letter or digit)"
        )
    return name


def create_key(store: Store, name: str) -> str:
    """Create a key called `name` and return it; InputError if a live key already has that name."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    row = (_check_name(name), hash_key(key), key[:_SHOWN_PREFIX_LENGTH], datetime.now(UTC).isoformat())
    with store.sql(write=True) as session:  # the writer lock makes check-then-insert safe
        if session.execute("SELECT 1 FROM api_keys WHERE name = ? AND revoked_at IS NULL", (name,)).fetchone():
            raise InputError(f"a key named {name!r} already exists; revoke it first or pick another name")
        session.execute("INSERT INTO api_keys (name, key_hash, prefix, created_at) VALUES (?, ?, ?, ?)", row)
    return key


def list_keys(store: Store) -> list[ApiKey]:
    """Every key ever created, live and revoked, oldest first."""
    with store.sql() as session:
        rows = session.execute("SELECT name, prefix, created_at, revoked_at FROM api_keys ORDER BY id").fetchall()
    return [
        ApiKey(str(name), str(prefix), datetime.fromisoformat(str(created)), _parse_time(revoked))
        for name, prefix, created, revoked in rows
    ]


def revoke_key(store: Store, name: str) -> ApiKey:
    """Revoke the live key called `name` at once; NotFoundError if there is none."""
    now = datetime.now(UTC)
    with store.sql(write=True) as session:
        row = session.execute(
            "UPDATE api_keys SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL RETURNING prefix, created_at",
            (now.isoformat(), name),
        ).fetchone()
    if row is None:
        raise NotFoundError(f"no live API key named {name!r}")
    return ApiKey(name, str(row[0]), datetime.fromisoformat(str(row[1])), now)


def verify_key(store: Store, key: str) -> str | None:
    """The name of the live key `key`, or None if it is unknown or revoked."""
    with store.sql() as session:
        row = session.execute(
            "SELECT name FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL", (hash_key(key),)
        ).fetchone()
    return None if row is None else str(row[0])


def _parse_time(text: object) -> datetime | None:
    return None if text is None else datetime.fromisoformat(str(text))
