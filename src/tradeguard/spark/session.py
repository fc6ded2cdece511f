"""Getting a Spark session: the one spark-submit made, or a local one whose workers run this very Python."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from tradeguard.spark import require_pyspark

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

DEFAULT_MASTER = "local[*]"
APP_NAME = "tradeguard spark-screen"


def under_spark_submit() -> bool:
    """True when spark-submit (or a notebook's runtime) launched this driver: its JVM gateway is already there."""
    return "PYSPARK_GATEWAY_PORT" in os.environ


def get_session(master: str | None = None, app_name: str = APP_NAME) -> SparkSession:
    """The active session, or a new one on `master` (default: spark-submit's, else local[*])."""
    require_pyspark()
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name)
    if master is None and not under_spark_submit():
        master = DEFAULT_MASTER
    if master is not None:
        builder = builder.master(master)
    if master is not None and master.startswith("local"):
        # Local workers must import tradeguard: run them on this interpreter (a virtualenv), not `python3` on PATH;
        # PySpark reads the worker interpreter from this variable when the context starts.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        builder = builder.config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
    return builder.getOrCreate()
