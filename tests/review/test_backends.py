"""The review repository on every backend: the register's key tables, races between two connections, and screening
with suppression end to end over the bundled sample list (the path `tradeguard screen` takes)."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator

import pytest

from tradeguard.audit import AuditLog, canonical_json, replay
from tradeguard.engine import Engine
from tradeguard.errors import NotFoundError
from tradeguard.lists.registry import sample_csl_path
from tradeguard.lists.update import import_file
from tradeguard.match.model import Party
from tradeguard.review.cases import decide, open_cases
from tradeguard.review.register import add_party, keys_digest, new_party, rekey_register
from tradeguard.settings import Settings
from tradeguard.store import Store, open_store
from tradeguard.store.review import NewCase, review_store

HUAWEI = Party("Huawei Technologies Co Ltd", country="CN")


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as opened:
        yield opened


def test_register_keeps_its_key_tables_in_step_with_live_parties(store: Store) -> None:
    reviews = review_store(store)
    acme_de, acme_fr = (
        new_party(Party("Acme Trading Ltd", country="DE")),
        new_party(Party("Acme Logistics", country="FR")),
    )
    same_as_first = new_party(Party("ACME  trading LTD.", country="de"))
    added, skipped = reviews.add_parties([acme_de, acme_fr, same_as_first])
    assert (len(added), skipped) == (2, 1)
    every_key = acme_de.keys | acme_fr.keys
    assert reviews.key_counts(every_key) == Counter(acme_de.keys) + Counter(acme_fr.keys)
    shared = acme_de.keys & acme_fr.keys
    assert shared, "both names contain 'Acme', so they share a blocking key"
    assert {pid for _, pid in reviews.postings(shared)} == set(added)

    removed = reviews.remove_party(added[0])
    assert (removed.name, removed.removed_at) == ("Acme Trading Ltd", None)  # the party as it was registered
    assert {pid for _, pid in reviews.postings(every_key)} == {added[1]}
    assert reviews.key_counts(every_key) == {key: int(key in acme_fr.keys) for key in every_key}
    assert reviews.party_by_key(acme_de.party_key) is None and reviews.party_count() == 1
    with pytest.raises(NotFoundError, match=f"no registered party with id {added[0]}"):
        reviews.remove_party(added[0])

    [again], skipped = reviews.add_parties([same_as_first])  # registrable again once removed, as a new party
    assert skipped == 0 and again not in added
    assert [p.id for p in reviews.parties()] == [added[1], again]  # no limit: all of them, oldest first
    assert [p.id for p in reviews.parties(limit=1, offset=1)] == [again]


def _twice_at_once(store_url: str, work: Callable[[Store], object]) -> list[object]:
    """Run `work` in two threads at the same moment, each over its own connection to the database."""
    results: list[object] = []
    barrier = threading.Barrier(2)

    def run() -> None:
        with open_store(store_url) as own:
            barrier.wait()
            results.append(work(own))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 2, "a worker failed"
    return results


def test_two_connections_registering_the_same_parties_register_each_once(store: Store, store_url: str) -> None:
    parties = [new_party(Party(f"Trading House Number {n}", country="NL")) for n in range(30)]
    results = _twice_at_once(store_url, lambda own: review_store(own).add_parties(parties))
    assert sum(len(added) for added, _ in results) == 30  # type: ignore[attr-defined]
    assert sum(skipped for _, skipped in results) == 30  # type: ignore[attr-defined]
    assert review_store(store).party_count() == 30


def test_two_connections_opening_the_same_cases_open_each_once(store: Store, store_url: str) -> None:
    pairs = [
        NewCase(f"party {n}|NL", Party(f"Party {n}", country="NL"), None, f"list:{n}", "X", "us-csl", None, 0.9,
                "score 0.90", "a" * 64, "screen")
        for n in range(30)
    ]  # fmt: skip

    def open_all(own: Store) -> list[str | None]:
        return [review_store(own).open_case(pair)[1] for pair in pairs]

    first, second = _twice_at_once(store_url, open_all)
    assert [sorted(filter(None, actions)) for actions in zip(first, second, strict=True)] == [["opened"]] * 30  # type: ignore[call-overload]
    cases = review_store(store).cases()
    assert len(cases) == 30
    assert all([e.action for e in review_store(store).case(c.id).history] == ["opened"] for c in cases)


def test_screening_the_sample_list_marks_a_cleared_hit_suppressed(store: Store, settings: Settings) -> None:
    import_file(store, sample_csl_path(), settings=settings)
    first = Engine(settings, store).screen(HUAWEI)
    hits = [hit for hit in first.hits if hit.match]
    assert hits and "HUAWEI TECHNOLOGIES" in hits[0].name.upper()
    assert not any(hit.suppressed for hit in first.hits)
    [(case, action)] = open_cases(store, first, origin="screen")[:1]
    assert action == "opened" and case.entry_id == hits[0].entry_id
    decide(store, case.id, "false-positive", "a namesake", "alice")
    again = Engine(settings, store).screen(HUAWEI)
    # Only the cleared pair is suppressed; the party's other hits stay potential matches.
    assert {hit.entry_id: hit.suppressed for hit in again.hits} == {
        hit.entry_id: hit.entry_id == case.entry_id for hit in first.hits
    }
    assert [hit.entry_id for hit in again.hits] == [hit.entry_id for hit in first.hits]  # shown, not hidden


def test_a_screening_with_a_suppressed_hit_replays_identically(store: Store, settings: Settings) -> None:
    import_file(store, sample_csl_path(), settings=settings)
    engine = Engine(settings, store)
    [(case, _), *_] = open_cases(store, engine.screen(HUAWEI), origin="screen")
    decide(store, case.id, "false-positive", "a namesake", "alice")
    audited = engine.audited("alice")
    recorded = audited.screen(HUAWEI)
    record = audited.last_record
    assert record is not None and [h.entry_id for h in recorded.hits if h.suppressed] == [case.entry_id]
    assert record.settings["suppressed"] == [case.entry_id]
    # Today's review state moves on (a later true-match lifts the suppression); the replay keeps the recorded one.
    decide(store, case.id, "true-match", "same address after all", "bob")
    assert not any(hit.suppressed for hit in Engine(settings, store).screen(HUAWEI).hits)
    report = replay(AuditLog(store).get(record.id), store, settings)
    assert report.identical, "\n".join(report.diff)
    assert canonical_json(report.replayed) == canonical_json(recorded.to_dict())


def test_monitoring_re_keys_a_register_whose_keys_an_older_normaliser_computed(store: Store) -> None:
    # A register keyed by another version of the normalising code: one party lost its keys, one has stale ones.
    [kept, emptied, stale] = [
        add_party(store, Party(name))[0] for name in ("Acme Trading Ltd", "Rosneft Oil Company", "LUKOIL")
    ]
    reviews = review_store(store)
    assert reviews.key_digest() == keys_digest()  # recorded before the first registration
    reviews.replace_keys({emptied.id: frozenset(), stale.id: frozenset({"p:old-key"})})
    reviews.set_key_digest("an older normaliser")

    assert rekey_register(store) == 3
    current = {party.id: new_party(party.to_party()).keys for party in (kept, emptied, stale)}
    every_key = frozenset().union(*current.values()) | {"p:old-key"}
    assert {pid for _, pid in reviews.postings(every_key)} == set(current)
    expected = Counter(key for keys in current.values() for key in keys)
    assert reviews.key_counts(every_key) == {**{"p:old-key": 0}, **expected}
    assert reviews.key_digest() == keys_digest()
    assert rekey_register(store) == 0  # current: nothing to do
    # Re-keying pages by id, so a party removed meanwhile shifts no page.
    reviews.remove_party(emptied.id)
    assert [party.id for party in reviews.parties_after(0, 1)] == [kept.id]
    assert [party.id for party in reviews.parties_after(kept.id, 5)] == [stale.id]


def test_a_register_filled_before_the_record_existed_is_re_keyed(store: Store) -> None:
    reviews = review_store(store)
    reviews.add_parties([new_party(Party("Acme Trading Ltd"))])  # straight into the table: no digest recorded
    assert reviews.key_digest() is None
    assert rekey_register(store) == 1 and reviews.key_digest() == keys_digest()
