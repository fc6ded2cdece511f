"""The batch cache of recent answers: the same question gets the same answer, a different one never a stale one."""

from __future__ import annotations

from collections.abc import Collection

from tradeguard.batch.screening import CachedScreener
from tradeguard.match.model import Hit, Party, ScreenResult


class CountingScreener:
    """Answers with as many hits as `limit` allows (3 without one) and counts the calls."""

    def __init__(self) -> None:
        self.calls = 0

    def screen(
        self,
        party: Party,
        *,
        threshold: float | None = None,
        limit: int | None = None,
        sources: Collection[str] | None = None,
        near_misses: bool = True,
    ) -> ScreenResult:
        self.calls += 1
        hits = tuple(
            Hit(f"id{n}", "us-ofac-sdn", party.name, party.name, 0.9, True, "same name", "person") for n in range(3)
        )
        return ScreenResult(party, hits[: limit or 3], threshold or 0.72)


def test_repeated_party_is_answered_from_the_cache() -> None:
    inner = CountingScreener()
    cached = CachedScreener(inner)
    first = cached.screen(Party("Ivan Petrov"))
    assert cached.screen(Party("Ivan Petrov")) is first
    assert inner.calls == 1


def test_a_limited_answer_is_never_served_for_an_unlimited_question() -> None:
    inner = CountingScreener()
    cached = CachedScreener(inner)
    assert len(cached.screen(Party("Ivan Petrov"), limit=1).hits) == 1
    assert len(cached.screen(Party("Ivan Petrov")).hits) == 3
    assert len(cached.screen(Party("Ivan Petrov"), limit=1).hits) == 1
    assert inner.calls == 2
