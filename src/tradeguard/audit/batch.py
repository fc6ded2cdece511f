"""`record_batch_run` / `record_spark_run`: one audit record per screened file, with the sha256 of what was read
and what was written.

Why one record per run and not per row: ten million rows would be ten million records (and commits); the output
file holds every row's result beside its input, so its sha256 is a digest of every answer, and the record names the
snapshots and settings used, which is what is needed to re-run the file and compare.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tradeguard.audit.model import AuditRecord

if TYPE_CHECKING:
    from tradeguard.batch.model import BatchOptions, BatchSummary
    from tradeguard.settings import Settings
    from tradeguard.spark.files import SparkFileOptions, SparkSummary

_CHUNK = 1 << 20


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(_CHUNK):
            digest.update(block)
    return digest.hexdigest()


def batch_draft_parts(summary: BatchSummary, options: BatchOptions) -> tuple[dict[str, Any], dict[str, Any]]:
    """The run's input part (files and their digests) and result part (counts, output digest)."""
    assert summary.input is not None and summary.output is not None
    run = {
        "file": str(summary.input),
        "sha256": file_sha256(summary.input),
        "format": summary.input_format,
        "columns": summary.columns.describe() if summary.columns else None,
    }
    result = {
        key: value
        for key, value in summary.to_dict().items()
        if key not in {"seconds", "index_seconds", "rate", "workers", "input"}  # timings are not the answer
    }
    result["output_sha256"] = file_sha256(summary.output)
    return run, result | {"options": {k: v for k, v in asdict(options).items() if k != "workers"}}


def path_sha256(path: Path) -> str | None:
    """A file's sha256; for a folder of part files (Spark output) a sha256 over every data file's name and sha256;
    None for a path this machine cannot read (hdfs://, s3://…), whose digest only the cluster could take."""
    if path.is_file():
        return file_sha256(path)
    if not path.is_dir():
        return None
    digest = hashlib.sha256()
    for part in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith((".", "_"))):
        digest.update(f"{part.relative_to(path)}\0{file_sha256(part)}\n".encode())
    return digest.hexdigest()


def record_batch_run(settings: Settings, summary: BatchSummary, options: BatchOptions) -> AuditRecord:
    """Append the record of a finished batch run, as the OS user, to the store named by `settings`."""
    run, result = batch_draft_parts(summary, options)
    snapshots = sorted({sid for seen in summary.snapshots for sid in seen})
    threshold = options.threshold or settings.threshold
    return _record(settings, run, result, snapshots, {"threshold": threshold, "sources": list(options.sources)})


def record_spark_run(settings: Settings, summary: SparkSummary, options: SparkFileOptions) -> AuditRecord:
    """Append the record of a finished `spark-screen` run, as the OS user, to the store named by `settings`."""
    run = {"file": summary.input, "sha256": path_sha256(Path(summary.input)), "engine": "spark"}
    result = {
        "rows": summary.rows,
        "clear": summary.clear,
        "potential_matches": summary.potential_matches,
        "more_hits": summary.more_hits,
        "errors": summary.errors,
        "hits_by_list": summary.hits_by_list,
        "output": summary.output,
        "output_sha256": path_sha256(Path(summary.output)),
        "options": {k: v for k, v in asdict(options).items() if k not in {"partitions", "overwrite"}},
    }
    threshold = options.threshold or settings.threshold
    return _record(settings, run, result, summary.snapshots, {"threshold": threshold, "sources": list(options.sources)})


def _record(
    settings: Settings, run: dict[str, Any], result: dict[str, Any], snapshots: Any, batch_settings: dict[str, Any]
) -> AuditRecord:
    from tradeguard.engine import Engine

    engine = Engine.from_settings(settings)
    try:
        return engine.audited().record_batch(run, result, sorted(snapshots), batch_settings)
    finally:
        engine.close()
