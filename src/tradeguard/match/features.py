"""Declared name features: each turns a query/candidate pair into a value and an effect on the score.

A feature's docstring is its one-line user-facing explanation. `NAME_FEATURES` lists them in the order the scorer
applies them: `tokens` and `joined` propose a base score (the larger wins), the others multiply it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tradeguard.match.align import Alignment
from tradeguard.names.legal_forms import LegalForm, forms_compatible
from tradeguard.names.normalize import NormalizedName

# Multipliers, chosen on the labelled cases (see docs/threshold.md).
NUMBERS_DIFFER = 0.6  # "Bank 7" / "Bank 8": another entity
NUMBER_MISSING = 0.93  # one side has a number the other lacks: "Seif Feeder 12" / "Seif Feeder"
OTHER_JURISDICTION = 0.7  # "X GmbH" / "X Sdn Bhd": the same name registered in two countries
OTHER_FORM_CLASS = 0.8  # "X Inc" / "X GmbH"
JOINED_EQUAL = 0.98  # the same letters once spaces and punctuation are ignored


@dataclass(frozen=True, slots=True)
class FeatureValue:
    """A feature's value in [0, 1] for one pair, the multiplier or base it implies, and its detail text."""

    value: float
    effect: float
    detail: str


@dataclass(frozen=True, slots=True)
class Feature:
    name: str
    kind: str  # "base" proposes a score, "factor" multiplies it
    compute: Callable[[NormalizedName, NormalizedName, Alignment], FeatureValue]

    @property
    def explanation(self) -> str:
        return (self.compute.__doc__ or self.name).strip()


def combine_coverage(query: NormalizedName, candidate: NormalizedName, alignment: Alignment) -> float:
    """Persons may leave out middle names (the shorter name counts more); organisations must match both ways."""
    high = max(alignment.query_coverage, alignment.candidate_coverage)
    low = min(alignment.query_coverage, alignment.candidate_coverage)
    if query.person_like and candidate.person_like:
        if alignment.conflict:
            return 0.3 * high + 0.7 * low  # each side has a name the other lacks: likely two people
        return 0.65 * high + 0.35 * low  # one name is a subset of the other: middle names left out
    return 0.25 * high + 0.75 * low


def tokens_feature(query: NormalizedName, candidate: NormalizedName, alignment: Alignment) -> FeatureValue:
    """Name words aligned one to one in any order, weighted by how distinctive each word is."""
    score = combine_coverage(query, candidate, alignment)
    words = ", ".join(f"{query.tokens[i]}={candidate.tokens[j]} ({s:.2f})" for i, j, s in alignment.pairs)
    return FeatureValue(score, score, f"aligned {words or 'nothing'}")


def joined_feature(query: NormalizedName, candidate: NormalizedName, alignment: Alignment) -> FeatureValue:
    """The same letters once spaces, hyphens and punctuation are ignored ("Wirra-long" / "Wirralong")."""
    full_query, full_candidate = "".join(query.tokens), "".join(candidate.tokens)
    if full_query and full_query == full_candidate:
        return FeatureValue(1.0, 1.0, f"same letters: {full_query}")
    if query.joined and query.joined == candidate.joined:
        return FeatureValue(1.0, JOINED_EQUAL, f"same letters: {query.joined}")
    return FeatureValue(0.0, 0.0, "letters differ")


def numbers_feature(query: NormalizedName, candidate: NormalizedName, alignment: Alignment) -> FeatureValue:
    """Numbers in the names must agree ("Bank 7" is not "Bank 8", "Maru No. 8" is not "Maru No. 6")."""
    a, b = sorted(query.numbers), sorted(candidate.numbers)
    if a == b:
        return FeatureValue(1.0, 1.0, f"numbers agree: {' '.join(a)}" if a else "no numbers")
    if a and b:
        return FeatureValue(0.0, NUMBERS_DIFFER, f"numbers differ: {' '.join(a)} vs {' '.join(b)}")
    return FeatureValue(0.5, NUMBER_MISSING, f"number on one side only: {' '.join(a or b)}")


def legal_form_feature(query: NormalizedName, candidate: NormalizedName, alignment: Alignment) -> FeatureValue:
    """Legal forms compare as classes (Ltd = GmbH = OOO); forms of two different countries' laws lower the score."""
    a = LegalForm(query.legal_form, query.jurisdiction) if query.legal_form else None
    b = LegalForm(candidate.legal_form, candidate.jurisdiction) if candidate.legal_form else None
    value = forms_compatible(a, b)
    effect = 1.0 if value == 1.0 else OTHER_FORM_CLASS if value > 0 else OTHER_JURISDICTION
    return FeatureValue(value, effect, f"legal form {_form_text(a)} vs {_form_text(b)}")


def _form_text(form: LegalForm | None) -> str:
    if form is None:
        return "none"
    return f"{form.cls} ({form.jurisdiction})" if form.jurisdiction else form.cls


NAME_FEATURES: tuple[Feature, ...] = (
    Feature("tokens", "base", tokens_feature),
    Feature("joined", "base", joined_feature),
    Feature("numbers", "factor", numbers_feature),
    Feature("legal_form", "factor", legal_form_feature),
)
