"""Reading article files and counterparty files, and their errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tradeguard.errors import InputError, ParseError
from tradeguard.news.language import detect_language
from tradeguard.news.parties import load_counterparties
from tradeguard.news.reader import article_from_html, article_from_text, article_paths, read_article

from .conftest import ARTICLES, NEWS_FIXTURES


def test_plain_text_title_is_the_first_line_before_a_blank_line() -> None:
    article = read_article(ARTICLES / "01-wire-huawei-entity-list.txt")
    assert article.title.startswith("U.S. puts Huawei on trade blacklist")
    assert article.body.startswith("WASHINGTON, May 15 (Wire)")
    assert article.text.startswith(article.title + "\n\n")
    assert article_from_text("One paragraph only, no title line.", "x").title == ""


def test_html_main_text_without_navigation_sidebar_comments_or_reply_form() -> None:
    article = read_article(ARTICLES / "02-blog-huawei-blacklist.html")
    assert "Trump administration added Huawei to the Entity List" in article.body
    for boilerplate in ("Deals", "Trending", "Remember when ZTE", "Leave a Reply", "All rights reserved"):
        assert boilerplate not in article.text, boilerplate


def test_html_without_text_is_a_parse_error_naming_the_article() -> None:
    with pytest.raises(ParseError, match=r"empty\.html"):
        article_from_html("<html><body><nav>Home</nav></body></html>", "empty.html")


def test_html_is_recognised_by_content_whatever_the_suffix(tmp_path: Path) -> None:
    path = tmp_path / "story.dat"
    path.write_text((ARTICLES / "05-zte-denial-order.html").read_text(encoding="utf-8"), encoding="utf-8")
    assert read_article(path).title == "ZTE seeks reprieve as US ban bites"


def test_directories_expand_sorted_and_missing_paths_are_errors(tmp_path: Path) -> None:
    files = [path.name for path in article_paths([ARTICLES])]
    assert files == sorted(files) and len(files) == 9
    with pytest.raises(InputError, match="no such file"):
        list(article_paths([tmp_path / "missing.txt"]))


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The Commerce Department added the company to the Entity List on Wednesday.", "en"),
        ("美国商务部将华为列入实体清单。", "zh"),
        ("Министерство торговли США внесло компанию в черный список.", "ru"),
        ("!!! 123", "und"),
    ],
)
def test_language_detection(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_counterparties_from_csv_and_from_plain_lines(tmp_path: Path) -> None:
    parties = load_counterparties(NEWS_FIXTURES / "counterparties.csv")
    assert (parties[0].id, parties[0].name, parties[0].kind) == ("C-100", "Honor Device Co. Ltd.", "organization")
    lines = tmp_path / "names.txt"
    lines.write_text("# our customers\nAcme Handsets\n\nNorthwind Ltd\n", encoding="utf-8")
    assert [(p.id, p.name) for p in load_counterparties(lines)] == [
        ("line-2", "Acme Handsets"),
        ("line-4", "Northwind Ltd"),
    ]


def test_counterparty_csv_errors_name_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name,kind\n1,Acme,organization\n2,,organization\n", encoding="utf-8")
    with pytest.raises(ParseError, match=r"bad.csv:3: empty counterparty name"):
        load_counterparties(bad)
    bad.write_text("id,name,kind\n1,Acme,vessel\n", encoding="utf-8")
    with pytest.raises(ParseError, match=r"bad.csv:2: unknown kind 'vessel'"):
        load_counterparties(bad)
    with pytest.raises(InputError, match="cannot read counterparties file"):
        load_counterparties(tmp_path / "none.csv")
