"""Matcher quality on the labelled pair tables: P/R/F1 at the default threshold, ROC AUC, F1 per threshold.

Run from the project root: `.venv/bin/python bench/quality.py`. Tables: the dev set of ../shared/data/dev (authored
adversarial company/vessel pairs), our table generated from the real lists (tests/fixtures/match/list-cases.csv,
see bench/make_cases.py) and our hand-written cases (tests/fixtures/match/hand-cases.csv). The numbers are quoted
in docs/threshold.md.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

from tradeguard.match.evaluate import ScoredPair, _prf, parse_kind, report
from tradeguard.match.pairs import read_labelled
from tradeguard.match.scorer import DEFAULT_THRESHOLD, compare

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("TRADEGUARD_SHARED_DATA", ROOT / "../shared/data"))
TABLES = {
    "dev": DATA / "dev/cascade-name-pairs.csv",
    "lists": ROOT / "tests/fixtures/match/list-cases.csv",
    "hand": ROOT / "tests/fixtures/match/hand-cases.csv",
    "un": ROOT / "tests/fixtures/match/un-script-cases.csv",
}
THRESHOLDS = [t / 100 for t in range(60, 92, 2)]


def scored(path: Path) -> list[ScoredPair]:
    return [
        ScoredPair(name1, name2, kind, is_match, compare(name1, name2, kind).score)
        for name1, name2, kind, is_match in read_labelled(path)
    ]


def main() -> None:
    tables = {name: scored(path) for name, path in TABLES.items()}
    tables["all"] = [pair for pairs in tables.values() for pair in pairs]
    print(f"threshold {DEFAULT_THRESHOLD}")
    print("| table | pairs | precision | recall | F1 | ROC AUC |")
    print("|---|---|---|---|---|---|")
    for name, pairs in tables.items():
        rep = report(pairs, DEFAULT_THRESHOLD)
        print(f"| {name} | {rep.count} | {rep.precision:.3f} | {rep.recall:.3f} | {rep.f1:.3f} | {rep.auc:.3f} |")
    print()
    print("| table | " + " | ".join(f"{t:.2f}" for t in THRESHOLDS) + " |")
    print("|---|" + "---|" * len(THRESHOLDS))
    for name, pairs in tables.items():
        print(f"| {name} F1 | " + " | ".join(f"{_prf(pairs, t)[2]:.3f}" for t in THRESHOLDS) + " |")
    print()
    print("| category (positives) | pairs | recall at threshold |")
    print("|---|---|---|")
    for category, recall, count in cross_script_recall():
        print(f"| {category} | {count} | {recall:.3f} |")


def cross_script_recall() -> list[tuple[str, float, int]]:
    """Recall of every cross-script positive category of our tables (transliteration pairs)."""
    hits: dict[str, list[bool]] = {}
    for path in (TABLES["lists"], TABLES["hand"], TABLES["un"]):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                category = row["category"]
                script = (
                    category.split("-")[-1] if category.startswith(("cross-script", "un-")) else category.split("-")[0]
                )
                if row["is_match"] != "true" or script not in {"arabic", "cyrillic", "chinese", "greek", "burmese"}:
                    continue
                kind = parse_kind(row["kind"])
                score = compare(row["name1"], row["name2"], kind).score
                hits.setdefault(script, []).append(score >= DEFAULT_THRESHOLD)
    return [(script, sum(values) / len(values), len(values)) for script, values in sorted(hits.items())]


if __name__ == "__main__":
    main()
