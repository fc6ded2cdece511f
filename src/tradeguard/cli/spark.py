"""`tradeguard spark-screen` and `spark-bundle`: screening files on Apache Spark (optional `spark` extra)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from tradeguard.cli import app
from tradeguard.cli.batch import outcome_table
from tradeguard.cli.context import get_settings


@app.command("spark-screen")
def spark_screen_command(
    ctx: typer.Context,
    input_path: Annotated[str, typer.Argument(metavar="INPUT", help="Parquet or CSV file or folder (any Spark URI).")],
    output_path: Annotated[str, typer.Argument(metavar="OUTPUT", help="Result folder of part files (Parquet/CSV).")],
    master: Annotated[
        str | None, typer.Option(help="Spark master, e.g. local[*] (default: spark-submit's, else local[*]).")
    ] = None,
    name_col: Annotated[str | None, typer.Option(help="Column with the party name (default: detected).")] = None,
    kind_col: Annotated[str | None, typer.Option(help="Column with person/organization/vessel/aircraft.")] = None,
    country_col: Annotated[str | None, typer.Option(help="Column with the country (ISO-2 or name).")] = None,
    address_col: Annotated[str | None, typer.Option(help="Column with the address.")] = None,
    id_col: Annotated[str | None, typer.Option(help="Column with the row's own id.")] = None,
    threshold: Annotated[float | None, typer.Option(help="Match threshold in [0, 1].")] = None,
    source: Annotated[list[str] | None, typer.Option(help="Only these lists or datasets (repeatable).")] = None,
    fmt: Annotated[str | None, typer.Option("--format", help="Input format: parquet or csv.")] = None,
    output_format: Annotated[str | None, typer.Option(help="Output format (default: OUTPUT's extension).")] = None,
    delimiter: Annotated[str | None, typer.Option(help="CSV delimiter (default: comma; tab for .tsv).")] = None,
    encoding: Annotated[str, typer.Option(help="CSV encoding.")] = "utf-8",
    multiline: Annotated[bool, typer.Option(help="CSV cells may hold line breaks (read by one task).")] = False,
    partitions: Annotated[int | None, typer.Option(help="Spread the rows over this many tasks first.")] = None,
    bundle: Annotated[
        Path | None, typer.Option(help="Screen with this bundle (from `spark-bundle`) instead of the database.")
    ] = None,
    overwrite: Annotated[bool, typer.Option(help="Replace OUTPUT if it exists.")] = False,
) -> None:
    """Screen every row of a Parquet or CSV input on Spark; write rows with the result columns of screen-file."""
    from tradeguard.spark import require_pyspark

    require_pyspark()
    from tradeguard.audit.batch import record_spark_run
    from tradeguard.spark.bundle import ScreeningBundle
    from tradeguard.spark.files import SparkFileOptions, screen_files
    from tradeguard.spark.session import get_session

    options = SparkFileOptions(
        name_col=name_col, kind_col=kind_col, country_col=country_col, address_col=address_col, id_col=id_col,
        threshold=threshold, sources=tuple(source or ()), format=fmt, output_format=output_format,
        delimiter=delimiter, encoding=encoding, multiline=multiline, partitions=partitions, overwrite=overwrite,
    )  # fmt: skip
    shipped = ScreeningBundle.read(bundle) if bundle is not None else None
    session = get_session(master)
    settings = get_settings(ctx)
    summary = screen_files(session, input_path, output_path, settings, options, shipped)
    # With a bundle there may be no database here: the cluster job's caller records the run (docs/spark.md).
    recorded = None if shipped is not None else record_spark_run(settings, summary, options)
    table = outcome_table(summary)
    table.add_row("snapshots", ",".join(map(str, summary.snapshots)) or "none (no active lists)")
    table.add_row("time", f"{summary.seconds:.1f} s (+ {summary.index_seconds:.1f} s index)")
    table.add_row("rate", f"{summary.rate:,.0f} rows/s on {summary.master}, {summary.partitions} partition(s)")
    if recorded is not None:
        table.add_row("audit", f"record #{recorded.id}")
    Console().print(table)


@app.command("spark-bundle")
def spark_bundle_command(
    ctx: typer.Context,
    output: Annotated[Path, typer.Argument(help="File to write the compiled screening bundle to.")],
) -> None:
    """Compile the active lists once into a file that `spark-screen --bundle` ships to a cluster without a database."""
    from tradeguard.spark.bundle import build_bundle

    started = time.perf_counter()
    bundle = build_bundle(get_settings(ctx))
    size = bundle.write(output)
    snapshots = ",".join(map(str, bundle.snapshot_ids)) or "none"
    Console().print(
        f"{output}: {len(bundle.index.entries):,} entries, {len(bundle.index):,} names, snapshots {snapshots}; "
        f"{size / 1e6:.1f} MB in {time.perf_counter() - started:.1f} s"
    )
