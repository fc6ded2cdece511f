"""`ReviewStore`: the register, review cases with their append-only history, monitoring state (migration 0006).

Works on every backend through the store's portable SQL sessions (`Store.sql`), like `store/keys.py`: one code path,
with the few dialect differences (row locks) chosen at run time. Writes that may race between PostgreSQL workers
(registering a party, opening a case) use `INSERT ... ON CONFLICT DO NOTHING RETURNING`, which never aborts the
transaction, instead of catching a constraint error.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from tradeguard.errors import NotFoundError, StoreError
from tradeguard.lists.model import EntryKind
from tradeguard.match.model import Party
from tradeguard.review.model import Case, CaseEvent, CaseStatus, RegisteredParty, party_from_json, party_to_json
from tradeguard.store.base import SqlSession, Store

_PARTY_COLUMNS = "id, party_key, name, kind, country, address, external_id, added_at, removed_at"
_CASE_COLUMNS = (
    "id, party_key, party, party_id, entry_id, entry_name, source, snapshot_id, score, explanation, origin,"
    " opened_at, status, fingerprint, updated_at"
)
_CHUNK = 500  # stay under SQLite's bound-parameter limit
_NO_LIMIT = 2**62  # a LIMIT that never binds, valid in both dialects


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
    """The review tables of `store` (every backend with SQL sessions; StoreError from the store otherwise)."""
    return ReviewStore(store)


class ReviewStore:
    """Repository over the 0006_review tables of one store, through its portable SQL sessions."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def _read(self, sql: str, params: Sequence[object] = ()) -> list[tuple[object, ...]]:
        with self._store.sql() as session:
            return list(session.execute(sql, tuple(params)).fetchall())

    # -- register -------------------------------------------------------------------------------------------------

    def add_parties(self, parties: Iterable[NewParty]) -> tuple[list[int], int]:
        """Register parties in one transaction: (ids added, how many were already registered and skipped)."""
        added: list[int] = []
        skipped = 0
        counts: Counter[str] = Counter()
        key_rows: list[tuple[str, int]] = []
        now = _now()
        with self._store.sql(write=True) as session:
            for new in parties:
                party_id = _insert_party(session, new, now)
                if party_id is None:
                    skipped += 1
                    continue
                added.append(party_id)
                key_rows.extend((key, party_id) for key in new.keys)
                counts.update(new.keys)
            _insert_rows(session, "review_party_keys (key, party_id)", ("text", "bigint"), key_rows)
            _bump_counts(session, counts, 1)
        return added, skipped

    def remove_party(self, party_id: int) -> RegisteredParty:
        """Take a party off the register (its cases stay); NotFoundError if it is not registered."""
        with self._store.sql(write=True) as session:
            row = session.execute(
                f"SELECT {_PARTY_COLUMNS} FROM review_parties WHERE id = ? AND removed_at IS NULL{_lock(session)}",
                (party_id,),
            ).fetchone()
            if row is None:
                raise NotFoundError(f"no registered party with id {party_id}")
            keys = session.execute("DELETE FROM review_party_keys WHERE party_id = ? RETURNING key", (party_id,))
            _bump_counts(session, Counter(str(key) for (key,) in keys.fetchall()), -1)
            session.execute("UPDATE review_parties SET removed_at = ? WHERE id = ?", (_now(), party_id))
        return _party(tuple(row))

    def parties(self, *, limit: int | None = None, offset: int = 0) -> list[RegisteredParty]:
        """Live registered parties, oldest first."""
        sql = f"SELECT {_PARTY_COLUMNS} FROM review_parties WHERE removed_at IS NULL ORDER BY id LIMIT ? OFFSET ?"
        return [_party(row) for row in self._read(sql, (_limit(limit), offset))]

    def parties_after(self, party_id: int, limit: int) -> list[RegisteredParty]:
        """Live parties with an id above `party_id`, by id: pages that parties removed meanwhile cannot shift."""
        sql = f"SELECT {_PARTY_COLUMNS} FROM review_parties WHERE removed_at IS NULL AND id > ? ORDER BY id LIMIT ?"
        return [_party(row) for row in self._read(sql, (party_id, limit))]

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
            # Each chunk is read whole before yielding, so no transaction stays open while the caller works.
            sql = f"SELECT key, party_id FROM review_party_keys WHERE key IN ({_marks(chunk)})"
            for key, party_id in self._read(sql, chunk):
                yield str(key), int(str(party_id))

    # -- the code the blocking keys were computed with ------------------------------------------------------------

    def key_digest(self) -> str | None:
        """The normalising code's digest the register's keys were computed with (None: not recorded)."""
        rows = self._read("SELECT digest FROM review_key_state WHERE id = 1")
        return str(rows[0][0]) if rows else None

    def set_key_digest(self, digest: str) -> None:
        with self._store.sql(write=True) as session:
            session.execute(
                "INSERT INTO review_key_state (id, digest, keyed_at) VALUES (1, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET digest = excluded.digest, keyed_at = excluded.keyed_at",
                (digest, _now()),
            )

    def replace_keys(self, keys: Mapping[int, frozenset[str]]) -> None:
        """Give these parties new blocking keys, the key counts kept in step (one transaction)."""
        with self._store.sql(write=True) as session:
            old: Counter[str] = Counter()
            new: Counter[str] = Counter()
            rows: list[tuple[str, int]] = []
            for party_id in sorted(keys):
                dropped = session.execute("DELETE FROM review_party_keys WHERE party_id = ? RETURNING key", (party_id,))
                old.update(str(key) for (key,) in dropped.fetchall())
                rows.extend((key, party_id) for key in sorted(keys[party_id]))
                new.update(keys[party_id])
            _bump_counts(session, old, -1)
            _insert_rows(session, "review_party_keys (key, party_id)", ("text", "bigint"), rows)
            _bump_counts(session, new, 1)

    # -- cases ----------------------------------------------------------------------------------------------------

    def open_case(self, new: NewCase) -> tuple[Case, str | None]:
        """Open a case for a pair, or reopen a closed or stale false-positive one: (case, "opened"/"reopened"/None)."""
        with self._store.sql(write=True) as session:
            row = _pair_case(session, new)
            if row is None:
                case_id = _insert_case(session, new)
                if case_id is not None:
                    note = f"potential match, score {new.score:.2f}"
                    _append(session, case_id, "opened", note, "tradeguard", new.fingerprint)
                    return self._case(session, case_id), "opened"
                row = _pair_case(session, new)  # another worker opened it meanwhile (PostgreSQL)
                if row is None:
                    raise StoreError(f"review case for {new.party_key!r} / {new.entry_id} vanished while opening it")
            case = _case(tuple(row))
            stale = case.status is CaseStatus.FALSE_POSITIVE and case.fingerprint != new.fingerprint
            if case.status is not CaseStatus.CLOSED and not stale:
                return case, None
            why = "entry listed again" if case.status is CaseStatus.CLOSED else "entry changed since the false positive"
            _append(session, case.id, "reopened", f"{why}; score {new.score:.2f}", "tradeguard", new.fingerprint)
            return self._case(session, case.id), "reopened"

    def append(self, case_id: int, action: str, note: str, user: str, fingerprint: str | None = None) -> Case:
        """Add a row to a case's history (a disposition, reopening or closing); NotFoundError if no such case."""
        with self._store.sql(write=True) as session:
            # Lock the case row (PostgreSQL) so concurrent dispositions queue and the status mirrors the newest row.
            session.execute(f"SELECT id FROM review_cases WHERE id = ?{_lock(session)}", (case_id,))
            case = self._case(session, case_id)
            _append(session, case_id, action, note, user, fingerprint or case.fingerprint)
            return self._case(session, case_id)

    def case(self, case_id: int) -> Case:
        with self._store.sql() as session:
            return self._case(session, case_id)

    def _case(self, session: SqlSession, case_id: int) -> Case:
        row = session.execute(f"SELECT {_CASE_COLUMNS} FROM review_cases WHERE id = ?", (case_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no review case with id {case_id}")
        events = session.execute(
            'SELECT id, case_id, action, note, "user", fingerprint, at FROM review_history'
            " WHERE case_id = ? ORDER BY id",
            (case_id,),
        ).fetchall()
        return _case(tuple(row), tuple(_event(tuple(event)) for event in events))

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
        return [_case(row) for row in self._read(sql, (*params, _limit(None if limit < 0 else limit)))]

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
        with self._store.sql(write=True) as session:
            session.execute(
                "INSERT INTO review_monitor_state (dataset, snapshot_id, checked_at) VALUES (?, ?, ?)"
                " ON CONFLICT (dataset) DO UPDATE"
                " SET snapshot_id = excluded.snapshot_id, checked_at = excluded.checked_at",
                (dataset, snapshot_id, _now()),
            )

    def record_alert_failure(self, channel: str, target: str, attempts: int, error: str, payload: str) -> None:
        with self._store.sql(write=True) as session:
            session.execute(
                "INSERT INTO review_alert_failures (at, channel, target, attempts, error, payload)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (_now(), channel, target, attempts, error, payload),
            )

    def alert_failures(self) -> list[tuple[str, str, str, int, str]]:
        """(at, channel, target, attempts, error) of every failed delivery, oldest first."""
        rows = self._read("SELECT at, channel, target, attempts, error FROM review_alert_failures ORDER BY id")
        return [(str(a), str(c), str(t), int(str(n)), str(e)) for a, c, t, n, e in rows]


def _insert_party(session: SqlSession, new: NewParty, now: str) -> int | None:
    """Insert one party; None if a live party has its key (on both backends without aborting the transaction)."""
    party = new.party
    row = session.execute(
        "INSERT INTO review_parties (party_key, name, kind, country, address, external_id, added_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (party_key) WHERE removed_at IS NULL DO NOTHING RETURNING id",
        (new.party_key, party.name, _kind(party.kind), party.country, party.address, new.external_id, now),
    ).fetchone()
    return None if row is None else int(row[0])


def _pair_case(session: SqlSession, new: NewCase) -> tuple[object, ...] | None:
    """The case of the pair, locked for this transaction on PostgreSQL (SQLite's writer lock is already held)."""
    row = session.execute(
        f"SELECT {_CASE_COLUMNS} FROM review_cases WHERE party_key = ? AND entry_id = ?{_lock(session)}",
        (new.party_key, new.entry_id),
    ).fetchone()
    return None if row is None else tuple(row)


def _insert_case(session: SqlSession, new: NewCase) -> int | None:
    """Insert the pair's case; None if another transaction inserted it first."""
    now = _now()
    row = session.execute(
        "INSERT INTO review_cases (party_key, party, party_id, entry_id, entry_name, source, snapshot_id, score,"
        " explanation, origin, opened_at, status, fingerprint, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'opened', ?, ?)"
        " ON CONFLICT (party_key, entry_id) DO NOTHING RETURNING id",
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
    ).fetchone()
    return None if row is None else int(row[0])


def _append(session: SqlSession, case_id: int, action: str, note: str, user: str, fingerprint: str) -> None:
    now = _now()
    session.execute(
        'INSERT INTO review_history (case_id, action, note, "user", fingerprint, at) VALUES (?, ?, ?, ?, ?, ?)',
        (case_id, action, note, user, fingerprint, now),
    )
    session.execute(
        "UPDATE review_cases SET status = ?, fingerprint = ?, updated_at = ? WHERE id = ?",
        (action, fingerprint, now, case_id),
    )


def _bump_counts(session: SqlSession, counts: Counter[str], sign: int) -> None:
    # Sorted, so that concurrent writers on PostgreSQL lock the count rows in one order and cannot deadlock.
    rows = [(key, sign * counts[key]) for key in sorted(counts)]
    upsert = " ON CONFLICT (key) DO UPDATE SET count = review_key_counts.count + excluded.count"
    _insert_rows(session, "review_key_counts (key, count)", ("text", "integer"), rows, upsert)


def _insert_rows(
    session: SqlSession, target: str, types: tuple[str, str], rows: Sequence[tuple[object, object]], tail: str = ""
) -> None:
    """Bulk-insert two-column rows: SQLite's executemany is fast in-process; PostgreSQL gets one statement over
    two arrays, because a row-by-row executemany costs a protocol message per row (~6x slower for the key table)."""
    if not rows:
        return
    if session.dialect != "postgresql":
        session.executemany(f"INSERT INTO {target} VALUES (?, ?){tail}", rows)
        return
    firsts, seconds = (list(column) for column in zip(*rows, strict=True))
    session.execute(
        f"INSERT INTO {target} SELECT * FROM unnest(?::{types[0]}[], ?::{types[1]}[]){tail}", (firsts, seconds)
    )


def _lock(session: SqlSession) -> str:
    """Row lock suffix: PostgreSQL writers lock rows; SQLite's write session already holds the database lock."""
    return " FOR UPDATE" if session.dialect == "postgresql" else ""


def _limit(limit: int | None) -> int:
    """A LIMIT value both dialects accept: SQLite's -1 means "all", PostgreSQL wants a non-negative count."""
    return _NO_LIMIT if limit is None else limit


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
