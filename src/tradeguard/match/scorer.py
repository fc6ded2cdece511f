"""Score a name against a name (`compare_names`, `compare`) and a party against a list entry (`score_party`).

Two names that share no blocking key (`NormalizedName.keys`: no informative word, transliteration, consonant
skeleton or four-letter run in common) score 0 without further work. This is part of the score's definition, so the
candidate index, which only proposes names sharing a key, loses nothing the scorer would rate above 0.
"""

from __future__ import annotations

from typing import Final, NamedTuple

from tradeguard.lists.model import Entry, EntryKind
from tradeguard.match.align import Alignment, align, merge_joined_tokens
from tradeguard.match.evidence import party_evidence
from tradeguard.match.explain import explain
from tradeguard.match.features import NAME_FEATURES
from tradeguard.match.model import Comparison, FeatureScore, Party
from tradeguard.names.model import NormalizedName
from tradeguard.names.normalize import normalize_name, share_a_key

# Default threshold, chosen on the labelled cases and documented in docs/threshold.md; settings.py repeats it.
DEFAULT_THRESHOLD: Final = 0.72
NOTHING_IN_COMMON: Final = "score 0.00; no word, transliteration or run of letters in common"


class _Scored(NamedTuple):
    score: float
    query: NormalizedName
    candidate: NormalizedName
    alignment: Alignment


# (compute, proposes a base score, only multipliers follow): a 0 base stays 0 under multipliers, so they are skipped.
_PLAN: Final = tuple(
    (feature.compute, feature.kind == "base", all(later.kind != "base" for later in NAME_FEATURES[index:]))
    for index, feature in enumerate(NAME_FEATURES)
)


def _score_single(query: NormalizedName, candidate: NormalizedName) -> _Scored:
    alignment = align(query, candidate)
    base = 0.0
    for compute, proposes, only_factors_left in _PLAN:
        if proposes:
            base = max(base, compute(query, candidate, alignment).effect)
        elif base == 0.0 and only_factors_left:
            break
        else:
            base = base * compute(query, candidate, alignment).effect
    return _Scored(min(max(base, 0.0), 1.0), query, candidate, alignment)


def _merge_all(name: NormalizedName, other: NormalizedName, rounds: int = 3) -> NormalizedName:
    """Join every run of tokens that `other` writes as one word ("عبد الله عبد الرحمن" / "Abdullah Abdulrahman")."""
    for _ in range(rounds):
        merged = merge_joined_tokens(name, other)
        if merged is None:
            break
        name = merged
    return name


def _score_variants(query: NormalizedName, candidate: NormalizedName) -> _Scored:
    """Score a pair, and again with words written together on one side joined on the other (or on both sides:
    "Salah al-Din Abdelhalim" / "Salahaldin Abd el Halim"), keeping the best."""
    best = _score_single(query, candidate)
    if best.score >= 0.95:
        return best
    merged_query, merged_candidate = _merge_all(query, candidate), _merge_all(candidate, query)
    variants = []
    if merged_query is not query:
        variants.append((merged_query, candidate))
        # Words the query joined may now be written together on the other side too: "عبد الله عبد الرحمن" joins
        # into "bdallh bdal rhmn", and then "Abd al-Rahman Abdullah" writes "abdal" for "bdal".
        rejoined = _merge_all(candidate, merged_query)
        if rejoined is not candidate and rejoined is not merged_candidate:
            variants.append((merged_query, rejoined))
    if merged_candidate is not candidate:
        variants.append((query, merged_candidate))
    if merged_query is not query and merged_candidate is not candidate:
        variants.append((merged_query, merged_candidate))
    for pair_query, pair_candidate in variants:
        scored = _score_single(pair_query, pair_candidate)
        if scored.score > best.score:
            best = scored
    return best


def _score_best(q: NormalizedName, c: NormalizedName) -> _Scored | None:
    """The best score over the names and their inline former names ("ex-"), or None when no key is shared."""
    best: _Scored | None = None
    for query in (q, *q.alternates):
        for candidate in (c, *c.alternates):
            if not share_a_key(query, candidate):
                continue
            scored = _score_variants(query, candidate)
            if best is None or scored.score > best.score:
                best = scored
    return best


def name_score(q: NormalizedName, c: NormalizedName) -> float:
    """The score of `compare_names`, without building its explanation (bulk scoring)."""
    if not (q.alternates or c.alternates):  # the common case, without the loops of `_score_best`
        return round(_score_variants(q, c).score, 4) if share_a_key(q, c) else 0.0
    best = _score_best(q, c)
    return round(best.score, 4) if best else 0.0


def _feature_scores(best: _Scored) -> tuple[FeatureScore, ...]:
    scores: list[FeatureScore] = []
    base = 0.0
    for feature in NAME_FEATURES:
        value = feature.compute(best.query, best.candidate, best.alignment)
        if feature.kind == "base":
            contribution, base = max(value.effect - base, 0.0), max(base, value.effect)
        else:
            contribution, base = base * value.effect - base, base * value.effect
        detail = feature.describe(best.query, best.candidate, best.alignment)
        scores.append(FeatureScore(feature.name, round(value.value, 4), round(contribution, 4), detail))
    return tuple(scores)


def compare_names(q: NormalizedName, c: NormalizedName, threshold: float | None = None) -> Comparison:
    """Score two normalised names in [0, 1] with the features that explain the score and the token alignment."""
    cutoff = DEFAULT_THRESHOLD if threshold is None else threshold
    best = _score_best(q, c)
    if best is None:
        return Comparison(0.0, cutoff <= 0.0, NOTHING_IN_COMMON)
    score = round(best.score, 4)
    features = _feature_scores(best)
    aligned = tuple((best.query.tokens[i], best.candidate.tokens[j], round(s, 4)) for i, j, s in best.alignment.pairs)
    return Comparison(score, score >= cutoff, explain(score, features), features, aligned)


def compare(a: str, b: str, kind: EntryKind | None = None, threshold: float | None = None) -> Comparison:
    """Normalise and score two names; raises `InputError` for an empty or absurd name."""
    return compare_names(normalize_name(a, kind), normalize_name(b, kind), threshold)


def compare_score(a: str, b: str, kind: EntryKind | None = None) -> float:
    """The score of `compare(a, b, kind)` alone, for bulk scoring; raises `InputError` like `compare`."""
    return name_score(normalize_name(a, kind), normalize_name(b, kind))


def score_party(
    party: Party, query: NormalizedName, entry: Entry, candidate: NormalizedName, name_cmp: Comparison
) -> Comparison:
    """Adjust a name score with the party's secondary evidence (identifiers, country, birth date, kind)."""
    score, extra = _with_evidence(party, entry, name_cmp.score)
    if not extra:
        return name_cmp
    features = (*name_cmp.features, *extra)
    return Comparison(score, score >= DEFAULT_THRESHOLD, explain(score, features), features, name_cmp.aligned)


def party_score(party: Party, entry: Entry, name_score: float) -> float:
    """The score `score_party` gives for this name score, without the explanation (it rises with the name score)."""
    return _with_evidence(party, entry, name_score)[0]


def _with_evidence(party: Party, entry: Entry, name_score: float) -> tuple[float, tuple[FeatureScore, ...]]:
    score = name_score
    extra: list[FeatureScore] = []
    for evidence in party_evidence(party, entry):
        before = score
        score = evidence.apply(score)
        extra.append(FeatureScore(evidence.name, evidence.value, round(score - before, 4), evidence.detail))
    if not extra:
        return name_score, ()
    return round(min(max(score, 0.0), 1.0), 4), tuple(extra)
