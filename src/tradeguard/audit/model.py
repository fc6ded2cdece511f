"""Audit records and their hash chain: canonical JSON, and the SHA-256 that links each record to the one before."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

# The `prev_hash` of the first record: the chain starts from nothing.
GENESIS = "0" * 64


class AuditKind(StrEnum):
    SCREEN = "screen"  # one party screened (CLI, API, web search)
    DECIDE = "decide"  # one transaction decided
    BATCH = "batch"  # one file screened: a summary, a digest of every row's result and the output's sha256


def canonical_json(value: Any) -> str:
    """The one JSON text of `value` that hashes and comparisons use: sorted keys, no spaces, UTF-8, no NaN."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


@dataclass(frozen=True, slots=True)
class AuditDraft:
    """What a shell wants recorded; the log adds the id, time and chain hashes."""

    kind: AuditKind
    actor: str
    input: dict[str, Any]
    result: dict[str, Any]
    snapshots: tuple[int, ...]
    engine_version: str
    settings: dict[str, Any]
    rules_version: str | None = None
    parties: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One stored record: a draft plus where it sits in the chain."""

    id: int
    kind: str  # an AuditKind value (kept as text so that a tampered row still loads and fails its hash check)
    recorded_at: str  # ISO 8601, UTC
    actor: str
    input: dict[str, Any]
    result: dict[str, Any]
    snapshots: tuple[int, ...]
    engine_version: str
    settings: dict[str, Any]
    rules_version: str | None
    parties: tuple[str, ...]
    prev_hash: str
    hash: str

    def body(self) -> dict[str, Any]:
        """Everything the hash covers: every field but the id (the chain, not the id, gives the order) and the hash."""
        return record_body(
            self.kind, self.recorded_at, self.actor, self.input, self.result, self.snapshots, self.engine_version,
            self.settings, self.rules_version, self.parties,
        )  # fmt: skip

    def computed_hash(self) -> str:
        return chain_hash(self.prev_hash, self.body())

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, **self.body(), "prev_hash": self.prev_hash, "hash": self.hash}


def record_body(
    kind: str,
    recorded_at: str,
    actor: str,
    input: dict[str, Any],
    result: dict[str, Any],
    snapshots: tuple[int, ...],
    engine_version: str,
    settings: dict[str, Any],
    rules_version: str | None,
    parties: tuple[str, ...],
) -> dict[str, Any]:
    return {
        "kind": str(kind),
        "recorded_at": recorded_at,
        "actor": actor,
        "parties": list(parties),
        "input": input,
        "result": result,
        "snapshots": list(snapshots),
        "rules_version": rules_version,
        "engine_version": engine_version,
        "settings": settings,
    }


def chain_hash(prev_hash: str, body: dict[str, Any]) -> str:
    """SHA-256 over the previous record's hash and this record's canonical JSON."""
    return hashlib.sha256((prev_hash + "\n" + canonical_json(body)).encode("utf-8")).hexdigest()
