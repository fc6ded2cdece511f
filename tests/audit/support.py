"""Helpers of the audit tests: drafts to record, and raw SQL that bypasses the append-only triggers like an attacker."""

from __future__ import annotations

from tradeguard.audit import AuditDraft, AuditKind, AuditLog, AuditRecord
from tradeguard.store.base import Store


def draft(n: int, name: str | None = None) -> AuditDraft:
    party = name or f"Party {n}"
    return AuditDraft(
        kind=AuditKind.SCREEN,
        actor="tester",
        input={"name": party},
        result={"hits": [], "n": n, "score": 0.1 * n},
        snapshots=(),
        engine_version="test",
        settings={"threshold": 0.72},
        parties=(party,),
    )


def fill(store: Store, count: int) -> list[AuditRecord]:
    return AuditLog(store).append_many([draft(n) for n in range(1, count + 1)])


def tamper(store: Store, *statements: tuple[str, tuple[object, ...]]) -> None:
    """Run raw statements with the audit triggers out of the way (an attacker with write access to the database)."""
    with store.sql(write=True) as sql:
        if sql.dialect == "postgresql":
            sql.execute("ALTER TABLE audit_log DISABLE TRIGGER USER")
            sql.execute("ALTER TABLE audit_snapshots DISABLE TRIGGER USER")
        else:
            for trigger in ("audit_log_no_update", "audit_log_no_delete", "audit_snapshots_no_delete"):
                sql.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        for text, params in statements:
            sql.execute(text, params)
        if sql.dialect == "postgresql":
            sql.execute("ALTER TABLE audit_log ENABLE TRIGGER USER")
            sql.execute("ALTER TABLE audit_snapshots ENABLE TRIGGER USER")
