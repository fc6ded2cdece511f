"""Review cases from screenings, analysts' dispositions, and the suppression of cleared pairs in later screenings.

A `false-positive` disposition records the entry's fingerprint as the analyst saw it. Later screenings of the same
party (same `party_key`) mark that entry's hit `suppressed` while the active entry still has that fingerprint; once
a later snapshot changes the entry, the fingerprints differ and the hit is a plain potential match again.
"""

from __future__ import annotations

from dataclasses import replace

from tradeguard.errors import InputError
from tradeguard.match.model import Hit, ScreenResult
from tradeguard.review.identity import party_key
from tradeguard.review.model import Case, Disposition
from tradeguard.store.base import Store
from tradeguard.store.review import NewCase, review_store

MAX_NOTE_LENGTH = 2000


def mark_suppressed(store: Store, result: ScreenResult) -> ScreenResult:
    """`result` with the hits its party was cleared of marked `suppressed` (one indexed query; none without hits)."""
    if not result.hits:
        return result
    cleared = review_store(store).suppressed_entries(party_key(result.query))
    if not cleared or not any(hit.entry_id in cleared for hit in result.hits):
        return result
    hits = tuple(replace(hit, suppressed=True) if hit.entry_id in cleared else hit for hit in result.hits)
    return replace(result, hits=hits)


def open_cases(
    store: Store, result: ScreenResult, *, origin: str, party_id: int | None = None
) -> list[tuple[Case, str]]:
    """Open (or reopen) a case for every potential match of `result` that is not suppressed: (case, action) pairs."""
    reviews = review_store(store)
    wanted = [hit for hit in result.hits if hit.match and not hit.suppressed]
    if not wanted:
        return []
    prints = reviews.active_fingerprints([hit.entry_id for hit in wanted])
    key = party_key(result.query)
    changed: list[tuple[Case, str]] = []
    for hit in wanted:
        fingerprint, snapshot_id = prints.get(hit.entry_id, ("", None))
        case, action = reviews.open_case(_new_case(key, result, hit, party_id, fingerprint, snapshot_id, origin))
        if action is not None:
            changed.append((case, action))
    return changed


def _new_case(
    key: str,
    result: ScreenResult,
    hit: Hit,
    party_id: int | None,
    fingerprint: str,
    snapshot_id: int | None,
    origin: str,
) -> NewCase:
    return NewCase(
        party_key=key,
        party=result.query,
        party_id=party_id,
        entry_id=hit.entry_id,
        entry_name=hit.name,
        source=hit.source,
        snapshot_id=snapshot_id,
        score=hit.score,
        explanation=hit.explanation,
        fingerprint=fingerprint,
        origin=origin,
    )


def decide(store: Store, case_id: int, disposition: Disposition | str, note: str, user: str) -> Case:
    """Record an analyst's disposition on a case (appended; it supersedes earlier ones); InputError on bad input."""
    chosen = disposition if isinstance(disposition, Disposition) else Disposition.parse(disposition)
    note, user = note.strip(), user.strip()
    if not note:
        raise InputError("a disposition needs a note saying why")
    if len(note) > MAX_NOTE_LENGTH:
        raise InputError(f"the note is {len(note)} characters long; the limit is {MAX_NOTE_LENGTH}")
    if not user or len(user) > 200:
        raise InputError("a disposition needs the user who made it (1-200 characters)")
    reviews = review_store(store)
    case = reviews.case(case_id)
    # The fingerprint of the entry as it is now: that is the version the analyst cleared or confirmed.
    current = reviews.active_fingerprints([case.entry_id]).get(case.entry_id)
    return reviews.append(case_id, chosen.value, note, user, current[0] if current else case.fingerprint)
