"""Licenses the company holds: the `LicenseBook` protocol, the `HeldLicense` model and an in-memory book."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from tradeguard.errors import InputError, NotFoundError


class HeldLicense(BaseModel):
    """A BIS license: who and what it covers, where, until when, and how much of it is used."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    number: str = Field(min_length=1)
    parties: tuple[str, ...] = Field(min_length=1)  # every party the license names
    eccns: tuple[str, ...] = Field(min_length=1)  # e.g. ("5A992", "EAR99"); a heading covers its paragraphs
    destination: str
    valid_from: date
    valid_to: date
    value_limit: float | None = Field(default=None, ge=0)
    quantity_limit: float | None = Field(default=None, ge=0)
    value_used: float = Field(default=0.0, ge=0)
    quantity_used: float = Field(default=0.0, ge=0)
    note: str = ""

    @field_validator("destination")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.strip().upper()

    @model_validator(mode="after")
    def _dates(self) -> HeldLicense:
        if self.valid_to < self.valid_from:
            raise ValueError("valid_to is before valid_from")
        return self

    @classmethod
    def parse(cls, data: object, *, source: str = "license") -> HeldLicense:
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or '(root)'}: {e['msg']}" for e in exc.errors())
            raise InputError(f"{source}: invalid license: {problems}") from exc

    def remaining_value(self) -> float | None:
        return None if self.value_limit is None else self.value_limit - self.value_used

    def remaining_quantity(self) -> float | None:
        return None if self.quantity_limit is None else self.quantity_limit - self.quantity_used

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day <= self.valid_to

    def drawn(self, value: float, quantity: float) -> HeldLicense:
        """This license after a shipment of `value` and `quantity`; InputError if it would exceed a limit."""
        if value < 0 or quantity < 0:
            raise InputError("drawdown value and quantity must not be negative")
        remaining_value, remaining_quantity = self.remaining_value(), self.remaining_quantity()
        if remaining_value is not None and value > remaining_value + 1e-9:
            raise InputError(f"license {self.number}: value {value:g} exceeds the remaining {remaining_value:g}")
        if remaining_quantity is not None and quantity > remaining_quantity + 1e-9:
            raise InputError(
                f"license {self.number}: quantity {quantity:g} exceeds the remaining {remaining_quantity:g}"
            )
        return self.model_copy(
            update={"value_used": self.value_used + value, "quantity_used": self.quantity_used + quantity}
        )


class LicenseBook(Protocol):
    """Where held licenses live (in memory for tests, the SQLite store in production)."""

    def add(self, license: HeldLicense) -> None:
        """Record a license; InputError if its number is already recorded."""

    def get(self, number: str) -> HeldLicense:
        """One license by number; NotFoundError if absent."""

    def list(self) -> Sequence[HeldLicense]:
        """Every license, by number."""

    def draw_down(self, number: str, value: float, quantity: float, reference: str) -> HeldLicense:
        """Record a shipment against a license and return it updated; InputError if a limit would be exceeded."""


class InMemoryLicenseBook:
    """A `LicenseBook` in a dict, with its drawdowns kept in order."""

    def __init__(self, licenses: Sequence[HeldLicense] = ()) -> None:
        self._licenses: dict[str, HeldLicense] = {}
        self.drawdowns: list[tuple[str, float, float, str]] = []
        for held in licenses:
            self.add(held)

    def add(self, license: HeldLicense) -> None:
        if license.number in self._licenses:
            raise InputError(f"license {license.number} is already recorded")
        self._licenses[license.number] = license

    def get(self, number: str) -> HeldLicense:
        try:
            return self._licenses[number]
        except KeyError:
            raise NotFoundError(f"no license numbered {number!r}") from None

    def list(self) -> Sequence[HeldLicense]:
        return [self._licenses[n] for n in sorted(self._licenses)]

    def draw_down(self, number: str, value: float, quantity: float, reference: str) -> HeldLicense:
        updated = self.get(number).drawn(value, quantity)
        self._licenses[number] = updated
        self.drawdowns.append((number, value, quantity, reference))
        return updated
