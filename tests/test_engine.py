"""The engine end to end: lists imported into a real SQLite store, indexed, screened."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tradeguard.engine import Engine
from tradeguard.errors import InputError
from tradeguard.lists.model import EntryKind
from tradeguard.lists.registry import sample_csl_path
from tradeguard.lists.update import import_file
from tradeguard.match.model import Party
from tradeguard.settings import Settings
from tradeguard.store import open_store


@pytest.fixture
def sample_engine(settings: Settings) -> Iterator[Engine]:
    store = open_store(settings.db)
    import_file(store, sample_csl_path(), settings=settings)
    engine = Engine(settings, store)
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def csl_engine(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Iterator[Engine]:
    from tradeguard.settings import load_settings

    db = tmp_path_factory.mktemp("csl") / "csl.sqlite"
    settings = load_settings(environ={"TRADEGUARD_DB": str(db), "TRADEGUARD_CONFIG": "/nonexistent"})
    store = open_store(settings.db)
    import_file(store, shared_data / "lists/us-csl/consolidated-2022-05.csv", settings=settings)
    engine = Engine(settings, store)
    yield engine
    engine.close()


def test_huawei_in_english_and_chinese_hits_the_entity_list_entry(sample_engine: Engine) -> None:
    for query in ("Huawei Technologies Co Ltd", "HUAWEI TECHNOLOGIES COMPANY LIMITED", "华为技术有限公司"):
        result = sample_engine.screen(Party(query, kind=EntryKind.ORGANIZATION))
        top = result.hits[0]
        assert top.match, query
        assert top.source == "us-bis-entity-list", query
        assert "HUAWEI TECHNOLOGIES" in top.name.upper(), query
        assert top.license_requirement and "EAR" in top.license_requirement
        assert top.license_policy and "denial" in top.license_policy.lower()
        assert top.explanation


def test_unlisted_company_is_clear(sample_engine: Engine) -> None:
    result = sample_engine.screen(Party("Acme Widgets Incorporated", country="US"))
    assert not result.matched


def test_source_filter_and_limit(sample_engine: Engine) -> None:
    huawei = Party("Huawei Technologies Co., Ltd.")
    assert sample_engine.screen(huawei, sources=["us-ofac-sdn"]).matched == ()
    assert sample_engine.screen(huawei, sources=["us-bis-entity-list"]).matched
    assert sample_engine.screen(huawei, sources=["us-csl"]).matched  # a dataset name works too
    assert len(sample_engine.screen(huawei, limit=1).hits) == 1


def test_threshold_is_respected_and_validated(sample_engine: Engine) -> None:
    party = Party("Huawei Technologies Co., Ltd.")
    strict = sample_engine.screen(party, threshold=1.0)
    assert all(hit.match == (hit.score >= 1.0) for hit in strict.hits)
    with pytest.raises(InputError):
        sample_engine.screen(party, threshold=1.5)
    with pytest.raises(InputError):
        sample_engine.screen(party, limit=0)


def test_result_names_the_snapshots_it_used(sample_engine: Engine) -> None:
    result = sample_engine.screen(Party("Huawei"))
    active = {snapshot.id for snapshot in sample_engine.active_snapshots()}
    assert set(result.snapshots) == active and active


def test_every_exact_list_name_returns_its_own_entry_at_the_top(csl_engine: Engine) -> None:
    index = csl_engine.index()
    rng = random.Random(7)
    sample = rng.sample(list(index.names), 400)
    misses = []
    for name in sample:
        own = index.entries[name.entry_index]
        result = csl_engine.screen(Party(name.text), limit=50)
        top_score = result.hits[0].score if result.hits else 0.0
        own_hits = [hit for hit in result.hits if hit.entry_id == own.id]
        if not own_hits or own_hits[0].score < top_score or not own_hits[0].match:
            misses.append(name.text)
    assert not misses, misses[:20]


def test_every_huawei_entity_list_row_is_found_by_plain_huawei_queries(csl_engine: Engine) -> None:
    index = csl_engine.index()
    huawei = {e.id for e in index.entries if e.source == "us-bis-entity-list" and "HUAWEI" in e.name.upper()}
    assert len(huawei) > 100
    found = csl_engine.screen(Party("Huawei Technologies Co., Ltd."), limit=500)
    assert any(hit.entry_id in huawei and hit.match for hit in found.hits)


CROWDED_QUERIES = [
    Party("Huawei Technologies"),
    Party("Huawei", country="CN"),
    Party("Ali", kind=EntryKind.PERSON),
    Party("Mohammed Ahmed", country="IR", birth_date="1970-01-01"),
    Party("Gazprom", kind=EntryKind.ORGANIZATION),
    Party("Abu Bakr"),
]


def test_a_limited_screen_answers_the_first_hits_of_an_unlimited_one(
    csl_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The limited screen stops scoring names once no name left can enter its answer (engine._shortlist).
    import tradeguard.engine as engine_module

    scored = [0]
    real_name_score = engine_module.name_score

    def counting(*args: Any) -> float:
        scored[0] += 1
        return real_name_score(*args)

    monkeypatch.setattr(engine_module, "name_score", counting)
    saved = 0
    for party in CROWDED_QUERIES:
        scored[0] = 0
        everything = csl_engine.screen(party, limit=10_000).hits
        unlimited_cost = scored[0]
        assert len(everything) > 10, party.name
        assert [(-hit.score, hit.entry_id) for hit in everything] == sorted((-h.score, h.entry_id) for h in everything)
        for most in (1, 3, 10):
            scored[0] = 0
            assert csl_engine.screen(party, limit=most).hits == everything[:most], (party.name, most)
            assert scored[0] <= unlimited_cost
            saved += unlimited_cost - scored[0]
    assert saved > 0


def test_a_screen_says_when_its_limit_may_hide_a_match(csl_engine: Engine) -> None:
    # "truncated": an entry the limit left out scores, or may score, at or above the threshold. Never false when the
    # unlimited screen has more matches than the limit; false whenever the limit left out none (the last hit shown
    # below the threshold, or every match shown).
    queries = [*CROWDED_QUERIES, Party("Huawei Technologies Co Ltd"), Party("Rosoboronexport"), Party("Acme Widgets")]
    said = {True: 0, False: 0}
    for party in queries:
        everything = csl_engine.screen(party, limit=10_000)
        assert not everything.truncated, party.name
        matches = len(everything.matched)
        for most in (1, 3, 10, 50):
            limited = csl_engine.screen(party, limit=most)
            if matches > most:
                assert limited.truncated, (party.name, most)
            elif matches < most or not limited.hits or not limited.hits[-1].match:
                assert not limited.truncated, (party.name, most)
            said[limited.truncated] += 1
    assert said[True] and said[False]


def test_a_screen_without_near_misses_answers_the_potential_matches_of_a_full_one(csl_engine: Engine) -> None:
    # Batch files keep only the potential matches (batch.screening.outcome_of), so they screen without near misses.
    queries = [*CROWDED_QUERIES, Party("Huawei Technologies Co Ltd"), Party("Rosoboronexport"), Party("Acme Widgets")]
    near_misses_seen = 0
    for party in queries:
        full = csl_engine.screen(party)
        matches = csl_engine.screen(party, near_misses=False)
        assert matches.hits == tuple(hit for hit in full.hits if hit.match), party.name
        near_misses_seen += sum(not hit.match for hit in full.hits)
    assert near_misses_seen > 0  # the full screens did report near misses that the others left out


def test_an_engine_over_a_shipped_index_never_opens_a_database(tmp_path: Path) -> None:
    from tradeguard.errors import StoreError
    from tradeguard.index.candidates import CandidateIndex
    from tradeguard.lists.registry import parse_file
    from tradeguard.settings import load_settings

    db = tmp_path / "nowhere" / "x.sqlite"
    settings = load_settings(environ={"TRADEGUARD_DB": str(db), "TRADEGUARD_CONFIG": "/nonexistent"})
    index = CandidateIndex.build(parse_file(sample_csl_path()).entries)
    engine = Engine.from_index(settings, index, (1,))
    result = engine.screen(Party("Huawei Technologies Co., Ltd."))
    assert result.matched and not any(hit.suppressed for hit in result.hits)
    assert not db.exists() and not db.parent.exists()
    with pytest.raises(StoreError, match="without a database"):
        engine.store  # noqa: B018
