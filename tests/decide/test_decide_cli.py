"""`tradeguard decide` and `tradeguard licenses` end to end on the 115-row CSL sample in a temporary store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

pytest.importorskip("tradeguard.engine", reason="tradeguard.engine (the lead's Engine) is not there yet")

from tradeguard.cli import _register_commands, app
from tradeguard.errors import InputError
from tradeguard.lists.registry import sample_csl_path
from tradeguard.lists.update import import_file
from tradeguard.settings import Settings
from tradeguard.store import open_store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture
def db(settings: Settings) -> str:
    store = open_store(settings.db)
    import_file(store, sample_csl_path(), settings=settings)
    store.close()
    _register_commands()
    return settings.db


def _run(db: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--db", db, *args])
    return result.exit_code, result.output


def test_decide_json_lines_in_input_order(db: str) -> None:
    code, out = _run(
        db, "decide", str(EXAMPLES / "huawei-soc-2026.yaml"), str(EXAMPLES / "huawei-tgl-2019.yaml"), "--json"
    )
    assert code == 0, out
    first, second = (json.loads(line) for line in out.strip().splitlines())
    assert first["decision"] == "LICENSE_REQUIRED" and first["as_of"]["snapshots"]
    assert second["decision"] == "AUTHORIZED"


def test_decide_memo(db: str) -> None:
    code, out = _run(db, "decide", str(EXAMPLES / "huawei-soc-2026.yaml"))
    assert code == 0, out
    assert out.startswith("DECISION: LICENSE_REQUIRED") and "744.11" in out


def test_a_held_license_authorises_and_draws_down(db: str) -> None:
    code, out = _run(
        db,
        "licenses",
        "add",
        "D555",
        "--party",
        "Huawei Technologies Co., Ltd.",
        "--eccn",
        "5A992",
        "--destination",
        "CN",
        "--valid-from",
        "2026-01-01",
        "--valid-to",
        "2027-01-01",
        "--value-limit",
        "200000",
    )
    assert code == 0, out
    code, out = _run(db, "decide", str(EXAMPLES / "huawei-soc-2026.yaml"), "--json")
    decision = json.loads(out)
    assert decision["decision"] == "AUTHORIZED"
    assert "D555" in decision["items"][0]["requirements"][0]["covered_by"]
    assert _run(db, "licenses", "draw", "D555", "--value", "120000", "--quantity", "1000", "--ref", "PO-1")[0] == 0
    code, out = _run(db, "decide", str(EXAMPLES / "huawei-soc-2026.yaml"), "--json")
    assert json.loads(out)["decision"] == "LICENSE_REQUIRED"  # 80,000 left is less than the 120,000 order
    code, out = _run(db, "licenses", "show", "D555")
    assert json.loads(out)["value_used"] == 120000
    assert "D555" in _run(db, "licenses", "list")[1]


def test_bad_file_is_an_input_error(db: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("ship_date: soon\n")
    result = CliRunner().invoke(app, ["--db", db, "decide", str(bad)])
    assert isinstance(result.exception, InputError)  # main() maps it to exit code 2 and a one-line message
    assert "ship_date" in result.exception.message and str(bad) in result.exception.message
