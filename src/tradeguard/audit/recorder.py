"""`AuditedEngine`: the engine's screen and decide, each answer recorded in the audit trail with all it depends on.

Shells get it with `engine.audited(actor)`; what a record holds (input, result, snapshots, settings, licenses) is
decided here once, so every shell records alike. Batch runs record one record per run, not one per row: a file of
ten million rows would otherwise write ten million records; the run's record holds the input file's and the output
file's sha256 and a digest of every row's result, which proves what was answered without storing it twice.
"""

from __future__ import annotations

import getpass
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from tradeguard.audit.log import AuditLog
from tradeguard.audit.model import AuditDraft, AuditKind, AuditRecord
from tradeguard.decide.model import Decision, Transaction
from tradeguard.match.model import Party, ScreenResult

if TYPE_CHECKING:
    from tradeguard.engine import Engine


def os_user() -> str:
    """Who runs this process, for records made from the command line."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (some containers)
        return "unknown"


def screen_settings(
    threshold: float, limit: int, sources: Collection[str] | None, suppressed: Collection[str] = ()
) -> dict[str, Any]:
    """The settings a screening used, as recorded and as `replay` reapplies them.

    `suppressed` are the hits an analyst had cleared at the time: review state, not list data, so it is recorded
    with the answer and reapplied by a replay rather than read again.
    """
    from tradeguard.engine import CANDIDATE_LIMIT, NEAR_MISS_MARGIN

    return {
        "threshold": threshold,
        "limit": limit,
        "sources": sorted(sources) if sources else None,
        "near_miss_margin": NEAR_MISS_MARGIN,
        "candidate_limit": CANDIDATE_LIMIT,
        "suppressed": sorted(suppressed),
    }


class AuditedEngine:
    """Screens and decides through an `Engine`, appending one audit record per answer."""

    def __init__(self, engine: Engine, actor: str | None = None) -> None:
        self.engine = engine
        self.actor = actor or os_user()
        self.log = AuditLog(engine.store)
        self.last_record: AuditRecord | None = None

    def screen(
        self,
        party: Party,
        *,
        threshold: float | None = None,
        limit: int | None = None,
        sources: Collection[str] | None = None,
    ) -> ScreenResult:
        """`Engine.screen`, recorded."""
        result = self.engine.screen(party, threshold=threshold, limit=limit, sources=sources)
        most = self.engine.settings.screen_limit if limit is None else limit
        self.last_record = self.log.append(screen_draft(result, self.actor, most, sources))
        return result

    def screen_all(
        self,
        parties: dict[str, Party],
        *,
        threshold: float | None = None,
        limit: int | None = None,
        sources: Collection[str] | None = None,
    ) -> dict[str, ScreenResult]:
        """Screen several parties and record one record each, in one transaction (an API batch call)."""
        results = {
            key: self.engine.screen(party, threshold=threshold, limit=limit, sources=sources)
            for key, party in parties.items()
        }
        most = self.engine.settings.screen_limit if limit is None else limit
        records = self.log.append_many([screen_draft(r, self.actor, most, sources) for r in results.values()])
        self.last_record = records[-1] if records else self.last_record
        return results

    def decide(self, transaction: Transaction) -> Decision:
        """`Engine.decide`, recorded with the licenses it was given so that a replay sees the same ones."""
        from tradeguard.store.licenses import SQLiteLicenseBook

        held = list(SQLiteLicenseBook(self.engine.store).list())
        decision = self.engine.decide(transaction, licenses=held)
        settings = {
            "threshold": self.engine.settings.threshold,
            "screen_limit": self.engine.settings.screen_limit,
            "licenses": [lic.model_dump(mode="json") for lic in held],
        }
        draft = AuditDraft(
            kind=AuditKind.DECIDE,
            actor=self.actor,
            input=transaction.model_dump(mode="json"),
            result=decision.to_json_dict(),
            snapshots=tuple(int(v) for v in decision.as_of.get("snapshots", {}).values()),
            engine_version=self.engine.version,
            settings=settings,
            rules_version=str(decision.as_of.get("rules_data_version")),
            parties=tuple(party.name for party in transaction.parties),
        )
        self.last_record = self.log.append(draft)
        return decision

    def record_batch(
        self, run: dict[str, Any], summary: dict[str, Any], snapshots: Collection[int], settings: dict[str, Any]
    ) -> AuditRecord:
        """Record one batch run: what was read (`run`), what came out (`summary`, digests) and how."""
        draft = AuditDraft(
            kind=AuditKind.BATCH,
            actor=self.actor,
            input=run,
            result=summary,
            snapshots=tuple(snapshots),
            engine_version=self.engine.version,
            settings=settings,
        )
        self.last_record = self.log.append(draft)
        return self.last_record


def screen_draft(result: ScreenResult, actor: str, limit: int, sources: Collection[str] | None) -> AuditDraft:
    """The record of one screening."""
    return AuditDraft(
        kind=AuditKind.SCREEN,
        actor=actor,
        input=result.to_dict()["query"],
        result=result.to_dict(),
        snapshots=result.snapshots,
        engine_version=result.engine_version,
        settings=screen_settings(
            result.threshold, limit, sources, [hit.entry_id for hit in result.hits if hit.suppressed]
        ),
        parties=(result.query.name,),
    )
