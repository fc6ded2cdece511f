"""The compare and eval commands, run in-process through Typer's CliRunner."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from tradeguard.cli import _register_commands, app

_register_commands()
runner = CliRunner()


def test_compare_two_names_json() -> None:
    result = runner.invoke(app, ["compare", "华为技术有限公司", "HUAWEI TECHNOLOGIES CO., LTD.", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["match"] is True and payload["score"] > 0.9 and "huawei=huawei" in payload["explanation"]


def test_compare_readable_output() -> None:
    result = runner.invoke(app, ["compare", "Bank 7", "Bank 8", "--kind", "Company"])
    assert result.exit_code == 0 and "no match" in result.output and "numbers differ" in result.output


def test_compare_pairs_streams_every_row_and_reports_bad_ones(tmp_path: Path) -> None:
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(
        "name1,name2,kind\nHuawei Technologies,HUAWEI TECHNOLOGIES CO LTD,Company\n,Acme,\n"
        "John Smith,Jane Smith,Person\nAcme,Acme,Spaceship\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["compare", "--pairs", str(source), "--out", str(target)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert [row["match"] for row in rows] == ["true", "false", "false", "false"]
    assert rows[1]["score"] == "0.0000" and "line 3" in rows[1]["error"]
    assert "line 5" in rows[3]["error"] and "Spaceship" in rows[3]["error"]
    assert list(rows[0])[:3] == ["name1", "name2", "kind"] and {"score", "match", "error"} <= set(rows[0])


def test_compare_pairs_missing_column_is_an_error(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("a,b\nx,y\n", encoding="utf-8")
    result = runner.invoke(app, ["compare", "--pairs", str(source), "--out", str(tmp_path / "out.csv")])
    assert result.exit_code != 0


def test_eval_prints_metrics(fixtures: Path) -> None:
    table = fixtures / "match/hand-cases.csv"
    result = runner.invoke(app, ["eval", str(table), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    rows = len(table.read_text(encoding="utf-8").splitlines()) - 1  # one labelled pair per line after the header
    assert payload["count"] == rows and 0.9 < payload["f1"] <= 1 and len(payload["table"]) == 10


def test_compare_pairs_keeps_an_input_score_column(tmp_path: Path) -> None:
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text("name1,name2,score\nAcme Ltd,ACME LIMITED,0.1234\n", encoding="utf-8")
    result = runner.invoke(app, ["compare", "--pairs", str(source), "--out", str(target)])
    assert result.exit_code == 0, result.output
    (row,) = list(csv.DictReader(target.open(encoding="utf-8")))
    assert row["score_in"] == "0.1234" and row["score"] == "1.0000" and row["match"] == "true"
