"""The kernels compiled by Cython answer exactly as their .py source run by Python (the fallback where no C compiler
is at hand): bounds, reachable names and the similar words of query tokens."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from numpy.typing import NDArray

from tradeguard.index import bounds, kernel
from tradeguard.index.bounds import TokenTable
from tradeguard.match.pairs import read_labelled
from tradeguard.names.model import NormalizedName
from tradeguard.names.normalize import normalize_name

SOURCE = Path(kernel.__file__).with_name("kernel.py")


def _interpreted() -> ModuleType:
    spec = importlib.util.spec_from_file_location("kernel_as_python", SOURCE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(kernel.__file__ == str(SOURCE), reason="the kernel runs as Python already")
def test_the_compiled_kernel_answers_as_its_source(
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
    python = _interpreted()
    for function in ("segment_bounds", "reachable_names", "shared_gram_candidates"):
        monkeypatch.setattr(bounds, function, getattr(python, function))
    table = TokenTable(names)  # its similar-word rows, cached per query word, are found again
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
    """The bounds of `query` against `names`, the names it reaches at each of `floors`, and the similar words of each
    of its tokens and joins."""
    prepared = table.prepare(query)
    reached = [table.reachable(prepared, at_least) for at_least in floors]
    rows = [column for row in prepared.rows for column in row]
    return [table.bounds(prepared, names), *(found for found in reached if found is not None), *rows]
