"""Reading articles: plain text, HTML (main text extracted by trafilatura, boilerplate dropped) and directories."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from tradeguard.errors import InputError, ParseError
from tradeguard.lists.textio import decode
from tradeguard.news.language import detect_language
from tradeguard.news.model import Article

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
MAX_ARTICLE_BYTES = 5_000_000  # a news article is far smaller; anything larger is not one
_MAX_TITLE_CHARS = 250
_MIN_LETTERS = 20  # less is a menu or an empty page, not an article
_HTML_START = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<article|<div|<p[\s>])", re.IGNORECASE)


def looks_like_html(data: bytes) -> bool:
    """True when the bytes start like an HTML document or fragment."""
    return bool(_HTML_START.match(data[:1024].lstrip(b"\xef\xbb\xbf")))


def article_from_text(text: str, article_id: str, title: str | None = None) -> Article:
    """An article from plain text: the first line is the title when it is short and followed by a blank line."""
    body = text.replace("\r\n", "\n").strip()
    if title is None:
        first, sep, rest = body.partition("\n")
        if sep and len(first) <= _MAX_TITLE_CHARS and rest.startswith("\n") and first.strip():
            title, body = first.strip(), rest.strip()
        else:
            title = ""
    return Article(article_id, title, body, detect_language(f"{title}\n{body}"))


def article_from_html(html: str | bytes, article_id: str, url: str | None = None) -> Article:
    """An article from HTML: trafilatura keeps the main text and drops navigation, comments and reply forms."""
    import trafilatura

    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        # Only dates the page declares: the extensive search reads "© 2018" in a footer as the publication date.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = "" if document is None or isinstance(document, dict) else (document.text or "")
    if document is None or isinstance(document, dict) or sum(char.isalpha() for char in text) < _MIN_LETTERS:
        raise ParseError("no article text found in the HTML", path=article_id)
    title = (document.title or "").strip()
    body = text.strip()
    first, _, rest = body.partition("\n")
    if title and first.strip() == title:
        body = rest.strip()  # trafilatura repeats the <h1> headline as the first line of the text
    language = detect_language(f"{title}\n{body}")
    return Article(article_id, title, body, language, document.sitename or None, document.date or None, url)


def read_article(path: Path) -> Article:
    """Read one article file; HTML is recognised by suffix or content, anything else is plain text."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read article {path}: {exc.strerror or exc}") from exc
    if len(data) > MAX_ARTICLE_BYTES:
        raise ParseError(f"file is {len(data)} bytes; an article may have at most {MAX_ARTICLE_BYTES}", path=str(path))
    if path.suffix.lower() in HTML_SUFFIXES or looks_like_html(data):
        return article_from_html(data, str(path))
    return article_from_text(decode(data, path), str(path))


def article_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """The article files named, directories expanded (recursively, sorted, text and HTML suffixes only)."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in HTML_SUFFIXES | TEXT_SUFFIXES:
                    yield child
        elif path.is_file():
            yield path
        else:
            raise InputError(f"no such file or directory: {path}")


def read_articles(paths: Iterable[Path]) -> Iterator[Article]:
    """Read every article under `paths`, in order."""
    for path in article_paths(paths):
        yield read_article(path)
