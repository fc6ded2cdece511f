"""Monitoring: after a list update, rescreen the register against what changed, not against everything.

For every dataset whose active snapshot moved since the last run, the entries added or changed are matched against
the register through its inverted key table (blocking key -> party ids, written at registration): each changed name
looks up the parties sharing a key with it, ranks them by the summed rarity of the shared keys (as the candidate
index does for screening), and only the best `MONITOR_CANDIDATES` per name are scored. Potential matches open
cases; cleared (false-positive) cases whose entry changed are reopened; removed entries close their cases.
A dataset never monitored before is checked in full once (every entry counts as added).
"""

from __future__ import annotations

import heapq
import logging
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tradeguard.errors import InputError
from tradeguard.lists.diff import diff_snapshots
from tradeguard.lists.model import Entry, Snapshot
from tradeguard.match.model import Comparison
from tradeguard.match.scorer import compare_names, name_score, score_party
from tradeguard.names.model import NormalizedName
from tradeguard.names.normalize import normalize_name
from tradeguard.review.model import Case, CaseStatus, MonitorReport, RegisteredParty
from tradeguard.review.register import rekey_register
from tradeguard.settings import Settings
from tradeguard.store.base import Store
from tradeguard.store.review import NewCase, ReviewStore, review_store

# Parties scored per changed name, best-supported first (as screening scores 150 list names per party).
log = logging.getLogger(__name__)
MONITOR_CANDIDATES = 150
# A key carried by more than this share of the register (and by at least COMMON_KEY_FLOOR parties) is as common
# as "trading": ranking would put its parties last anyway, so its postings are not read at all.
COMMON_KEY_SHARE = 0.02
COMMON_KEY_FLOOR = 1000
# A party must share at least this share of a changed name's key weight to be scored: one shared "bank" or
# 4-letter run among twenty keys is noise. Measured in bench/README.md: on 50k parties x a 200-entry change it cuts
# the pairs scored 3x and loses no match that the 150-candidate limit alone keeps.
MIN_SHARED_WEIGHT = 0.1
SYSTEM_USER = "tradeguard"


@dataclass(frozen=True, slots=True)
class PotentialMatch:
    """A registered party that may be a list entry, with the best-scoring entry name and its explanation."""

    party: RegisteredParty
    entry: Entry
    matched_name: str
    comparison: Comparison


@dataclass(frozen=True, slots=True)
class _Name:
    entry_index: int
    text: str
    normalized: NormalizedName


def entry_names(entries: Sequence[Entry]) -> list[_Name]:
    """Every distinct, matchable name and alias of `entries`, normalised."""
    names: list[_Name] = []
    for index, entry in enumerate(entries):
        for text in dict.fromkeys(entry.all_names()):
            try:
                names.append(_Name(index, text, normalize_name(text, entry.kind)))
            except InputError:
                continue  # a name without letters or digits is not searchable (as in the candidate index)
    return names


def propose(
    reviews: ReviewStore, names: Sequence[_Name], limit: int = MONITOR_CANDIDATES
) -> dict[int, dict[int, list[_Name]]]:
    """Entry index -> party id -> the entry's names that proposed the party (sharing enough informative keys)."""
    total = max(reviews.party_count(), 1)
    cap = max(COMMON_KEY_FLOOR, int(total * COMMON_KEY_SHARE))
    counts = reviews.key_counts({key for name in names for key in name.normalized.keys})
    usable = {key: count for key, count in counts.items() if 0 < count <= cap}
    postings: dict[str, list[int]] = defaultdict(list)
    for key, party_id in reviews.postings(usable):
        postings[key].append(party_id)
    idf = {key: math.log(1 + total / count) for key, count in usable.items()}
    proposals: dict[int, dict[int, list[_Name]]] = defaultdict(dict)
    for name in names:
        for party_id in _best_supported(name, idf, postings, limit):
            proposals[name.entry_index].setdefault(party_id, []).append(name)
    return proposals


def _best_supported(name: _Name, idf: dict[str, float], postings: dict[str, list[int]], limit: int) -> list[int]:
    """The parties sharing the most key weight with `name`, at least MIN_SHARED_WEIGHT of its own, at most `limit`."""
    support: dict[int, float] = defaultdict(float)
    own = 0.0
    for key in name.normalized.keys:
        weight = idf.get(key)
        if weight is not None:
            own += weight
            for party_id in postings[key]:
                support[party_id] += weight
    enough = [party_id for party_id, value in support.items() if value >= MIN_SHARED_WEIGHT * own]
    return heapq.nlargest(limit, enough, key=support.__getitem__) if len(enough) > limit else enough


def find_matches(
    reviews: ReviewStore, entries: Sequence[Entry], threshold: float, limit: int = MONITOR_CANDIDATES
) -> tuple[list[PotentialMatch], int]:
    """Registered parties that are potential matches of `entries`, and how many (party, name) pairs were scored."""
    proposals = propose(reviews, entry_names(entries), limit)
    parties = reviews.parties_by_id({pid for found in proposals.values() for pid in found})
    matches: list[PotentialMatch] = []
    scored = 0
    for entry_index, proposed in sorted(proposals.items()):
        for party_id, names in sorted(proposed.items()):
            party = parties.get(party_id)
            if party is None:
                continue
            scored += len(names)
            found = score_pair(party, entries[entry_index], names)
            if found is not None and found.comparison.score >= threshold:
                matches.append(found)
    return matches, scored


def score_pair(party: RegisteredParty, entry: Entry, names: Iterable[_Name]) -> PotentialMatch | None:
    """The party against the entry's best name, scored as `Engine.screen` scores it (name, then evidence)."""
    try:
        query = normalize_name(party.name, party.kind)
    except InputError:
        return None
    best: tuple[float, _Name] | None = None
    for name in names:
        score = name_score(query, name.normalized)
        if score > 0 and (best is None or score > best[0]):
            best = (score, name)
    if best is None:
        return None
    # Evidence (country, kind) moves every name's score the same way, so the best name stays the best.
    comparison = score_party(
        party.to_party(), query, entry, best[1].normalized, compare_names(query, best[1].normalized)
    )
    return PotentialMatch(party, entry, best[1].text, comparison)


def run_monitor(store: Store, settings: Settings, *, limit: int = MONITOR_CANDIDATES) -> MonitorReport:
    """Rescreen the register against every dataset whose active snapshot changed since the last run (first bringing
    the register's blocking keys up to the normalising code, `register.rekey_register`)."""
    rekeyed = rekey_register(store)
    if rekeyed:
        log.info("re-keyed %d registered parties for this version's normalising code", rekeyed)
    reviews = review_store(store)
    state = reviews.monitor_state()
    compared: list[tuple[str, int | None, int]] = []
    opened: list[Case] = []
    reopened: list[Case] = []
    closed: list[Case] = []
    checked = scored = 0
    watching = reviews.party_count() > 0  # an empty register has nothing to match: only the state moves on
    for snapshot in store.active_snapshots():
        previous = state.get(snapshot.dataset)
        if previous == snapshot.id:
            continue
        changed, removed = _changes(store, previous, snapshot)
        matches, pairs = find_matches(reviews, changed, settings.threshold, limit) if changed and watching else ([], 0)
        checked, scored = checked + len(changed), scored + pairs
        for match in matches:
            case, action = reviews.open_case(_new_case(match, snapshot))
            if action == "opened":
                opened.append(case)
            elif action == "reopened":
                reopened.append(case)
        closed.extend(_close_removed(reviews, removed, snapshot))
        reviews.set_monitor_state(snapshot.dataset, snapshot.id)
        compared.append((snapshot.dataset, previous, snapshot.id))
    return MonitorReport(tuple(compared), checked, scored, tuple(opened), tuple(reopened), tuple(closed))


def _changes(store: Store, previous: int | None, snapshot: Snapshot) -> tuple[list[Entry], list[Entry]]:
    """(entries added or changed, entries removed) from the previous monitored snapshot to the active one."""
    if previous is None:
        return list(store.entries(snapshot.id)), []
    diff = diff_snapshots(store, previous, snapshot.id)
    changed_ids = [change.entry_id for change in diff.changed]
    changed = [*diff.added, *store.entries(snapshot.id, changed_ids)]
    return changed, list(diff.removed)


def _new_case(match: PotentialMatch, snapshot: Snapshot) -> NewCase:
    return NewCase(
        party_key=match.party.party_key,
        party=match.party.to_party(),
        party_id=match.party.id,
        entry_id=match.entry.id,
        entry_name=match.entry.name,
        source=match.entry.source,
        snapshot_id=snapshot.id,
        score=match.comparison.score,
        explanation=match.comparison.explanation,
        fingerprint=match.entry.fingerprint(),
        origin="monitor",
    )


def _close_removed(reviews: ReviewStore, removed: Sequence[Entry], snapshot: Snapshot) -> list[Case]:
    if not removed:
        return []
    note = f"entry removed from {snapshot.dataset} in snapshot #{snapshot.id}"
    live = [
        case for case in reviews.cases(entry_ids=[entry.id for entry in removed]) if case.status != CaseStatus.CLOSED
    ]
    return [reviews.append(case.id, "closed", note, SYSTEM_USER) for case in live]
