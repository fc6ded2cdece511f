"""Every list name and alias screens back to its own entry with the top score (issue 3's quality target).

Run: `.venv/bin/python -m bench.bench_self [--every N]`. Loads every list of issue 3 into the database under
bench/out/ (as bench_screen) and screens each distinct name and alias of each entry (every N-th entry with
`--every`), typed as its entry is. A name passes when its own entry is among the hits with the highest score. A name
that fails is screened again with a limit of 1,000: if its entry is then there at the top score, it was one of more
than the default limit of entries that share that score ("AL NASER AIRLINES" is written alike in a dozen entries)
and the limit cut it, by entry id (the first screen should then have said `truncated`: counted); otherwise it is a
miss, and each is printed.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from bench.common import load_all_lists, machine
from tradeguard.engine import Engine
from tradeguard.errors import InputError
from tradeguard.lists.model import Entry
from tradeguard.match.model import Party

OUT = Path(__file__).resolve().parent / "out"
WIDE_LIMIT = 1_000


def own_entry_on_top(engine: Engine, entry: Entry, name: str, limit: int | None = None) -> tuple[bool, bool] | None:
    """Whether `entry` is among the top-scored hits of its own `name`, and whether the screen said its limit left
    out a match (None: the name is not screenable)."""
    try:
        result = engine.screen(Party(name, kind=entry.kind), limit=limit)
    except InputError:
        return None
    top = max((hit.score for hit in result.hits), default=0.0)
    return any(hit.entry_id == entry.id and hit.score >= top for hit in result.hits), result.truncated


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=int, default=1, help="screen the names of every N-th entry only")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    engine = Engine.from_settings(load_all_lists(OUT / "all-lists.sqlite"))
    entries = engine.index().entries[:: max(args.every, 1)]
    screened, tied, said_truncated, missed = 0, 0, 0, []
    started = time.perf_counter()
    for entry in entries:
        for name in dict.fromkeys((entry.name, *(alias.name for alias in entry.aliases))):
            found = own_entry_on_top(engine, entry, name)
            if found is None:
                continue
            screened += 1
            on_top, truncated = found
            if on_top:
                continue
            widened = own_entry_on_top(engine, entry, name, WIDE_LIMIT)
            if widened is not None and widened[0]:
                tied += 1
                said_truncated += truncated
            else:
                missed.append((entry.id, name))
    seconds = time.perf_counter() - started
    print(f"machine: {machine()}")
    print(
        f"{screened} names and aliases of {len(entries)} entries in {seconds:.0f} s: own entry at the top score for"
        f" {screened - tied - len(missed)}; {tied} cut by the limit among equal scores (the screen said so for"
        f" {said_truncated}); {len(missed)} missed"
    )
    for entry_id, name in missed:
        print(f"  missed: {name!r} ({entry_id})")


if __name__ == "__main__":
    main()
