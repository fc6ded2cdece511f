"""Importing list files into the store under the safety rules, and `lists update`: download, verify, import.

Safety rules (each refusal raises `UpdateRefusedError` and changes nothing): a file that cannot be parsed (including
a truncated one), a dataset with no entries, or one that would remove more than `max_drop_share` of the dataset's
active entries. `force=True` overrides the last two, never the first (there is nothing sound to import).
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from tradeguard.errors import FetchError, ParseError, TradeguardError, UpdateRefusedError
from tradeguard.lists.fetch import FetchedFile, Fetcher, FetchNotFoundError
from tradeguard.lists.model import ParsedDataset, Snapshot
from tradeguard.lists.sources import DatasetSource, selected_datasets
from tradeguard.settings import Settings
from tradeguard.store.base import Store

Parser = Callable[[Path, str | None], ParsedDataset]

# OFAC's legacy CSVs come as a main file plus companions found beside it; all of them make up one dataset version.
_OFAC_COMPANIONS = {"sdn": ("add", "alt", "sdn_comments"), "cons_prim": ("cons_add", "cons_alt", "cons_comments")}
_OFAC_MAIN = re.compile(r"(sdn|cons_prim)(.*)\.csv", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What happened to one dataset: `status` is imported, unchanged, refused or failed; `message` says why."""

    dataset: str
    status: str
    message: str
    snapshot_id: int | None = None
    previous_snapshot_id: int | None = None
    entry_count: int = 0
    previous_count: int = 0
    added: int = 0
    removed: int = 0
    sha256: str | None = None
    filename: str | None = None
    warnings: tuple[str, ...] = ()
    forced: bool = False

    @property
    def ok(self) -> bool:
        return self.status in {"imported", "unchanged"}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def default_parser(path: Path, fmt: str | None) -> ParsedDataset:
    """The parser registry's `parse_file` (imported late: parsers are heavy and most commands do not need them)."""
    from tradeguard.lists.registry import parse_file

    return parse_file(path, fmt)


def companion_files(path: Path) -> list[Path]:
    """The OFAC companion files beside a main `sdn*.csv` / `cons_prim*.csv` (same suffix), else nothing."""
    match = _OFAC_MAIN.fullmatch(path.name)
    if match is None or not path.parent.is_dir():
        return []
    wanted = {f"{prefix}{match.group(2)}.csv".lower() for prefix in _OFAC_COMPANIONS[match.group(1).lower()]}
    return sorted(p for p in path.parent.iterdir() if p.name.lower() in wanted and p.is_file())


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def dataset_digest(main_sha256: str, companion_sha256s: Iterable[str] = ()) -> str:
    """One version id for a file set: the main file's sha256 alone, or a hash over it and its companions' hashes."""
    companions = sorted(companion_sha256s)
    if not companions:
        return main_sha256
    return hashlib.sha256("\n".join([main_sha256, *companions]).encode("ascii")).hexdigest()


def safety_problems(dataset: str, new_ids: set[str], old_ids: set[str], max_drop_share: float) -> list[str]:
    """The safety rules `force` may override: an empty dataset, or too many active entries removed."""
    if not new_ids:
        return [f"{dataset}: the new version has no entries"]
    removed = len(old_ids - new_ids)
    if old_ids and removed / len(old_ids) > max_drop_share:
        return [
            f"{dataset}: the new version would remove {removed} of {len(old_ids)} active entries "
            f"({removed / len(old_ids):.1%}), more than max_drop_share {max_drop_share:.0%}"
        ]
    return []


def parse_or_refuse(parser: Parser, path: Path, fmt: str | None) -> ParsedDataset:
    try:
        return parser(path, fmt)
    except ParseError as exc:
        raise UpdateRefusedError(f"refused {path.name}: cannot parse it ({exc.message}); nothing changed") from exc


def unchanged_report(snapshot: Snapshot, filename: str | None) -> ImportReport:
    """The report for a file that is already the active snapshot of its dataset."""
    return ImportReport(
        snapshot.dataset,
        "unchanged",
        f"same file as the active snapshot #{snapshot.id}; nothing to do",
        snapshot_id=snapshot.id,
        previous_snapshot_id=snapshot.id,
        entry_count=snapshot.entry_count,
        previous_count=snapshot.entry_count,
        sha256=snapshot.sha256,
        filename=filename,
    )


def _already_active(store: Store, sha256: str) -> Snapshot | None:
    # Checked before parsing: an unchanged list (the usual case for a daily update) costs one hash, not a parse.
    return next((s for s in store.active_snapshots() if s.sha256 == sha256), None)


def import_parsed(
    store: Store, parsed: ParsedDataset, *, sha256: str, filename: str | None, force: bool, max_drop_share: float
) -> ImportReport:
    """Import a parsed dataset under the safety rules; UpdateRefusedError (nothing changed) when one is broken."""
    previous = _active_snapshot(store, parsed.dataset)
    old_ids = set(store.fingerprints(previous.id)) if previous else set()
    existing = store.find_snapshot(parsed.dataset, sha256)
    base = ImportReport(parsed.dataset, "", "", sha256=sha256, filename=filename, warnings=parsed.warnings)
    if existing is not None and existing.active:
        return replace(unchanged_report(existing, filename), warnings=parsed.warnings)
    new_ids = {entry.id for entry in parsed.entries}
    problems = safety_problems(parsed.dataset, new_ids, old_ids, max_drop_share)
    if problems and not force:
        raise UpdateRefusedError("refused: " + "; ".join(problems) + "; nothing changed (use --force to override)")
    if existing is not None:  # an older version again: switch back to its snapshot rather than store a copy
        snapshot = store.activate(existing.id)
        message = f"same file as snapshot #{existing.id}, re-activated"
    else:
        snapshot = store.import_snapshot(parsed, sha256=sha256, filename=filename)
        message = f"imported as snapshot #{snapshot.id}"
    return replace(
        base,
        status="imported",
        message=message + (" (forced past: " + "; ".join(problems) + ")" if problems else ""),
        snapshot_id=snapshot.id,
        previous_snapshot_id=previous.id if previous else None,
        entry_count=snapshot.entry_count,
        previous_count=previous.entry_count if previous else 0,
        added=len(new_ids - old_ids),
        removed=len(old_ids - new_ids),
        forced=bool(problems),
    )


def import_file(
    store: Store,
    path: Path,
    fmt: str | None = None,
    *,
    force: bool = False,
    settings: Settings,
    parser: Parser | None = None,
) -> ImportReport:
    """Parse one list file (OFAC companions are found beside it) and import it; UpdateRefusedError if refused."""
    if not path.is_file():
        raise UpdateRefusedError(f"refused: {path} is not a readable file; nothing changed")
    sha256 = dataset_digest(file_sha256(path), (file_sha256(p) for p in companion_files(path)))
    if (active := _already_active(store, sha256)) is not None:
        return unchanged_report(active, path.name)
    parsed = parse_or_refuse(parser or default_parser, path, fmt)
    return import_parsed(
        store, parsed, sha256=sha256, filename=path.name, force=force, max_drop_share=settings.max_drop_share
    )


def update_datasets(
    store: Store,
    settings: Settings,
    datasets: Iterable[str] | None = None,
    *,
    force: bool = False,
    fetcher: Fetcher | None = None,
    parser: Parser | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[ImportReport]:
    """Download, verify and import each dataset; one failing or refused does not stop the others."""
    fetcher = fetcher or Fetcher(timeout=settings.download_timeout)
    reports = []
    for source in selected_datasets(datasets, settings.update_datasets):
        if progress is not None:
            progress(source.code)
        try:
            reports.append(_update_one(store, source, settings, force, fetcher, parser or default_parser))
        except UpdateRefusedError as exc:
            reports.append(ImportReport(source.code, "refused", exc.message))
        except TradeguardError as exc:
            reports.append(ImportReport(source.code, "failed", exc.message))
        except Exception as exc:  # a parser bug must not stop the other datasets; the report names it
            reports.append(ImportReport(source.code, "failed", f"unexpected {type(exc).__name__}: {exc}"))
    return reports


def _update_one(
    store: Store, source: DatasetSource, settings: Settings, force: bool, fetcher: Fetcher, parser: Parser
) -> ImportReport:
    with tempfile.TemporaryDirectory(prefix=f"tradeguard-{source.code}-") as folder:
        fetched = _fetch_all(source, Path(folder), settings.url_base, fetcher)
        sha256 = dataset_digest(fetched[0].sha256, (f.sha256 for f in fetched[1:]))
        if (active := _already_active(store, sha256)) is not None and active.dataset == source.code:
            return unchanged_report(active, source.main_file.filename)
        parsed = parse_or_refuse(parser, fetched[0].path, source.format)
        if parsed.dataset != source.code:
            raise UpdateRefusedError(
                f"refused: {fetched[0].url} holds dataset {parsed.dataset!r}, not {source.code!r}; nothing changed"
            )
        return import_parsed(
            store,
            parsed,
            sha256=sha256,
            filename=source.main_file.filename,
            force=force,
            max_drop_share=settings.max_drop_share,
        )


def _fetch_all(source: DatasetSource, folder: Path, url_base: str, fetcher: Fetcher) -> list[FetchedFile]:
    fetched = []
    for url, file in source.urls(url_base):
        try:
            fetched.append(fetcher.fetch(url, folder / file.filename))
        except FetchNotFoundError:
            if file.required:
                raise
    if not fetched:
        raise FetchError(f"{source.code}: nothing was downloaded")
    return fetched


def _active_snapshot(store: Store, dataset: str) -> Snapshot | None:
    return next((s for s in store.active_snapshots() if s.dataset == dataset), None)
