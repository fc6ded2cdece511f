"""Streaming XML reading shared by the XML parsers: namespace-blind element access and clear errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from tradeguard.errors import ParseError
from tradeguard.lists.textio import read_bytes


def local(tag: object) -> str:
    """An element's tag without its namespace ("{ns}sdnEntry" -> "sdnEntry")."""
    text = str(tag)
    return text.rsplit("}", 1)[-1]


def child(element: etree._Element, name: str) -> etree._Element | None:
    """The first child element with local name `name`."""
    for item in element:
        if isinstance(item.tag, str) and local(item.tag) == name:
            return item
    return None


def children(element: etree._Element | None, name: str) -> list[etree._Element]:
    """Every child element with local name `name` (none when `element` is None)."""
    if element is None:
        return []
    return [item for item in element if isinstance(item.tag, str) and local(item.tag) == name]


def text(element: etree._Element | None, name: str | None = None) -> str | None:
    """The stripped text of `element` (or of its child `name`); None when absent or blank."""
    target = element if name is None or element is None else child(element, name)
    if target is None or target.text is None:
        return None
    value = " ".join(target.text.split())
    return value or None


def iter_elements(path: Path, names: set[str]) -> Iterator[tuple[etree._Element, etree._Element]]:
    """Yield (element, root) for each completed element whose local name is in `names`, freeing memory as it goes.

    A malformed or truncated file raises ParseError naming the line where parsing stopped.
    """
    read_bytes(path)  # the empty-file and unreadable-file errors
    context = etree.iterparse(str(path), events=("start", "end"), huge_tree=True, resolve_entities=False)
    root: etree._Element | None = None
    try:
        for event, element in context:
            if root is None:
                root = element
            if event == "end" and local(element.tag) in names:
                yield element, root
                element.clear()
                while element.getprevious() is not None:  # drop finished siblings so memory stays flat
                    del element.getparent()[0]
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        raise ParseError(f"malformed or truncated XML: {exc.msg}", path=str(path), line=line) from exc


def root_of(path: Path) -> tuple[str, dict[str, str]]:
    """The local name and attributes of the document's root element (read without parsing the whole file)."""
    read_bytes(path)
    try:
        for _event, element in etree.iterparse(str(path), events=("start",), huge_tree=True, resolve_entities=False):
            return local(element.tag), {local(key): value for key, value in element.attrib.items()}
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"malformed XML: {exc.msg}", path=str(path), line=exc.lineno or None) from exc
    raise ParseError("no XML root element", path=str(path))
