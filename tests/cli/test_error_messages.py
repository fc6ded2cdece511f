"""The console script maps tradeguard errors once: a one-line message on stderr and the error's exit code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_error_message_keeps_square_brackets_and_exit_code(tmp_path: Path) -> None:
    missing = tmp_path / "[red]not-there.csv"
    done = subprocess.run(
        [sys.executable, "-m", "tradeguard", "--db", str(tmp_path / "db.sqlite"), "lists", "import", str(missing)],
        capture_output=True,
        text=True,
        env={"TRADEGUARD_CONFIG": "/nonexistent", "PATH": "/usr/bin:/bin", "COLUMNS": "400"},
        check=False,
    )
    assert done.returncode == 5, done.stderr
    assert "[red]not-there.csv" in done.stderr  # printed as text, not eaten as Rich markup
    assert "Traceback" not in done.stderr
