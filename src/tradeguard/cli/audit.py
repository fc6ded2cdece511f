"""`tradeguard audit list|show|replay|verify`: read, replay and check the audit trail (thin shell over audit/)."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from tradeguard.audit import AuditKind, AuditLog, AuditRecord, replay, verify_chain
from tradeguard.cli import app
from tradeguard.cli.context import get_settings
from tradeguard.errors import InputError, TradeguardError
from tradeguard.settings import Settings
from tradeguard.store import open_store

audit_app = typer.Typer(help="The audit trail: list, show, replay and verify recorded answers.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")

RecordId = Annotated[int, typer.Argument(help="Audit record id (see `audit list`).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for machines.")]


class ReplayMismatchError(TradeguardError):
    """A replay gave a different answer from the recorded one."""

    exit_code = 8


class ChainBrokenError(TradeguardError):
    """`audit verify` found tampering."""

    exit_code = 9


def _console(settings: Settings) -> Console:
    return Console(no_color=not settings.color, highlight=False, soft_wrap=True)


def _parse_since(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"--since: not a date (YYYY-MM-DD): {text!r}") from None


def _summary(record: AuditRecord) -> str:
    """One line of what was answered: the verdict of a screening or a decision, the row count of a batch."""
    if record.kind == AuditKind.SCREEN:
        matched = sum(1 for hit in record.result.get("hits", []) if hit.get("match"))
        return f"{matched} potential match(es)" if matched else "clear"
    if record.kind == AuditKind.DECIDE:
        return str(record.result.get("decision", "?"))
    return f"{record.result.get('rows', '?')} rows, {record.result.get('potential_matches', '?')} potential matches"


@audit_app.command("list")
def list_command(
    ctx: typer.Context,
    party: Annotated[str | None, typer.Option("--party", help="Only records naming this party (any case).")] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Only records made on or after YYYY-MM-DD (UTC).")
    ] = None,
    kind: Annotated[AuditKind | None, typer.Option("--kind", help="screen, decide or batch.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="Most records to show, newest first.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """Recorded screenings, decisions and batch runs, newest first."""
    settings = get_settings(ctx)
    with open_store(settings.db) as store:
        records = AuditLog(store).records(party=party, since=_parse_since(since), kind=kind, limit=limit)
    if as_json:
        typer.echo(json.dumps([r.to_dict() for r in records], ensure_ascii=False, indent=2))
        return
    table = Table("id", "recorded (UTC)", "kind", "who", "parties", "answer", "snapshots")
    for record in records:
        parties = ", ".join(record.parties) or str(record.input.get("file", ""))
        snapshots = ",".join(map(str, record.snapshots))
        table.add_row(
            str(record.id), record.recorded_at[:19], record.kind, record.actor, parties, _summary(record), snapshots
        )
    _console(settings).print(table if records else "no audit records match")


@audit_app.command("show")
def show_command(ctx: typer.Context, record_id: RecordId) -> None:
    """One record in full (JSON): input, result, snapshots, settings, versions, who, when and its chain hashes."""
    with open_store(get_settings(ctx).db) as store:
        record = AuditLog(store).get(record_id)
    typer.echo(json.dumps(record.to_dict(), ensure_ascii=False, indent=2))


@audit_app.command("replay")
def replay_command(ctx: typer.Context, record_id: RecordId, as_json: JsonOption = False) -> None:
    """Re-run a record against its recorded snapshots and settings; exit 8 with a diff if the answer differs."""
    settings = get_settings(ctx)
    with open_store(settings.db) as store:
        report = replay(AuditLog(store).get(record_id), store, settings)
    if as_json:
        data = {
            "id": report.record_id,
            "identical": report.identical,
            "diff": list(report.diff),
            "notes": list(report.notes),
        }
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        console = _console(settings)
        for note in report.notes:
            console.print(f"note: {note}")
        if report.identical:
            console.print(f"record {report.record_id} ({report.kind}): replay identical to the recorded answer")
        else:
            console.print("\n".join(report.diff), markup=False)
    if not report.identical:
        raise ReplayMismatchError(f"record {report.record_id}: the replay differs from the recorded answer")


@audit_app.command("verify")
def verify_command(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Check the hash chain: name every edited, deleted, inserted or reordered record; exit 9 if any."""
    settings = get_settings(ctx)
    with open_store(settings.db) as store:
        report = verify_chain(store)
    if as_json:
        problems = [{"kind": str(p.kind), "record": p.record_id, "message": p.message} for p in report.problems]
        data = {"ok": report.ok, "checked": report.checked, "head": report.head.hash, "problems": problems}
        typer.echo(json.dumps(data, indent=2))
    else:
        console = _console(settings)
        for problem in report.problems:
            console.print(f"[red]{problem.kind}[/]: {problem.message}")
        if report.ok:
            console.print(f"audit trail intact: {report.checked} records, head {report.head.hash}")
    if not report.ok:
        raise ChainBrokenError(f"the audit trail was tampered with: {len(report.problems)} problem(s)")
