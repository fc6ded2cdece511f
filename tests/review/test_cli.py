"""`tradeguard parties|review|monitor` end to end through the real entry point, over hand-made list versions."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from review.support import ACME, KORVAX, PETROV, import_version
from tradeguard.cli import main
from tradeguard.lists.update import ImportReport
from tradeguard.review.model import CaseStatus
from tradeguard.store import Store, open_store
from tradeguard.store.review import review_store

CUSTOMERS = Path(__file__).resolve().parents[1] / "fixtures/review/customers.csv"


class Cli:
    """Runs `tradeguard ...` in-process with an isolated environment; returns (exit code, stdout, stderr)."""

    def __init__(
        self, db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        self.db = db
        self.monkeypatch, self.capsys = monkeypatch, capsys
        monkeypatch.setenv("TRADEGUARD_CONFIG", str(tmp_path / "none.toml"))
        monkeypatch.setenv("COLUMNS", "250")
        monkeypatch.setenv("NO_COLOR", "1")
        monkeypatch.delenv("TRADEGUARD_DB", raising=False)

    def __call__(self, *args: str) -> tuple[int, str, str]:
        self.monkeypatch.setattr(sys, "argv", ["tradeguard", "--db", self.db, *args])
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        captured = self.capsys.readouterr()
        return code, captured.out, captured.err


@pytest.fixture
def cli(store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    """The CLI over a fresh store holding the test list, once per backend (SQLite and PostgreSQL)."""
    runner = Cli(store_url, tmp_path, monkeypatch, capsys)
    with open_store(runner.db) as store:
        import_version(store, [ACME, KORVAX, PETROV], "v1")
    return runner


def test_import_registers_screens_and_reports_bad_rows(cli: Cli) -> None:
    code, out, _ = cli("parties", "import", str(CUSTOMERS), "--json")
    assert code == 0
    report = json.loads(out)
    # Four readable rows, one of them the same party as the first (case and country spelling aside).
    assert (report["added"], report["duplicates"], report["cases_opened"]) == (3, 1, 2)
    assert report["rejected"] == ["line 4: no name in column 'Firma'"]
    assert "name='Firma'" in report["columns"] and "id='Kunden-Nr'" in report["columns"]
    code, out, _ = cli("parties", "list", "--json")
    listed = json.loads(out)
    assert listed["total"] == 3
    assert [(p["name"], p["country"], p["external_id"]) for p in listed["parties"]] == [
        ("ACME Rocket Propulsion Works", "IR", "K-001"),
        ("Korvax Maritime Logistics L.L.C.", "AE", "K-002"),
        ("Bäckerei Müller GmbH", "DE", "K-004"),
    ]


def test_review_list_show_decide(cli: Cli) -> None:
    cli("parties", "import", str(CUSTOMERS))
    code, out, _ = cli("review", "list", "--json")
    queue = json.loads(out)
    assert code == 0 and {case["entry_id"] for case in queue} == {ACME.id, KORVAX.id}
    acme = next(case for case in queue if case["entry_id"] == ACME.id)
    code, out, _ = cli("review", "decide", str(acme["id"]), "false-positive", "--note", "bakery", "--user", "alice")
    assert code == 0 and out.strip() == f"case #{acme['id']}: false-positive by alice"
    code, out, _ = cli("review", "show", str(acme["id"]))
    assert "party: ACME Rocket Propulsion Works [IR]" in out and "false-positive" in out and "bakery" in out
    code, out, _ = cli("review", "list", "--json")
    assert [case["entry_id"] for case in json.loads(out)] == [KORVAX.id]  # the cleared one left the queue
    code, _, err = cli("review", "decide", str(acme["id"]), "perhaps", "--note", "x")
    assert code == 2 and "unknown disposition 'perhaps'" in err
    code, _, err = cli("review", "list", "--status", "pending")
    assert code == 2 and "unknown status 'pending'" in err
    code, _, err = cli("review", "show", "999")
    assert code == 3 and "no review case with id 999" in err


def test_monitor_run_after_a_list_change_writes_the_email(cli: Cli, tmp_path: Path) -> None:
    cli("parties", "import", str(CUSTOMERS), "--no-screen")
    code, _, err = cli("monitor", "run")  # first check: the whole list
    assert code == 0 and "test-list: snapshot (first check) → #1" in err and "2 new case(s)" in err
    with open_store(cli.db) as store:
        renamed = replace(KORVAX, aliases=(*KORVAX.aliases,), remarks="changed")
        import_version(store, [renamed, PETROV], "v2")  # ACME removed, KORVAX changed
    email = tmp_path / "alert.eml"
    code, out, err = cli("monitor", "run", "--email", str(email), "--json")
    assert code == 0
    report = json.loads(out)
    assert [c["entry_id"] for c in report["closed"]] == [ACME.id]
    assert report["opened"] == [] and report["entries_checked"] == 1
    text = email.read_text("utf-8")
    assert text.startswith("Subject: [tradeguard] 0 new potential match(es), 0 reopened, 1 closed")
    code, out, _ = cli("monitor", "failures")
    assert out.strip() == "no failed alert deliveries"


def test_lists_update_triggers_monitoring(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    cli("parties", "import", str(CUSTOMERS), "--no-screen")
    cli("monitor", "run")

    def fake_update(store: Store, *_args: object, **_kwargs: object) -> list[ImportReport]:
        # Stands in for the download: the new list version drops ACME.
        snapshot = import_version(store, [KORVAX, PETROV], "v2")
        return [ImportReport(snapshot.dataset, "imported", "imported", snapshot_id=snapshot.id)]

    monkeypatch.setattr("tradeguard.cli.lists.update_datasets", fake_update)
    code, _, err = cli("lists", "update")
    assert code == 0
    assert "test-list: snapshot #1 → #2" in err and "1 closed" in err
    with open_store(cli.db) as store:
        [closed] = review_store(store).cases([CaseStatus.CLOSED.value])
    assert closed.entry_id == ACME.id
