"""Screening files with Spark: read Parquet or CSV, screen, write the result (a folder of part files), count.

This module imports pyspark; the CLI reaches it only after `require_pyspark()`.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pyspark.errors import AnalysisException
from pyspark.sql import DataFrame, DataFrameReader, SparkSession

from tradeguard.batch.model import RESULT_COLUMNS, STATUS_CLEAR, STATUS_ERROR, STATUS_MATCH
from tradeguard.errors import InputError
from tradeguard.settings import Settings
from tradeguard.spark.bundle import ScreeningBundle, build_bundle
from tradeguard.spark.job import screen_dataframe

FORMATS = ("parquet", "csv")
_SUFFIXES = {".parquet": "parquet", ".pq": "parquet", ".csv": "csv", ".tsv": "csv", ".txt": "csv"}


@dataclass(frozen=True)
class SparkFileOptions:
    """How to read, map and screen a file with Spark; every field is optional."""

    name_col: str | None = None
    kind_col: str | None = None
    country_col: str | None = None
    address_col: str | None = None
    id_col: str | None = None
    threshold: float | None = None
    sources: tuple[str, ...] = ()
    format: str | None = None  # parquet or csv; None: from the input's extension (a folder without one: parquet)
    output_format: str | None = None  # None: from the output's extension, else the input's format
    delimiter: str | None = None  # CSV only; None: comma, or tab for .tsv
    encoding: str = "utf-8"  # CSV only
    multiline: bool = False  # CSV only: quoted cells with line breaks (the file is then read by one task)
    partitions: int | None = None  # repartition the input into this many parts first (None: as read)
    overwrite: bool = False


@dataclass
class SparkSummary:
    """The end-of-run account of a Spark screening run."""

    input: str
    output: str
    master: str
    rows: int = 0
    clear: int = 0
    potential_matches: int = 0
    more_hits: int = 0  # rows whose screen limit left out further potential matches
    errors: int = 0
    hits_by_list: dict[str, int] = field(default_factory=dict)  # rows by their best hit's list
    partitions: int = 0
    snapshots: tuple[int, ...] = ()
    seconds: float = 0.0  # reading, screening and writing
    index_seconds: float = 0.0  # compiling (or reading) the bundle on the driver

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0


def format_of(path: str, given: str | None, fallback: str = "parquet") -> str:
    """The file format: the one given, else from the extension, else `fallback`."""
    if given is not None:
        if given.lower() not in FORMATS:
            raise InputError(f"format {given!r} is not one Spark screening reads; choose one of {', '.join(FORMATS)}")
        return given.lower()
    suffix = "." + path.rstrip("/").rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
    return _SUFFIXES.get(suffix, fallback)


def _csv_options(path: str, options: SparkFileOptions) -> dict[str, Any]:
    delimiter = options.delimiter or ("\t" if path.lower().endswith(".tsv") else ",")
    # Every cell is read as text, as screen-file reads CSV; no schema inference, so no second pass over the file.
    return {"header": True, "inferSchema": False, "sep": delimiter, "encoding": options.encoding,
            "multiLine": options.multiline, "escape": '"'}  # fmt: skip


def read_input(spark: SparkSession, path: str, fmt: str, options: SparkFileOptions) -> DataFrame:
    """The input as a DataFrame; an `InputError` naming the path when Spark cannot read it."""
    reader: DataFrameReader = spark.read
    try:
        if fmt == "csv":
            return reader.options(**_csv_options(path, options)).csv(path)
        return reader.parquet(path)
    except AnalysisException as exc:
        raise InputError(f"{path}: cannot read as {fmt}: {_first_line(exc)}") from exc


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _write(df: DataFrame, path: str, fmt: str, options: SparkFileOptions) -> None:
    writer = df.write.mode("overwrite" if options.overwrite else "errorifexists")
    try:
        if fmt == "csv":
            # Spark trims cells when it writes CSV unless told not to; screen-file writes every cell as it is.
            writer.options(
                header=True, sep=options.delimiter or ",", escape='"',
                ignoreLeadingWhiteSpace=False, ignoreTrailingWhiteSpace=False,
            ).csv(path)  # fmt: skip
        else:
            writer.parquet(path)
    except AnalysisException as exc:
        raise InputError(
            f"{path}: cannot write the result: {_first_line(exc)} (use --overwrite to replace it)"
        ) from exc


def count_outcomes(result: DataFrame, summary: SparkSummary, output_names: Sequence[str]) -> None:
    """Fill the summary's counts from a screened DataFrame (one small aggregation)."""
    status, best_list, more = (output_names[RESULT_COLUMNS.index(role)] for role in ("status", "list", "more_hits"))
    for row in result.groupBy(status, best_list, more).count().collect():
        count = int(row["count"])
        summary.rows += count
        if row[status] == STATUS_CLEAR:
            summary.clear += count
        elif row[status] == STATUS_ERROR:
            summary.errors += count
        elif row[status] == STATUS_MATCH:
            summary.potential_matches += count
            summary.more_hits += count if row[more] else 0
            summary.hits_by_list[row[best_list]] = summary.hits_by_list.get(row[best_list], 0) + count


def screen_files(
    spark: SparkSession,
    input_path: str,
    output_path: str,
    settings: Settings,
    options: SparkFileOptions | None = None,
    bundle: ScreeningBundle | None = None,
) -> SparkSummary:
    """Screen every row of `input_path` into `output_path` (a folder of part files) and return the summary."""
    options = options or SparkFileOptions()
    fmt = format_of(input_path, options.format)
    out_fmt = format_of(output_path, options.output_format, fallback=fmt)
    summary = SparkSummary(input=input_path, output=output_path, master=spark.sparkContext.master or "")
    started = time.perf_counter()
    bundle = bundle or build_bundle(settings)
    summary.index_seconds, summary.snapshots = time.perf_counter() - started, bundle.snapshot_ids
    started = time.perf_counter()
    df = read_input(spark, input_path, fmt, options)
    result = screen_dataframe(
        df, options.name_col, options.kind_col, options.country_col, options.address_col, options.id_col,
        options.threshold, settings, sources=options.sources, bundle=bundle, first_line=2 if fmt == "csv" else 1,
        partitions=options.partitions,
    )  # fmt: skip
    _write(result, output_path, out_fmt, options)
    summary.seconds = time.perf_counter() - started
    summary.partitions = options.partitions or df.rdd.getNumPartitions()
    written = read_input(spark, output_path, out_fmt, SparkFileOptions(delimiter=options.delimiter or ","))
    count_outcomes(written, summary, result.columns[len(df.columns) :])
    return summary
