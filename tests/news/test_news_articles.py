"""Whole articles (tests/fixtures/news/articles): what each says, and which report the same story.

Expected values are read from the articles: 01-04 report the May 2019 Entity List addition of Huawei (wire copy,
a gadget blog in HTML, a machine-translated English version and a Chinese version); 05 is ZTE's license request
after the 2018 ban; 06 is the sale of Honor; 07 is football; 08 lists a Moscow bureau named Arsenal; 09 names a
Samsung executive who shares a surname with a listed person.
"""

from __future__ import annotations

import pytest

from tradeguard.news.model import ArticleReport
from tradeguard.news.reader import read_articles
from tradeguard.news.scan import NewsScanner, ScanResult

from .conftest import ARTICLES


@pytest.fixture(scope="module")
def result(scanner: NewsScanner) -> ScanResult:
    return scanner.scan_all(read_articles([ARTICLES]))


def report(result: ScanResult, prefix: str) -> ArticleReport:
    return next(r for r in result.reports if r.id.split("/")[-1].startswith(prefix))


def event_types(r: ArticleReport) -> set[str]:
    return {tag.type for tag in r.events}


EXPECTED = [
    # prefix, language, families, event types, lead event
    ("01", "en", {"huawei", "hisilicon"}, {"list-addition", "supplier-ban"}, "list-addition"),
    ("02", "en", {"huawei"}, {"list-addition", "supplier-ban"}, "list-addition"),
    ("03", "en", {"huawei"}, {"list-addition"}, "list-addition"),
    ("04", "zh", {"huawei"}, {"list-addition"}, "list-addition"),
    ("05", "en", {"zhongxing"}, {"license-request", "supplier-ban"}, "license-request"),
    ("06", "en", {"huawei"}, {"ownership-change", "list-addition"}, "ownership-change"),
    ("07", "en", set(), set(), None),
    ("08", "en", {"arsenal"}, {"list-addition"}, "list-addition"),
    ("09", "en", set(), set(), None),
]


@pytest.mark.parametrize(("prefix", "language", "families", "events", "lead"), EXPECTED)
def test_article(
    result: ScanResult, prefix: str, language: str, families: set[str], events: set[str], lead: str | None
) -> None:
    r = report(result, prefix)
    assert r.language == language
    assert {link.family for link in r.entities} == families
    assert event_types(r) == events
    assert r.lead_event == lead


def test_every_event_quotes_a_sentence_of_the_article(result: ScanResult) -> None:
    for r in result.reports:
        text = (ARTICLES / r.id.split("/")[-1]).read_text(encoding="utf-8")
        for tag in r.events:
            words = tag.sentence.split()
            assert " ".join(words[:4]) in " ".join(text.split()), (r.id, tag.sentence)


def test_html_boilerplate_and_comments_are_not_read(result: ScanResult) -> None:
    blog = report(result, "02")
    assert blog.title == "Huawei hit by US Entity List ban: what it means for your phone"
    assert blog.source == "GadgetBeat" and blog.date == "2019-05-16"
    # ZTE and Rosneft appear only in the sidebar and in reader comments.
    assert not any(link.family in {"zhongxing", "rosneft"} for link in blog.entities)


def test_same_story_from_four_outlets_and_two_languages_is_one_cluster(result: ScanResult) -> None:
    huawei_listing = {report(result, prefix).cluster_id for prefix in ("01", "02", "03", "04")}
    assert len(huawei_listing) == 1
    others = [report(result, prefix).cluster_id for prefix in ("05", "06", "07", "08", "09")]
    assert len(set(others)) == 5 and not huawei_listing & set(others)
    story = next(s for s in result.stories if s.cluster_id in huawei_listing)
    assert story.lead_event == "list-addition" and story.families[0] == "huawei"
    assert len(story.article_ids) == 4 and story.sources == ("GadgetBeat",)


def test_ownership_change_links_the_registered_counterparty(result: ScanResult) -> None:
    sale = report(result, "06")
    assert [(link.id, link.mentions) for link in sale.counterparties] == [("C-100", ("Honor Device",))]
    tag = next(tag for tag in sale.events if tag.type == "ownership-change" and not tag.in_title)
    assert tag.sentence.startswith("Huawei Technologies said on Tuesday it had agreed to sell")
    assert tag.families == ("huawei",)


def test_entity_list_link_carries_the_license_requirement(result: ScanResult) -> None:
    zte = report(result, "05").entities[0]
    assert zte.mentions == ("ZTE",) and zte.license_policy == "Case-by-case review."
    assert zte.license_requirement == "For all items subject to the EAR. (See §744.11 of the EAR)."


def test_cluster_ids_do_not_depend_on_article_order(scanner: NewsScanner, result: ScanResult) -> None:
    reversed_result = scanner.scan_all(reversed(list(read_articles([ARTICLES]))))
    assert {r.id: r.cluster_id for r in reversed_result.reports} == {r.id: r.cluster_id for r in result.reports}
