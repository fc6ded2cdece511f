"""Pin the matcher's scores of every labelled pair to `tests/fixtures/match/pinned-scores.csv`.

Run from the project root: `.venv/bin/python bench/pin_scores.py`. The fixture holds, per table and row number, the
score `compare_score` gives today; `tests/match/test_pinned_scores.py` fails when a change moves any of them (speed
work must not change answers). Regenerate only for a deliberate quality change, and say so in the commit. The dev
table's names stay in ../shared/data (never copied): its rows are identified by their number alone.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

from tradeguard.match.evaluate import _safe_score
from tradeguard.match.pairs import read_labelled

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("TRADEGUARD_SHARED_DATA", ROOT / "../shared/data"))
TABLES = {
    "dev": DATA / "dev/cascade-name-pairs.csv",
    "lists": ROOT / "tests/fixtures/match/list-cases.csv",
    "hand": ROOT / "tests/fixtures/match/hand-cases.csv",
    "un": ROOT / "tests/fixtures/match/un-script-cases.csv",
}
OUT = ROOT / "tests/fixtures/match/pinned-scores.csv"


def main() -> None:
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["table", "row", "score"])
        for table, path in TABLES.items():
            for number, (name1, name2, kind, _) in enumerate(read_labelled(path)):
                writer.writerow([table, number, repr(_safe_score(name1, name2, kind))])
    print(f"pinned -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
