"""Test doubles: an in-memory screener over a handful of `Entry` objects (exact and token-containment matching)."""

from __future__ import annotations

from collections.abc import Iterable

from tradeguard.decide.screening import identity_key
from tradeguard.errors import NotFoundError
from tradeguard.lists.model import Alias, Entry, EntryKind
from tradeguard.match.model import Hit, Party, ScreenResult

HUAWEI_REQUIREMENT = (
    "For all items subject to the EAR, see §§ 736.2(b)(3)(vi), and 744.11 of the EAR, EXCEPT for technology subject "
    "to the EAR that is designated as EAR99, or controlled on the Commerce Control List for anti-terrorism reasons "
    "only, when released to members of a “standards organization” (see §772.1) for the purpose of contributing to the "
    "revision or development of a “standard” (see §772.1)."
)


def entry(
    entry_id: str,
    source: str,
    name: str,
    countries: tuple[str, ...] = (),
    *,
    aliases: tuple[str, ...] = (),
    requirement: str | None = None,
    policy: str | None = None,
    fr: str | None = None,
    start: str | None = None,
    programs: tuple[str, ...] = (),
) -> Entry:
    return Entry(
        id=entry_id,
        source=source,
        source_id=entry_id.split(":")[-1],
        kind=EntryKind.ORGANIZATION,
        name=name,
        aliases=tuple(Alias(a) for a in aliases),
        countries=countries,
        programs=programs,
        federal_register=fr,
        license_requirement=requirement,
        license_policy=policy,
        start_date=start,
    )


class FakeLists:
    """`screen` and `get_entry` over a few entries: an exact normalised name scores 1.0, a token subset 0.85."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries = {e.id: e for e in entries}
        self.screened: list[Party] = []

    def get_entry(self, entry_id: str) -> Entry:
        try:
            return self.entries[entry_id]
        except KeyError:
            raise NotFoundError(f"no entry {entry_id}") from None

    def screen(self, party: Party) -> ScreenResult:
        self.screened.append(party)
        query = identity_key(party.name)
        hits = []
        for e in self.entries.values():
            best = max(((self._score(query, n), n) for n in e.all_names()), default=(0.0, e.name))
            if best[0] > 0:
                hits.append(self._hit(e, best[1], best[0]))
        return ScreenResult(party, tuple(sorted(hits, key=lambda h: -h.score)), 0.8)

    @staticmethod
    def _score(query: str, name: str) -> float:
        key = identity_key(name)
        if key == query:
            return 1.0
        q, k = set(query.split()), set(key.split())
        return 0.85 if q and k and (q <= k or k <= q) and len(q & k) >= 2 else 0.0

    @staticmethod
    def _hit(e: Entry, matched: str, score: float) -> Hit:
        return Hit(
            entry_id=e.id,
            source=e.source,
            name=e.name,
            matched_name=matched,
            score=score,
            match=score >= 0.8,
            explanation="test double",
            kind=e.kind.value,
            countries=e.countries,
            programs=e.programs,
            federal_register=e.federal_register,
            license_requirement=e.license_requirement,
            license_policy=e.license_policy,
        )
