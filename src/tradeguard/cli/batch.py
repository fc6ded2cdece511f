"""`tradeguard screen-file`: screen every row of a CSV, XLSX, Parquet or JSON Lines file into a result file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Protocol

import typer
from rich.console import Console
from rich.table import Table

from tradeguard.batch import BatchObserver, BatchOptions, BatchSummary, screen_file
from tradeguard.batch.progress import LineObserver, RichObserver
from tradeguard.cli import app
from tradeguard.cli.context import get_settings
from tradeguard.lists.model import LIST_NAMES

ERRORS_SHOWN = 10


@app.command("screen-file")
def screen_file_command(
    ctx: typer.Context,
    input_path: Annotated[Path, typer.Argument(metavar="INPUT", help="CSV, XLSX, Parquet or JSON Lines file.")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Result file (default: INPUT.screened.EXT).")
    ] = None,
    name_col: Annotated[str | None, typer.Option(help="Column with the party name (default: detected).")] = None,
    kind_col: Annotated[str | None, typer.Option(help="Column with person/organization/vessel/aircraft.")] = None,
    country_col: Annotated[str | None, typer.Option(help="Column with the country (ISO-2 or name).")] = None,
    address_col: Annotated[str | None, typer.Option(help="Column with the address.")] = None,
    id_col: Annotated[str | None, typer.Option(help="Column with the row's own id.")] = None,
    threshold: Annotated[float | None, typer.Option(help="Match threshold in [0, 1].")] = None,
    workers: Annotated[int | None, typer.Option(help="Worker processes (default: one per core).")] = None,
    fmt: Annotated[str | None, typer.Option("--format", help="Input format: csv, xlsx, parquet, jsonl.")] = None,
    delimiter: Annotated[str | None, typer.Option(help="CSV delimiter, e.g. ';' or tab (default: detected).")] = None,
    encoding: Annotated[str | None, typer.Option(help="CSV encoding, e.g. cp1252 (default: detected).")] = None,
    source: Annotated[list[str] | None, typer.Option(help="Only these lists or datasets (repeatable).")] = None,
) -> None:
    """Screen every row of a file; write each row with its status and best hit, then print a summary."""
    options = BatchOptions(
        name_col=name_col,
        kind_col=kind_col,
        country_col=country_col,
        address_col=address_col,
        id_col=id_col,
        threshold=threshold,
        workers=workers,
        format=fmt,
        delimiter=delimiter,
        encoding=encoding,
        sources=tuple(source or ()),
    )
    console = Console(stderr=True)
    observer: BatchObserver = RichObserver(console) if console.is_terminal else LineObserver(sys.stderr)
    try:
        summary = screen_file(get_settings(ctx), input_path, output, options, observer)
    finally:
        if isinstance(observer, RichObserver):
            observer.abort()
    render_summary(summary, Console())


class OutcomeCounts(Protocol):
    """What a file screening's summary counts, in one process (`BatchSummary`) or on Spark (`SparkSummary`)."""

    @property
    def output(self) -> object: ...
    @property
    def rows(self) -> int: ...
    @property
    def clear(self) -> int: ...
    @property
    def potential_matches(self) -> int: ...
    @property
    def more_hits(self) -> int: ...
    @property
    def errors(self) -> int: ...
    @property
    def hits_by_list(self) -> dict[str, int]: ...


def outcome_table(summary: OutcomeCounts) -> Table:
    """A summary table's first rows: the output, rows in and how they came out, hits by list, errors."""
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_row("output", str(summary.output))
    table.add_row("rows", f"{summary.rows:,}")
    table.add_row("clear", f"{summary.clear:,}")
    table.add_row("potential matches", f"[bold red]{summary.potential_matches:,}[/]")
    for source, count in sorted(summary.hits_by_list.items(), key=lambda item: -item[1]):
        table.add_row(f"  {LIST_NAMES.get(source, source)}", f"{count:,}")
    if summary.more_hits:
        table.add_row("rows with more matches than listed", f"[yellow]{summary.more_hits:,}[/]")
    table.add_row("errors", f"[yellow]{summary.errors:,}[/]" if summary.errors else "0")
    return table


def render_summary(summary: BatchSummary, console: Console) -> None:
    """Rows in and how they came out, hits by list, the first errors, time and rate."""
    table = outcome_table(summary)
    table.add_row("time", f"{summary.seconds:.1f} s (+ {summary.index_seconds:.1f} s index)")
    table.add_row("rate", f"{summary.rate:,.0f} rows/s with {summary.workers} worker(s)")
    console.print(table)
    for line, message in summary.error_lines[:ERRORS_SHOWN]:
        console.print(f"[yellow]error[/] {message or f'line {line}'}", highlight=False)
    if summary.errors > ERRORS_SHOWN:
        console.print(f"… and {summary.errors - ERRORS_SHOWN:,} more rows with status 'error' in the output")
    if summary.more_hits:
        console.print(
            f"[yellow]note[/] {summary.more_hits:,} rows match more entries than the limit of hits a row carries "
            "(column more_hits): `tradeguard screen NAME --limit N` lists them all"
        )
    if len(summary.snapshots) > 1:
        sets = "; ".join(",".join(map(str, ids)) for ids in summary.snapshots)
        console.print(f"[yellow]warning[/] the active lists changed during the run (snapshots {sets}); screen again")
