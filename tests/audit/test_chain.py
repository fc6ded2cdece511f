"""The hash chain: appends link up, the head follows, and `verify_chain` names each kind of tampering and where."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from audit.support import draft, fill, tamper
from tradeguard.audit import GENESIS, AuditKind, AuditLog, Tampering, canonical_json, chain_hash, verify_chain
from tradeguard.errors import NotFoundError
from tradeguard.lists.model import Entry, EntryKind, ParsedDataset
from tradeguard.store.base import ConstraintError, Store


def kinds_at(store: Store) -> set[tuple[Tampering, int]]:
    return {(problem.kind, problem.record_id) for problem in verify_chain(store).problems}


def test_records_are_chained_from_genesis_and_read_back_as_written(store: Store) -> None:
    records = fill(store, 3)
    assert [r.id for r in records] == [1, 2, 3]
    assert records[0].prev_hash == GENESIS
    assert [r.prev_hash for r in records[1:]] == [r.hash for r in records[:-1]]
    for record in records:
        # the hash is SHA-256 over the previous hash and the canonical JSON of the body, as documented
        assert record.hash == chain_hash(record.prev_hash, record.body())
        assert canonical_json(record.body()).startswith('{"actor":"tester"')
    log = AuditLog(store)
    assert log.get(2) == records[1]
    assert log.head().count == 3 and log.head().hash == records[-1].hash
    report = verify_chain(store)
    assert report.ok and report.checked == 3
    with pytest.raises(NotFoundError, match="99"):
        log.get(99)


def test_list_filters_by_party_kind_and_date(store: Store) -> None:
    log = AuditLog(store)
    log.append(draft(1, "Huawei Technologies Co., Ltd."))
    log.append(draft(2, "Acme Widgets"))
    assert [r.id for r in log.records(party="HUAWEI")] == [1]
    assert [r.id for r in log.records()] == [2, 1]  # newest first
    assert [r.id for r in log.records(limit=1)] == [2]
    assert log.records(kind=AuditKind.DECIDE) == []
    assert log.records(since=date.today() + timedelta(days=2)) == []
    assert len(log.records(since=date.today() - timedelta(days=1))) == 2


def test_audit_tables_are_append_only(store: Store) -> None:
    fill(store, 2)
    for statement in ("UPDATE audit_log SET actor = 'mallory'", "DELETE FROM audit_log WHERE id = 1"):
        with pytest.raises(ConstraintError, match="append-only"), store.sql(write=True) as sql:
            sql.execute(statement)
    assert verify_chain(store).ok


def test_snapshots_an_audit_record_uses_are_never_deleted(store: Store) -> None:
    entry = Entry(id="ds:1", source="us-ofac-sdn", source_id="1", kind=EntryKind.PERSON, name="X")
    used = store.import_snapshot(ParsedDataset("ds", "test", (entry,)), sha256="a")
    unused = store.import_snapshot(ParsedDataset("other", "test", (entry,)), sha256="b")
    AuditLog(store).append(replace(draft(1), snapshots=(used.id,)))
    with pytest.raises(ConstraintError, match="audit trail"), store.sql(write=True) as sql:
        sql.execute("DELETE FROM snapshots WHERE id = ?", (used.id,))
    assert store.snapshot(used.id) == used
    with store.sql(write=True) as sql:  # a snapshot no record refers to may go
        sql.execute("DELETE FROM snapshots WHERE id = ?", (unused.id,))


def test_edited_record_is_named(store: Store) -> None:
    fill(store, 5)
    tamper(store, ("UPDATE audit_log SET result = ? WHERE id = 3", ('{"hits":[],"n":3,"score":0.0}',)))
    assert kinds_at(store) == {(Tampering.EDITED, 3)}


def test_edited_and_rehashed_record_is_caught_by_the_next_link(store: Store) -> None:
    records = fill(store, 5)
    forged = records[2].body() | {"actor": "mallory"}
    new_hash = chain_hash(records[2].prev_hash, forged)
    tamper(store, ("UPDATE audit_log SET actor = 'mallory', hash = ? WHERE id = 3", (new_hash,)))
    assert kinds_at(store) == {(Tampering.EDITED, 3)}


def test_deleted_record_in_the_middle_is_named(store: Store) -> None:
    fill(store, 5)
    tamper(store, ("DELETE FROM audit_log WHERE id = 2", ()))
    assert kinds_at(store) == {(Tampering.DELETED, 2)}


def test_deleted_last_record_is_caught_by_the_head(store: Store) -> None:
    fill(store, 5)
    tamper(store, ("DELETE FROM audit_log WHERE id = 5", ()))
    assert kinds_at(store) == {(Tampering.DELETED, 5)}


def test_reordered_records_are_named(store: Store) -> None:
    fill(store, 5)
    tamper(
        store,
        ("UPDATE audit_log SET id = 100 WHERE id = 3", ()),
        ("UPDATE audit_log SET id = 3 WHERE id = 4", ()),
        ("UPDATE audit_log SET id = 4 WHERE id = 100", ()),
    )
    problems = verify_chain(store).problems
    assert {p.kind for p in problems} == {Tampering.REORDERED}
    assert {p.record_id for p in problems} >= {3, 4}


def test_inserted_record_in_the_middle_is_named(store: Store) -> None:
    records = fill(store, 5)
    # Renumber 3..5 to 4..6 and slip a well-formed record in at 3, chained onto record 2.
    forged = records[1].body() | {"parties": ["Forged Party"]}
    forged_hash = chain_hash(records[1].hash, forged)
    moves = [(f"UPDATE audit_log SET id = {n + 1} WHERE id = {n}", ()) for n in (5, 4, 3)]
    insert = (
        "INSERT INTO audit_log (id, kind, recorded_at, actor, parties, input, result, snapshots, rules_version,"
        " engine_version, settings, prev_hash, hash) VALUES (3, ?, ?, ?, ?, ?, ?, '[]', NULL, ?, ?, ?, ?)",
        (
            forged["kind"], forged["recorded_at"], forged["actor"], "Forged Party", canonical_json(forged["input"]),
            canonical_json(forged["result"]), forged["engine_version"], canonical_json(forged["settings"]),
            records[1].hash, forged_hash,
        ),
    )  # fmt: skip
    tamper(store, *moves, insert)
    assert kinds_at(store) == {(Tampering.INSERTED, 3)}


def test_record_appended_behind_tradeguards_back_is_caught_by_the_head(store: Store) -> None:
    records = fill(store, 3)
    forged = records[2].body() | {"actor": "mallory"}
    insert = (
        "INSERT INTO audit_log (kind, recorded_at, actor, parties, input, result, snapshots, rules_version,"
        " engine_version, settings, prev_hash, hash) VALUES (?, ?, ?, '', ?, ?, '[]', NULL, ?, ?, ?, ?)",
        (
            forged["kind"], forged["recorded_at"], "mallory", canonical_json(forged["input"]),
            canonical_json(forged["result"]), forged["engine_version"], canonical_json(forged["settings"]),
            records[2].hash, chain_hash(records[2].hash, forged | {"parties": []}),
        ),
    )  # fmt: skip
    tamper(store, insert)
    assert kinds_at(store) == {(Tampering.INSERTED, 4)}
