"""`SQLiteLicenseBook`: the held licenses and their drawdowns in the store (migration 0003_licenses).

Despite its historical name it works on every backend: it speaks the store's portable SQL sessions.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime

from tradeguard.decide.licenses import HeldLicense
from tradeguard.errors import InputError, NotFoundError
from tradeguard.store.base import ConstraintError, SqlSession, Store

_USED = "SELECT COALESCE(SUM(value), 0), COALESCE(SUM(quantity), 0) FROM license_drawdowns WHERE number = ?"


class SQLiteLicenseBook:
    """A `LicenseBook` whose used amounts are the sum of its recorded drawdowns (append-only)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def add(self, license: HeldLicense) -> None:
        payload = license.model_dump_json(exclude={"value_used", "quantity_used"})
        try:
            with self._store.sql(write=True) as sql:
                sql.execute("INSERT INTO licenses VALUES (?, ?, ?)", (license.number, payload, _now()))
        except ConstraintError:
            raise InputError(f"license {license.number} is already recorded") from None

    def get(self, number: str) -> HeldLicense:
        with self._store.sql() as sql:
            return self._load(sql, number)

    def list(self) -> Sequence[HeldLicense]:
        with self._store.sql() as sql:
            numbers = [row[0] for row in sql.execute("SELECT number FROM licenses ORDER BY number").fetchall()]
            return [self._load(sql, n) for n in numbers]

    def draw_down(self, number: str, value: float, quantity: float, reference: str) -> HeldLicense:
        with self._store.sql(write=True) as sql:
            # Lock the license row (PostgreSQL; SQLite's writer lock is already held) so two drawdowns queue.
            lock = " FOR UPDATE" if sql.dialect == "postgresql" else ""
            sql.execute(f"SELECT number FROM licenses WHERE number = ?{lock}", (number,))
            updated = self._load(sql, number).drawn(value, quantity)  # checks the limits inside the transaction
            sql.execute(
                "INSERT INTO license_drawdowns (number, value, quantity, reference, drawn_at) VALUES (?, ?, ?, ?, ?)",
                (number, value, quantity, reference, _now()),
            )
        return updated

    @staticmethod
    def _load(sql: SqlSession, number: str) -> HeldLicense:
        row = sql.execute("SELECT payload FROM licenses WHERE number = ?", (number,)).fetchone()
        if row is None:
            raise NotFoundError(f"no license numbered {number!r}")
        value_used, quantity_used = sql.execute(_USED, (number,)).fetchone()
        data = json.loads(row[0]) | {"value_used": value_used, "quantity_used": quantity_used}
        return HeldLicense.model_validate(data)


def _now() -> str:
    return datetime.now(UTC).isoformat()
