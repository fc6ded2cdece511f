"""News watch benchmark: articles scanned per second with every list loaded.

Run: `.venv/bin/python -m bench.bench_news [--rounds N]`. Loads every list of issue 3 (CSL 2022 + SDN 2024 + OFAC
consolidated + UN + DPL) into a database under bench/out/, builds the candidate index and the news patterns, then
scans the test articles (tests/fixtures/news/articles: wire copy, HTML blog, machine-translated, Chinese...)
`--rounds` times. Reading and HTML extraction are timed apart from scanning (they happen once per file).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from bench.common import load_all_lists, machine, rss_mb
from tradeguard.engine import Engine
from tradeguard.news.reader import read_articles
from tradeguard.news.scan import NewsScanner

OUT = Path(__file__).resolve().parent / "out"
ARTICLES = Path(__file__).resolve().parents[1] / "tests/fixtures/news/articles"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    engine = Engine.from_settings(load_all_lists(OUT / "all-lists.sqlite"))
    started = time.perf_counter()
    index = engine.index()
    index_s = time.perf_counter() - started
    started = time.perf_counter()
    scanner = NewsScanner(index)
    patterns_s = time.perf_counter() - started
    started = time.perf_counter()
    articles = list(read_articles([ARTICLES]))
    read_s = time.perf_counter() - started
    scanner.scan_all(articles)  # warm the per-word caches once, as a long-running scanner would be
    started = time.perf_counter()
    for _ in range(args.rounds):
        result = scanner.scan_all(articles)
    scan_s = time.perf_counter() - started
    scanned = len(articles) * args.rounds
    chars = sum(len(article.text) for article in articles) * args.rounds
    print(f"machine: {machine()}")
    print(f"index: {len(index.entries)} entries, {len(index)} names, built in {index_s:.1f} s")
    print(f"news patterns: {len(scanner.patterns)} token sequences, {len(scanner.targets)} targets, {patterns_s:.1f} s")
    print(f"read + extract {len(articles)} files: {read_s * 1000 / len(articles):.1f} ms per file")
    rate = f"{scanned / scan_s:.0f} articles/s, {chars / scan_s / 1e3:.0f} k characters/s"
    print(f"scan: {scanned} articles in {scan_s:.2f} s = {rate}")
    print(f"peak RSS: {rss_mb():.0f} MB")
    for report in result.reports:
        families = sorted({link.family for link in report.entities})
        print(f"  {Path(report.id).name}: {len(report.entities)} links {families[:8]} story {report.cluster_id}")


if __name__ == "__main__":
    main()
