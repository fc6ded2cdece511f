"""The store fixture, parametrised over SQLite and a real PostgreSQL server started by scripts/ensure-postgres.sh.

Set TRADEGUARD_TEST_POSTGRES_URL to use a server of your own instead (each test gets a schema of its own there).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tradeguard.store import open_store
from tradeguard.store.base import Store

ENSURE_POSTGRES = Path(__file__).resolve().parents[2] / "scripts" / "ensure-postgres.sh"
BACKENDS = ("sqlite", "postgres")


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """The URL of a PostgreSQL server for this test session (started here, stopped at the end, unless given)."""
    given = os.environ.get("TRADEGUARD_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    state = tempfile.mkdtemp(prefix="tradeguard-pg-")
    done = subprocess.run(["bash", str(ENSURE_POSTGRES), state], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        shutil.rmtree(state, ignore_errors=True)
        pytest.fail(f"cannot start PostgreSQL for the store tests: {done.stderr.strip()}")
    try:
        yield done.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run(["bash", str(ENSURE_POSTGRES), "--stop", state], capture_output=True, check=False)


def schema_url(base_url: str, schema: str) -> str:
    """`base_url` with every session's search_path set to `schema` (libpq's `options` parameter)."""
    separator = "&" if "?" in base_url else "?"
    return f"{base_url}{separator}options=-csearch_path%3D{schema}"


@pytest.fixture
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database for one test: a SQLite file, or a PostgreSQL schema of its own."""
    if request.param == "sqlite":
        yield str(tmp_path / "db.sqlite")
        return
    base = request.getfixturevalue("postgres_url")
    schema = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    try:
        yield schema_url(base, schema)
    finally:
        with psycopg.connect(base, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as opened:
        yield opened


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test that uses `store` or `store_url` runs once per backend."""
    if "store_url" in metafunc.fixturenames:
        metafunc.parametrize("store_url", BACKENDS, indirect=True)
