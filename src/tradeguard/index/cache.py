"""A compiled index saved to disk, so that a fresh process (a CLI call, an API worker) loads it instead of rebuilding.

The file name carries a digest of everything the index depends on: the snapshots it covers and the code that
normalises names. Any change to either gives another file, so a stale index is never loaded; old files are removed
when a new one is written. Files are written atomically (temporary file, then rename) and a file that cannot be read
is ignored and rebuilt. The cache folder is the user's own (like the database), so loading its pickles is no more
trusting than opening the database.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

import platformdirs

from tradeguard.index.candidates import CandidateIndex, collector_paused
from tradeguard.lists.model import Entry
from tradeguard.settings import APP_NAME, Settings

_PREFIX = "index-"
_SUFFIX = ".pickle"


def code_digest() -> str:
    """A digest of the source of the packages that decide how names are normalised and indexed (match: the index
    carries scoring profiles)."""
    return source_digest("names", "index", "lists", "match")


@cache
def source_digest(*folders: str) -> str:
    """A digest of the Python source of these tradeguard subpackages (read once per process)."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted((root / folder).rglob("*.py")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def index_cache_folder(settings: Settings) -> Path | None:
    """Where compiled indexes of this database live: `index_cache` if set ("off" disables caching), else a folder
    beside a SQLite file, else (PostgreSQL) a folder per database URL in the user cache directory."""
    configured = settings.index_cache.strip()
    if configured.lower() == "off":
        return None
    if configured:
        return Path(configured).expanduser()
    if "://" in settings.db and not settings.db.startswith("sqlite:///"):
        url_digest = hashlib.sha256(settings.db.encode()).hexdigest()[:12]
        return Path(platformdirs.user_cache_dir(APP_NAME)) / f"db-{url_digest}"
    return Path(settings.db.removeprefix("sqlite:///") + ".index")


def cache_key(snapshot_digests: Iterable[str]) -> str:
    """The cache file's key: the snapshots covered (in a stable order) and the normalising code."""
    digest = hashlib.sha256(code_digest().encode())
    for item in sorted(snapshot_digests):
        digest.update(item.encode())
    return digest.hexdigest()[:24]


def load_or_build(folder: Path, key: str, entries: Callable[[], Iterable[Entry]]) -> CandidateIndex:
    """The index saved under `key` in `folder`, or a newly built one (then saved there for the next process)."""
    path = folder / f"{_PREFIX}{key}{_SUFFIX}"
    loaded = _load(path)
    if loaded is not None:
        return loaded
    index = CandidateIndex.build(entries())
    _save(folder, path, index)
    return index


def _load(path: Path) -> CandidateIndex | None:
    try:
        with path.open("rb") as handle, collector_paused():
            index = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None  # absent, half-written by a crashed process, or from another version: rebuild
    return index if isinstance(index, CandidateIndex) else None


def _save(folder: Path, path: Path, index: CandidateIndex) -> None:
    """Write atomically and remove older index files; a read-only or full disk only costs the next start time."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".index-", suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            pickle.dump(index, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        return
    for old in folder.glob(f"{_PREFIX}*{_SUFFIX}"):
        if old != path:
            old.unlink(missing_ok=True)
