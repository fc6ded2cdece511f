"""Deterministic customer records for Spark tests: list names as written, altered list names, and made-up parties."""

from __future__ import annotations

import random
from collections.abc import Sequence

from tradeguard.lists.model import Entry, EntryKind

HEADER = ["customer_id", "customer_name", "type", "country", "address"]
_GIVEN = ["Anna", "Jonas", "Wei", "Olga", "Ahmed", "Maria", "Kenji", "Fatima", "Pierre", "Ivan", "Lucia", "Omar"]
_FAMILY = ["Schmidt", "Zhang", "Petrova", "Haddad", "Garcia", "Tanaka", "Dubois", "Kowalski", "Rossi", "Novak"]
_WORDS = ["Nordic", "Alpine", "Pacific", "Golden", "United", "Bright", "Eastern", "Silver", "Delta", "Orion"]
_TRADES = ["Logistics", "Foods", "Textiles", "Machinery", "Trading", "Electronics", "Shipping", "Pharma", "Energy"]
_FORMS = ["GmbH", "Ltd", "LLC", "S.A.", "Co., Ltd.", "Inc.", "JSC", ""]
_COUNTRIES = ["DE", "CN", "RU", "US", "FR", "IR", "AE", "JP", "Germany", "China", ""]


def _altered(name: str, rng: random.Random) -> str:
    """A list name as a customer file may hold it: upper-cased, a letter dropped, or a legal form swapped."""
    choice = rng.randrange(3)
    if choice == 0:
        return name.upper().replace(",", "").replace(".", "")
    if choice == 1 and len(name) > 8:
        at = rng.randrange(1, len(name) - 1)
        return name[:at] + name[at + 1 :]
    return name + rng.choice([" LLC", " Co., Ltd.", " GmbH"])


def _made_up(rng: random.Random) -> tuple[str, str]:
    if rng.random() < 0.5:
        return f"{rng.choice(_GIVEN)} {rng.choice(_FAMILY)}", "person"
    return f"{rng.choice(_WORDS)} {rng.choice(_TRADES)} {rng.choice(_FORMS)}".strip(), "company"


def customer_rows(count: int, entries: Sequence[Entry], seed: int = 7) -> list[list[str | None]]:
    """`count` rows: ~15% list names (half altered), ~1% without a name, the rest made-up parties."""
    rng = random.Random(seed)
    rows: list[list[str | None]] = []
    for number in range(count):
        draw = rng.random()
        country: str | None = rng.choice(_COUNTRIES)
        if draw < 0.15 and entries:
            entry = rng.choice(entries)
            name: str | None = entry.name if draw < 0.075 else _altered(entry.name, rng)
            kind = "person" if entry.kind == EntryKind.PERSON else rng.choice(["company", "", "vessel"])
            country = entry.countries[0] if entry.countries and draw < 0.1 else country
        elif draw < 0.16:
            name, kind = rng.choice([None, "", "   "]), "company"
        else:
            name, kind = _made_up(rng)
        rows.append([f"C{number:06d}", name, kind, country or None, rng.choice(["", "12 Main St", None])])
    return rows
