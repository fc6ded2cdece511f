"""`record_batch_run`: one audit record per screened file, holding the sha256 of what was read and what was written.

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


def record_batch_run(settings: Settings, summary: BatchSummary, options: BatchOptions) -> AuditRecord:
    """Append the record of a finished batch run, as the OS user, to the store named by `settings`."""
    from tradeguard.engine import Engine

    run, result = batch_draft_parts(summary, options)
    snapshots = sorted({sid for seen in summary.snapshots for sid in seen})
    engine = Engine.from_settings(settings)
    try:
        batch_settings = {"threshold": options.threshold or settings.threshold, "sources": list(options.sources)}
        return engine.audited().record_batch(run, result, snapshots, batch_settings)
    finally:
        engine.close()
