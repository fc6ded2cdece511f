"""`tradeguard news scan`: flag restricted parties and list events in news articles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from tradeguard.cli import app
from tradeguard.cli.context import get_settings
from tradeguard.engine import Engine
from tradeguard.news.parties import RegisteredCounterparties, load_counterparties
from tradeguard.news.reader import read_articles
from tradeguard.news.render import render_digest, render_report
from tradeguard.news.scan import NewsScanner

news_app = typer.Typer(help="Read news articles for restricted parties, counterparties and list events.")
app.add_typer(news_app, name="news")


@news_app.command("scan")
def scan(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Article files (text or HTML) or directories of them.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    digest: Annotated[
        bool, typer.Option("--digest", help="One line per story instead of one report per article.")
    ] = False,
    parties: Annotated[
        Path | None,
        typer.Option("--parties", help="Counterparties: CSV with a name column, or one per line."),
    ] = None,
    registered: Annotated[
        bool, typer.Option("--registered", help="Also watch for every party of the register (`parties import`).")
    ] = False,
) -> None:
    """Scan articles: linked list entries and counterparties, tagged event sentences, story clusters."""
    counterparties = list(load_counterparties(parties)) if parties else []
    articles = list(read_articles(paths))
    engine = Engine.from_settings(get_settings(ctx))
    try:
        if registered:
            counterparties.extend(RegisteredCounterparties(engine.store).counterparties())
        result = NewsScanner.from_engine(engine, counterparties).scan_all(articles)
    finally:
        engine.close()
    if as_json:
        payload = {"stories": [s.to_dict() for s in result.stories]} if digest else result.to_dict()
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    elif digest:
        typer.echo(render_digest(result.stories))
    else:
        typer.echo("\n\n".join(render_report(report) for report in result.reports))
