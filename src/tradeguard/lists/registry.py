"""Which parser reads which file: the format table, content sniffing and one `parse_file` entry point."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from tradeguard.errors import ParseError
from tradeguard.lists import csl, dpl, eu, ofac, ofac_xml, uk, un
from tradeguard.lists.model import ParsedDataset
from tradeguard.lists.textio import decode, read_bytes

_SNIFF_BYTES = 65536


@dataclass(frozen=True, slots=True)
class FormatInfo:
    """One file format: the dataset(s) it carries, what it is, and its parser."""

    datasets: tuple[str, ...]
    description: str
    parse: Callable[[Path], ParsedDataset]

    @property
    def dataset(self) -> str:
        """The format's main dataset (the OFAC formats also carry `us-ofac-cons`, told apart by file name)."""
        return self.datasets[0]


FORMATS: dict[str, FormatInfo] = {
    "csl-csv": FormatInfo(("us-csl",), "US Consolidated Screening List CSV (with or without _id)", csl.parse_csv),
    "csl-json": FormatInfo(("us-csl",), 'US Consolidated Screening List JSON ({"results": [...]})', csl.parse_json),
    "ofac-csv": FormatInfo(
        ("us-ofac-sdn", "us-ofac-cons"), "OFAC legacy CSV set named by sdn*.csv or cons_prim*.csv", ofac.parse_file_set
    ),
    "ofac-xml": FormatInfo(
        ("us-ofac-sdn", "us-ofac-cons"), "OFAC sdn.xml schema (SDN or consolidated)", ofac_xml.parse
    ),
    "dpl-txt": FormatInfo(("us-bis-dpl",), "BIS Denied Persons List, tab-separated text", dpl.parse),
    "un-xml": FormatInfo(("un-sc",), "UN Security Council consolidated list XML", un.parse),
    "eu-xml": FormatInfo(("eu-fsf",), "EU financial sanctions XML (FSF schema 1.1)", eu.parse),
    "uk-csv": FormatInfo(("uk-sanctions",), "UK sanctions list CSV (FCDO or OFSI layout)", uk.parse),
}

_XML_ROOTS = {"sdnList": "ofac-xml", "CONSOLIDATED_LIST": "un-xml", "export": "eu-xml"}
_OFAC_COMPANIONS = re.compile(r"^(add|alt|sdn_comments|cons_add|cons_alt|cons_comments)", re.IGNORECASE)


def _xml_format(head: str, path: Path) -> str:
    match = re.search(r"<(?![?!])(?:[\w.-]+:)?([\w.-]+)", head)
    root = match.group(1) if match else ""
    if root in _XML_ROOTS:
        return _XML_ROOTS[root]
    raise ParseError(f"unknown XML list format (root element {root or '?'})", path=str(path))


def _text_format(head: str, path: Path) -> str | None:
    lines = [line for line in head.splitlines()[:3] if line.strip()]
    first = lines[0] if lines else ""
    if "source" in first and "name" in first and ("alt_names" in first or "entity_number" in first):
        return "csl-csv"
    if "Street_Address" in first and "\t" in first:
        return "dpl-txt"
    if any("Name 6" in line for line in lines) or (
        first.startswith("Name,") and "Alias" in first and "Nationality" in first
    ):
        return "uk-csv"
    if re.match(r"^\d+,", first):
        if _OFAC_COMPANIONS.match(path.name):
            raise ParseError("an OFAC companion file: import the main sdn*.csv or cons_prim*.csv", path=str(path))
        return "ofac-csv" if re.match(r'^\d+,"', first) else None
    return None


def detect_format(path: Path) -> str:
    """The format of a list file, from its content (the file name only tells OFAC companion files apart)."""
    data = read_bytes(path)
    head = decode(data[:_SNIFF_BYTES], path).lstrip("\ufeff \t\r\n")
    if head.startswith("<"):
        return _xml_format(head, path)
    if head.startswith(("{", "[")):
        if '"results"' in head or ('"alt_names"' in head and '"source"' in head):
            return "csl-json"
        raise ParseError("unknown JSON list format (no CSL 'results')", path=str(path))
    found = _text_format(head, path)
    if found is None:
        raise ParseError(f"unknown list format; known formats: {', '.join(FORMATS)}", path=str(path))
    return found


def parse_file(path: Path, fmt: str | None = None) -> ParsedDataset:
    """Parse a list file in `fmt`, or in the format `detect_format` finds."""
    name = fmt or detect_format(path)
    info = FORMATS.get(name)
    if info is None:
        raise ParseError(f"unknown format {name!r}; known formats: {', '.join(FORMATS)}", path=str(path))
    return info.parse(path)


def sample_csl_path() -> Path:
    """The small sample list (real entries, official CSL CSV layout) shipped for offline demos and `make run`."""
    return Path(str(resources.files("tradeguard.lists").joinpath("data/sample-csl.csv")))
