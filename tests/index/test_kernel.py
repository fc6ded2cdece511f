"""The bound kernel compiled by Cython answers exactly as its .py source run by Python (the fallback where no C
compiler is at hand)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from tradeguard.index import bounds, kernel
from tradeguard.index.bounds import TokenTable
from tradeguard.match.pairs import read_labelled
from tradeguard.names.normalize import normalize_name

SOURCE = Path(kernel.__file__).with_name("kernel.py")


def _interpreted() -> ModuleType:
    spec = importlib.util.spec_from_file_location("kernel_as_python", SOURCE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(kernel.__file__ == str(SOURCE), reason="the kernel runs as Python already")
def test_the_compiled_kernel_gives_the_bounds_of_its_source(
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
    compiled = [table.bounds(table.prepare(query), everything) for query in queries]
    monkeypatch.setattr(bounds, "segment_bounds", _interpreted().segment_bounds)
    for query, expected in zip(queries, compiled, strict=True):
        found = table.bounds(table.prepare(query), everything)
        assert np.array_equal(found, expected), query.original
    assert len(queries) > 100
    assert sum(int(((found > 0.0) & (found < 1.0)).sum()) for found in compiled) > 1000
