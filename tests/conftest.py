"""Shared test fixtures: where the real public data lives, a fresh settings object per test, and databases holding
list files (the bundled sample CSL; three SDN entries sharing one name)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tradeguard.build import stale_compiled_modules
from tradeguard.lists.registry import sample_csl_path
from tradeguard.lists.update import import_file
from tradeguard.settings import Settings, load_settings
from tradeguard.store import open_store

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


@pytest.fixture(scope="session")
def lists_db(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Settings]:
    """A factory: settings whose fresh database (in a folder of its own) holds the given list files."""

    def make(*list_files: Path) -> Settings:
        folder = tmp_path_factory.mktemp("lists-db")
        env = {"TRADEGUARD_DB": str(folder / "lists.sqlite"), "TRADEGUARD_CONFIG": str(folder / "none.toml")}
        settings = load_settings(environ=env)
        store = open_store(settings.db)
        try:
            for path in list_files:
                import_file(store, path, settings=settings)
        finally:
            store.close()
        return settings

    return make


@pytest.fixture(scope="session")
def sample_settings(lists_db: Callable[..., Settings]) -> Settings:
    """Settings whose database holds only the bundled sample CSL (13 real entries: Huawei, Banco Nacional de Cuba)."""
    return lists_db(sample_csl_path())


@pytest.fixture(scope="session")
def crowded_settings(lists_db: Callable[..., Settings], fixtures: Path) -> Settings:
    """Settings whose database holds three SDN entries that share one name (AL NASER AIRLINES)."""
    return lists_db(fixtures / "api/csl-crowded.csv")
