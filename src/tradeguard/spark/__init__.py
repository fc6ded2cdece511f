"""Screening on Apache Spark: `screen_dataframe` gives a DataFrame the result columns of `screen-file`.

Optional: `pip install 'tradeguard[spark]'`. Importing this package never imports pyspark; calling a Spark function
without it raises a `ConfigError` that names the extra.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tradeguard.errors import ConfigError
from tradeguard.spark.bundle import ScreeningBundle, build_bundle

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

    from tradeguard.settings import Settings

MISSING_PYSPARK = "Spark screening needs PySpark: pip install 'tradeguard[spark]'"


def require_pyspark() -> None:
    """Raise a `ConfigError` naming the `spark` extra when pyspark is not installed."""
    if importlib.util.find_spec("pyspark") is None:
        raise ConfigError(MISSING_PYSPARK)


def screen_dataframe(
    df: DataFrame,
    name_col: str | None = None,
    kind_col: str | None = None,
    country_col: str | None = None,
    address_col: str | None = None,
    id_col: str | None = None,
    threshold: float | None = None,
    settings: Settings | None = None,
    *,
    sources: Sequence[str] = (),
    bundle: ScreeningBundle | None = None,
    first_line: int = 1,
    partitions: int | None = None,
) -> DataFrame:
    """Every row of `df` with the result columns of `screen-file` appended (lazy: nothing runs until an action).

    Columns not named are detected from the headers as `screen-file` detects them. The index is compiled once, on
    the driver, from `settings`' database (or taken from `bundle`) and broadcast to the executors. `first_line` is
    the line number of the first row in error messages (2 for a CSV file with a header row, as `screen-file` counts).
    `partitions` spreads the rows over that many tasks first (the output then follows those parts, not input order).
    """
    require_pyspark()
    from tradeguard.spark import job

    return job.screen_dataframe(
        df,
        name_col,
        kind_col,
        country_col,
        address_col,
        id_col,
        threshold,
        settings,
        sources=sources,
        bundle=bundle,
        first_line=first_line,
        partitions=partitions,
    )


__all__ = ["MISSING_PYSPARK", "ScreeningBundle", "build_bundle", "require_pyspark", "screen_dataframe"]
