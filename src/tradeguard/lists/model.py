"""The one `Entry` model every list source is parsed into, and the `Snapshot` that versions an import."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from tradeguard.lists.records import pickled_by_slots


class EntryKind(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"
    VESSEL = "vessel"
    AIRCRAFT = "aircraft"
    UNKNOWN = "unknown"  # the source does not say (e.g. CSL Entity List rows carry no type)


class AliasType(StrEnum):
    AKA = "aka"  # also known as
    FKA = "fka"  # formerly known as
    NKA = "nka"  # now known as
    ORIGINAL_SCRIPT = "original-script"  # the name in its own script (UN NAME_ORIGINAL_SCRIPT, EU nameAlias)


@pickled_by_slots
@dataclass(frozen=True, slots=True)
class Alias:
    name: str
    type: AliasType = AliasType.AKA
    strong: bool = True  # OFAC and UN mark some a.k.a.s "weak"/"low quality": they alone should not decide a hit


@pickled_by_slots
@dataclass(frozen=True, slots=True)
class Address:
    full: str  # the address as one line, as the source gives it
    street: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2 where it can be determined


@pickled_by_slots
@dataclass(frozen=True, slots=True)
class Identifier:
    type: str  # e.g. "IMO", "MMSI", "Passport", "National ID No.", "Registration Number", "Tail Number"
    value: str
    country: str | None = None


# The list codes an Entry.source may take. A dataset (one downloadable file) can hold several lists: the CSL holds
# all of these US lists at once.
LIST_NAMES: dict[str, str] = {
    "us-bis-entity-list": "BIS Entity List (15 CFR 744, Supp. 4)",
    "us-bis-dpl": "BIS Denied Persons List",
    "us-bis-unverified": "BIS Unverified List (15 CFR 744, Supp. 6)",
    "us-bis-meu": "BIS Military End-User List (15 CFR 744, Supp. 7)",
    "us-ofac-sdn": "OFAC Specially Designated Nationals",
    "us-ofac-ssi": "OFAC Sectoral Sanctions Identifications",
    "us-ofac-fse": "OFAC Foreign Sanctions Evaders",
    "us-ofac-plc": "OFAC Palestinian Legislative Council",
    "us-ofac-cap": "OFAC Correspondent Account or Payable-Through Account Sanctions",
    "us-ofac-mbs": "OFAC Non-SDN Menu-Based Sanctions",
    "us-ofac-cmic": "OFAC Non-SDN Chinese Military-Industrial Complex Companies",
    "us-ofac-non-sdn": "OFAC Consolidated (non-SDN) lists",
    "us-state-itar-debarred": "State Department ITAR Debarred",
    "us-state-nonproliferation": "State Department Nonproliferation Sanctions",
    "un-sc": "UN Security Council Consolidated List",
    "eu-fsf": "EU Financial Sanctions (consolidated)",
    "uk-sanctions": "UK Sanctions List",
}


@pickled_by_slots
@dataclass(frozen=True, slots=True)
class Entry:
    """One restricted party as one list publishes it."""

    id: str  # stable across snapshots of the same dataset: "<dataset>:<source_id>"
    source: str  # list code, a key of LIST_NAMES
    source_id: str  # the list's own identifier (OFAC ent_num, CSL _id, UN DATAID…), or a stable derived one
    kind: EntryKind
    name: str
    aliases: tuple[Alias, ...] = ()
    addresses: tuple[Address, ...] = ()
    countries: tuple[str, ...] = ()  # ISO alpha-2, from addresses, nationality, citizenship
    identifiers: tuple[Identifier, ...] = ()
    programs: tuple[str, ...] = ()  # sanctions programmes / regimes, e.g. "SDGT", "IRAN", "EAR"
    birth_dates: tuple[str, ...] = ()  # "YYYY", "YYYY-MM" or "YYYY-MM-DD"
    nationalities: tuple[str, ...] = ()  # ISO alpha-2
    title: str | None = None
    start_date: str | None = None  # ISO date the listing took effect
    end_date: str | None = None
    federal_register: str | None = None  # e.g. "84 FR 22963"
    license_requirement: str | None = None  # Entity List: "For all items subject to the EAR."
    license_policy: str | None = None  # Entity List: "Presumption of denial."
    remarks: str | None = None
    source_url: str | None = None
    extra: tuple[tuple[str, str], ...] = ()  # other source fields worth keeping (vessel flag, tonnage, call sign)

    def all_names(self) -> tuple[str, ...]:
        """The primary name followed by every alias."""
        return (self.name, *(alias.name for alias in self.aliases))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entry:
        return cls(
            id=data["id"],
            source=data["source"],
            source_id=data["source_id"],
            kind=EntryKind(data["kind"]),
            name=data["name"],
            aliases=tuple(Alias(a["name"], AliasType(a["type"]), bool(a["strong"])) for a in data.get("aliases", ())),
            addresses=tuple(Address(**a) for a in data.get("addresses", ())),
            countries=tuple(data.get("countries", ())),
            identifiers=tuple(Identifier(**i) for i in data.get("identifiers", ())),
            programs=tuple(data.get("programs", ())),
            birth_dates=tuple(data.get("birth_dates", ())),
            nationalities=tuple(data.get("nationalities", ())),
            title=data.get("title"),
            start_date=data.get("start_date"),
            end_date=data.get("end_date"),
            federal_register=data.get("federal_register"),
            license_requirement=data.get("license_requirement"),
            license_policy=data.get("license_policy"),
            remarks=data.get("remarks"),
            source_url=data.get("source_url"),
            extra=tuple((str(k), str(v)) for k, v in data.get("extra", ())),
        )

    def fingerprint(self) -> str:
        """A hash of every field: two snapshots' entries with the same id differ iff their fingerprints do."""
        payload = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@pickled_by_slots
@dataclass(frozen=True, slots=True)
class Snapshot:
    """One immutable import of one dataset file."""

    id: int
    dataset: str  # e.g. "us-csl", "us-ofac-sdn", "un-sc"
    sha256: str
    published: str | None
    imported_at: datetime
    entry_count: int
    active: bool
    filename: str | None = None
    counts_by_list: dict[str, int] = field(default_factory=dict)
    format: str | None = None  # the parser format, e.g. "ofac-csv"
    source_rows: int = 0  # rows the parser read, for reconciliation with entry_count


@pickled_by_slots
@dataclass(frozen=True, slots=True)
class ParsedDataset:
    """What a parser returns for one dataset file (or file set): the entries and what it knows of the file."""

    dataset: str  # e.g. "us-csl"
    format: str  # e.g. "csl-csv", "ofac-csv", "ofac-xml", "dpl-txt", "un-xml", "eu-xml", "uk-csv", "csl-json"
    entries: tuple[Entry, ...]
    published: str | None = None  # ISO date the publisher gives, if any
    source_rows: int = 0  # rows/records read from the file(s), for reconciliation
    warnings: tuple[str, ...] = ()  # rows skipped or repaired, with their line numbers
