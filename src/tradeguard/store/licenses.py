"""`SQLiteLicenseBook`: the held licenses and their drawdowns in the SQLite store (migration 0003_licenses)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime

from tradeguard.decide.licenses import HeldLicense
from tradeguard.errors import InputError, NotFoundError, StoreError
from tradeguard.store.base import Store
from tradeguard.store.sqlite import SQLiteStore

_USED = "SELECT COALESCE(SUM(value), 0), COALESCE(SUM(quantity), 0) FROM license_drawdowns WHERE number = ?"


class SQLiteLicenseBook:
    """A `LicenseBook` whose used amounts are the sum of its recorded drawdowns (append-only)."""

    def __init__(self, store: Store) -> None:
        if not isinstance(store, SQLiteStore):
            raise StoreError("licenses are kept only in the SQLite store for now")
        self._store = store

    def add(self, license: HeldLicense) -> None:
        payload = license.model_dump_json(exclude={"value_used", "quantity_used"})
        try:
            with self._store._write() as conn:
                conn.execute("INSERT INTO licenses VALUES (?, ?, ?)", (license.number, payload, _now()))
        except sqlite3.IntegrityError:
            raise InputError(f"license {license.number} is already recorded") from None

    def get(self, number: str) -> HeldLicense:
        return self._load(self._store._conn, number)

    def list(self) -> Sequence[HeldLicense]:
        numbers = [row[0] for row in self._store._conn.execute("SELECT number FROM licenses ORDER BY number")]
        return [self._load(self._store._conn, n) for n in numbers]

    def draw_down(self, number: str, value: float, quantity: float, reference: str) -> HeldLicense:
        with self._store._write() as conn:
            updated = self._load(conn, number).drawn(value, quantity)  # checks the limits inside the transaction
            conn.execute(
                "INSERT INTO license_drawdowns (number, value, quantity, reference, drawn_at) VALUES (?, ?, ?, ?, ?)",
                (number, value, quantity, reference, _now()),
            )
        return updated

    @staticmethod
    def _load(conn: sqlite3.Connection, number: str) -> HeldLicense:
        row = conn.execute("SELECT payload FROM licenses WHERE number = ?", (number,)).fetchone()
        if row is None:
            raise NotFoundError(f"no license numbered {number!r}")
        value_used, quantity_used = conn.execute(_USED, (number,)).fetchone()
        data = json.loads(row[0]) | {"value_used": value_used, "quantity_used": quantity_used}
        return HeldLicense.model_validate(data)


def _now() -> str:
    return datetime.now(UTC).isoformat()
