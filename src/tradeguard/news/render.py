"""Text renderings of a news scan: a report per article and a one-line-per-story digest."""

from __future__ import annotations

from collections.abc import Sequence

from tradeguard.news.events import EVENT_LABELS
from tradeguard.news.model import ArticleReport, EntityLink, Story

ENTRIES_SHOWN_PER_FAMILY = 3  # a head mention ("Huawei") links every affiliate; the rest are counted, not listed


def _entity_lines(links: Sequence[EntityLink]) -> list[str]:
    lines: list[str] = []
    shown: dict[str, int] = {}
    hidden: dict[str, int] = {}
    for link in links:
        if shown.get(link.family, 0) >= ENTRIES_SHOWN_PER_FAMILY:
            hidden[link.family] = hidden.get(link.family, 0) + 1
            continue
        shown[link.family] = shown.get(link.family, 0) + 1
        where = f" — {link.list_name}" if link.list_name else " — registered counterparty"
        facts = ", ".join((*link.countries, *link.programs))
        where += f" [{facts}]" if facts else ""
        said = ", ".join(f"“{mention}”" for mention in link.mentions)
        lines.append(f"    {link.confidence:.2f}  {link.name}{where}  as {said} ({link.how})")
        if link.license_requirement:
            policy = f"; policy: {link.license_policy.strip()}" if link.license_policy else ""
            lines.append(f"          license required: {link.license_requirement.strip()}{policy}")
    lines.extend(f"    … and {count} more entries named “{family}”" for family, count in hidden.items())
    return lines


def render_report(report: ArticleReport) -> str:
    """A few lines per article: headline, language, story, linked entities and tagged sentences."""
    meta = " · ".join(part for part in (report.language, report.source, report.date) if part)
    lines = [f"{report.title or '(no title)'}  [{meta}]  story {report.cluster_id}", f"  {report.id}"]
    if report.entities:
        lines.append("  listed parties:")
        lines.extend(_entity_lines(report.entities))
    if report.counterparties:
        lines.append("  counterparties:")
        lines.extend(_entity_lines(report.counterparties))
    if report.events:
        lines.append("  events:")
        lines.extend(f"    [{tag.label}] “{tag.sentence}”" for tag in report.events)
    if not (report.entities or report.counterparties or report.events):
        lines.append("  nothing list-relevant found")
    return "\n".join(lines)


def render_digest(stories: Sequence[Story]) -> str:
    """One line per story: id, event, who, how many articles from which outlets, and a headline."""
    lines = []
    for story in stories:
        event = EVENT_LABELS.get(story.lead_event or "", "no list event")
        who = ", ".join(story.families[:3]) or "no listed party"
        outlets = f" ({', '.join(story.sources)})" if story.sources else ""
        count = len(story.article_ids)
        headline = next((title for title in story.titles if title), "")
        plural = "s" if count != 1 else ""
        lines.append(f"{story.cluster_id}  {event} — {who} — {count} article{plural}{outlets}: {headline}")
    return "\n".join(lines)
