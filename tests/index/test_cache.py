"""The compiled-index cache: a second process loads instead of rebuilding; any change of snapshots rebuilds."""

from __future__ import annotations

import gc
import pickle
from dataclasses import replace
from pathlib import Path

import pytest

from tradeguard.engine import Engine
from tradeguard.index import cache, candidates
from tradeguard.index.candidates import CandidateIndex
from tradeguard.lists.model import EntryKind
from tradeguard.lists.registry import parse_file, sample_csl_path
from tradeguard.lists.update import import_file
from tradeguard.match.model import Party
from tradeguard.names.model import NormalizedName
from tradeguard.names.normalize import normalize_name, normalize_uncached
from tradeguard.settings import Settings
from tradeguard.store import open_store

HUAWEI = Party("Huawei Technologies Co., Ltd.")


def _import_sample(settings: Settings) -> None:
    with open_store(settings.db) as store:
        import_file(store, sample_csl_path(), settings=settings)


def _fresh_engine_result(settings: Settings) -> tuple[str, ...]:
    engine = Engine.from_settings(settings)
    try:
        return tuple(hit.entry_id for hit in engine.screen(HUAWEI).hits)
    finally:
        engine.close()


def _forbid_builds(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object) -> CandidateIndex:
        raise AssertionError("the index was rebuilt although a cached one should have been loaded")

    monkeypatch.setattr(CandidateIndex, "build", classmethod(refuse))


def test_second_engine_loads_the_cached_index(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    _import_sample(settings)
    first = _fresh_engine_result(settings)
    assert list(Path(settings.db + ".index").glob("index-*.pickle"))
    _forbid_builds(monkeypatch)
    assert _fresh_engine_result(settings) == first and first


def test_a_new_snapshot_is_never_served_from_an_old_cache(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _import_sample(settings)
    _fresh_engine_result(settings)
    extra = tmp_path / "extra.csv"
    lines = sample_csl_path().read_text(encoding="utf-8").splitlines()
    extra.write_text("\n".join([*lines, lines[1].replace("HUAWEI", "HUAWEY")]) + "\n", encoding="utf-8")
    with open_store(settings.db) as store:
        import_file(store, extra, settings=settings, force=True)
    _forbid_builds(monkeypatch)
    with pytest.raises(AssertionError, match="rebuilt"):
        _fresh_engine_result(settings)


def test_an_unreadable_cache_file_is_rebuilt(settings: Settings) -> None:
    _import_sample(settings)
    first = _fresh_engine_result(settings)
    for path in Path(settings.db + ".index").glob("index-*.pickle"):
        path.write_bytes(b"not a pickle")
    assert _fresh_engine_result(settings) == first


def test_off_writes_no_cache(settings: Settings) -> None:
    off = settings.with_overrides(index_cache="off")
    _import_sample(off)
    _fresh_engine_result(off)
    assert not Path(settings.db + ".index").exists()
    assert cache.index_cache_folder(off) is None


def test_postgres_urls_get_a_folder_per_database(settings: Settings) -> None:
    one = cache.index_cache_folder(settings.with_overrides(db="postgresql://u@h/one"))
    two = cache.index_cache_folder(settings.with_overrides(db="postgresql://u@h/two"))
    assert one is not None and two is not None and one != two


def test_building_and_loading_pause_the_garbage_collector_and_restore_it(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    _import_sample(settings)
    seen: list[bool] = []
    real_profile_of = candidates.profile_of

    def watching(name: NormalizedName) -> object:
        seen.append(gc.isenabled())
        return real_profile_of(name)

    monkeypatch.setattr(candidates, "profile_of", watching)
    assert gc.isenabled()
    gc.unfreeze()
    _fresh_engine_result(settings)  # builds
    assert seen and not any(seen)  # off while the index was built
    assert gc.isenabled() and gc.get_freeze_count() > 0  # on again after, with what was made frozen
    gc.unfreeze()
    _fresh_engine_result(settings)  # loads from the cache
    assert gc.isenabled() and gc.get_freeze_count() > 0
    gc.unfreeze()
    gc.disable()
    try:
        with candidates.collector_paused():
            pass
        assert not gc.isenabled() and gc.get_freeze_count() == 0  # a caller that had it off keeps it off
    finally:
        gc.enable()


def test_an_index_and_its_cached_copy_keep_one_string_per_key(settings: Settings) -> None:
    # Keys recur in thousands of names; an index shares them (names.share_keys), a query does not pay for that.
    _import_sample(settings)
    for engine in (Engine(settings), Engine(settings)):  # built, then loaded from the cache
        index = engine.index()
        by_text: dict[str, int] = {}
        repeated = 0
        for name in index.names:
            for key in name.normalized.keys:
                if key in by_text:
                    repeated += 1
                    assert by_text[key] == id(key), key
                by_text.setdefault(key, id(key))
        assert repeated > 100
        engine.close()


def test_an_index_holds_no_reference_cycles() -> None:
    # `collector_paused` freezes a built or loaded index for good: were it cyclic, an index dropped after a list
    # update would never be freed.
    index = CandidateIndex.build(parse_file(sample_csl_path()).entries)
    for name in ("Huawei Technologies", "Mohammad Ali Hijazi", "BANCO NACIONAL DE CUBA"):  # fill its query caches
        index.plausible(normalize_name(name), 0.5, 50)
    gc.collect()
    gc.disable()
    try:
        del index
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_a_repeated_query_is_answered_from_the_recent_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    index = CandidateIndex.build(parse_file(sample_csl_path()).entries)
    computed: list[str] = []
    plausible = CandidateIndex._plausible

    def counted(self: CandidateIndex, query: NormalizedName, at_least: float, limit: int) -> object:
        computed.append(query.original)
        return plausible(self, query, at_least, limit)

    monkeypatch.setattr(CandidateIndex, "_plausible", counted)
    huawei = normalize_name("Huawei Technologies")
    first = index.plausible(huawei, 0.5, 50)
    assert first.names  # the sample list holds Huawei's entries
    assert index.plausible(normalize_name("Huawei Technologies"), 0.5, 50) == first  # an equal name: no new work
    assert computed == ["Huawei Technologies"]
    # Another floor or limit is another question, answered as a fresh index would answer it.
    higher = index.plausible(huawei, 0.95, 50)
    fewer = index.plausible(huawei, 0.5, 1)
    assert len(computed) == 3
    fresh = CandidateIndex.build(parse_file(sample_csl_path()).entries)
    assert higher == fresh.plausible(huawei, 0.95, 50) and min(higher.bounds) >= 0.95
    assert fewer == fresh.plausible(huawei, 0.5, 1) and len(fewer.names) == 1


def test_the_recent_answers_are_bounded_and_not_saved_with_the_index(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(candidates, "RECENT_QUERIES", 3)
    index = CandidateIndex.build(parse_file(sample_csl_path()).entries)
    for name in ("Huawei Technologies", "Mohammad Ali Hijazi", "BANCO NACIONAL DE CUBA", "Rosneft", "Huawei"):
        index.plausible(normalize_name(name), 0.5, 50)
        assert 1 <= len(index._recent) <= 3
    loaded = pickle.loads(pickle.dumps(index))
    assert loaded._recent == {}
    assert loaded.plausible(normalize_name("Huawei"), 0.5, 50) == index.plausible(normalize_name("Huawei"), 0.5, 50)


def test_an_index_normalises_each_repeated_name_once_and_apart_from_the_name_cache(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The lists repeat names (an SDN entry is also in the CSL); the index shares one normalised name for each (text,
    # kind) itself, as normalize_name's cache is sized for queries; and it keeps its names out of that cache, since it
    # changes them (`share_keys`: keys as tuples), so that a query of a list name's text gets a name of its own.
    entries = parse_file(sample_csl_path()).entries
    again = [replace(entry, id=entry.id + "-again") for entry in entries]
    normalised: list[str] = []

    def uncached(text: str, kind: EntryKind | None = None) -> NormalizedName:
        normalised.append(text)
        return normalize_uncached(text, kind)

    monkeypatch.setattr(candidates, "normalize_uncached", uncached)
    index = CandidateIndex.build([*entries, *again])
    assert len(normalised) == len(set(normalised)) > 20
    by_text: dict[tuple[str, EntryKind], NormalizedName] = {}
    for name in index.names:
        shared = by_text.setdefault((name.text, index.entries[name.entry_index].kind), name.normalized)
        assert shared is name.normalized
    assert len(index.names) == 2 * len(by_text)
    for name in index.names:
        assert isinstance(name.normalized.keys, tuple)
        assert isinstance(normalize_name(name.text, index.entries[name.entry_index].kind).keys, frozenset)
