"""Transactions in, decisions out: the pydantic models of license determination (issue 5's YAML and JSON shapes)."""

from __future__ import annotations

import json
import re
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from tradeguard.decide.ruledata import ECCN_PATTERN
from tradeguard.errors import InputError, ParseError

# ISO 3166-1 alpha-2, plus the ISO 3166-2 codes of the Ukrainian regions Part 746 treats apart (Crimea, DNR, LNR).
COUNTRY_PATTERN = re.compile(r"^(?:[A-Z]{2}|UA-43|UA-14|UA-09)$")

Role = Literal["purchaser", "intermediate-consignee", "ultimate-consignee", "end-user"]
Transfer = Literal["export", "reexport", "in-country-transfer", "deemed-export", "deemed-reexport"]
Purpose = Literal[
    "existing-handset-support", "existing-network-maintenance", "security-research", "standards-development"
]
EndUse = Literal[
    "military",
    "military-intelligence",
    "nuclear",
    "missile",
    "chemical-biological",
    "supercomputer",
    "advanced-node-ic",
]


def _country(value: str | None) -> str | None:
    if value is None:
        return None
    code = value.strip().upper()
    if not COUNTRY_PATTERN.match(code):
        raise ValueError(f"not an ISO 3166-1 alpha-2 country code: {value!r}")
    return code


def _eccn(value: str) -> str:
    text = value.strip()
    head, dot, rest = text.partition(".")
    normalised = head.upper() + dot + rest.lower()
    if not ECCN_PATTERN.match(normalised):
        raise ValueError(f"not an ECCN (e.g. 5A992.c) or EAR99: {value!r}")
    return normalised


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Owner(_Strict):
    """An owner of a party, for the OFAC 50% rule (and the stayed Entity List affiliates rule); may be layered."""

    name: str = Field(min_length=1)
    country: str | None = None
    percent: float = Field(gt=0, le=100)
    entry_id: str | None = None
    owners: tuple[Owner, ...] = ()

    _check_country = field_validator("country")(classmethod(lambda cls, v: _country(v)))


class TransactionParty(_Strict):
    role: Role
    name: str = Field(min_length=1)
    country: str
    address: str | None = None
    entry_id: str | None = None
    owners: tuple[Owner, ...] = ()
    acting_for: str | None = None

    _check_country = field_validator("country")(classmethod(lambda cls, v: _country(v)))


class UsContent(_Strict):
    eccn: str
    value: float = Field(ge=0)

    _check_eccn = field_validator("eccn")(classmethod(lambda cls, v: _eccn(v)))


class Item(_Strict):
    description: str = Field(min_length=1)
    eccn: str
    hts: str | None = None
    value: float = Field(ge=0)
    quantity: float = Field(ge=0)
    origin: str
    published: bool = False
    standards_release: bool = False
    us_content: tuple[UsContent, ...] = ()
    direct_product_of: tuple[str, ...] = ()
    production_started: date | None = None

    _check_eccn = field_validator("eccn")(classmethod(lambda cls, v: _eccn(v)))
    _check_origin = field_validator("origin")(classmethod(lambda cls, v: _country(v)))

    @field_validator("direct_product_of")
    @classmethod
    def _check_direct(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_eccn(v) for v in value)

    @property
    def us_origin(self) -> bool:
        return self.origin == "US"


class Transaction(_Strict):
    """One order to evaluate; the law in force on `ship_date` applies."""

    ship_date: date
    export_from: str
    destination: str
    transfer: Transfer = "export"
    purpose: Purpose | None = None
    end_uses: tuple[EndUse, ...] = ()
    red_flags: tuple[str, ...] = ()
    parties: tuple[TransactionParty, ...] = Field(min_length=1)
    items: tuple[Item, ...] = Field(min_length=1)

    _check_countries = field_validator("export_from", "destination")(classmethod(lambda cls, v: _country(v)))

    @classmethod
    def parse(cls, data: Any, *, source: str = "transaction") -> Transaction:
        """Validate plain data; an InputError names every bad field by its path (e.g. items[0].eccn)."""
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            problems = "; ".join(f"{_path(err['loc'])}: {err['msg']}" for err in exc.errors())
            raise InputError(f"{source}: invalid transaction: {problems}") from exc


def _path(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(root)"


def load_transaction(path: Path) -> Transaction:
    """Read one transaction from a YAML or JSON file."""
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise ParseError(f"cannot read transaction: {exc.strerror}", path=str(path)) from exc
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        line = getattr(exc, "lineno", None) or _yaml_line(exc)
        raise ParseError(
            f"not valid {'JSON' if path.suffix.lower() == '.json' else 'YAML'}: {exc}", path=str(path), line=line
        ) from exc
    return Transaction.parse(data, source=str(path))


def _yaml_line(exc: Exception) -> int | None:
    mark = getattr(exc, "problem_mark", None)
    return None if mark is None else int(mark.line) + 1


# ---- answers ------------------------------------------------------------------------------------------------


class Outcome(StrEnum):
    """Decisions, most severe first: a transaction's decision is its worst item's."""

    PROHIBITED = "PROHIBITED"
    REVIEW = "REVIEW"
    LICENSE_REQUIRED = "LICENSE_REQUIRED"
    AUTHORIZED = "AUTHORIZED"
    NLR = "NLR"
    NOT_SUBJECT = "NOT_SUBJECT"

    @property
    def severity(self) -> int:
        return len(Outcome) - list(Outcome).index(self)


class Effect(StrEnum):
    """What a requirement does to the answer."""

    PROHIBITED = "prohibited"  # no authorisation tradeguard can name overcomes it
    LICENSE = "license"  # needs a license, license exception or general license
    REVIEW = "review"  # an analyst must resolve it before any answer
    CONDITION = "condition"  # must be met before shipping, but needs no license (e.g. UVL statement)


class Requirement(_Strict):
    """One reason a shipment is restricted, with its legal source."""

    code: str
    citation: str
    party: str | None = None
    entry_id: str | None = None
    review_policy: str | None = None
    license_exceptions: tuple[str, ...] = ()
    detail: str = ""
    effect: Effect = Effect.LICENSE
    covered_by: str | None = None  # the named license, license exception or general license that authorises it


class ItemDecision(_Strict):
    description: str
    eccn: str
    subject_to_ear: bool
    basis: str
    controlled_us_content_percent: float | None = None
    requirements: tuple[Requirement, ...] = ()
    decision: Outcome


class ListMatch(_Strict):
    entry_id: str
    source: str
    name: str
    matched_name: str
    score: float
    confirmed: bool
    basis: str  # why it is (or is not) taken as the party


class PartyScreening(_Strict):
    role: str
    name: str
    country: str | None
    matches: tuple[ListMatch, ...] = ()
    owners: tuple[PartyScreening, ...] = ()
    percent: float | None = None  # for owners: share held in the party above
    blocked_by_ownership: bool = False
    blocked_owner_percent: float = 0.0


class Decision(_Strict):
    decision: Outcome
    items: tuple[ItemDecision, ...]
    parties: tuple[PartyScreening, ...]
    conditions: tuple[str, ...] = ()
    as_of: dict[str, Any] = Field(default_factory=dict)

    def to_json_dict(self) -> dict[str, Any]:
        """The JSON shape of `tradeguard decide --json` and `POST /v1/decide`."""
        data: dict[str, Any] = self.model_dump(mode="json")
        return data
