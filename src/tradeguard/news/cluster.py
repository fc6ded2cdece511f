"""Story clustering: articles about the same entities and the same lead event are one story.

Two articles are the same story when they have the same lead event (the event of the headline, else of the first
tagged sentence), share at least one entity family ("huawei" — the same in a translation, since Chinese and
Cyrillic names are read into the same tokens), and, when both are dated, appeared within `SAME_STORY_DAYS`.
Clusters are the connected groups of that relation; a cluster id is derived from its content, not its order.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from tradeguard.news.model import ArticleReport, Story

SAME_STORY_DAYS = 14


def _day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def same_story(a: ArticleReport, b: ArticleReport) -> bool:
    """True when `a` and `b` report the same event about at least one same entity, close in time."""
    if a.lead_event is None or a.lead_event != b.lead_event or not set(a.families) & set(b.families):
        return False
    day_a, day_b = _day(a.date), _day(b.date)
    return day_a is None or day_b is None or abs((day_a - day_b).days) <= SAME_STORY_DAYS


def _groups(reports: Sequence[ArticleReport]) -> list[list[int]]:
    parent = list(range(len(reports)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(reports)):
        for j in range(i + 1, len(reports)):
            if same_story(reports[i], reports[j]):
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(reports)):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def _story_families(members: Sequence[ArticleReport]) -> tuple[str, ...]:
    """Families in most members first (the story's subject), then alphabetical."""
    counts = Counter(family for report in members for family in set(report.families))
    return tuple(sorted(counts, key=lambda family: (-counts[family], family)))


def _cluster_id(members: Sequence[ArticleReport], families: tuple[str, ...]) -> str:
    days = sorted(day.isoformat() for day in (_day(report.date) for report in members) if day is not None)
    subject = families[0] if families else ""
    if members[0].lead_event is None or not families:
        subject = min(report.id for report in members)  # nothing to group by: a story of its own
    key = f"{members[0].lead_event}|{subject}|{days[0] if days else ''}"
    return "S" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]


def cluster(reports: Sequence[ArticleReport]) -> tuple[list[ArticleReport], list[Story]]:
    """The reports with their cluster ids set, and one story per cluster (in order of first article)."""
    out = list(reports)
    stories: list[Story] = []
    for group in _groups(reports):
        members = [reports[i] for i in group]
        families = _story_families(members)
        cluster_id = _cluster_id(members, families)
        for i in group:
            out[i] = replace(reports[i], cluster_id=cluster_id)
        stories.append(
            Story(
                cluster_id=cluster_id,
                lead_event=members[0].lead_event,
                families=families,
                article_ids=tuple(report.id for report in members),
                titles=tuple(report.title for report in members),
                sources=tuple(dict.fromkeys(report.source for report in members if report.source)),
            )
        )
    return out, stories
