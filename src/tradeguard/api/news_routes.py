"""`POST /v1/news/scan`: the news watch over HTTP (a router the API app includes; see news/ for the logic)."""

from __future__ import annotations

import threading
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from starlette.concurrency import run_in_threadpool

from tradeguard.api.auth import caller
from tradeguard.api.routes import ready_engine
from tradeguard.api.schemas import ErrorOut
from tradeguard.engine import Engine
from tradeguard.errors import InputError
from tradeguard.index.candidates import CandidateIndex
from tradeguard.news.model import Article, Counterparty
from tradeguard.news.reader import article_from_html, article_from_text
from tradeguard.news.scan import NewsScanner

MAX_ARTICLES = 50
MAX_ARTICLE_CHARS = 500_000
router = APIRouter()
_ERRORS: dict[int | str, dict[str, Any]] = {status: {"model": ErrorOut} for status in (401, 413, 422, 500, 503)}
_lock = threading.Lock()
_scanners: dict[int, NewsScanner] = {}  # by id of the candidate index it was built over: rebuilt with the index


class ArticleIn(BaseModel):
    """One article: plain `text` (first line before a blank line is the title) or a whole `html` page."""

    model_config = ConfigDict(extra="forbid")
    id: Annotated[str, StringConstraints(max_length=200)] | None = None
    title: Annotated[str, StringConstraints(max_length=500)] | None = None
    text: Annotated[str, StringConstraints(max_length=MAX_ARTICLE_CHARS)] | None = None
    html: Annotated[str, StringConstraints(max_length=MAX_ARTICLE_CHARS)] | None = None
    url: Annotated[str, StringConstraints(max_length=2000)] | None = None


class CounterpartyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
    kind: Annotated[str, StringConstraints(pattern=r"^(person|organization)$")] | None = None


class NewsScanRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    articles: list[ArticleIn] = Field(min_length=1, max_length=MAX_ARTICLES)
    parties: list[CounterpartyIn] = Field(default_factory=list, max_length=5000)


def _article(position: int, item: ArticleIn) -> Article:
    article_id = item.id or f"article-{position + 1}"
    if (item.text is None) == (item.html is None):
        raise InputError(f"articles[{position}]: give exactly one of 'text' and 'html'")
    if item.html is not None:
        return article_from_html(item.html, article_id, item.url)
    assert item.text is not None
    return article_from_text(item.text, article_id, item.title)


def list_scanner(index: CandidateIndex) -> NewsScanner:
    """The scanner over the current index, built once per index (seconds with every list loaded)."""
    with _lock:
        scanner = _scanners.get(id(index))
        if scanner is None or scanner.index is not index:
            _scanners.clear()
            scanner = _scanners[id(index)] = NewsScanner(index)
        return scanner


def _scan(engine: Engine, request: NewsScanRequest) -> dict[str, Any]:
    articles = [_article(position, item) for position, item in enumerate(request.articles)]
    parties = [Counterparty(p.id, p.name, p.kind) for p in request.parties]
    party_scanner = NewsScanner.for_parties(parties) if parties else None
    return list_scanner(engine.index()).scan_all(articles, party_scanner).to_dict()


@router.post("/v1/news/scan", responses=_ERRORS, tags=["news"])
async def news_scan(
    body: NewsScanRequest,
    _caller: Annotated[str, Depends(caller)],
    engine: Annotated[Engine, Depends(ready_engine)],
) -> dict[str, Any]:
    """Linked list entries and counterparties, tagged event sentences and story clusters of the articles."""
    return await run_in_threadpool(_scan, engine, body)
