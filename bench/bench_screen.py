"""Screening benchmark: index build time, memory, per-query latency and index recall against brute force.

Run: `.venv/bin/python -m bench.bench_screen [--queries N] [--recall-queries N]`. Loads every list of issue 3 (CSL
2022 + SDN 2024 + OFAC consolidated + UN + DPL) into a database under bench/out/, then:
- index build time and peak resident memory;
- p50/p99 of `Engine.screen` over a mix of list-name variants and names that are on no list;
- recall of the index: for sampled queries, the share of entries brute-force scoring (every list name) puts at or
  above the threshold that the index-backed `screen` also returns, and the same with the queries typed as persons
  and organisations in turn, without near misses (as batch rows are screened);
- with `--customers N`: `Engine.screen` on N realistic customer names (Faker, 12 locales, as `bench_batch`), and the
  candidate stage on them: how many names it hands to the scorer and what choosing them costs.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from bench.bench_batch import FakeCustomers
from bench.common import load_all_lists, machine, perturb, rss_mb
from tradeguard.engine import CANDIDATE_LIMIT, NEAR_MISS_MARGIN, Engine
from tradeguard.lists.model import EntryKind
from tradeguard.match.model import Party
from tradeguard.match.scorer import name_score, party_score
from tradeguard.names.normalize import normalize_name

OUT = Path(__file__).resolve().parent / "out"


def make_queries(engine: Engine, count: int, rng: random.Random) -> list[str]:
    """Half variants of real list names, half recombinations of list words that name nobody."""
    index = engine.index()
    names = [name.text for name in index.names]
    words = [word for name in rng.sample(names, min(len(names), 5000)) for word in name.split()]
    queries = []
    for i in range(count):
        if i % 2 == 0:
            queries.append(perturb(rng.choice(names), rng))
        else:
            queries.append(" ".join(rng.sample(words, rng.randint(1, 4))))
    return [query for query in queries if any(char.isalnum() for char in query)]  # "-" is an input error


def latency(engine: Engine, queries: list[str]) -> tuple[float, float, float]:
    timings = []
    for query in queries:
        started = time.process_time()  # CPU time: the machine is shared with other jobs
        engine.screen(Party(query))
        timings.append((time.process_time() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.99) - 1], statistics.mean(timings)


def top_agreement(engine: Engine, queries: list[str], most: int = 10) -> tuple[int, int]:
    """(queries whose `screen` with the default limit of hits returns exactly the first `most` hits of an unlimited
    one, queries with more than `most` hits): the limited screen stops scoring names early (`engine._shortlist`)."""
    agree = crowded = 0
    for query in queries:
        unlimited = engine.screen(Party(query), limit=10_000).hits
        if len(unlimited) <= most:
            continue
        crowded += 1
        limited = engine.screen(Party(query), limit=most).hits
        agree += limited == unlimited[:most]
    return agree, crowded


def customer_names(count: int) -> list[str]:
    customers = FakeCustomers(seed=20261122)
    return [customers.row(number)[1] for number in range(count)]


def candidate_stage(engine: Engine, names: list[str]) -> tuple[float, float, float]:
    """(mean and median names handed to the scorer per query, mean CPU ms choosing them) at the reporting floor of a
    name-only query."""
    index = engine.index()
    floor = engine.settings.threshold - NEAR_MISS_MARGIN
    queries = [normalize_name(name) for name in names]
    counts = []
    started = time.process_time()
    for query in queries:
        counts.append(len(index.plausible(query, floor, CANDIDATE_LIMIT).names))
    spent_ms = (time.process_time() - started) * 1000
    return statistics.mean(counts), statistics.median(counts), spent_ms / len(queries)


def brute_force_entries(engine: Engine, party: Party, threshold: float) -> set[str]:
    """Entries with a name scoring >= threshold against `party`, scoring every list name (the same `name_score`,
    then `party_score`: a person against a company entry costs a little whatever the names)."""
    index = engine.index()
    normalized = normalize_name(party.name, party.kind)
    found = set()
    for name in index.names:
        entry = index.entries[name.entry_index]
        if party_score(party, entry, name_score(normalized, name.normalized)) >= threshold:
            found.add(entry.id)
    return found


def index_recall(engine: Engine, queries: list[str], typed: bool = False) -> tuple[int, int]:
    """(found by the index, found by brute force) at the default threshold, names only; `typed`: every
    query a person or an organisation in turn, screened as a batch row is (no near misses: the floor is the
    threshold itself, so a bound below the score loses the hit)."""
    threshold = engine.settings.threshold
    expected_total = found_total = 0
    for number, query in enumerate(queries):
        party = Party(query, kind=(EntryKind.PERSON, EntryKind.ORGANIZATION)[number % 2] if typed else None)
        expected = brute_force_entries(engine, party, threshold)
        if not expected:
            continue
        result = engine.screen(party, limit=10_000, near_misses=not typed)
        returned = {hit.entry_id for hit in result.hits if hit.match}
        expected_total += len(expected)
        found_total += len(expected & returned)
    return found_total, expected_total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--recall-queries", type=int, default=400)
    parser.add_argument("--customers", type=int, default=0, help="realistic customer names to screen (0: skip)")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    # A fresh cache folder, so that the first engine really builds (and saves) and the second really loads.
    cache = Path(tempfile.mkdtemp(prefix="index-cache-", dir=OUT))
    settings = load_all_lists(OUT / "all-lists.sqlite").with_overrides(index_cache=str(cache))
    builder = Engine.from_settings(settings)
    started = time.perf_counter()
    index = builder.index()
    build_s = time.perf_counter() - started
    builder.close()
    engine = Engine.from_settings(settings)
    started = time.perf_counter()
    engine.index()
    load_s = time.perf_counter() - started
    shutil.rmtree(cache)
    print(f"machine: {machine()}")
    print(f"index: {len(index.entries)} entries, {len(index)} names, {index.key_count} keys, built in {build_s:.1f} s")
    print(f"a new process loads the cached index in {load_s:.1f} s")
    print(f"peak RSS after build: {rss_mb():.0f} MB")
    rng = random.Random(20261122)
    queries = make_queries(engine, args.queries, rng)
    p50, p99, mean = latency(engine, queries)
    print(f"screen CPU time over {len(queries)} queries: p50 {p50:.2f} ms, p99 {p99:.2f} ms, mean {mean:.2f} ms")
    found, expected = index_recall(engine, queries[: args.recall_queries])
    share = found / expected if expected else 1.0
    print(f"index recall vs brute force over {args.recall_queries} queries: {found}/{expected} = {share:.4f}")
    found, expected = index_recall(engine, queries[: args.recall_queries], typed=True)
    share = found / expected if expected else 1.0
    print(
        f"  the same queries as persons and organisations in turn, without near misses: {found}/{expected} = "
        f"{share:.4f}"
    )
    agree, crowded = top_agreement(engine, queries)
    print(f"queries with over 10 hits whose default screen gives the first 10 of an unlimited one: {agree}/{crowded}")
    if args.customers:
        names = customer_names(args.customers)
        latency(engine, names[:20])  # load the transliterators (Japanese, Korean) before timing
        # The candidate stage caches similar vocabulary words per query word: once for words it has not seen yet
        # (after the bench queries above), once more when every word has been seen.
        _, _, first_ms = candidate_stage(engine, names[20:])
        p50, p99, mean = latency(engine, names)
        print(
            f"screen CPU time over {len(names)} customer names: p50 {p50:.2f} ms, p99 {p99:.2f} ms, mean {mean:.2f} ms"
        )
        scored_mean, scored_median, seen_ms = candidate_stage(engine, names[20:])
        print(
            f"names handed to the scorer per customer name: mean {scored_mean:.1f}, median {scored_median:.0f}; "
            f"choosing them: {first_ms:.2f} ms CPU per query with words not seen before, {seen_ms:.2f} ms once seen"
        )
    print(f"peak RSS: {rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
