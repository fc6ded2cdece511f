"""The news scanner: reads what an article says about listed parties and counterparties, and groups stories."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from tradeguard.engine import Engine
from tradeguard.index.candidates import CandidateIndex
from tradeguard.lists.model import LIST_NAMES, Entry
from tradeguard.news.cluster import cluster
from tradeguard.news.events import EVENT_LABELS, SentenceEvent, tag_events
from tradeguard.news.finder import MentionFinder
from tradeguard.news.linker import FORM_CONFIDENCE, Link, link_spans
from tradeguard.news.model import Article, ArticleReport, Counterparty, EntityLink, EventTag, Story
from tradeguard.news.patterns import Target, collect_patterns
from tradeguard.news.sentences import Sentence, split_sentences
from tradeguard.news.tokens import TextToken, tokenize_text

_FORM_ORDER = {form: rank for rank, form in enumerate(FORM_CONFIDENCE)}


@dataclass(frozen=True, slots=True)
class ScanResult:
    """Every article's report (cluster ids set) and the stories they form."""

    reports: tuple[ArticleReport, ...]
    stories: tuple[Story, ...]

    def to_dict(self) -> dict[str, object]:
        return {"articles": [r.to_dict() for r in self.reports], "stories": [s.to_dict() for s in self.stories]}


class NewsScanner:
    """Built once over the active lists (and counterparties); scans any number of articles."""

    def __init__(self, index: CandidateIndex, parties: Sequence[Counterparty] = ()) -> None:
        self.index = index
        self.parties = tuple(parties)
        self.targets, self.patterns = collect_patterns(index, self.parties)
        self.finder = MentionFinder(self.patterns)
        self.family_sizes = Counter(target.family for target in self.targets)

    @classmethod
    def from_engine(cls, engine: Engine, parties: Sequence[Counterparty] = ()) -> NewsScanner:
        return cls(engine.index(), parties)

    def scan(self, article: Article) -> ArticleReport:
        """Mentions, links and event tags of one article (its cluster id is set by `scan_all`)."""
        text = article.text
        sentences = split_sentences(text)
        events = tag_events(sentences)
        tokens = tokenize_text(text)
        spans = self.finder.find(tokens)
        event_sentences = frozenset(event.sentence for event in events)
        links = link_spans(
            spans, self.patterns, self.targets, tokens, text, sentences, event_sentences, self.family_sizes
        )
        title_sentences = frozenset(
            i for i, s in enumerate(sentences) if article.title and s.start < len(article.title)
        )
        entities = self._entity_links(links, tokens, text)
        tags = _event_tags(events, sentences, links, self.targets, title_sentences)
        return ArticleReport(
            id=article.id,
            title=article.title,
            language=article.language,
            source=article.source,
            date=article.date,
            entities=tuple(link for link in entities if link.target == "entry"),
            counterparties=tuple(link for link in entities if link.target == "party"),
            events=tags,
            lead_event=_lead_event(tags),
            families=_article_families(links, self.targets, event_sentences | title_sentences),
        )

    def scan_all(self, articles: Iterable[Article], parties: NewsScanner | None = None) -> ScanResult:
        """Scan every article and group them into stories; `parties` (a scanner over counterparties only, cheap to
        build per request) adds its counterparties to this scanner's findings."""
        reports = []
        for article in articles:
            report = self.scan(article)
            if parties is not None:
                extra = parties.scan(article).counterparties
                report = replace(report, counterparties=report.counterparties + extra)
            reports.append(report)
        clustered, stories = cluster(reports)
        return ScanResult(tuple(clustered), tuple(stories))

    @classmethod
    def for_parties(cls, parties: Sequence[Counterparty]) -> NewsScanner:
        """A scanner over counterparties alone (no list entries), to combine with a long-lived list scanner."""
        return cls(CandidateIndex([], []), parties)

    def _entity_links(self, links: Sequence[Link], tokens: Sequence[TextToken], text: str) -> list[EntityLink]:
        best: dict[int, Link] = {}
        surfaces: dict[int, list[str]] = {}
        for link in links:
            surface = text[tokens[link.first].start : tokens[link.last].end]
            seen = surfaces.setdefault(link.target, [])
            if surface not in seen:
                seen.append(surface)
            if link.target not in best or link.confidence > best[link.target].confidence:
                best[link.target] = link
        out = [self._entity_link(self.targets[t], link, tuple(surfaces[t])) for t, link in best.items()]
        out.sort(key=lambda e: (-e.confidence, e.family, len(e.name), e.name))
        return out

    def _entity_link(self, target: Target, link: Link, mentions: tuple[str, ...]) -> EntityLink:
        if target.target == "party":
            party = self.parties[target.index]
            return EntityLink("party", party.id, party.name, target.kind.value, target.family, link.confidence,
                              link.how, mentions)  # fmt: skip
        entry: Entry = self.index.entries[target.index]
        return EntityLink(
            target="entry",
            id=entry.id,
            name=entry.name,
            kind=entry.kind.value,
            family=target.family,
            confidence=link.confidence,
            how=link.how,
            mentions=mentions,
            list=entry.source,
            list_name=LIST_NAMES.get(entry.source, entry.source),
            license_requirement=entry.license_requirement,
            license_policy=entry.license_policy,
            federal_register=entry.federal_register,
            countries=entry.countries,
            programs=entry.programs,
        )


def _event_tags(
    events: Sequence[SentenceEvent],
    sentences: Sequence[Sentence],
    links: Sequence[Link],
    targets: Sequence[Target],
    title_sentences: frozenset[int],
) -> tuple[EventTag, ...]:
    families: dict[int, list[str]] = {}
    for link in links:
        names = families.setdefault(link.sentence, [])
        if targets[link.target].family not in names:
            names.append(targets[link.target].family)
    return tuple(
        EventTag(
            type=event.type,
            label=EVENT_LABELS[event.type],
            sentence=sentences[event.sentence].text,
            trigger=event.trigger,
            in_title=event.sentence in title_sentences,
            families=tuple(families.get(event.sentence, ())),
        )
        for event in events
    )


def _lead_event(tags: Sequence[EventTag]) -> str | None:
    """The headline's event, else the first event tagged in the text."""
    for tag in tags:
        if tag.in_title:
            return tag.type
    return tags[0].type if tags else None


def _article_families(links: Sequence[Link], targets: Sequence[Target], salient: frozenset[int]) -> tuple[str, ...]:
    """The entities an article is about: named in the headline or an event sentence, else named twice, else any."""
    counts: dict[str, int] = {}
    for link in links:
        family = targets[link.target].family
        counts[family] = counts.get(family, 0) + (100 if link.sentence in salient else 1)
    about = [family for family, count in counts.items() if count >= 100]
    about = about or [family for family, count in counts.items() if count >= 2] or list(counts)
    return tuple(sorted(about, key=lambda family: (-counts[family], family)))
