"""The `Store` interface: versioned list snapshots today; audit, screenings and decisions join it in later migrations.

SQLite implements it now (`tradeguard.store.sqlite`); PostgreSQL will implement the same methods later, so callers
(update, diff, status, the engine) depend only on this class. Snapshots are immutable once imported and exactly one
snapshot per dataset is active.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection, Iterator, Sequence
from contextlib import AbstractContextManager
from types import TracebackType
from typing import Any, Protocol

from tradeguard.errors import StoreError
from tradeguard.lists.model import Entry, ParsedDataset, Snapshot


class ConstraintError(StoreError):
    """A write broke a rule of the schema (unique, foreign key, trigger); each backend translates its own error."""


class SqlRows(Protocol):
    """The rows of one statement (a DB-API cursor)."""

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class SqlSession(Protocol):
    """Portable SQL for repositories (audit, keys, licenses): `?` placeholders on every backend."""

    dialect: str

    def execute(self, sql: str, params: Sequence[object] = ()) -> SqlRows: ...

    def executemany(self, sql: str, rows: Sequence[Sequence[object]]) -> None: ...


class Store(ABC):
    """Persistent, transactional home of list snapshots and their entries."""

    @abstractmethod
    def import_snapshot(
        self, parsed: ParsedDataset, *, sha256: str, filename: str | None = None, activate: bool = True
    ) -> Snapshot:
        """Store `parsed` as a new snapshot in one transaction; a file already stored for the dataset is a no-op.

        If `sha256` is already a snapshot of `parsed.dataset`, nothing is written and that snapshot is returned
        (use `find_snapshot` first to tell the two cases apart). On any error the previous state stays intact.
        """

    @abstractmethod
    def find_snapshot(self, dataset: str, sha256: str) -> Snapshot | None:
        """The snapshot of `dataset` imported from the file with this sha256, if any."""

    @abstractmethod
    def activate(self, snapshot_id: int) -> Snapshot:
        """Make this snapshot the active one of its dataset (a rollback or roll-forward); NotFoundError if absent."""

    @abstractmethod
    def snapshots(self, dataset: str | None = None) -> list[Snapshot]:
        """Every snapshot, newest first, optionally of one dataset only."""

    @abstractmethod
    def active_snapshots(self) -> list[Snapshot]:
        """The active snapshot of each dataset, ordered by dataset."""

    @abstractmethod
    def snapshot(self, snapshot_id: int) -> Snapshot:
        """One snapshot by id; NotFoundError if absent."""

    @abstractmethod
    def entries(self, snapshot_id: int, ids: Collection[str] | None = None) -> Iterator[Entry]:
        """The entries of one snapshot ordered by id (only those in `ids` if given); NotFoundError if no snapshot."""

    @abstractmethod
    def fingerprints(self, snapshot_id: int) -> dict[str, str]:
        """Entry id -> `Entry.fingerprint()` for one snapshot, read without decoding the entries."""

    @abstractmethod
    def active_entries(
        self, sources: Collection[str] | None = None, *, datasets: Collection[str] | None = None
    ) -> Iterator[Entry]:
        """Every entry of every active snapshot, optionally only of these list codes and/or datasets."""

    @abstractmethod
    def get_entry(self, entry_id: str, snapshot_id: int | None = None) -> Entry:
        """One entry from a given snapshot, or from the active snapshots; NotFoundError if absent."""

    @abstractmethod
    def schema_version(self) -> list[str]:
        """Names of the migrations applied to this database, in order."""

    def sql(self, *, write: bool = False) -> AbstractContextManager[SqlSession]:
        """One transaction for repositories; `write=True` takes the backend's writer lock at once."""
        raise StoreError(f"{type(self).__name__} offers no SQL session")

    @abstractmethod
    def close(self) -> None:
        """Release the connection; the store is unusable afterwards."""

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()
