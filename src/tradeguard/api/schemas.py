"""Request and response models of the JSON API; every text field has a length limit."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from tradeguard.lists.model import EntryKind
from tradeguard.match.model import Party

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Country = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z]{2}$")]
Address = Annotated[str, StringConstraints(max_length=500)]
BirthDate = Annotated[str, StringConstraints(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]
Code = Annotated[str, StringConstraints(min_length=1, max_length=64)]
QueryKey = Annotated[str, StringConstraints(min_length=1, max_length=100)]

MAX_HITS = 100  # hits per party a request may ask for


class IdentifierIn(BaseModel):
    """An identifier of the party, e.g. an IMO number."""

    model_config = ConfigDict(extra="forbid")
    type: Annotated[str, StringConstraints(min_length=1, max_length=50)]
    value: Annotated[str, StringConstraints(min_length=1, max_length=100)]


class PartyIn(BaseModel):
    """A party to screen: only `name` is required."""

    model_config = ConfigDict(extra="forbid")
    name: Name = Field(description="The party's name, in any script.", examples=["Huawei Technologies Co., Ltd."])
    kind: EntryKind | None = None
    country: Annotated[Country | None, Field(description="ISO 3166-1 alpha-2 country.")] = None
    address: Address | None = None
    birth_date: Annotated[BirthDate | None, Field(description="YYYY, YYYY-MM or YYYY-MM-DD.")] = None
    identifiers: list[IdentifierIn] = Field(default_factory=list, max_length=20)

    def to_party(self) -> Party:
        return Party(
            name=self.name,
            kind=self.kind,
            country=self.country.upper() if self.country else None,
            address=self.address,
            birth_date=self.birth_date,
            identifiers=tuple((item.type, item.value) for item in self.identifiers),
        )


class ScreenOptions(BaseModel):
    """How to screen: threshold, most hits, and which lists or datasets (default: settings, all lists)."""

    threshold: Annotated[float | None, Field(ge=0.0, le=1.0)] = None
    limit: Annotated[int | None, Field(ge=1, le=MAX_HITS)] = None
    sources: Annotated[list[Code] | None, Field(max_length=50, description="List codes or dataset codes.")] = None


class ScreenRequest(PartyIn, ScreenOptions):
    """One party to screen, with optional screening options."""

    model_config = ConfigDict(extra="forbid")


class BatchRequest(ScreenOptions):
    """Several parties keyed by the caller's own ids; the answer uses the same keys."""

    model_config = ConfigDict(extra="forbid")
    queries: dict[QueryKey, PartyIn] = Field(min_length=1)


# -- responses (the shape of `ScreenResult.to_dict()`, shared with `tradeguard screen --json`) --------------------


class PartyOut(BaseModel):
    name: str
    kind: EntryKind | None
    country: str | None
    address: str | None
    birth_date: str | None
    identifiers: list[tuple[str, str]]


class FeatureOut(BaseModel):
    feature: str
    score: float
    weight: float
    detail: str


class HitOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    entry_id: str
    source: str
    name: str
    matched_name: str
    score: float
    match: bool
    explanation: str
    kind: str
    countries: list[str]
    programs: list[str]
    federal_register: str | None
    license_requirement: str | None
    license_policy: str | None
    suppressed: bool
    features: list[FeatureOut]
    aligned: list[tuple[str, str, float]]


class ScreenResultOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    query: PartyOut
    hits: list[HitOut]
    threshold: float
    snapshots: list[int]
    engine_version: str
    truncated: bool = Field(
        description="The limit left out an entry that scores, or may score, at or above the threshold: raise it."
    )


class BatchResponseOut(BaseModel):
    responses: dict[str, ScreenResultOut]


class ErrorOut(BaseModel):
    detail: str | list[object]
