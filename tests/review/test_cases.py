"""Cases, dispositions and suppression: a false positive hides nothing, marks the pair, and expires on entry change."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from review.support import ACME, KORVAX, PETROV, import_version
from tradeguard.engine import Engine
from tradeguard.errors import InputError, NotFoundError
from tradeguard.match.model import Party
from tradeguard.review.cases import decide, open_cases
from tradeguard.review.identity import party_key
from tradeguard.review.model import CaseStatus
from tradeguard.settings import Settings
from tradeguard.store import Store, open_store
from tradeguard.store.base import ConstraintError
from tradeguard.store.review import review_store

ACME_PARTY = Party("ACME Rocket Propulsion Works", country="IR")


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """The test list in a fresh store, once per backend (SQLite and PostgreSQL)."""
    with open_store(store_url) as opened:
        import_version(opened, [ACME, KORVAX, PETROV], "v1")
        yield opened


def screen(settings: Settings, store: Store, party: Party) -> dict[str, bool]:
    """entry id -> suppressed, for the potential matches of `party` (a fresh engine sees the active snapshots)."""
    result = Engine(settings, store).screen(party)
    return {hit.entry_id: hit.suppressed for hit in result.hits if hit.match}


def test_party_key_ignores_case_punctuation_and_spacing_but_not_country_or_legal_form() -> None:
    assert party_key(Party("Acme Trading Ltd.", country="de")) == party_key(Party("ACME  trading LTD", country="DE"))
    assert party_key(Party("Acme Trading Ltd", country="DE")) != party_key(Party("Acme Trading Ltd", country="FR"))
    assert party_key(Party("Acme Trading Ltd")) != party_key(Party("Acme Trading GmbH"))


def test_a_potential_match_opens_one_case_and_screening_again_opens_none(settings: Settings, store: Store) -> None:
    result = Engine(settings, store).screen(ACME_PARTY)
    opened = open_cases(store, result, origin="screen")
    assert [(case.entry_id, action) for case, action in opened] == [(ACME.id, "opened")]
    case = opened[0][0]
    assert case.status is CaseStatus.OPEN and case.fingerprint == ACME.fingerprint()
    assert [event.action for event in case.history] == ["opened"]
    assert open_cases(store, Engine(settings, store).screen(ACME_PARTY), origin="screen") == []


def test_false_positive_suppresses_the_pair_until_the_entry_changes(settings: Settings, store: Store) -> None:
    case = open_cases(store, Engine(settings, store).screen(ACME_PARTY), origin="screen")[0][0]
    assert screen(settings, store, ACME_PARTY) == {ACME.id: False}
    decide(store, case.id, "false-positive", "our customer is a bakery in Tabriz", "alice")
    # Same party written differently: still suppressed, and still shown (not hidden).
    assert screen(settings, store, Party("Acme rocket propulsion works.", country="ir")) == {ACME.id: True}
    # Another party (other country) was never cleared.
    assert screen(settings, store, Party("Acme Rocket Propulsion Works", country="AE")) == {ACME.id: False}
    # An unchanged new snapshot keeps the suppression; a changed entry ends it.
    import_version(store, [ACME, KORVAX, PETROV, replace(KORVAX, id="test-list:9", source_id="9")], "v2")
    assert screen(settings, store, ACME_PARTY) == {ACME.id: True}
    import_version(store, [replace(ACME, remarks="Additional alias added 2024"), KORVAX, PETROV], "v3")
    assert screen(settings, store, ACME_PARTY) == {ACME.id: False}
    # Opening cases now reopens the old one for review, with the new fingerprint.
    [(reopened, action)] = open_cases(store, Engine(settings, store).screen(ACME_PARTY), origin="screen")
    assert (reopened.id, action, reopened.status) == (case.id, "reopened", CaseStatus.REOPENED)
    assert [event.action for event in reopened.history] == ["opened", "false-positive", "reopened"]


def test_a_later_disposition_supersedes_a_false_positive(settings: Settings, store: Store) -> None:
    case = open_cases(store, Engine(settings, store).screen(ACME_PARTY), origin="screen")[0][0]
    decide(store, case.id, "false-positive", "looked different", "alice")
    assert screen(settings, store, ACME_PARTY) == {ACME.id: True}
    final = decide(store, case.id, "true-match", "same address as the listing", "bob")
    assert screen(settings, store, ACME_PARTY) == {ACME.id: False}
    assert [(e.action, e.user) for e in final.history] == [
        ("opened", "tradeguard"),
        ("false-positive", "alice"),
        ("true-match", "bob"),
    ]
    assert final.status is CaseStatus.TRUE_MATCH


def test_history_is_append_only_in_the_database(settings: Settings, store: Store) -> None:
    case = open_cases(store, Engine(settings, store).screen(ACME_PARTY), origin="screen")[0][0]
    decide(store, case.id, "escalated", "needs legal", "alice")
    # Plain SQL straight to the database: the schema's triggers refuse it, whatever code sends it.
    for statement in ("UPDATE review_history SET note = 'nothing to see'", "DELETE FROM review_history"):
        with pytest.raises(ConstraintError, match="append-only"), store.sql(write=True) as session:
            session.execute(statement)
    assert [e.action for e in review_store(store).case(case.id).history] == ["opened", "escalated"]


def test_bad_dispositions_are_refused_with_a_reason(settings: Settings, store: Store) -> None:
    case = open_cases(store, Engine(settings, store).screen(ACME_PARTY), origin="screen")[0][0]
    with pytest.raises(InputError, match="unknown disposition 'maybe'"):
        decide(store, case.id, "maybe", "hmm", "alice")
    with pytest.raises(InputError, match="needs a note"):
        decide(store, case.id, "false-positive", "   ", "alice")
    with pytest.raises(InputError, match="needs the user"):
        decide(store, case.id, "false-positive", "ok", "")
    with pytest.raises(NotFoundError, match="no review case with id 999"):
        decide(store, 999, "false-positive", "ok", "alice")
    assert [e.action for e in review_store(store).case(case.id).history] == ["opened"]
