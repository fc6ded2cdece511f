"""Slotted dataclasses pickle by their slots: every field, defaults and derived ones included, comes back equal."""

from __future__ import annotations

import pickle
from dataclasses import FrozenInstanceError, dataclass, field

import pytest

from tradeguard.lists.model import Alias, AliasType
from tradeguard.lists.records import pickled_by_slots
from tradeguard.match.profile import profile_of
from tradeguard.names.normalize import normalize_name


@pickled_by_slots
@dataclass(frozen=True, slots=True)
class _Point:
    x: int
    label: str = "origin"
    cached: object = field(default=None, init=False, compare=False)


def test_every_slot_comes_back() -> None:
    point = _Point(3)
    object.__setattr__(point, "cached", [1, 2])
    again = pickle.loads(pickle.dumps(point))
    assert (again.x, again.label, again.cached) == (3, "origin", [1, 2])
    with pytest.raises(FrozenInstanceError):
        again.x = 4  # type: ignore[misc]


def test_the_state_is_the_slot_values_in_order() -> None:
    assert Alias("Acme", AliasType.FKA, False).__getstate__() == ("Acme", AliasType.FKA, False)


def test_a_normalized_name_keeps_its_profile_and_alternates() -> None:
    name = normalize_name("STAR VOYAGER (ex-SOUTHERN GLORY)")
    profile_of(name)
    again = pickle.loads(pickle.dumps(name))
    assert again == name
    assert again.alternates == name.alternates and again.alternates
    assert again.scoring_profile == name.scoring_profile is not None
