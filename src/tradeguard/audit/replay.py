"""`replay`: re-run a recorded screening or decision against the snapshots, settings and licenses it recorded.

The engine is pinned to the recorded snapshot ids (not the active ones), so a list update since then changes
nothing; the answer is compared with the recorded one as canonical JSON, and any difference is shown as a diff.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field, replace
from typing import Any

from tradeguard.audit.model import AuditKind, AuditRecord, canonical_json
from tradeguard.decide.licenses import HeldLicense
from tradeguard.decide.model import Transaction
from tradeguard.decide.ruledata import RULES_DATA_VERSION
from tradeguard.engine import Engine
from tradeguard.errors import InputError
from tradeguard.lists.model import EntryKind
from tradeguard.match.model import Party
from tradeguard.settings import Settings
from tradeguard.store.base import Store


@dataclass(frozen=True, slots=True)
class ReplayReport:
    """Whether a replay gave the recorded answer, with a unified diff of the two when it did not."""

    record_id: int
    kind: str
    identical: bool
    replayed: dict[str, Any]
    diff: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)


def replay(record: AuditRecord, store: Store, settings: Settings) -> ReplayReport:
    """Re-run `record` on its recorded snapshots and settings; InputError for kinds that cannot be replayed."""
    if record.kind == AuditKind.SCREEN:
        replayed = _replay_screen(record, store, settings)
    elif record.kind == AuditKind.DECIDE:
        replayed = _replay_decide(record, store, settings)
    else:
        raise InputError(
            f"audit record {record.id} is a {record.kind} run: it holds digests, not every row; re-run the file with "
            "`screen-file` and compare the output's sha256 with the recorded one"
        )
    replayed = json.loads(canonical_json(replayed))  # tuples become lists, as in the stored record
    recorded_text, replayed_text = (_pretty(value) for value in (record.result, replayed))
    diff = tuple(
        difflib.unified_diff(
            recorded_text.splitlines(), replayed_text.splitlines(), "recorded", "replayed", lineterm=""
        )
    )
    identical = canonical_json(record.result) == canonical_json(replayed)
    return ReplayReport(record.id, record.kind, identical, replayed, diff, _notes(record))


def _notes(record: AuditRecord) -> tuple[str, ...]:
    notes = []
    if record.rules_version is not None and record.rules_version != RULES_DATA_VERSION:
        notes.append(f"recorded with rules data {record.rules_version}, replayed with {RULES_DATA_VERSION}")
    from tradeguard import __version__

    if record.engine_version != __version__:
        notes.append(f"recorded by engine {record.engine_version}, replayed by {__version__}")
    return tuple(notes)


def _pretty(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, indent=2)


def _pinned(record: AuditRecord, store: Store, settings: Settings, **overrides: Any) -> Engine:
    return Engine.at_snapshots(settings.with_overrides(**overrides), store, record.snapshots)


def _replay_screen(record: AuditRecord, store: Store, settings: Settings) -> dict[str, Any]:
    recorded = record.settings
    engine = _pinned(record, store, settings, threshold=recorded["threshold"])
    result = engine.screen(
        party_from_dict(record.input),
        threshold=float(recorded["threshold"]),
        limit=int(recorded["limit"]),
        sources=recorded.get("sources") or None,
    )
    cleared = set(recorded.get("suppressed", ()))  # the review state recorded with the answer, not today's
    hits = tuple(replace(hit, suppressed=hit.entry_id in cleared) for hit in result.hits)
    return replace(result, hits=hits).to_dict()


def _replay_decide(record: AuditRecord, store: Store, settings: Settings) -> dict[str, Any]:
    recorded = record.settings
    engine = _pinned(
        record, store, settings, threshold=recorded["threshold"], screen_limit=recorded.get("screen_limit")
    )
    licenses = [HeldLicense.model_validate(data) for data in recorded.get("licenses", [])]
    transaction = Transaction.parse(record.input, source=f"audit record {record.id}")
    return engine.decide(transaction, licenses=licenses).to_json_dict()


def party_from_dict(data: dict[str, Any]) -> Party:
    """The `Party` a recorded screening input describes (the inverse of `dataclasses.asdict`)."""
    kind = data.get("kind")
    return Party(
        name=str(data["name"]),
        kind=EntryKind(kind) if kind else None,
        country=data.get("country"),
        address=data.get("address"),
        birth_date=data.get("birth_date"),
        identifiers=tuple((str(t), str(v)) for t, v in data.get("identifiers", ())),
    )
