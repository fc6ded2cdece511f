"""`tradeguard screen-file` as a user runs it: in a subprocess, with its exit codes, summary and output file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tradeguard.settings import Settings

from .conftest import read_csv, write_csv


def _run(settings: Settings, *args: str, limit: int | None = None) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        **({"TRADEGUARD_SCREEN_LIMIT": str(limit)} if limit is not None else {}),
        "TRADEGUARD_DB": settings.db,
        "TRADEGUARD_CONFIG": "/nonexistent",
        "NO_COLOR": "1",
        "COLUMNS": "250",
    }
    return subprocess.run(
        [sys.executable, "-m", "tradeguard", "screen-file", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_cli_screens_a_cp1252_semicolon_file_with_german_headers(
    tmp_path: Path, fixtures: Path, sample_settings: Settings
) -> None:
    out = tmp_path / "kunden.out.csv"
    result = _run(sample_settings, str(fixtures / "batch/kunden-cp1252.csv"), "-o", str(out), "--workers", "2")
    assert result.returncode == 0, result.stderr
    # Not a terminal: plain lines name what was detected, the summary follows on stdout.
    assert "encoding cp1252, delimiter ';'" in result.stderr
    assert "name='Firma', kind='Art', country='Land', address='Anschrift', id='Kundennr'" in result.stderr
    assert "potential matches" in result.stdout and "BIS Entity List" in result.stdout
    assert "line 5: no name in column 'Firma'" in result.stdout
    header, rows = read_csv(out, delimiter=";")
    assert header[:5] == ["Kundennr", "Firma", "Land", "Art", "Anschrift"]
    assert [row["status"] for row in rows] == ["clear", "potential_match", "clear", "error", "potential_match", "clear"]
    assert rows[0]["Firma"] == "Müller Maschinenbau GmbH"  # decoded from cp1252, written as UTF-8
    assert rows[1]["list"] == "us-bis-entity-list" and rows[1]["license_requirement"].startswith("For all items")


def test_cli_options_and_errors(tmp_path: Path, sample_settings: Settings) -> None:
    source = tmp_path / "in.tsv"
    source.write_text("Partner\tCC\nHuawei Technologies Co Ltd\tCN\n", encoding="utf-16")
    out = tmp_path / "out.jsonl"
    ok = _run(
        sample_settings, str(source), "-o", str(out), "--name-col", "Partner", "--country-col", "CC", "--workers", "1"
    )
    assert ok.returncode == 0, ok.stderr
    assert '"status": "potential_match"' in out.read_text(encoding="utf-8")
    missing = _run(sample_settings, str(source), "--name-col", "Nope")
    assert missing.returncode == 2 and "--name-col 'Nope' is not a column" in missing.stderr
    absent = _run(sample_settings, str(tmp_path / "none.csv"))
    assert absent.returncode == 2 and "no such file" in absent.stderr
    unknown = _run(sample_settings, str(source), "--format", "docx")
    assert unknown.returncode == 2 and "unknown format" in unknown.stderr


def test_cli_summary_counts_rows_with_more_matches_than_they_list(tmp_path: Path, crowded_settings: Settings) -> None:
    source = write_csv(tmp_path / "in.csv", ["name"], [["Al Naser Airlines"], ["Nordic Timber AB"]])
    result = _run(crowded_settings, str(source), "--workers", "1", limit=2)
    assert result.returncode == 0, result.stderr
    lines = [" ".join(line.split()) for line in result.stdout.splitlines()]
    assert "rows with more matches than listed 1" in lines
    assert any(line.startswith("note 1 rows match more entries") and "(column more_hits)" in line for line in lines)
    assert "more_hits" not in _run(crowded_settings, str(source), "--workers", "1", limit=3).stdout
