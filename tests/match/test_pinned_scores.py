"""Scores of every labelled pair stay as pinned by bench/pin_scores.py (speed work must not change answers)."""

from __future__ import annotations

import csv
from pathlib import Path

from tradeguard.match.evaluate import _safe_score
from tradeguard.match.pairs import read_labelled


def test_scores_match_the_pinned_fixture(shared_data: Path, fixtures: Path) -> None:
    tables = {
        "dev": shared_data / "dev/cascade-name-pairs.csv",
        "lists": fixtures / "match/list-cases.csv",
        "hand": fixtures / "match/hand-cases.csv",
        "un": fixtures / "match/un-script-cases.csv",
    }
    with (fixtures / "match/pinned-scores.csv").open(encoding="utf-8", newline="") as handle:
        pinned = {(row["table"], int(row["row"])): float(row["score"]) for row in csv.DictReader(handle)}
    changed = []
    seen = 0
    for table, path in tables.items():
        for number, (name1, name2, kind, _) in enumerate(read_labelled(path)):
            seen += 1
            score = _safe_score(name1, name2, kind)
            if abs(score - pinned[(table, number)]) > 1e-9:
                changed.append(f"{table}:{number} {name1!r} / {name2!r}: {pinned[(table, number)]} -> {score}")
    assert seen == len(pinned)
    assert not changed, "\n".join(changed[:20])
