"""Plain data of the news watch: articles in, linked entities, event tags and stories out."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as read: `text` is the main text with the title as its first paragraph."""

    id: str  # the file path, or the id a caller gave
    title: str
    body: str
    language: str  # ISO 639-1 code, "und" when undetermined
    source: str | None = None  # outlet / site name, where known
    date: str | None = None  # ISO date of publication, where known
    url: str | None = None

    @property
    def text(self) -> str:
        """Title and body as one text; offsets of mentions and sentences refer to it."""
        return f"{self.title}\n\n{self.body}" if self.title else self.body


@dataclass(frozen=True, slots=True)
class Counterparty:
    """A registered counterparty (the company's own customer or supplier) to watch for in the news."""

    id: str
    name: str
    kind: str | None = None  # "person" or "organization" where known


@dataclass(frozen=True, slots=True)
class EntityLink:
    """One list entry (or counterparty) an article mentions, with how sure the link is and why."""

    target: str  # "entry" for a list entry, "party" for a registered counterparty
    id: str
    name: str
    kind: str
    family: str  # the distinctive head shared by related entries ("huawei"); stories are grouped by it
    confidence: float
    how: str  # which name form matched and any discount applied, e.g. "head of the name; other script"
    mentions: tuple[str, ...]  # the text as written in the article, each form once
    list: str | None = None  # list code, e.g. "us-bis-entity-list"
    list_name: str | None = None
    license_requirement: str | None = None
    license_policy: str | None = None
    federal_register: str | None = None
    countries: tuple[str, ...] = ()  # ISO alpha-2, to tell a homonym apart ("Kim Ki-nam" of Samsung vs of the DPRK)
    programs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EventTag:
    """A sentence that carries a list-relevant event, quoted."""

    type: str  # a key of events.EVENT_LABELS
    label: str
    sentence: str
    trigger: str  # the words that fired the tag
    in_title: bool
    families: tuple[str, ...] = ()  # entities mentioned in the same sentence


@dataclass(frozen=True, slots=True)
class ArticleReport:
    """What the news watch says about one article."""

    id: str
    title: str
    language: str
    source: str | None
    date: str | None
    entities: tuple[EntityLink, ...]
    counterparties: tuple[EntityLink, ...]
    events: tuple[EventTag, ...]
    lead_event: str | None  # the event the article is about: the title's, else the first tagged sentence's
    families: tuple[str, ...]  # the entities the article is about (in the title or an event sentence)
    cluster_id: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Story:
    """Articles that report the same story, possibly from different outlets and in different languages."""

    cluster_id: str
    lead_event: str | None
    families: tuple[str, ...]
    article_ids: tuple[str, ...]
    titles: tuple[str, ...]
    sources: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
