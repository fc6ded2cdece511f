"""Score a name against a name (`compare_names`, `compare`) and a party against a list entry (`score_party`)."""

from __future__ import annotations

from tradeguard.lists.model import Entry, EntryKind
from tradeguard.match.align import align, merge_joined_tokens
from tradeguard.match.evidence import party_evidence
from tradeguard.match.explain import explain
from tradeguard.match.features import NAME_FEATURES
from tradeguard.match.model import Comparison, FeatureScore, Party
from tradeguard.names.normalize import NormalizedName, normalize_name

# Default threshold, chosen on the labelled cases and documented in docs/threshold.md; settings.py repeats it.
DEFAULT_THRESHOLD = 0.76


def _score_single(
    query: NormalizedName, candidate: NormalizedName
) -> tuple[float, tuple[FeatureScore, ...], tuple[tuple[str, str, float], ...]]:
    alignment = align(query, candidate)
    base = 0.0
    features: list[FeatureScore] = []
    for feature in NAME_FEATURES:
        value = feature.compute(query, candidate, alignment)
        if feature.kind == "base":
            contribution = max(value.effect - base, 0.0)
            base = max(base, value.effect)
        else:
            contribution = base * value.effect - base
            base *= value.effect
        features.append(FeatureScore(feature.name, round(value.value, 4), round(contribution, 4), value.detail))
    aligned = tuple((query.tokens[i], candidate.tokens[j], round(s, 4)) for i, j, s in alignment.pairs)
    return min(max(base, 0.0), 1.0), tuple(features), aligned


def _score_best(
    query: NormalizedName, candidate: NormalizedName
) -> tuple[float, tuple[FeatureScore, ...], tuple[tuple[str, str, float], ...]]:
    """Score a pair, and again with words written together on one side joined on the other, keeping the best."""
    best = _score_single(query, candidate)
    if best[0] >= 0.95:
        return best
    for merged_query, merged_candidate in (
        (_merge_all(query, candidate), candidate),
        (query, _merge_all(candidate, query)),
    ):
        if merged_query is not query or merged_candidate is not candidate:
            scored = _score_single(merged_query, merged_candidate)
            if scored[0] > best[0]:
                best = scored
    return best


def _merge_all(name: NormalizedName, other: NormalizedName, rounds: int = 3) -> NormalizedName:
    """Join every run of tokens that `other` writes as one word ("عبد الله عبد الرحمن" / "Abdullah Abdulrahman")."""
    for _ in range(rounds):
        merged = merge_joined_tokens(name, other)
        if merged is None:
            break
        name = merged
    return name


def compare_names(q: NormalizedName, c: NormalizedName, threshold: float | None = None) -> Comparison:
    """Score two normalised names in [0, 1]: the best of the names and their inline former names ("ex-")."""
    cutoff = DEFAULT_THRESHOLD if threshold is None else threshold
    best: tuple[float, tuple[FeatureScore, ...], tuple[tuple[str, str, float], ...]] | None = None
    for query in (q, *q.alternates):
        for candidate in (c, *c.alternates):
            scored = _score_best(query, candidate)
            if best is None or scored[0] > best[0]:
                best = scored
    assert best is not None
    score, features, aligned = best
    score = round(score, 4)
    return Comparison(score, score >= cutoff, explain(score, features), features, aligned)


def compare(a: str, b: str, kind: EntryKind | None = None, threshold: float | None = None) -> Comparison:
    """Normalise and score two names; raises `InputError` for an empty or absurd name."""
    return compare_names(normalize_name(a, kind), normalize_name(b, kind), threshold)


def score_party(
    party: Party, query: NormalizedName, entry: Entry, candidate: NormalizedName, name_cmp: Comparison
) -> Comparison:
    """Adjust a name score with the party's secondary evidence (identifiers, country, birth date, kind)."""
    score = name_cmp.score
    extra: list[FeatureScore] = []
    for evidence in party_evidence(party, entry):
        before = score
        score = evidence.apply(score)
        extra.append(FeatureScore(evidence.name, evidence.value, round(score - before, 4), evidence.detail))
    if not extra:
        return name_cmp
    score = round(min(max(score, 0.0), 1.0), 4)
    features = (*name_cmp.features, *extra)
    return Comparison(score, score >= DEFAULT_THRESHOLD, explain(score, features), features, name_cmp.aligned)
