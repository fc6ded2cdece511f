"""Quality of the matcher on labelled pairs: precision, recall, F1, ROC AUC, a threshold table, worst errors."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from tradeguard.errors import InputError
from tradeguard.lists.model import EntryKind
from tradeguard.match.scorer import DEFAULT_THRESHOLD, compare_score

# The schema words of labelled pair files (FollowTheMoney) and our own kinds.
KIND_WORDS: dict[str, EntryKind | None] = {
    "person": EntryKind.PERSON,
    "company": EntryKind.ORGANIZATION,
    "organization": EntryKind.ORGANIZATION,
    "organisation": EntryKind.ORGANIZATION,
    "legalentity": EntryKind.ORGANIZATION,
    "vessel": EntryKind.VESSEL,
    "airplane": EntryKind.AIRCRAFT,
    "aircraft": EntryKind.AIRCRAFT,
    "unknown": None,
    "": None,
}
_TRUE = {"true", "1", "yes", "y", "t"}
_FALSE = {"false", "0", "no", "n", "f"}


def parse_kind(text: str | None) -> EntryKind | None:
    """Map a kind or schema word (Person, Company, LegalEntity, Vessel...) to an `EntryKind`."""
    word = (text or "").strip().lower()
    if word not in KIND_WORDS:
        raise InputError(f"unknown kind {text!r}; use one of {', '.join(sorted(k for k in KIND_WORDS if k))}")
    return KIND_WORDS[word]


def parse_label(text: str | None) -> bool:
    """Read an `is_match` cell: true/false, 1/0, yes/no."""
    word = (text or "").strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise InputError(f"is_match must be true/false or 1/0, got {text!r}")


@dataclass(frozen=True, slots=True)
class ScoredPair:
    name1: str
    name2: str
    kind: EntryKind | None
    is_match: bool
    score: float


@dataclass(frozen=True, slots=True)
class EvalReport:
    threshold: float
    count: int
    positives: int
    precision: float
    recall: float
    f1: float
    auc: float
    table: tuple[tuple[float, float, float, float], ...]  # (threshold, precision, recall, F1)
    worst_misses: tuple[ScoredPair, ...] = field(default=())  # true matches with the lowest scores
    worst_false_hits: tuple[ScoredPair, ...] = field(default=())  # non-matches with the highest scores


def _prf(pairs: list[ScoredPair], threshold: float) -> tuple[float, float, float]:
    tp = sum(1 for p in pairs if p.is_match and p.score >= threshold)
    fp = sum(1 for p in pairs if not p.is_match and p.score >= threshold)
    fn = sum(1 for p in pairs if p.is_match and p.score < threshold)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def roc_auc(pairs: list[ScoredPair]) -> float:
    """Probability that a random true match outscores a random non-match (ties count half): Mann-Whitney U."""
    ordered = sorted(pairs, key=lambda p: p.score)
    rank_sum = 0.0
    i = 0
    while i < len(ordered):
        j = i
        while j < len(ordered) and ordered[j].score == ordered[i].score:
            j += 1
        average_rank = (i + j + 1) / 2  # ranks are 1-based
        rank_sum += average_rank * sum(1 for p in ordered[i:j] if p.is_match)
        i = j
    positives = sum(1 for p in pairs if p.is_match)
    negatives = len(pairs) - positives
    if not positives or not negatives:
        return 1.0
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def report(pairs: list[ScoredPair], threshold: float = DEFAULT_THRESHOLD, worst: int = 10) -> EvalReport:
    """Summarise scored, labelled pairs at `threshold`."""
    if not pairs:
        raise InputError("no labelled pairs to evaluate")
    precision, recall, f1 = _prf(pairs, threshold)
    table = tuple((t / 100, *_prf(pairs, t / 100)) for t in range(50, 100, 5))
    misses = sorted((p for p in pairs if p.is_match and p.score < threshold), key=lambda p: p.score)
    false_hits = sorted((p for p in pairs if not p.is_match and p.score >= threshold), key=lambda p: -p.score)
    return EvalReport(
        threshold=threshold,
        count=len(pairs),
        positives=sum(1 for p in pairs if p.is_match),
        precision=precision,
        recall=recall,
        f1=f1,
        auc=roc_auc(pairs),
        table=table,
        worst_misses=tuple(misses[:worst]),
        worst_false_hits=tuple(false_hits[:worst]),
    )


def evaluate(
    rows: Iterable[tuple[str, str, EntryKind | None, bool]], threshold: float | None = None, worst: int = 10
) -> EvalReport:
    """Score labelled rows `(name1, name2, kind, is_match)` and summarise them."""
    pairs = [
        ScoredPair(name1, name2, kind, is_match, _safe_score(name1, name2, kind))
        for name1, name2, kind, is_match in rows
    ]
    return report(pairs, DEFAULT_THRESHOLD if threshold is None else threshold, worst)


def _safe_score(name1: str, name2: str, kind: EntryKind | None) -> float:
    """A name the matcher rejects (empty, no letters) scores 0: it cannot match anything."""
    try:
        return compare_score(name1, name2, kind)
    except InputError:
        return 0.0
