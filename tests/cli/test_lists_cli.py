"""The `lists` commands end to end through the real entry point: output, JSON, exit codes, the --db option."""

from __future__ import annotations

import json
import shutil
import sys
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tradeguard.cli import main
from tradeguard.lists.model import Entry, EntryKind, ParsedDataset
from tradeguard.store import SQLiteStore


class Cli:
    """Runs `tradeguard ...` in-process with an isolated environment and captures what it prints."""

    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
        self.db = tmp_path / "cli.sqlite"
        self.monkeypatch, self.capsys = monkeypatch, capsys
        monkeypatch.setenv("TRADEGUARD_CONFIG", str(tmp_path / "none.toml"))
        monkeypatch.setenv("COLUMNS", "250")
        monkeypatch.setenv("NO_COLOR", "1")
        monkeypatch.delenv("TRADEGUARD_DB", raising=False)

    def __call__(self, *args: str) -> tuple[int, str, str]:
        self.monkeypatch.setattr(sys, "argv", ["tradeguard", "--db", str(self.db), *args])
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        captured = self.capsys.readouterr()
        return code, captured.out, captured.err

    def json(self, *args: str) -> Any:
        code, out, err = self(*args, "--json")
        assert code == 0, err
        return json.loads(out)


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path, monkeypatch, capsys)


def sdn(n: int, name: str | None = None) -> Entry:
    return Entry(
        id=f"us-ofac-sdn:{n}", source="us-ofac-sdn", source_id=str(n), kind=EntryKind.PERSON, name=name or f"P {n}"
    )


def seed_two_versions(db: Path) -> tuple[int, int]:
    with SQLiteStore(db) as store:
        old = store.import_snapshot(ParsedDataset("us-ofac-sdn", "ofac-csv", (sdn(1), sdn(2), sdn(3))), sha256="v1")
        new = store.import_snapshot(
            ParsedDataset("us-ofac-sdn", "ofac-csv", (sdn(2, "NEW NAME"), sdn(3), sdn(4)), published="2024-05-03"),
            sha256="v2",
            filename="sdn.csv",
        )
    return old.id, new.id


def test_db_option_and_env_select_the_database(cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seed_two_versions(cli.db)
    assert [s["id"] for s in cli.json("lists", "snapshots")] == [2, 1]
    other = tmp_path / "other.sqlite"
    monkeypatch.setattr(sys, "argv", ["tradeguard", "lists", "snapshots", "--json"])
    monkeypatch.setenv("TRADEGUARD_DB", str(other))
    main()
    assert json.loads(cli.capsys.readouterr().out) == []
    assert other.is_file()


def test_snapshots_table_and_json(cli: Cli) -> None:
    seed_two_versions(cli.db)
    code, out, _ = cli("lists", "snapshots", "us-ofac-sdn")
    assert code == 0
    assert "us-ofac-sdn" in out and "sdn.csv" in out and "2024-05-03" in out
    [newest] = [s for s in cli.json("lists", "snapshots") if s["active"]]
    assert (newest["id"], newest["entry_count"], newest["counts_by_list"]) == (2, 3, {"us-ofac-sdn": 3})


def test_status_shows_counts_per_list_and_warnings(cli: Cli) -> None:
    seed_two_versions(cli.db)
    statuses = {s["dataset"]: s for s in cli.json("lists", "status")}
    assert statuses["us-ofac-sdn"]["counts_by_list"] == {"us-ofac-sdn": 3}
    assert statuses["us-ofac-sdn"]["stale"] is True  # published 2024-05-03
    assert statuses["un-sc"]["warning"] == "never imported"
    code, out, _ = cli("lists", "status")
    assert code == 0 and "us-ofac-sdn: 3" in out and "never imported" in out


def test_diff_defaults_to_the_two_newest_snapshots(cli: Cli) -> None:
    old, new = seed_two_versions(cli.db)
    data = cli.json("lists", "diff", "us-ofac-sdn")
    assert (data["old"]["id"], data["new"]["id"]) == (old, new)
    assert data["counts"] == {"added": 1, "removed": 1, "changed": 1, "unchanged": 1}
    assert data["changed"][0]["fields"] == [{"field": "name", "old": "P 2", "new": "NEW NAME"}]
    assert cli.json("lists", "diff", "us-ofac-sdn", str(new), str(old))["counts"]["added"] == 1
    code, out, _ = cli("lists", "diff", "us-ofac-sdn", "--limit", "1")
    assert code == 0
    assert "1 added" in out and "1 removed" in out and "name: P 2 → NEW NAME" in out


@pytest.mark.parametrize(
    ("args", "exit_code", "message"),
    [
        (("lists", "diff", "us-ofac-sdn", "1"), 2, "give both OLD and NEW"),
        (("lists", "diff", "un-sc"), 2, "un-sc has 0 snapshot"),
        (("lists", "diff", "us-ofac-sdn", "1", "99"), 3, "no snapshot with id 99"),
        (("lists", "update", "nowhere"), 2, "unknown dataset 'nowhere'"),
        (("lists", "import", "/nonexistent/file.csv"), 5, "not a readable file"),
    ],
)
def test_errors_have_messages_and_exit_codes(cli: Cli, args: tuple[str, ...], exit_code: int, message: str) -> None:
    seed_two_versions(cli.db)
    code, _, err = cli(*args)
    assert code == exit_code
    assert message in " ".join(err.split())


@pytest.mark.slow
def test_import_full_csl_then_status_shows_counts_per_list(cli: Cli, shared_data: Path) -> None:
    csl = shared_data / "lists/us-csl/consolidated-2022-05.csv"
    code, out, err = cli("lists", "import", str(csl))
    assert code == 0, err
    assert "us-csl" in out and "imported" in out and "14,160" in out
    status = {s["dataset"]: s for s in cli.json("lists", "status")}["us-csl"]
    assert status["entry_count"] == 14_160
    assert status["counts_by_list"]["us-ofac-sdn"] == 10_026
    assert status["counts_by_list"]["us-bis-entity-list"] == 2_001
    code, out, _ = cli("lists", "status")
    assert "us-bis-entity-list: 2,001" in out and "us-ofac-sdn: 10,026" in out
    code, out, _ = cli("lists", "import", str(csl))
    assert code == 0 and "unchanged" in out


def test_import_refusal_exits_5(cli: Cli, shared_data: Path, tmp_path: Path) -> None:
    dpl = shared_data / "lists/us-bis-dpl/dpl-2023-11-30.txt"
    assert cli("lists", "import", str(dpl))[0] == 0
    lines = dpl.read_bytes().splitlines(keepends=True)
    half = tmp_path / "dpl-half.txt"
    half.write_bytes(b"".join(lines[: len(lines) // 2]))
    code, _, err = cli("lists", "import", str(half))
    assert code == 5 and "would remove" in err
    code, out, _ = cli("lists", "import", str(half), "--force", "--json")
    assert code == 0 and json.loads(out)[0]["forced"] is True


@pytest.fixture
def mirror_url(tmp_path: Path, shared_data: Path) -> Iterator[str]:
    root = tmp_path / "mirror"
    (root / "us-bis-dpl").mkdir(parents=True)
    shutil.copyfile(shared_data / "lists/us-bis-dpl/dpl-2019-06-29.txt", root / "us-bis-dpl/dpl.txt")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_update_from_a_mirror(cli: Cli, mirror_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRADEGUARD_URL_BASE", mirror_url)
    [report] = cli.json("lists", "update", "us-bis-dpl")
    assert (report["dataset"], report["status"]) == ("us-bis-dpl", "imported")
    code, out, err = cli("lists", "update", "us-bis-dpl", "un-sc")
    assert code == 6  # un-sc is not on the mirror: the command fails, after updating what it could
    assert "unchanged" in out and "HTTP 404" in " ".join(out.split())
    assert "1 dataset(s) failed" in err


def test_screen_says_when_its_limit_left_out_matches(cli: Cli) -> None:
    crowded = Path(__file__).resolve().parents[1] / "fixtures/api/csl-crowded.csv"  # three entries, one name
    assert cli("lists", "import", str(crowded))[0] == 0
    code, out, err = cli("screen", "Al Naser Airlines", "--limit", "2")
    assert code == 0, err
    assert "2 potential match(es)" in out and "Only the 2 best entries are shown" in out and "--limit" in out
    assert cli.json("screen", "Al Naser Airlines", "--limit", "2")["truncated"] is True
    code, out, _ = cli("screen", "Al Naser Airlines")
    assert "3 potential match(es)" in out and "best entries are shown" not in out
    assert cli.json("screen", "Al Naser Airlines", "--limit", "3")["truncated"] is False
