"""The runner: worker processes give the same output as one process, rows reconcile, failures leave no output."""

from __future__ import annotations

import gc
import os
import random
from dataclasses import replace
from pathlib import Path

import pytest

from tradeguard.batch import BatchObserver, BatchOptions, BatchProgress, BatchSummary, runner, screen_file
from tradeguard.batch.screening import CachedScreener, parse_kind
from tradeguard.engine import Engine
from tradeguard.errors import InputError, TradeguardError
from tradeguard.lists.model import EntryKind
from tradeguard.match.model import Party, ScreenResult
from tradeguard.settings import Settings

from .conftest import HUAWEI_ENTRY, read_csv, write_csv

LISTED = [
    "Huawei Technologies Co Ltd",
    "BANCO NACIONAL DE CUBA",
    "Kim Jong Un",
    "Rosneft Oil Company",
    "Huawei Device Co., Ltd.",
]
UNLISTED = ["Acme Widgets Inc", "Hans Müller", "Nordic Timber AB", "Li Wei", "Café de Flore SARL", "Global Parts LLC"]


def _mixed_file(path: Path, count: int) -> Path:
    rng = random.Random(11)
    rows = []
    for number in range(count):
        name = rng.choice(LISTED) if number % 9 == 0 else f"{rng.choice(UNLISTED)} {number}"
        rows.append([str(number), "" if number % 50 == 7 else name, rng.choice(["CN", "US", "DE", "CU", ""])])
    return write_csv(path, ["id", "name", "country"], rows)


class Recorder(BatchObserver):
    def __init__(self) -> None:
        self.detected = ""
        self.progress: list[BatchProgress] = []
        self.finished_with: BatchSummary | None = None

    def started(self, summary: BatchSummary, detected: str) -> None:
        self.detected = detected

    def advanced(self, progress: BatchProgress) -> None:
        self.progress.append(progress)

    def finished(self, summary: BatchSummary) -> None:
        self.finished_with = summary


def test_two_workers_give_the_same_output_as_one(tmp_path: Path, sample_settings: Settings) -> None:
    source = _mixed_file(tmp_path / "in.csv", 400)
    one = screen_file(sample_settings, source, tmp_path / "one.csv", BatchOptions(workers=1, chunk_size=13))
    recorder = Recorder()
    two = screen_file(sample_settings, source, tmp_path / "two.csv", BatchOptions(workers=2, chunk_size=13), recorder)
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "two.csv").read_bytes()
    assert two.workers == 2 and one.workers == 1
    for summary in (one, two):
        assert summary.rows == 400
        assert summary.clear + summary.potential_matches + summary.errors == 400
        assert summary.errors == 8  # rows 7, 57, ..., 357 have no name
        assert summary.potential_matches >= 40  # 45 planted rows, minus those whose name cell is empty
    assert one.hits_by_list == two.hits_by_list and "us-bis-entity-list" in one.hits_by_list
    _, rows = read_csv(tmp_path / "two.csv")
    assert [row["id"] for row in rows] == [str(number) for number in range(400)]  # input order
    assert rows[0]["status"] == "potential_match"  # row 0 is planted
    assert rows[7]["status"] == "error" and rows[7]["error"] == "line 9: no name in column 'name'"
    assert recorder.detected.startswith("CSV") and recorder.finished_with is two
    assert recorder.progress[-1].rows == 400 and recorder.progress[-1].fraction == 1.0


def test_summary_counts_hits_by_list_and_names_error_lines(tmp_path: Path, sample_settings: Settings) -> None:
    rows = [["Huawei Technologies Co., Ltd."], ["Banco Nacional de Cuba"], [""], ["Nobody Anywhere Ltd"]]
    summary = screen_file(sample_settings, write_csv(tmp_path / "in.csv", ["company"], rows), tmp_path / "out.csv")
    assert summary.rows == 4 and summary.clear == 1 and summary.potential_matches == 2 and summary.errors == 1
    assert summary.hits_by_list == {"us-bis-entity-list": 1, "us-ofac-sdn": 1}
    assert summary.error_lines == [(4, "line 4: no name in column 'company'")]
    assert summary.rate > 0 and summary.snapshots and summary.to_dict()["rows"] == 4
    _, out = read_csv(tmp_path / "out.csv")
    assert out[0]["entry_id"] == HUAWEI_ENTRY


def test_threshold_option_is_applied(tmp_path: Path, sample_settings: Settings) -> None:
    source = write_csv(tmp_path / "in.csv", ["name"], [["Banco Nacional Cuba"]])
    strict = screen_file(sample_settings, source, tmp_path / "strict.csv", BatchOptions(threshold=1.0, workers=1))
    loose = screen_file(sample_settings, source, tmp_path / "loose.csv", BatchOptions(threshold=0.5, workers=1))
    _, strict_rows = read_csv(tmp_path / "strict.csv")
    _, loose_rows = read_csv(tmp_path / "loose.csv")
    assert loose.potential_matches == 1 and loose_rows[0]["status"] == "potential_match"
    assert float(loose_rows[0]["score"]) < 1.0  # so at threshold 1.0 it cannot be a potential match
    assert strict.potential_matches == 0 and strict_rows[0]["status"] == "clear"


def test_refuses_to_overwrite_the_input_and_leaves_no_partial_output(tmp_path: Path, sample_settings: Settings) -> None:
    source = write_csv(tmp_path / "in.csv", ["name"], [["Acme"]])
    with pytest.raises(InputError, match="overwrite the input"):
        screen_file(sample_settings, source, source)
    with pytest.raises(InputError, match="--name-col"):
        screen_file(sample_settings, write_csv(tmp_path / "x.csv", ["amount"], [["1"]]), tmp_path / "out.csv")
    with pytest.raises(InputError, match="--workers"):
        screen_file(sample_settings, source, tmp_path / "out.csv", BatchOptions(workers=0))
    assert sorted(path.name for path in tmp_path.iterdir()) == ["in.csv", "x.csv"]


def test_failure_midway_removes_the_partial_output(tmp_path: Path, sample_settings: Settings) -> None:
    source = _mixed_file(tmp_path / "in.csv", 50)

    class Exploding(BatchObserver):
        def advanced(self, progress: BatchProgress) -> None:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        screen_file(sample_settings, source, tmp_path / "out.csv", BatchOptions(workers=2, chunk_size=5), Exploding())
    assert sorted(path.name for path in tmp_path.iterdir()) == ["in.csv"]


@pytest.mark.parametrize(
    ("cell", "kind"),
    [("Individual", EntryKind.PERSON), ("company", EntryKind.ORGANIZATION), ("Firma", EntryKind.ORGANIZATION),
     ("VESSEL", EntryKind.VESSEL), ("", None), ("martian", None), (None, None)],
)  # fmt: skip
def test_kind_cells(cell: str | None, kind: EntryKind | None) -> None:
    assert parse_kind(cell) == kind


class _CrashingEngine:
    """Screens nobody; kills its worker process on the name CRASH, as the kernel's OOM killer would."""

    def index(self) -> object:
        return None

    def close(self) -> None:
        pass

    def screen(self, party: Party, **_: object) -> ScreenResult:
        if party.name == "CRASH":
            os._exit(9)
        return ScreenResult(party, (), 0.8)


def test_a_dying_worker_stops_the_run_with_an_error_instead_of_hanging(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", ["name"], [["Acme"]] * 30 + [["CRASH"]] + [["Acme"]] * 30)
    with pytest.raises(TradeguardError, match="worker process died"):
        screen_file(_CrashingEngine, source, tmp_path / "out.csv", BatchOptions(workers=2, chunk_size=4))
    assert sorted(path.name for path in tmp_path.iterdir()) == ["in.csv"]


def test_a_row_says_when_the_screen_limit_left_out_matches(tmp_path: Path, crowded_settings: Settings) -> None:
    """Three entries share one name: with a limit of two hits a row, the row and the summary say one was left out."""
    source = write_csv(tmp_path / "in.csv", ["name"], [["Al Naser Airlines"], ["Nordic Timber AB"]])
    for limit, more in ((2, "true"), (3, "false")):
        settings = replace(crowded_settings, screen_limit=limit)
        summary = screen_file(settings, source, tmp_path / f"out-{limit}.csv", BatchOptions(workers=1))
        _, rows = read_csv(tmp_path / f"out-{limit}.csv")
        assert [(row["hit_count"], row["more_hits"]) for row in rows] == [(str(limit), more), ("0", "false")]
        assert summary.more_hits == (more == "true") and summary.to_dict()["more_hits"] == summary.more_hits


def test_the_parent_leaves_the_index_frozen_after_forking_workers(tmp_path: Path, sample_settings: Settings) -> None:
    # An index is frozen when loaded (`collector_paused`); handing it back to the collector after the fork made the
    # parent's next full collection walk all of it again, in the middle of the run.
    engine = Engine.from_settings(sample_settings)
    engine.index()
    frozen = gc.get_freeze_count()
    assert frozen > 0
    source = _mixed_file(tmp_path / "in.csv", 60)
    summary = screen_file(lambda: engine, source, tmp_path / "out.csv", BatchOptions(workers=2, chunk_size=10))
    assert summary.rows == 60 and summary.workers == 2
    assert gc.get_freeze_count() > 0.9 * frozen  # the index still frozen (less what refcounting has freed since)


@pytest.mark.parametrize("in_worker", [True, False], ids=["forked worker", "parent or server"])
def test_a_worker_moves_what_each_chunk_leaves_out_of_the_collectors_way(
    sample_settings: Settings, monkeypatch: pytest.MonkeyPatch, in_worker: bool
) -> None:
    # A worker's caches grow with the file; frozen after each chunk, full collections stop walking them. Only a
    # forked worker freezes: a server or a caller's process may hold garbage cycles that freezing would keep.
    engine = Engine.from_settings(sample_settings)
    engine.index()
    monkeypatch.setattr(runner, "_WORKER_STATE", (CachedScreener(engine), BatchOptions()))
    monkeypatch.setattr(runner, "_IN_WORKER", in_worker)
    items = [(line, Party(f"{name} {line}"), None) for line, name in enumerate(UNLISTED + LISTED, 2)]
    before = gc.get_freeze_count()
    outcomes = runner._screen_chunk(items)
    assert [outcome.line for outcome in outcomes] == [line for line, _, _ in items]
    assert any(outcome.status == "potential_match" for outcome in outcomes)
    if in_worker:
        assert gc.get_freeze_count() > before  # the chunk's new cache entries among them
    else:
        assert gc.get_freeze_count() <= before
