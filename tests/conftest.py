"""Shared test fixtures: where the real public data lives, and a fresh settings object per test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tradeguard.build import stale_compiled_modules
from tradeguard.settings import Settings, load_settings

SHARED_DATA = Path(os.environ.get("TRADEGUARD_SHARED_DATA", Path(__file__).resolve().parents[1] / "../shared/data"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_configure(config: pytest.Config) -> None:
    # A compiled module older than its source runs the old code: the suite would test something else than the tree.
    stale = stale_compiled_modules()
    if stale:
        pytest.exit(f"compiled modules older than their source: {', '.join(stale)}; run `make .venv/.compiled`", 4)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The read-only real data folder (../shared/data beside the checkout)."""
    if not SHARED_DATA.is_dir():
        pytest.fail(f"real data folder not found at {SHARED_DATA}; set TRADEGUARD_SHARED_DATA")
    return SHARED_DATA.resolve()


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings isolated from the user's environment: a database in a temporary folder."""
    env = {"TRADEGUARD_DB": str(tmp_path / "tradeguard.sqlite"), "TRADEGUARD_CONFIG": str(tmp_path / "none.toml")}
    return load_settings(environ=env)
