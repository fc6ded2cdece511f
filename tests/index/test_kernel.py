"""The compiled kernels (index/_kernel.pyx) answer exactly as the numpy code that runs where they are not built:
bounds and reachable names."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from tradeguard.index import bounds
from tradeguard.index.bounds import TokenTable
from tradeguard.match.pairs import read_labelled
from tradeguard.names.model import NormalizedName
from tradeguard.names.normalize import normalize_name


@pytest.mark.skipif(bounds._kernel is None, reason="the kernels are not built: numpy answers alone")
def test_the_compiled_kernels_answer_as_numpy(
    shared_data: Path, fixtures: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = [
        (text, kind)
        for path in (shared_data / "dev/cascade-name-pairs.csv", fixtures / "match/list-cases.csv")
        for first, second, kind, _ in read_labelled(path)
        for text in (first, second)
    ]
    names = [normalize_name(text, kind) for text, kind in texts[::3]]
    table = TokenTable(names)
    queries = [normalize_name(text, kind) for text, kind in texts[1::15]]
    everything = np.arange(len(names), dtype=np.int64)
    floors = (0.0, 0.5, 0.7)
    compiled = [_answers(table, query, everything, floors) for query in queries]
    monkeypatch.setattr(bounds, "_kernel", None)
    for query, expected in zip(queries, compiled, strict=True):
        found = _answers(table, query, everything, floors)
        assert len(found) == len(expected)
        for answer, expected_answer in zip(found, expected, strict=True):
            assert np.array_equal(answer, expected_answer), query.original
    assert len(queries) > 100
    assert sum(int(((answers[0] > 0.0) & (answers[0] < 1.0)).sum()) for answers in compiled) > 1000
    assert len({len(reached) for answers in compiled for reached in answers[1:]}) > 10  # reachable sets of many sizes


def _answers(
    table: TokenTable, query: NormalizedName, names: NDArray[np.int64], floors: tuple[float, ...]
) -> list[NDArray[np.generic]]:
    """The bounds of `query` against `names`, and the names it reaches at each of `floors`."""
    prepared = table.prepare(query)
    reached = [table.reachable(prepared, at_least) for at_least in floors]
    return [table.bounds(prepared, names), *(found for found in reached if found is not None)]
