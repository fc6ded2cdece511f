"""Spark fixtures: one real local Spark session for the whole run, and databases holding real lists."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

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
def dpl_lists(lists_db: Callable[..., Settings], shared_data: Path) -> Settings:
    """The full real Denied Persons List of 2023-11-30 (665 rows, persons and companies)."""
    return lists_db(shared_data / "lists/us-bis-dpl/dpl-2023-11-30.txt")
