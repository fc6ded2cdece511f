"""`tradeguard lists ...`: import, update, status, snapshots and diff of the restricted-party lists (thin shell)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from tradeguard.cli import app, err_console
from tradeguard.cli.context import get_settings
from tradeguard.cli.monitor import monitor_after_update
from tradeguard.errors import FetchError, InputError, UpdateRefusedError
from tradeguard.lists.diff import SnapshotDiff, describe_change, diff_snapshots, latest_pair
from tradeguard.lists.model import Snapshot
from tradeguard.lists.registry import sample_csl_path
from tradeguard.lists.status import DatasetStatus, list_status
from tradeguard.lists.update import ImportReport, import_file, update_datasets
from tradeguard.settings import Settings
from tradeguard.store import open_store

lists_app = typer.Typer(help="Restricted-party lists: import, update, status, snapshots, diff.", no_args_is_help=True)
app.add_typer(lists_app, name="lists")

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for machines.")]
_STATUS_STYLE = {"imported": "green", "unchanged": "cyan", "refused": "yellow", "failed": "red"}


def _console(settings: Settings) -> Console:
    return Console(no_color=not settings.color, highlight=False)


def _print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@lists_app.command("import")
def import_command(
    ctx: typer.Context,
    file: Annotated[
        Path | None, typer.Argument(help="List file (OFAC: the main sdn/cons_prim CSV; companions beside it).")
    ] = None,
    fmt: Annotated[str | None, typer.Option("--format", help="Format, if auto-detection is not enough.")] = None,
    force: Annotated[bool, typer.Option(help="Import even if empty or removing too many entries.")] = False,
    sample: Annotated[
        bool, typer.Option("--sample", help="Import the small sample list shipped with tradeguard (offline demo).")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Import one list file as a new snapshot (format auto-detected)."""
    if (file is None) == (not sample):
        raise InputError("give either a list FILE or --sample")
    file = sample_csl_path() if sample else file
    assert file is not None
    settings = get_settings(ctx)
    with open_store(settings.db) as store:
        report = import_file(store, file, fmt, force=force, settings=settings)
    _render_reports([report], settings, as_json)


@lists_app.command("update")
def update_command(
    ctx: typer.Context,
    datasets: Annotated[list[str] | None, typer.Argument(help="Datasets to update (default: all configured).")] = None,
    force: Annotated[bool, typer.Option(help="Import even if empty or removing too many entries.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Download every configured dataset from its official URL (or the url_base mirror), verify and import it."""
    settings = get_settings(ctx)
    with open_store(settings.db) as store, err_console.status("updating") as spinner:
        reports = update_datasets(
            store, settings, datasets, force=force, progress=lambda code: spinner.update(f"updating {code}…")
        )
    _render_reports(reports, settings, as_json)
    monitor_after_update(settings, reports)  # rescreen the counterparty register against what changed
    if any(report.status == "refused" for report in reports):
        raise UpdateRefusedError(f"{sum(r.status == 'refused' for r in reports)} dataset(s) refused; see above")
    if any(report.status == "failed" for report in reports):
        raise FetchError(f"{sum(r.status == 'failed' for r in reports)} dataset(s) failed; see above")


def _render_reports(reports: list[ImportReport], settings: Settings, as_json: bool) -> None:
    if as_json:
        _print_json([report.to_dict() for report in reports])
        return
    table = _table("dataset", "status", "snapshot", "entries", "added", "removed", "message", wrap=("message",))
    for r in reports:
        style = _STATUS_STYLE.get(r.status, "")
        table.add_row(
            r.dataset,
            f"[{style}]{r.status}[/]",
            str(r.snapshot_id or ""),
            f"{r.entry_count:,}" if r.ok else "",
            f"{r.added:,}" if r.status == "imported" else "",
            f"{r.removed:,}" if r.status == "imported" else "",
            r.message,
        )
    console = _console(settings)
    console.print(table)
    for r in reports:
        if r.warnings:
            console.print(f"[yellow]{r.dataset}: {len(r.warnings)} parser warning(s)[/], e.g. {r.warnings[0]}")


@lists_app.command("status")
def status_command(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Every dataset: active snapshot, published date, age, counts per list; warns when stale."""
    settings = get_settings(ctx)
    with open_store(settings.db) as store:
        statuses = list_status(store, settings)
    if as_json:
        _print_json([status.to_dict() for status in statuses])
        return
    console = _console(settings)
    if any(s.snapshot_id for s in statuses):
        console.print(_status_table(statuses))
    for line in _status_warnings(statuses):
        console.print(line)


def _status_table(statuses: list[DatasetStatus]) -> Table:
    table = _table("dataset", "snap", "data as of", "age", "entries", "per list", wrap=("per list",))
    for s in statuses:
        if s.snapshot_id is None:
            continue
        as_of = s.published or (f"{s.imported_at:%Y-%m-%d} (import)" if s.imported_at else "")
        age = "" if s.age_days is None else f"{s.age_days} d"
        table.add_row(
            s.dataset,
            str(s.snapshot_id),
            as_of,
            f"[yellow]{age}[/]" if s.stale else age,
            f"{s.entry_count:,}",
            "\n".join(f"{name}: {count:,}" for name, count in s.counts_by_list.items()),
        )
    return table


def _status_warnings(statuses: list[DatasetStatus]) -> list[str]:
    never = [s.dataset for s in statuses if s.snapshot_id is None]
    lines = [f"[yellow]warning:[/] {s.dataset} is {s.warning}" for s in statuses if s.snapshot_id and s.warning]
    if never:
        lines.append(f"never imported: {', '.join(never)}")
    return lines


@lists_app.command("snapshots")
def snapshots_command(
    ctx: typer.Context,
    dataset: Annotated[str | None, typer.Argument(help="Only this dataset.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Every snapshot kept, newest first."""
    settings = get_settings(ctx)
    with open_store(settings.db) as store:
        snapshots = store.snapshots(dataset)
    if as_json:
        _print_json([_snapshot_dict(s) for s in snapshots])
        return
    table = _table("id", "dataset", "on", "entries", "published", "imported", "file", wrap=("file",))
    for s in snapshots:
        table.add_row(
            str(s.id),
            s.dataset,
            "*" if s.active else "",
            f"{s.entry_count:,}",
            s.published or "",
            f"{s.imported_at:%Y-%m-%d %H:%M}",
            s.filename or "",
        )
    _console(settings).print(table)


def _snapshot_dict(snapshot: Snapshot) -> dict[str, Any]:
    return {
        "id": snapshot.id,
        "dataset": snapshot.dataset,
        "active": snapshot.active,
        "format": snapshot.format,
        "filename": snapshot.filename,
        "published": snapshot.published,
        "imported_at": snapshot.imported_at.isoformat(),
        "entry_count": snapshot.entry_count,
        "source_rows": snapshot.source_rows,
        "counts_by_list": snapshot.counts_by_list,
        "sha256": snapshot.sha256,
    }


@lists_app.command("diff")
def diff_command(
    ctx: typer.Context,
    dataset: Annotated[str, typer.Argument(help="Dataset code, e.g. us-ofac-sdn.")],
    old: Annotated[int | None, typer.Argument(help="Older snapshot id (default: the second newest).")] = None,
    new: Annotated[int | None, typer.Argument(help="Newer snapshot id (default: the newest).")] = None,
    limit: Annotated[int, typer.Option(help="Most entries shown per kind of change.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """Entries added, removed and changed between two snapshots of a dataset, with the changed fields."""
    if (old is None) != (new is None):
        raise InputError("give both OLD and NEW snapshot ids, or neither (the two newest)")
    settings = get_settings(ctx)
    with open_store(settings.db) as store:
        old_id, new_id = (old, new) if old is not None and new is not None else latest_pair(store, dataset)
        result = diff_snapshots(store, old_id, new_id)
    if result.dataset != dataset:
        raise InputError(f"snapshots {old_id} and {new_id} are of {result.dataset}, not {dataset}")
    if as_json:
        _print_json(result.to_dict(limit))
        return
    _render_diff(result, limit, _console(settings))


def _short(text: str, width: int = 100) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _table(*headers: str, wrap: tuple[str, ...] = ()) -> Table:
    """A table whose short columns (ids, codes, dates, counts) never wrap; only the `wrap` columns do."""
    table = Table()
    for header in headers:
        if header in wrap:
            table.add_column(header, overflow="fold")
        else:
            table.add_column(header, no_wrap=True)
    return table


def _render_diff(result: SnapshotDiff, limit: int, console: Console) -> None:
    counts = result.counts()
    console.print(
        f"{result.dataset}: snapshot #{result.old.id} → #{result.new.id}: [green]{counts['added']:,} added[/], "
        f"[red]{counts['removed']:,} removed[/], [yellow]{counts['changed']:,} changed[/], "
        f"{counts['unchanged']:,} unchanged"
    )
    table = _table("change", "id", "name", "list", "fields changed", wrap=("name", "fields changed"))
    for entry in result.added[:limit]:
        table.add_row("[green]added[/]", entry.id, entry.name, entry.source, "")
    for entry in result.removed[:limit]:
        table.add_row("[red]removed[/]", entry.id, entry.name, entry.source, "")
    for change in result.changed[:limit]:
        detail = "\n".join(_short(describe_change(c)) for c in change.changes)
        table.add_row("[yellow]changed[/]", change.entry_id, change.name, change.source, detail)
    if table.rows:
        console.print(table)
    hidden = sum(max(0, n - limit) for n in (counts["added"], counts["removed"], counts["changed"]))
    if hidden:
        console.print(f"({hidden:,} more not shown; raise --limit or use --json)")
