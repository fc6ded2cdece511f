"""The token-score bound never falls below the real score, and it rules out names with nothing alike."""

from __future__ import annotations

import numpy as np

from tradeguard.index.bounds import TokenTable
from tradeguard.lists.model import EntryKind
from tradeguard.match.scorer import DEFAULT_THRESHOLD, name_score
from tradeguard.names.normalize import NormalizedName, normalize_name

P, ORG = EntryKind.PERSON, EntryKind.ORGANIZATION

LISTED = [
    ("SAYEH BAN SEPEHR DELIJAN CO.", ORG),
    ("MOKU GOLD MINES", ORG),
    ("Abd Allah Abd al-Rahman", P),
    ("HUAWEI TECHNOLOGIES CO., LTD.", ORG),
    ("John Robert Smith", P),
    ("ZHAO, Dongdong", P),
    ("Abdulla Quraishi", P),
    ("Saddam Hussein AL-TIKRITI", P),
    ("Star Voyager (ex-Southern Glory)", EntryKind.VESSEL),
    ("Kirby C. Santos", P),
    ("Romashka LLC", ORG),
]
QUERIES = [
    "SAYEHBAN SEPEHR DELIJAN",
    "MOKU GOLDMINES AG",
    "عبد الله عبد الرحمن",
    "华为技术有限公司",
    "J. R. Smith",
    "ZHAO, Dogndong",
    "Abdalla Qureshi",
    "صدام حسين التكريتي",
    "Southern Glory",
    "OOO Romashka",
    "Vladimir Putin",
]


def _names() -> list[NormalizedName]:
    return [normalize_name(text, kind) for text, kind in LISTED]


def test_bound_is_never_below_the_score() -> None:
    names = _names()
    table = TokenTable(names)
    ids = np.arange(len(names), dtype=np.int64)
    for text in QUERIES:
        query = normalize_name(text)
        bounds = table.bounds(query, ids)
        for name_id, name in enumerate(names):
            score = name_score(query, name)
            assert bounds[name_id] + 1e-9 >= score, (text, name.original, score, bounds[name_id])


def test_bound_rules_out_names_with_nothing_alike() -> None:
    names = _names()
    table = TokenTable(names)
    bounds = table.bounds(normalize_name("Vladimir Putin", P), np.arange(len(names), dtype=np.int64))
    assert bounds[8] == 1.0  # a name with an inline former name is never ruled out
    assert np.delete(bounds, 8).max() < DEFAULT_THRESHOLD
    own = table.bounds(normalize_name("MOKU GOLDMINES AG"), np.array([1], dtype=np.int64))
    assert own[0] == 1.0  # "goldmines" contains both words the list name writes apart


def test_same_letters_and_former_names_are_always_kept() -> None:
    names = _names()
    table = TokenTable(names)
    bounds = table.bounds(normalize_name("Johnrobert Smith"), np.array([4, 8], dtype=np.int64))
    assert bounds.tolist() == [1.0, 1.0]
