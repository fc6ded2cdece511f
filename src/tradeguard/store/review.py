"""`ReviewStore`: the register, review cases with their append-only history, monitoring state (migration 0006).

SQLite only for now; the PostgreSQL backend ports these tables. Reads take the store's lock like `store/keys.py`
because the API shares one connection between threads.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from tradeguard.errors import NotFoundError, StoreError
from tradeguard.lists.model import EntryKind
from tradeguard.match.model import Party
from tradeguard.review.model import Case, CaseEvent, CaseStatus, RegisteredParty, party_from_json, party_to_json
from tradeguard.store.base import Store
from tradeguard.store.sqlite import SQLiteStore

_PARTY_COLUMNS = "id, party_key, name, kind, country, address, external_id, added_at, removed_at"
_CASE_COLUMNS = (
    "id, party_key, party, party_id, entry_id, entry_name, source, snapshot_id, score, explanation, origin,"
    " opened_at, status, fingerprint, updated_at"
)
_CHUNK = 500  # stay under SQLite's bound-parameter limit


@dataclass(frozen=True, slots=True)
class NewParty:
    """A party to register, normalised once: its key and its blocking keys."""

    party: Party
    party_key: str
    keys: frozenset[str]
    external_id: str | None = None


@dataclass(frozen=True, slots=True)
class NewCase:
    """What opening a case needs to know about the pair."""

    party_key: str
    party: Party
    party_id: int | None
    entry_id: str
    entry_name: str
    source: str
    snapshot_id: int | None
    score: float
    explanation: str
    fingerprint: str
    origin: str


def review_store(store: Store) -> ReviewStore:
    """The review tables of `store`; StoreError for a backend that does not have them yet."""
    if not isinstance(store, SQLiteStore):
        raise StoreError("review, register and monitoring are only supported on the SQLite store for now")
    return ReviewStore(store)


class ReviewStore:
    """Repository over the 0006_review tables of one SQLite store."""

    def __init__(self, store: SQLiteStore) -> None:
        self._store = store

    def _read(self, sql: str, params: Sequence[object] = ()) -> list[tuple[object, ...]]:
        with self._store._lock:
            return list(self._store._conn.execute(sql, tuple(params)).fetchall())

    # -- register -------------------------------------------------------------------------------------------------

    def add_parties(self, parties: Iterable[NewParty]) -> tuple[list[int], int]:
        """Register parties in one transaction: (ids added, how many were already registered and skipped)."""
        added: list[int] = []
        skipped = 0
        counts: Counter[str] = Counter()
        now = _now()
        with self._store._write() as conn:
            for new in parties:
                party = new.party
                row = (new.party_key, party.name, _kind(party.kind), party.country, party.address, new.external_id, now)
                try:
                    cursor = conn.execute(
                        "INSERT INTO review_parties (party_key, name, kind, country, address, external_id, added_at)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?)",
                        row,
                    )
                except sqlite3.IntegrityError:
                    skipped += 1
                    continue
                party_id = int(cursor.lastrowid or 0)
                added.append(party_id)
                conn.executemany("INSERT INTO review_party_keys VALUES (?, ?)", [(k, party_id) for k in new.keys])
                counts.update(new.keys)
            _bump_counts(conn, counts, 1)
        return added, skipped

    def remove_party(self, party_id: int) -> RegisteredParty:
        """Take a party off the register (its cases stay); NotFoundError if it is not registered."""
        with self._store._write() as conn:
            row = conn.execute(
                f"SELECT {_PARTY_COLUMNS} FROM review_parties WHERE id = ? AND removed_at IS NULL", (party_id,)
            ).fetchone()
            if row is None:
                raise NotFoundError(f"no registered party with id {party_id}")
            keys = [
                str(k) for (k,) in conn.execute("SELECT key FROM review_party_keys WHERE party_id = ?", (party_id,))
            ]
            conn.execute("DELETE FROM review_party_keys WHERE party_id = ?", (party_id,))
            _bump_counts(conn, Counter(keys), -1)
            conn.execute("UPDATE review_parties SET removed_at = ? WHERE id = ?", (_now(), party_id))
        return _party(row)

    def parties(self, *, limit: int | None = None, offset: int = 0) -> list[RegisteredParty]:
        """Live registered parties, oldest first."""
        sql = f"SELECT {_PARTY_COLUMNS} FROM review_parties WHERE removed_at IS NULL ORDER BY id LIMIT ? OFFSET ?"
        return [_party(row) for row in self._read(sql, (-1 if limit is None else limit, offset))]

    def party_by_key(self, key: str) -> RegisteredParty | None:
        """The live party with this party key, if registered."""
        sql = f"SELECT {_PARTY_COLUMNS} FROM review_parties WHERE party_key = ? AND removed_at IS NULL"
        rows = self._read(sql, (key,))
        return _party(rows[0]) if rows else None

    def party_count(self) -> int:
        return int(str(self._read("SELECT COUNT(*) FROM review_parties WHERE removed_at IS NULL")[0][0]))

    def parties_by_id(self, ids: Collection[int]) -> dict[int, RegisteredParty]:
        found: dict[int, RegisteredParty] = {}
        for chunk in _chunks(sorted(ids)):
            sql = f"SELECT {_PARTY_COLUMNS} FROM review_parties WHERE id IN ({_marks(chunk)}) AND removed_at IS NULL"
            found.update((party.id, party) for party in map(_party, self._read(sql, chunk)))
        return found

    def key_counts(self, keys: Collection[str]) -> dict[str, int]:
        """How many live parties carry each of `keys` (absent keys: none)."""
        found: dict[str, int] = {}
        for chunk in _chunks(sorted(keys)):
            sql = f"SELECT key, count FROM review_key_counts WHERE key IN ({_marks(chunk)})"
            found.update((str(key), int(str(count))) for key, count in self._read(sql, chunk))
        return found

    def postings(self, keys: Collection[str]) -> Iterator[tuple[str, int]]:
        """(key, party id) for every live party carrying one of `keys`."""
        for chunk in _chunks(sorted(keys)):
            sql = f"SELECT key, party_id FROM review_party_keys WHERE key IN ({_marks(chunk)})"
            for key, party_id in self._read(sql, chunk):
                yield str(key), int(str(party_id))

    # -- cases ----------------------------------------------------------------------------------------------------

    def open_case(self, new: NewCase) -> tuple[Case, str | None]:
        """Open a case for a pair, or reopen a closed or stale false-positive one: (case, "opened"/"reopened"/None)."""
        with self._store._write() as conn:
            row = conn.execute(
                f"SELECT {_CASE_COLUMNS} FROM review_cases WHERE party_key = ? AND entry_id = ?",
                (new.party_key, new.entry_id),
            ).fetchone()
            if row is None:
                case_id = _insert_case(conn, new)
                _append(
                    conn, case_id, "opened", f"potential match, score {new.score:.2f}", "tradeguard", new.fingerprint
                )
                return self._case(conn, case_id), "opened"
            case = _case(row)
            stale = case.status is CaseStatus.FALSE_POSITIVE and case.fingerprint != new.fingerprint
            if case.status is not CaseStatus.CLOSED and not stale:
                return case, None
            why = "entry listed again" if case.status is CaseStatus.CLOSED else "entry changed since the false positive"
            _append(conn, case.id, "reopened", f"{why}; score {new.score:.2f}", "tradeguard", new.fingerprint)
            return self._case(conn, case.id), "reopened"

    def append(self, case_id: int, action: str, note: str, user: str, fingerprint: str | None = None) -> Case:
        """Add a row to a case's history (a disposition, reopening or closing); NotFoundError if no such case."""
        with self._store._write() as conn:
            case = self._case(conn, case_id)
            _append(conn, case_id, action, note, user, fingerprint or case.fingerprint)
            return self._case(conn, case_id)

    def case(self, case_id: int) -> Case:
        with self._store._lock:
            return self._case(self._store._conn, case_id)

    def _case(self, conn: sqlite3.Connection, case_id: int) -> Case:
        row = conn.execute(f"SELECT {_CASE_COLUMNS} FROM review_cases WHERE id = ?", (case_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no review case with id {case_id}")
        events = conn.execute(
            "SELECT id, case_id, action, note, user, fingerprint, at FROM review_history WHERE case_id = ? ORDER BY id",
            (case_id,),
        ).fetchall()
        return _case(row, tuple(_event(event) for event in events))

    def cases(
        self, statuses: Collection[str] | None = None, *, entry_ids: Collection[str] | None = None, limit: int = -1
    ) -> list[Case]:
        """Cases newest first, optionally only with these statuses and/or of these entries (without history)."""
        if entry_ids is None:
            return self._cases_where(statuses, None, limit)
        found = [case for chunk in _chunks(sorted(entry_ids)) for case in self._cases_where(statuses, chunk, -1)]
        found.sort(key=lambda case: -case.id)
        return found if limit < 0 else found[:limit]

    def _cases_where(self, statuses: Collection[str] | None, entry_ids: list[object] | None, limit: int) -> list[Case]:
        where, params = ["1 = 1"], list[object]()
        if statuses is not None:
            where.append(f"status IN ({_marks(statuses)})")
            params.extend(statuses)
        if entry_ids is not None:
            where.append(f"entry_id IN ({_marks(entry_ids)})")
            params.extend(entry_ids)
        sql = f"SELECT {_CASE_COLUMNS} FROM review_cases WHERE {' AND '.join(where)} ORDER BY id DESC LIMIT ?"
        return [_case(row) for row in self._read(sql, (*params, limit))]

    def suppressed_entries(self, key: str) -> set[str]:
        """Entries `key`'s party was cleared of (false positive) whose active version is the one that was cleared."""
        rows = self._read(
            "SELECT c.entry_id FROM review_cases c"
            " JOIN entries e ON e.entry_id = c.entry_id AND e.fingerprint = c.fingerprint"
            " JOIN snapshots s ON s.id = e.snapshot_id AND s.active = 1"
            " WHERE c.party_key = ? AND c.status = 'false-positive'",
            (key,),
        )
        return {str(entry_id) for (entry_id,) in rows}

    def active_fingerprints(self, entry_ids: Collection[str]) -> dict[str, tuple[str, int]]:
        """Entry id -> (fingerprint, snapshot id) in the active snapshots."""
        found: dict[str, tuple[str, int]] = {}
        for chunk in _chunks(sorted(entry_ids)):
            sql = (
                "SELECT e.entry_id, e.fingerprint, e.snapshot_id FROM entries e JOIN snapshots s"
                f" ON s.id = e.snapshot_id AND s.active = 1 WHERE e.entry_id IN ({_marks(chunk)})"
            )
            found.update((str(i), (str(fp), int(str(sid)))) for i, fp, sid in self._read(sql, chunk))
        return found

    # -- monitoring and alerts ------------------------------------------------------------------------------------

    def monitor_state(self) -> dict[str, int]:
        """Dataset -> the snapshot monitoring last checked the register against."""
        rows = self._read("SELECT dataset, snapshot_id FROM review_monitor_state")
        return {str(dataset): int(str(snapshot_id)) for dataset, snapshot_id in rows}

    def set_monitor_state(self, dataset: str, snapshot_id: int) -> None:
        with self._store._write() as conn:
            conn.execute(
                "INSERT INTO review_monitor_state VALUES (?, ?, ?) ON CONFLICT (dataset) DO UPDATE"
                " SET snapshot_id = excluded.snapshot_id, checked_at = excluded.checked_at",
                (dataset, snapshot_id, _now()),
            )

    def record_alert_failure(self, channel: str, target: str, attempts: int, error: str, payload: str) -> None:
        with self._store._write() as conn:
            conn.execute(
                "INSERT INTO review_alert_failures (at, channel, target, attempts, error, payload)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (_now(), channel, target, attempts, error, payload),
            )

    def alert_failures(self) -> list[tuple[str, str, str, int, str]]:
        """(at, channel, target, attempts, error) of every failed delivery, oldest first."""
        rows = self._read("SELECT at, channel, target, attempts, error FROM review_alert_failures ORDER BY id")
        return [(str(a), str(c), str(t), int(str(n)), str(e)) for a, c, t, n, e in rows]


def _insert_case(conn: sqlite3.Connection, new: NewCase) -> int:
    now = _now()
    cursor = conn.execute(
        "INSERT INTO review_cases (party_key, party, party_id, entry_id, entry_name, source, snapshot_id, score,"
        " explanation, origin, opened_at, status, fingerprint, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'opened', ?, ?)",
        (
            new.party_key,
            party_to_json(new.party),
            new.party_id,
            new.entry_id,
            new.entry_name,
            new.source,
            new.snapshot_id,
            new.score,
            new.explanation,
            new.origin,
            now,
            new.fingerprint,
            now,
        ),
    )
    return int(cursor.lastrowid or 0)


def _append(conn: sqlite3.Connection, case_id: int, action: str, note: str, user: str, fingerprint: str) -> None:
    now = _now()
    conn.execute(
        "INSERT INTO review_history (case_id, action, note, user, fingerprint, at) VALUES (?, ?, ?, ?, ?, ?)",
        (case_id, action, note, user, fingerprint, now),
    )
    conn.execute(
        "UPDATE review_cases SET status = ?, fingerprint = ?, updated_at = ? WHERE id = ?",
        (action, fingerprint, now, case_id),
    )


def _bump_counts(conn: sqlite3.Connection, counts: Counter[str], sign: int) -> None:
    conn.executemany(
        "INSERT INTO review_key_counts VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET count = count + excluded.count",
        [(key, sign * count) for key, count in counts.items()],
    )


def _party(row: tuple[object, ...]) -> RegisteredParty:
    pid, key, name, kind, country, address, external_id, added_at, removed_at = row
    return RegisteredParty(
        id=int(str(pid)),
        party_key=str(key),
        name=str(name),
        kind=EntryKind(str(kind)) if kind else None,
        country=_text(country),
        address=_text(address),
        external_id=_text(external_id),
        added_at=datetime.fromisoformat(str(added_at)),
        removed_at=datetime.fromisoformat(str(removed_at)) if removed_at else None,
    )


def _case(row: tuple[object, ...], history: tuple[CaseEvent, ...] = ()) -> Case:
    cid, key, party, pid, entry_id, entry_name, source, sid, score, explanation, origin, opened, status, fp, upd = row
    return Case(
        id=int(str(cid)),
        party_key=str(key),
        party=party_from_json(str(party)),
        party_id=None if pid is None else int(str(pid)),
        entry_id=str(entry_id),
        entry_name=str(entry_name),
        source=str(source),
        snapshot_id=None if sid is None else int(str(sid)),
        score=float(str(score)),
        explanation=str(explanation),
        origin=str(origin),
        opened_at=datetime.fromisoformat(str(opened)),
        status=CaseStatus(str(status)),
        fingerprint=str(fp),
        updated_at=datetime.fromisoformat(str(upd)),
        history=history,
    )


def _event(row: tuple[object, ...]) -> CaseEvent:
    eid, case_id, action, note, user, fingerprint, at = row
    return CaseEvent(int(str(eid)), int(str(case_id)), str(action), str(note), str(user), str(fingerprint), _time(at))


def _time(value: object) -> datetime:
    return datetime.fromisoformat(str(value))


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _kind(kind: EntryKind | None) -> str | None:
    return kind.value if kind else None


def _marks(values: Collection[object]) -> str:
    return ",".join("?" * len(values))


def _chunks(values: Sequence[object]) -> Iterator[list[object]]:
    for start in range(0, len(values), _CHUNK):
        yield list(values[start : start + _CHUNK])


def _now() -> str:
    return datetime.now(UTC).isoformat()
