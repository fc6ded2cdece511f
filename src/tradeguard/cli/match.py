"""`tradeguard compare` and `tradeguard eval`: score name pairs and measure the matcher on labelled pairs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from tradeguard.cli import app
from tradeguard.cli.context import get_settings
from tradeguard.errors import InputError
from tradeguard.match.evaluate import EvalReport, evaluate, parse_kind
from tradeguard.match.model import Comparison
from tradeguard.match.pairs import compare_pairs, read_labelled
from tradeguard.match.scorer import compare as compare_names_text

KIND_HELP = "person, organization, vessel, aircraft (or Person, Company, LegalEntity, Vessel, Airplane)."


@app.command()
def compare(
    ctx: typer.Context,
    name1: Annotated[str | None, typer.Argument(help="First name, in any script.")] = None,
    name2: Annotated[str | None, typer.Argument(help="Second name.")] = None,
    kind: Annotated[str | None, typer.Option(help=KIND_HELP)] = None,
    pairs: Annotated[Path | None, typer.Option(help="CSV with columns name1,name2[,kind] to score in bulk.")] = None,
    out: Annotated[
        Path | None, typer.Option(help="Where --pairs writes its CSV (input + score, match, error).")
    ] = None,
    threshold: Annotated[float | None, typer.Option(help="Match threshold in [0, 1].")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Score two names against each other, or every pair of a CSV file (--pairs IN.csv --out OUT.csv)."""
    cutoff = get_settings(ctx).threshold if threshold is None else threshold
    if pairs is not None:
        if out is None or name1 is not None:
            raise InputError("--pairs needs --out and no NAME arguments")
        summary = compare_pairs(pairs, out, cutoff)
        err = Console(stderr=True)
        for error in summary.errors[:20]:
            err.print(f"[yellow]warning:[/] {error}", highlight=False)
        err.print(f"{summary.rows} pairs scored, {summary.matches} matches, {len(summary.errors)} bad rows -> {out}")
        return
    if name1 is None or name2 is None:
        raise InputError("give two names, or --pairs IN.csv --out OUT.csv")
    result = compare_names_text(name1, name2, parse_kind(kind), cutoff)
    if as_json:
        payload = {"score": result.score, "match": result.match, "explanation": result.explanation}
        typer.echo(json.dumps({**payload, "aligned": result.aligned}, ensure_ascii=False))
    else:
        _render_comparison(result, cutoff)


def _render_comparison(result: Comparison, threshold: float) -> None:
    console = Console()
    verdict = "[bold red]match[/]" if result.match else "[green]no match[/]"
    console.print(f"score [bold]{result.score:.2f}[/] — {verdict} (threshold {threshold:.2f})")
    for feature in result.features:
        console.print(f"  {feature.feature:<11} {feature.weight:+.2f}  {feature.detail}", highlight=False)


@app.command("eval")
def eval_command(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="CSV with name1,name2,is_match[,kind|schema].")],
    threshold: Annotated[float | None, typer.Option(help="Threshold to judge at (default: the setting).")] = None,
    worst: Annotated[int, typer.Option(help="How many worst misses / false hits to list.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Measure the matcher on labelled pairs: precision, recall, F1, ROC AUC, thresholds, worst errors."""
    cutoff = get_settings(ctx).threshold if threshold is None else threshold
    report = evaluate(read_labelled(path), cutoff, worst)
    if as_json:
        typer.echo(json.dumps(_report_dict(report), ensure_ascii=False, indent=2))
    else:
        _render_report(report)


def _report_dict(report: EvalReport) -> dict[str, object]:
    keys = ("threshold", "count", "positives", "precision", "recall", "f1", "auc")
    data: dict[str, object] = {key: getattr(report, key) for key in keys}
    data["table"] = [dict(zip(("threshold", "precision", "recall", "f1"), row, strict=True)) for row in report.table]
    data["worst_misses"] = [[p.name1, p.name2, p.score] for p in report.worst_misses]
    data["worst_false_hits"] = [[p.name1, p.name2, p.score] for p in report.worst_false_hits]
    return data


def _render_report(report: EvalReport) -> None:
    console = Console()
    console.print(
        f"{report.count} pairs ({report.positives} matches) at threshold {report.threshold:.2f}: "
        f"precision {report.precision:.3f}  recall {report.recall:.3f}  F1 {report.f1:.3f}  ROC AUC {report.auc:.3f}"
    )
    table = Table("threshold", "precision", "recall", "F1")
    for row in report.table:
        table.add_row(*(f"{value:.2f}" if i == 0 else f"{value:.3f}" for i, value in enumerate(row)))
    console.print(table)
    for title, rows in (("worst misses", report.worst_misses), ("worst false hits", report.worst_false_hits)):
        if rows:
            console.print(f"[bold]{title}[/]")
            for pair in rows:
                console.print(f"  {pair.score:.3f}  {pair.name1}  |  {pair.name2}", highlight=False)
