"""Speed of `compare --pairs`: pairs per second on one core, cold (every name new) and warm (names repeat).

Run from the project root: `.venv/bin/python bench/bench_compare.py [N]`. Pairs are built from real list names
(SDN 2021 primary names and aliases, ../shared/data), written to a temporary CSV and scored through the same
library call the CLI makes (`tradeguard.match.pairs.compare_pairs`): N random pairs of 2,000 names (warm), N random
pairs of all names (cold: most share nothing and stop at the key test), then every primary name against each of its
a.k.a.s (related: new names that share words, scored in full, as a labelled file's are). Results go into
bench/README.md by hand.
"""

from __future__ import annotations

import csv
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from tradeguard.errors import InputError
from tradeguard.match.align import _CELLS, latin_similarity, skeleton_similarity
from tradeguard.match.pairs import compare_pairs
from tradeguard.match.profile import profile_of
from tradeguard.match.scorer import name_score
from tradeguard.names.model import NormalizedName
from tradeguard.names.normalize import normalize_name

ROOT = Path(__file__).resolve().parents[1]
SDN = Path(os.environ.get("TRADEGUARD_SHARED_DATA", ROOT / "../shared/data")) / "lists/us-ofac-sdn/2021-07-07"


def list_names() -> list[str]:
    names: list[str] = []
    for file, column in (("sdn.csv", 1), ("alt.csv", 3)):
        with (SDN / file).open(encoding="latin-1", newline="") as handle:
            names += [fields[column].strip() for fields in csv.reader(handle) if len(fields) > column]
    return [name for name in names if name and name != "-0-"]


def alias_pairs() -> list[tuple[str, str]]:
    """Every SDN primary name with each of its a.k.a.s: related names, as in a labelled file, nearly all new."""
    with (SDN / "sdn.csv").open(encoding="latin-1", newline="") as handle:
        primary = {fields[0]: fields[1].strip() for fields in csv.reader(handle) if len(fields) > 1}
    with (SDN / "alt.csv").open(encoding="latin-1", newline="") as handle:
        rows = [fields for fields in csv.reader(handle) if len(fields) > 3]
    aliases = [(row[0], row[3].strip()) for row in rows]
    return [(primary[number], alias) for number, alias in aliases if number in primary and alias not in ("", "-0-")]


def run_related(pairs: list[tuple[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "in.csv", Path(folder) / "out.csv"
        with source.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["name1", "name2"])
            writer.writerows(pairs)
        normalize_name.cache_clear()
        _empty_token_caches()
        start = time.process_time()
        summary = compare_pairs(source, target)
        cpu = time.process_time() - start
    print(
        f"related (each SDN name against its a.k.a.s, token caches emptied): {summary.rows} pairs in {cpu:.2f} s CPU"
        f" = {summary.rows / cpu:,.0f} pairs per CPU second ({summary.matches} matches)"
    )


def related_breakdown(pairs: list[tuple[str, str]]) -> None:
    """Where a related pair's time goes: normalising its two new names (their words' caches warm from the runs
    before), building their two scoring profiles, scoring it the first time (token similarities computed), scoring it
    again (all cached)."""
    texts = [(first, second) for first, second in pairs if _readable(first) and _readable(second)]
    normalize_name.cache_clear()
    _empty_token_caches()
    start = time.process_time()
    normalized = [(normalize_name(first), normalize_name(second)) for first, second in texts]
    normalizing = time.process_time() - start
    start = time.process_time()
    for query, candidate in normalized:
        profile_of(query)
        profile_of(candidate)
    profiling = time.process_time() - start
    timings = []
    for _ in range(2):
        start = time.process_time()
        for query, candidate in normalized:
            name_score(query, candidate)
        timings.append(time.process_time() - start)
    print(
        f"  per related pair: normalising {normalizing / len(texts) / 2 * 1e6:.0f} µs a name and its profile"
        f" {profiling / len(texts) / 2 * 1e6:.0f} µs (two per pair), scoring {timings[0] / len(texts) * 1e6:.0f} µs"
        f" the first time, {timings[1] / len(texts) * 1e6:.0f} µs once cached"
    )


def _readable(name: str) -> bool:
    try:
        normalize_name(name)
    except InputError:
        return False
    return True


def _empty_token_caches() -> None:
    """Token-pair similarities start empty, as for new names: only repeats within a run help."""
    _CELLS.clear()
    latin_similarity.cache_clear()
    skeleton_similarity.cache_clear()


def write_pairs(path: Path, names: list[str], count: int, distinct: int) -> None:
    rng = random.Random(11)
    pool = rng.sample(names, min(distinct, len(names)))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name1", "name2"])
        for _ in range(count):
            writer.writerow([rng.choice(pool), rng.choice(pool)])


def run(label: str, names: list[str], count: int, distinct: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "in.csv", Path(folder) / "out.csv"
        write_pairs(source, names, count, distinct)
        normalize_name.cache_clear()
        start, cpu_start = time.perf_counter(), time.process_time()
        summary = compare_pairs(source, target)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    # CPU time is what one core spends; on a shared machine wall time also counts other jobs' turns.
    print(
        f"{label}: {summary.rows} pairs from {distinct} distinct names in {elapsed:.2f} s wall, {cpu:.2f} s CPU"
        f" = {summary.rows / cpu:,.0f} pairs per CPU second"
    )


def candidate_pairs(names: list[str], queries: int) -> list[tuple[NormalizedName, NormalizedName]]:
    """Query/candidate pairs as the index proposes them: list names sharing a blocking key, at most 30 per query."""
    rng = random.Random(5)
    normalized = {}
    for name in names:
        try:
            normalized[name] = normalize_name(name)
        except InputError:
            continue
    by_key: dict[str, list[NormalizedName]] = {}
    for item in normalized.values():
        for key in item.keys:
            by_key.setdefault(key, []).append(item)
    pairs = []
    for query in rng.sample(list(normalized.values()), queries):
        seen = {id(item): item for key in query.keys if len(by_key[key]) < 500 for item in by_key[key]}
        pairs += [(query, candidate) for candidate in rng.sample(list(seen.values()), min(30, len(seen)))]
    return pairs


def per_candidate(names: list[str]) -> None:
    pairs = candidate_pairs(names, 2_000)
    for query, candidate in pairs:  # per-name profiles, as an index keeps them
        profile_of(query)
        profile_of(candidate)
    _empty_token_caches()
    start = time.process_time()
    for query, candidate in pairs:
        name_score(query, candidate)
    elapsed = time.process_time() - start
    print(f"name-only scoring of one candidate sharing a key: {elapsed / len(pairs) * 1e6:.1f} µs ({len(pairs)} pairs)")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    names = list_names()
    run("warm (names repeat, as in screening logs)", names, count, 2_000)
    run("cold (mostly new names)", names, count, len(names))
    related = alias_pairs()
    run_related(related)
    related_breakdown(related)
    per_candidate(names)


if __name__ == "__main__":
    main()
