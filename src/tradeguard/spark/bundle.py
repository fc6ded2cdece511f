"""The compiled screening state a Spark job ships to its executors: settings, snapshot ids and the candidate index.

It is built once on the driver (from the store, like `screen-file` does) and travels as one compressed pickle, by
broadcast or as a file, so no executor opens a database or re-normalises the lists. Pickle is the right format here
because both ends run the same tradeguard version (the job checks it) and the bytes never leave the job's own hands.
"""

from __future__ import annotations

import pickle
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from tradeguard import __version__
from tradeguard.engine import Engine
from tradeguard.errors import ConfigError, InputError
from tradeguard.index.cache import code_digest
from tradeguard.index.candidates import CandidateIndex
from tradeguard.settings import Settings

MAGIC = b"tradeguard-bundle/1\n"
# Level 1: the pickle shrinks ~3x in under a second; higher levels cost seconds for a few percent.
COMPRESSION_LEVEL = 1


@dataclass(frozen=True)
class ScreeningBundle:
    """Everything an executor needs to screen exactly as the driver would: no store, no rebuilding."""

    settings: Settings
    snapshot_ids: tuple[int, ...]
    index: CandidateIndex
    engine_version: str = __version__
    # The index's keys come from the normalising code: an executor running other code would normalise queries
    # differently from the names it was given, and silently miss hits.
    code_digest: str = field(default_factory=code_digest)

    def engine(self) -> Engine:
        """An engine over this bundle's index; it never opens a database."""
        return Engine.from_index(self.settings, self.index, self.snapshot_ids)

    def to_bytes(self) -> bytes:
        """The bundle as compressed bytes, for a broadcast variable or a file."""
        return MAGIC + zlib.compress(pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL), COMPRESSION_LEVEL)

    @classmethod
    def from_bytes(cls, data: bytes, origin: str = "bundle") -> ScreeningBundle:
        """Read bytes made by `to_bytes`; a clear error if they are not a bundle of this tradeguard version."""
        if not data.startswith(MAGIC):
            raise InputError(f"{origin}: not a tradeguard screening bundle (made by `tradeguard spark-bundle`)")
        try:
            bundle = pickle.loads(zlib.decompress(data[len(MAGIC) :]))
        except (zlib.error, pickle.UnpicklingError, EOFError, AttributeError, ImportError) as exc:
            raise InputError(f"{origin}: damaged screening bundle: {exc}") from exc
        if not isinstance(bundle, cls):
            raise InputError(f"{origin}: not a tradeguard screening bundle")
        if bundle.engine_version != __version__ or bundle.code_digest != code_digest():
            raise ConfigError(
                f"{origin}: bundle made by tradeguard {bundle.engine_version} (name code {bundle.code_digest}), "
                f"this is {__version__} (name code {code_digest()}); rebuild it with the code the executors run"
            )
        return bundle

    def write(self, path: Path) -> int:
        """Write the bundle to `path`; return its size in bytes."""
        data = self.to_bytes()
        path.write_bytes(data)
        return len(data)

    @classmethod
    def read(cls, path: Path) -> ScreeningBundle:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"{path}: cannot read the screening bundle: {exc.strerror or exc}") from exc
        return cls.from_bytes(data, str(path))


def build_bundle(settings: Settings) -> ScreeningBundle:
    """Compile the index over the active lists of `settings`' database, once, as `screen-file` does."""
    engine = Engine.from_settings(settings)
    try:
        index = engine.index()
        return ScreeningBundle(settings=settings, snapshot_ids=engine.snapshot_ids(), index=index)
    finally:
        engine.close()
