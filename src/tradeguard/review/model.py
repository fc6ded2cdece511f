"""Plain data of analyst review: registered parties, cases, their history, and what a monitoring run found."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from tradeguard.errors import InputError
from tradeguard.lists.model import EntryKind
from tradeguard.match.model import Party


class Disposition(StrEnum):
    """What an analyst decided about a case."""

    TRUE_MATCH = "true-match"
    FALSE_POSITIVE = "false-positive"
    ESCALATED = "escalated"

    @classmethod
    def parse(cls, text: str) -> Disposition:
        try:
            return cls(text.strip().lower())
        except ValueError:
            choices = ", ".join(item.value for item in cls)
            raise InputError(f"unknown disposition {text!r}; use one of: {choices}") from None


class CaseStatus(StrEnum):
    """Where a case stands: the newest action in its history."""

    OPEN = "opened"
    TRUE_MATCH = "true-match"
    FALSE_POSITIVE = "false-positive"
    ESCALATED = "escalated"
    REOPENED = "reopened"
    CLOSED = "closed"


def parse_status(text: str) -> CaseStatus:
    """The status a word names; InputError listing the choices otherwise."""
    try:
        return CaseStatus(text.strip().lower())
    except ValueError:
        raise InputError(f"unknown status {text!r}; use one of: {', '.join(s.value for s in CaseStatus)}") from None


# Cases an analyst still has to look at.
QUEUE_STATUSES = (CaseStatus.OPEN, CaseStatus.REOPENED, CaseStatus.ESCALATED)


@dataclass(frozen=True, slots=True)
class RegisteredParty:
    """One counterparty of the register."""

    id: int
    party_key: str
    name: str
    kind: EntryKind | None = None
    country: str | None = None
    address: str | None = None
    external_id: str | None = None
    added_at: datetime | None = None
    removed_at: datetime | None = None

    def to_party(self) -> Party:
        return Party(name=self.name, kind=self.kind, country=self.country, address=self.address)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = self.kind.value if self.kind else None
        for key in ("added_at", "removed_at"):
            data[key] = data[key].isoformat() if data[key] else None
        return data


@dataclass(frozen=True, slots=True)
class CaseEvent:
    """One row of a case's append-only history."""

    id: int
    case_id: int
    action: str
    note: str
    user: str
    fingerprint: str
    at: datetime

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"at": self.at.isoformat()}


@dataclass(frozen=True, slots=True)
class Case:
    """A potential match of one party with one list entry, and where its review stands."""

    id: int
    party_key: str
    party: Party
    party_id: int | None
    entry_id: str
    entry_name: str
    source: str
    snapshot_id: int | None
    score: float
    explanation: str
    origin: str
    opened_at: datetime
    status: CaseStatus
    fingerprint: str
    updated_at: datetime
    history: tuple[CaseEvent, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["party"] = party_to_dict(self.party)
        data["status"] = self.status.value
        for key in ("opened_at", "updated_at"):
            data[key] = getattr(self, key).isoformat()
        data["history"] = [event.to_dict() for event in self.history]
        return data


@dataclass(frozen=True, slots=True)
class MonitorReport:
    """What one monitoring run did: per dataset the snapshots compared, and the cases it opened, reopened, closed."""

    compared: tuple[tuple[str, int | None, int], ...] = ()  # (dataset, previous snapshot or None, current snapshot)
    entries_checked: int = 0
    parties_scored: int = 0
    opened: tuple[Case, ...] = ()
    reopened: tuple[Case, ...] = ()
    closed: tuple[Case, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.opened or self.reopened or self.closed)

    def to_dict(self) -> dict[str, Any]:
        return {
            "compared": [{"dataset": d, "previous": old, "current": new} for d, old, new in self.compared],
            "entries_checked": self.entries_checked,
            "parties_scored": self.parties_scored,
            "opened": [case.to_dict() for case in self.opened],
            "reopened": [case.to_dict() for case in self.reopened],
            "closed": [case.to_dict() for case in self.closed],
        }


def party_to_dict(party: Party) -> dict[str, Any]:
    data = asdict(party)
    data["kind"] = party.kind.value if party.kind else None
    data["identifiers"] = [list(pair) for pair in party.identifiers]
    return data


def party_to_json(party: Party) -> str:
    return json.dumps(party_to_dict(party), ensure_ascii=False, sort_keys=True)


def party_from_json(text: str) -> Party:
    data = json.loads(text)
    return Party(
        name=data["name"],
        kind=EntryKind(data["kind"]) if data.get("kind") else None,
        country=data.get("country"),
        address=data.get("address"),
        birth_date=data.get("birth_date"),
        identifiers=tuple((str(k), str(v)) for k, v in data.get("identifiers", ())),
    )
