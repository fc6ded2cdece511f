"""Shared fixtures of the news tests: a scanner over a small hand-written list file and counterparty file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tradeguard.index.candidates import CandidateIndex
from tradeguard.lists.registry import parse_file
from tradeguard.news.parties import load_counterparties
from tradeguard.news.scan import NewsScanner

NEWS_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "news"
ARTICLES = NEWS_FIXTURES / "articles"


@pytest.fixture(scope="session")
def news_index() -> CandidateIndex:
    return CandidateIndex.build(parse_file(NEWS_FIXTURES / "news-lists.csv").entries)


@pytest.fixture(scope="session")
def scanner(news_index: CandidateIndex) -> NewsScanner:
    return NewsScanner(news_index, load_counterparties(NEWS_FIXTURES / "counterparties.csv"))
