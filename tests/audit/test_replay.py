"""Recording through the engine, and replay: identical across a list update, a diff when the answer changed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from tradeguard.audit import AuditKind, AuditLog, canonical_json, replay, verify_chain
from tradeguard.decide.model import load_transaction
from tradeguard.decide.ruledata import RULES_DATA_VERSION
from tradeguard.engine import Engine
from tradeguard.errors import InputError
from tradeguard.lists.model import Entry, ParsedDataset
from tradeguard.lists.registry import sample_csl_path
from tradeguard.lists.update import import_file
from tradeguard.match.model import Party
from tradeguard.settings import Settings
from tradeguard.store import open_store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
HUAWEI = Party("Huawei Technologies Co Ltd", country="CN")


@pytest.fixture
def settings(settings: Settings, store_url: str) -> Settings:
    """The test settings pointed at a fresh store, once per backend (batch runs open `settings.db` themselves)."""
    return settings.with_overrides(db=store_url)


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    """An engine over the bundled sample CSL in a fresh store of each backend (screening also reads review tables)."""
    store = open_store(settings.db)
    import_file(store, sample_csl_path(), settings=settings)
    opened = Engine(settings, store)
    yield opened
    opened.close()


def newer_version(entry: Entry) -> Entry:
    """What the next list version does to an entry: Huawei's entries renamed, everything else as it was."""
    return replace(entry, name="RENAMED " + entry.name, aliases=()) if "HUAWEI" in entry.name.upper() else entry


def import_newer_list(engine: Engine) -> None:
    [old] = engine.store.active_snapshots()
    entries = tuple(newer_version(entry) for entry in engine.store.entries(old.id))
    engine.store.import_snapshot(ParsedDataset(old.dataset, "test", entries), sha256="newer")


def test_screening_is_recorded_with_all_it_depends_on(engine: Engine) -> None:
    result = engine.audited("alice").screen(HUAWEI, threshold=0.8, limit=3, sources=["us-csl"])
    [record] = AuditLog(engine.store).records()
    assert (record.kind, record.actor, record.parties) == (AuditKind.SCREEN, "alice", (HUAWEI.name,))
    assert record.input["name"] == HUAWEI.name and record.input["country"] == "CN"
    assert record.snapshots == result.snapshots == tuple(s.id for s in engine.store.active_snapshots())
    assert record.settings["threshold"] == 0.8 and record.settings["limit"] == 3
    assert record.settings["sources"] == ["us-csl"]
    assert canonical_json(record.result) == canonical_json(result.to_dict())
    assert record.result["hits"][0]["match"]


def test_cli_user_is_the_default_actor(engine: Engine) -> None:
    import getpass

    engine.audited().screen(HUAWEI)
    assert AuditLog(engine.store).records()[0].actor == getpass.getuser()


def test_screen_replay_is_identical_across_a_list_update(engine: Engine, settings: Settings) -> None:
    audited = engine.audited("alice")
    recorded = audited.screen(HUAWEI)
    record = audited.last_record
    assert record is not None
    import_newer_list(engine)
    live = Engine(settings, engine.store).screen(HUAWEI)
    assert live.snapshots != recorded.snapshots
    assert live.hits[0].name != recorded.hits[0].name  # the update really changed today's answer
    report = replay(AuditLog(engine.store).get(record.id), engine.store, settings)
    assert report.identical and report.diff == ()
    assert canonical_json(report.replayed) == canonical_json(recorded.to_dict())


def test_decision_replay_is_identical_across_a_list_update(engine: Engine, settings: Settings) -> None:
    transaction = load_transaction(EXAMPLES / "huawei-soc-2026.yaml")
    audited = engine.audited("bob")
    decision = audited.decide(transaction)
    record = audited.last_record
    assert record is not None and record.kind == AuditKind.DECIDE
    assert record.rules_version == RULES_DATA_VERSION
    assert {p.name for p in transaction.parties} == set(record.parties)
    import_newer_list(engine)
    report = replay(AuditLog(engine.store).get(record.id), engine.store, settings)
    assert report.identical, "\n".join(report.diff)
    assert report.replayed["decision"] == decision.decision.value


def test_a_changed_answer_is_reported_with_a_diff(engine: Engine, settings: Settings) -> None:
    audited = engine.audited("alice")
    audited.screen(HUAWEI)
    assert audited.last_record is not None
    doctored = replace(audited.last_record, result=audited.last_record.result | {"threshold": 0.5})
    report = replay(doctored, engine.store, settings)
    assert not report.identical
    changed = {line.rstrip(",") for line in report.diff}
    assert '-  "threshold": 0.5' in changed and '+  "threshold": 0.72' in changed


def test_api_batch_records_one_record_per_party_in_one_chain(engine: Engine) -> None:
    parties = {"a": HUAWEI, "b": Party("Acme Widgets Incorporated", country="US")}
    results = engine.audited("erp-key").screen_all(parties)
    records = sorted(AuditLog(engine.store).records(), key=lambda r: r.id)
    assert [r.parties[0] for r in records] == [HUAWEI.name, "Acme Widgets Incorporated"]
    assert [canonical_json(r.result) for r in records] == [canonical_json(v.to_dict()) for v in results.values()]
    assert verify_chain(engine.store).ok


def test_batch_records_cannot_be_replayed_row_by_row(engine: Engine, settings: Settings) -> None:
    record = engine.audited("ops").record_batch({"file": "x.csv"}, {"rows": 1}, (), {})
    with pytest.raises(InputError, match="sha256"):
        replay(record, engine.store, settings)


def test_a_batch_file_run_is_one_record_with_the_digests_of_its_files(
    engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    import hashlib

    from tradeguard.batch import BatchOptions, screen_file

    source = tmp_path / "customers.csv"
    source.write_text("name,country\nHuawei Technologies Co Ltd,CN\nAcme Widgets Incorporated,US\n", "utf-8")
    summary = screen_file(settings, source, tmp_path / "out.csv", BatchOptions(workers=1))
    [record] = AuditLog(engine.store).records()
    assert record.kind == AuditKind.BATCH and summary.rows == 2
    assert record.input["sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
    assert record.result["output_sha256"] == hashlib.sha256((tmp_path / "out.csv").read_bytes()).hexdigest()
    assert (record.result["rows"], record.result["potential_matches"]) == (2, 1)
    assert record.snapshots == tuple(s.id for s in engine.store.active_snapshots())
