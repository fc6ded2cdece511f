"""`verify_chain`: walk the audit trail in id order and say which records were edited, deleted, inserted or moved.

How each kind of tampering shows:
- edited: a record's contents no longer give its stored hash; or (edited and re-hashed) the next record was chained
  to a hash that no record has any more;
- deleted: a gap in the ids, or the chain head names a hash past the last record;
- inserted: the next record is chained past it, to an earlier record; or records sit beyond the chain head;
- reordered: a record is chained to a record that comes after it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from tradeguard.audit.log import ChainHead, _head, scan
from tradeguard.audit.model import GENESIS, AuditRecord
from tradeguard.store.base import Store


class Tampering(StrEnum):
    EDITED = "edited"
    DELETED = "deleted"
    INSERTED = "inserted"
    REORDERED = "reordered"


@dataclass(frozen=True, slots=True)
class Problem:
    """One break in the chain: what kind, at which record, and a sentence saying so."""

    kind: Tampering
    record_id: int
    message: str


@dataclass(slots=True)
class VerifyReport:
    """The outcome of `verify_chain`: records checked, the head, and every problem found (none: intact)."""

    checked: int = 0
    head: ChainHead = field(default_factory=lambda: ChainHead(0, GENESIS))
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_chain(store: Store) -> VerifyReport:
    """Check every record's hash and its link to the one before, then the chain head; read in one transaction."""
    with store.sql() as sql:
        hashes = {str(h): int(i) for i, h in sql.execute("SELECT id, hash FROM audit_log").fetchall()}
        report = _walk(scan(sql), hashes)
        report.head = _head(sql)
    _check_head(report, hashes)
    return report


@dataclass(slots=True)
class _Walk:
    previous: AuditRecord | None = None
    moved: set[int] = field(default_factory=set)


def _walk(records: Iterable[AuditRecord], hashes: dict[str, int]) -> VerifyReport:
    report = VerifyReport()
    state = _Walk()
    for record in records:
        report.checked += 1
        if record.computed_hash() != record.hash:
            report.problems.append(
                Problem(
                    Tampering.EDITED, record.id, f"record {record.id} was edited: its contents do not match its hash"
                )
            )
        problem = _link_problem(record, state, hashes)
        if problem is not None:
            report.problems.append(problem)
        state.previous = record
    return report


def _link_problem(record: AuditRecord, state: _Walk, hashes: dict[str, int]) -> Problem | None:
    """What is wrong with the link from `record` back to the record before it, if anything."""
    previous = state.previous
    expected_id = 1 if previous is None else previous.id + 1
    if record.id > expected_id:
        missing = _span(expected_id, record.id - 1)
        return Problem(
            Tampering.DELETED, expected_id, f"record(s) {missing} were deleted (the ids jump to {record.id})"
        )
    expected_hash = GENESIS if previous is None else previous.hash
    if record.prev_hash == expected_hash:
        return None
    target = hashes.get(record.prev_hash)
    if record.prev_hash == GENESIS or (target is not None and target > record.id):
        state.moved.add(record.id)
        where = "the start of the chain" if target is None else f"record {target}"
        return Problem(Tampering.REORDERED, record.id, f"record {record.id} was moved: it follows {where}")
    if target is not None:
        assert previous is not None
        if previous.id in state.moved:
            state.moved.add(record.id)
            return Problem(Tampering.REORDERED, record.id, f"record {record.id} was moved: it follows record {target}")
        return Problem(
            Tampering.INSERTED,
            target + 1,
            f"record(s) {_span(target + 1, previous.id)} were inserted: record {record.id} follows record {target}",
        )
    assert previous is not None
    return Problem(
        Tampering.EDITED,
        previous.id,
        f"record {previous.id} was edited and re-hashed: record {record.id} was chained to a different version of it",
    )


def _check_head(report: VerifyReport, hashes: dict[str, int]) -> None:
    """The head is written with every append: records past it were added outside tradeguard, missing ones deleted."""
    head = report.head
    last_id = max(hashes.values(), default=0)
    last_hash = next((h for h, i in hashes.items() if i == last_id), GENESIS)
    if head.hash == last_hash:
        return
    at = hashes.get(head.hash)
    if at is not None:
        report.problems.append(
            Problem(Tampering.INSERTED, at + 1, f"record(s) after {at} were added outside tradeguard (past the head)")
        )
    else:
        report.problems.append(
            Problem(
                Tampering.DELETED,
                last_id + 1,
                f"the last record(s) were deleted: the chain head ({head.count} records) names a hash no record has",
            )
        )


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}-{last}"
