"""The token-score bound never falls below the real score, and it rules out names with nothing alike."""

from __future__ import annotations

import random
import string
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from rapidfuzz.distance import OSA, Levenshtein
from rapidfuzz.process import cdist

from tradeguard.engine import _ceiling
from tradeguard.errors import InputError
from tradeguard.index import bounds
from tradeguard.index.bounds import TokenTable, _EditScan, _letter_pairs
from tradeguard.lists.model import EntryKind
from tradeguard.match.pairs import read_labelled
from tradeguard.match.scorer import DEFAULT_THRESHOLD, name_score
from tradeguard.names.model import NormalizedName
from tradeguard.names.normalize import normalize_name

P, ORG = EntryKind.PERSON, EntryKind.ORGANIZATION
# Below the reporting floor of the default threshold, as `CandidateIndex.plausible` asks.
REACH_FLOOR = 0.5

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
    ("Verkhnyaya Strelka Agro", ORG),
    ("Osman Ali", P),
    ("كاظم جواد", P),
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
    "Werchnjaja Strelka Agro",  # one inner letter of a long phonetic key changed
    "عثمان علي",  # an interdental read as s
    "Kathim Jawad",  # ... and as t
]


def _names() -> list[NormalizedName]:
    return [normalize_name(text, kind) for text, kind in LISTED]


def test_bound_is_never_below_the_score() -> None:
    names = _names()
    table = TokenTable(names)
    ids = np.arange(len(names), dtype=np.int64)
    for text in QUERIES:
        query = normalize_name(text)
        bounds = table.bounds(table.prepare(query), ids)
        for name_id, name in enumerate(names):
            score = name_score(query, name)
            assert _ceiling(bounds[name_id], 0.0) >= score, (text, name.original, score, bounds[name_id])


def test_bound_rules_out_names_with_nothing_alike() -> None:
    names = _names()
    table = TokenTable(names)
    bounds = table.bounds(table.prepare(normalize_name("Vladimir Putin", P)), np.arange(len(names), dtype=np.int64))
    assert bounds.max() < DEFAULT_THRESHOLD  # "Star Voyager (ex-Southern Glory)" too: each form is bounded
    own = table.bounds(table.prepare(normalize_name("MOKU GOLDMINES AG")), np.array([1], dtype=np.int64))
    assert own[0] == 1.0  # "goldmines" contains both words the list name writes apart


def test_same_letters_are_always_kept() -> None:
    names = _names()
    table = TokenTable(names)
    bounds = table.bounds(table.prepare(normalize_name("Johnrobert Smith")), np.array([4, 8], dtype=np.int64))
    assert bounds[0] == 1.0 and bounds[1] < DEFAULT_THRESHOLD


def test_a_name_with_a_former_name_is_bounded_by_its_best_form() -> None:
    names = _names()
    table = TokenTable(names)
    vessel = LISTED.index(("Star Voyager (ex-Southern Glory)", EntryKind.VESSEL))
    for text in ("Southern Glory", "Star Voyager"):
        query = normalize_name(text, EntryKind.VESSEL)
        prepared = table.prepare(query)
        reachable = table.reachable(prepared)
        assert reachable is not None and vessel in reachable.tolist()
        bound = float(table.bounds(prepared, np.array([vessel], dtype=np.int64))[0])
        assert name_score(query, names[vessel]) >= DEFAULT_THRESHOLD
        assert _ceiling(bound, 0.0) >= name_score(query, names[vessel])


def test_a_name_writing_a_query_word_apart_is_bounded_by_the_rest() -> None:
    # "abd al rahman" joins into "abdulrahman", so the name is always looked at; but "fawaz", absent from it, keeps
    # its bound below the threshold (it used to be 1.0, and hundreds of such names were scored for every query).
    names = _names()
    table = TokenTable(names)
    listed = LISTED.index(("Abd Allah Abd al-Rahman", P))
    for text, reaches in (("Fawaz Abdulrahman", False), ("Abdallah Abdulrahman", True)):
        query = normalize_name(text, P)
        prepared = table.prepare(query)
        reachable = table.reachable(prepared)
        assert reachable is not None and listed in reachable.tolist()
        bound = float(table.bounds(prepared, np.array([listed], dtype=np.int64))[0])
        assert _ceiling(bound, 0.0) >= name_score(query, names[listed])
        assert (bound >= DEFAULT_THRESHOLD) == reaches, (text, bound)


def test_bound_follows_the_scorer_where_it_is_strict() -> None:
    # A lone word against a longer person name with a distinctive word left over is a loose subset (0.7, not 0.825);
    # skeletons one letter apart are 0.9 times their edit similarity ("hmd" / "mhmd": 0.675, below a token match).
    names = [normalize_name("SHIHAB, Mohammed", P), normalize_name("Zahhar Mahmoud Khaled", P)]
    table = TokenTable(names)
    for text, listed in (("Muhammad", 0), ("حماده ولد الخيري", 1)):
        query = normalize_name(text, P)
        bound = float(table.bounds(table.prepare(query), np.array([listed], dtype=np.int64))[0])
        score = name_score(query, names[listed])
        assert score <= _ceiling(bound, 0.0) <= score + 0.01, (text, score, bound)


def test_a_company_against_a_person_entry_is_bounded_by_the_kind_factor() -> None:
    # "LTD. ABU" against hundreds of "Abu ..." person entries: the kind feature multiplies each score by 0.8.
    names = [normalize_name("ABU", P), normalize_name("ABU LTD", ORG)]
    table = TokenTable(names)
    for text, kind, person in (("LTD. ABU", None, 0), ("Abu", P, 1)):
        query = normalize_name(text, kind)
        bounds = table.bounds(table.prepare(query), np.array([0, 1], dtype=np.int64))
        assert bounds[person] <= 0.8 + 1e-9
        assert _ceiling(bounds[person], 0.0) >= name_score(query, names[person]) > 0.0


def test_the_kind_factor_bounds_once_when_both_sides_are_persons_with_a_form_word() -> None:
    # The Tuareg "Ag" reads as the German AG on both sides; the scorer multiplies by 0.8 once, so must the bound.
    entry = normalize_name("MOUSSA, Bah Ag", P)
    query = normalize_name("MUSSA, BAH AG", P)
    table = TokenTable([entry])
    bound = table.bounds(table.prepare(query), np.array([0], dtype=np.int64))[0]
    assert _ceiling(bound, 0.0) >= name_score(query, entry) >= DEFAULT_THRESHOLD


def _labelled_texts(shared_data: Path, fixtures: Path) -> list[tuple[str, str, EntryKind | None]]:
    tables = (
        shared_data / "dev/cascade-name-pairs.csv",
        fixtures / "match/list-cases.csv",
        fixtures / "match/hand-cases.csv",
        fixtures / "match/un-script-cases.csv",
    )
    return [(first, second, kind) for path in tables for first, second, kind, _ in read_labelled(path)]


def _normalized_pairs(
    texts: list[tuple[str, str, EntryKind | None]], kinds: Callable[[EntryKind | None], tuple[EntryKind | None, ...]]
) -> list[tuple[NormalizedName, NormalizedName]]:
    """Each side of every pair as a query against the other, the query and the candidate of the kinds `kinds`
    gives for the pair's kind."""
    pairs: list[tuple[NormalizedName, NormalizedName]] = []
    for first, second, kind in texts:
        query_kind, candidate_kind = kinds(kind)
        try:
            for query, candidate in ((first, second), (second, first)):
                pairs.append((normalize_name(query, query_kind), normalize_name(candidate, candidate_kind)))
        except InputError:
            continue  # a name without letters is refused before any index is asked
    return pairs


def _below_the_score(table: TokenTable, pairs: list[tuple[NormalizedName, NormalizedName]]) -> list[str]:
    """The pairs (candidate `name_id` of `table` = its position) whose bound, rounded as scores are, is below the
    score: exact up to float noise, the engine relies on it (a name dropped by the bound is a missed hit)."""
    below = []
    for name_id, (query, candidate) in enumerate(pairs):
        bound = float(table.bounds(table.prepare(query), np.array([name_id], dtype=np.int64))[0])
        score = name_score(query, candidate)
        if _ceiling(bound, 0.0) < score:
            below.append(
                f"{query.original!r} ({query.kind}) / {candidate.original!r} ({candidate.kind}): {score} > {bound:.4f}"
            )
    return below


def test_bound_holds_on_every_labelled_pair(shared_data: Path, fixtures: Path) -> None:
    """Each side of every labelled pair, as a query against the other among all names of the tables: the bound
    must never be below the real score, and the name must be reachable."""
    pairs = _normalized_pairs(_labelled_texts(shared_data, fixtures), lambda kind: (kind, kind))
    table = TokenTable([candidate for _, candidate in pairs])
    unreached = []
    for name_id, (query, candidate) in enumerate(pairs):
        prepared = table.prepare(query)
        score = name_score(query, candidate)
        for at_least in (0.0, REACH_FLOOR):
            reachable = table.reachable(prepared, at_least)
            if score > 0 and score >= at_least and reachable is not None and name_id not in set(reachable.tolist()):
                unreached.append(f"{query.original!r} / {candidate.original!r}: score {score} >= {at_least}")
    assert len(pairs) > 3800
    assert _below_the_score(table, pairs) == []
    assert unreached == []


def test_bound_holds_when_the_kinds_differ(shared_data: Path, fixtures: Path) -> None:
    """The same pairs with the query and the candidate each of a kind drawn at random (a batch row typed "person"
    against a company entry, a query without a kind against a person): the kind feature's factor is in the bound."""
    rng = random.Random(11)
    choices = (None, EntryKind.PERSON, EntryKind.ORGANIZATION, EntryKind.VESSEL)
    pairs = _normalized_pairs(
        _labelled_texts(shared_data, fixtures), lambda _: (rng.choice(choices), rng.choice(choices))
    )
    assert _below_the_score(TokenTable([candidate for _, candidate in pairs]), pairs) == []


def test_reachable_names_hold_a_similar_word() -> None:
    names = _names()
    table = TokenTable(names)
    reachable = table.reachable(table.prepare(normalize_name("Abdalla Qureshi", P)))
    assert reachable is not None
    found = {names[name_id].original for name_id in reachable.tolist()}
    assert "Abdulla Quraishi" in found and "Abd Allah Abd al-Rahman" in found
    assert "MOKU GOLD MINES" not in found and "John Robert Smith" not in found
    assert "Star Voyager (ex-Southern Glory)" not in found  # looked at through its forms' words, as any name
    initials = table.prepare(normalize_name("J. R. Smith", P))
    assert table.reachable(initials) is None  # an initial is similar to too many words: the blocking keys narrow down


def test_names_sharing_only_particles_are_not_reached_when_they_cannot_score() -> None:
    names = _names()
    table = TokenTable(names)
    query = normalize_name("Zaid al-Hamdani", P)
    particle_only = names.index(next(name for name in names if name.original == "Abd Allah Abd al-Rahman"))
    anything = table.reachable(table.prepare(query), 0.0)
    floored = table.reachable(table.prepare(query), REACH_FLOOR)
    assert anything is not None and floored is not None
    assert particle_only in anything.tolist()  # "al" is similar to "al"
    assert particle_only not in floored.tolist()  # but "al" alone cannot make "Zaid al-Hamdani" reach 0.5
    assert name_score(query, names[particle_only]) < REACH_FLOOR


@pytest.mark.parametrize("similarity,cutoff", [("osa", 0.74), ("levenshtein", 0.69), ("levenshtein", 0.6)])
@pytest.mark.parametrize("compiled", [True, False], ids=["kernel", "numpy"])
def test_edit_scan_finds_exactly_what_a_full_scan_finds(
    similarity: str, cutoff: float, compiled: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The letter-pair filter must never drop a word the edit similarity keeps (typos, swaps, insertions, short
    and repeated-letter words, and words with more letter pairs than the kernel counts in a byte)."""
    if compiled and bounds._kernel is None:
        pytest.skip("the kernels are not built")
    if not compiled:
        monkeypatch.setattr(bounds, "_kernel", None)
    rng = random.Random(7)
    words = sorted({"".join(rng.choices("aeiklmnorstu", k=rng.randint(1, 12))) for _ in range(4000)})
    words += ["mohammed", "muhammad", "mohamed", "mhmd", "aaaa", "aaaaa", "abab", "baba", "s", "ss"]
    hostile = "".join(rng.choices(string.ascii_lowercase + string.digits, k=700))
    assert len(_letter_pairs(hostile)) > bounds.MOST_PAIRS_COUNTED
    words += [hostile, hostile[:350] + "x" + hostile[351:], hostile[:600]]
    scan = _EditScan(words, np.arange(len(words), dtype=np.int64), similarity, cutoff)
    scorer = OSA.normalized_similarity if similarity == "osa" else Levenshtein.normalized_similarity
    queries = [*rng.sample(words, 300), "mohamad", "mhamed", "aaa", "ab", "x", "tsrqponmlkji", hostile[1:]]
    for query in queries:
        found = scan.scan(query)
        expected = cdist([query], words, scorer=scorer, score_cutoff=cutoff)[0]
        assert sorted(found) == np.flatnonzero(expected).tolist(), query
        assert all(similarity == expected[word] for word, similarity in found.items())


def test_edit_scan_gives_each_word_its_best_text_and_a_shared_text_to_every_word() -> None:
    # Skeleton scans hold a word once per letter reading; phonetic keys are shared by several words.
    texts = ["muhamad", "mohamed", "mohamed", "mohamad", "zzzzzz"]
    scan = _EditScan(texts, np.array([0, 0, 1, 2, 3], dtype=np.int64), "levenshtein", 0.6)
    found = scan.scan("mohamed")
    assert found == pytest.approx({0: 1.0, 1: 1.0, 2: Levenshtein.normalized_similarity("mohamed", "mohamad")})
    assert found[2] < 1.0


def test_names_aligning_only_their_own_particles_are_not_reached_unless_the_query_particles_meet_their_words() -> None:
    names = [normalize_name(text, P) for text in ("El Ali", "Hassan al-Bakri", "Omar bin Laden")]
    table = TokenTable(names)
    query = normalize_name("Ulloa al", P)  # "ulloa" is as similar to the particles "el"/"al" as "al" is
    anything = table.reachable(table.prepare(query), 0.0)
    assert anything is not None and anything.tolist() == [0, 1]
    # "Hassan al-Bakri": only its particle meets the query; "El Ali": its particle meets the query's word and its
    # word the query's particle, so neither "no firm subset" argument alone rules it out.
    floored = table.reachable(table.prepare(query), REACH_FLOOR)
    assert floored is not None and floored.tolist() == [0]
