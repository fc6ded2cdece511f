"""Country names as the lists spell them ("Korea, North", "Iran (Islamic Republic of)") to ISO 3166-1 alpha-2."""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from importlib import resources


def _normalise(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", bare).split())


@cache
def _table() -> tuple[dict[str, str], frozenset[str]]:
    raw = resources.files("tradeguard.lists").joinpath("data/countries.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    return dict(data["names"]), frozenset(data["codes"])


def iso2(name: str | None) -> str | None:
    """The ISO-2 code for a country name or code, or None when it is not a country we know."""
    if not name:
        return None
    text = name.strip()
    names, codes = _table()
    if len(text) == 2 and text.upper() in codes:
        return text.upper()
    return names.get(_normalise(text))
