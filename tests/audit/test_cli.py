"""`tradeguard audit list|show|replay|verify` end to end, in-process, on a SQLite file (and `--db` a PostgreSQL URL)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from audit.support import tamper
from tradeguard.cli import main
from tradeguard.store import open_store

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "huawei-soc-2026.yaml"


class Cli:
    """Runs `tradeguard --db DB ...` in-process and returns (exit code, stdout, stderr)."""

    def __init__(self, db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
        self.db, self.monkeypatch, self.capsys = db, monkeypatch, capsys
        monkeypatch.setenv("TRADEGUARD_CONFIG", "/nonexistent/none.toml")
        monkeypatch.setenv("COLUMNS", "250")
        monkeypatch.setenv("NO_COLOR", "1")

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
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    cli = Cli(str(tmp_path / "cli.sqlite"), monkeypatch, capsys)
    assert cli("lists", "import", "--sample")[0] == 0
    return cli


def test_screen_and_decide_are_recorded_listed_shown_replayed_and_verified(cli: Cli) -> None:
    assert cli("screen", "Huawei Technologies Co Ltd")[0] == 0
    assert cli("screen", "Acme Widgets Incorporated")[0] == 0
    assert cli("decide", str(EXAMPLE))[0] == 0
    code, out, _ = cli("audit", "list", "--json")
    listed = json.loads(out)
    assert [(r["id"], r["kind"]) for r in listed] == [(3, "decide"), (2, "screen"), (1, "screen")]
    code, out, _ = cli("audit", "list", "--party", "huawei", "--kind", "screen")
    assert code == 0 and "Huawei Technologies Co Ltd" in out and "Acme" not in out and "potential match" in out
    code, out, _ = cli("audit", "show", "2")
    assert json.loads(out)["input"]["name"] == "Acme Widgets Incorporated"
    for record in ("1", "3"):
        code, out, _ = cli("audit", "replay", record)
        assert code == 0 and "replay identical" in out
    code, out, _ = cli("audit", "verify")
    assert code == 0 and "intact: 3 records" in out


def test_verify_exits_9_and_names_the_tampered_record(cli: Cli) -> None:
    for name in ("Alpha Trading", "Beta Trading", "Gamma Trading"):
        cli("screen", name)
    with open_store(cli.db) as store:
        tamper(
            store, ("DELETE FROM audit_snapshots WHERE audit_id = 2", ()), ("DELETE FROM audit_log WHERE id = 2", ())
        )
    code, out, err = cli("audit", "verify")
    assert code == 9 and "deleted" in out and "record(s) 2 were deleted" in out and "tampered" in err


def test_bad_since_and_unknown_record_are_clear_errors(cli: Cli) -> None:
    code, _, err = cli("audit", "list", "--since", "March 3rd")
    assert code == 2 and "--since" in err
    code, _, err = cli("audit", "show", "42")
    assert code == 3 and "42" in err
