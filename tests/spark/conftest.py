"""Spark fixtures: one real local Spark session for the whole run, and databases holding real lists."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from batch.conftest import settings_with
from tradeguard.lists.registry import sample_csl_path
from tradeguard.settings import Settings

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    """A real Spark session on two local cores (Java 17+ must be installed: scripts/ensure-java.sh)."""
    from tradeguard.spark.session import get_session

    session = get_session("local[2]", "tradeguard tests")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def sample_lists(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The bundled sample CSL (13 real entries: Huawei, Banco Nacional de Cuba...)."""
    return settings_with(tmp_path_factory.mktemp("spark-sample"), sample_csl_path())


@pytest.fixture(scope="session")
def dpl_lists(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Settings:
    """The full real Denied Persons List of 2023-11-30 (665 rows, persons and companies)."""
    return settings_with(tmp_path_factory.mktemp("spark-dpl"), shared_data / "lists/us-bis-dpl/dpl-2023-11-30.txt")
