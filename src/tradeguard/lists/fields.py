"""Small pure helpers shared by the list parsers: cleaning cell values, dates, derived ids, warnings."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime

# OFAC writes "-0-" (often with a trailing space) for an empty cell.
_NULLS = frozenset({"", "-0-", "-0", "0-"})
_WRAPPING_QUOTES = {'"': '"', "'": "'", "“": "”", "‘": "’", "«": "»"}  # opening -> closing character
_MONTH_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS = {month: number for number, month in enumerate(_MONTH_ABBREVIATIONS, 1)}


def clean(value: str | None) -> str | None:
    """Strip whitespace and wrapping quotes; turn OFAC's `-0-` and blanks into None."""
    if value is None:
        return None
    text = value.strip()
    while len(text) >= 2 and _WRAPPING_QUOTES.get(text[0]) == text[-1]:
        if text[0] == "'" and text.count("'") > 2:
            break  # an apostrophe inside ('ABD AL-'AZIZ') means the outer one is part of the name
        text = text[1:-1].strip()
    return None if text in _NULLS else text


def split_values(value: str | None, separator: str = ";") -> list[str]:
    """Split a packed cell ("A; B; C") into its cleaned, non-empty parts, keeping their order."""
    if value is None:
        return []
    parts = (clean(part) for part in value.split(separator))
    return [part for part in parts if part]


def unique(values: Iterable[str]) -> tuple[str, ...]:
    """The values without repeats, first occurrence first."""
    return tuple(dict.fromkeys(values))


def _month(text: str) -> int | None:
    return _MONTHS.get(text[:3].lower()) if text[:3].isalpha() else None


def _checked(year: int, month: int | None = None, day: int | None = None) -> str | None:
    try:
        if day is not None and month is not None:
            return date(year, month, day).isoformat()
    except ValueError:
        return None
    if month is not None:
        return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else None
    return f"{year:04d}"


def iso_date(value: str | None, *, day_first: bool = False) -> str | None:
    """Normalise a date to YYYY-MM-DD, YYYY-MM or YYYY; None if it is not one date we can read."""
    text = (clean(value) or "").strip().rstrip(".")
    if not text:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}(T.*)?", text):
        return _checked(int(text[:4]), int(text[5:7]), int(text[8:10]))
    if re.fullmatch(r"\d{4}(-\d{2})?", text):
        return _checked(int(text[:4]), int(text[5:7]) if len(text) > 4 else None)
    match = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", text)
    if match:
        first, second, year = (int(group) for group in match.groups())
        return _checked(year, first, second) if not day_first else _checked(year, second, first)
    match = re.fullmatch(r"(\d{1,2})[ -]([A-Za-z]{3,9})[ -](\d{4})", text)
    if match and _month(match.group(2)):
        return _checked(int(match.group(3)), _month(match.group(2)), int(match.group(1)))
    match = re.fullmatch(r"([A-Za-z]{3,9})[ -](\d{4})", text)
    if match and _month(match.group(1)):
        return _checked(int(match.group(2)), _month(match.group(1)))
    return None


def birth_date(value: str) -> str:
    """A date of birth normalised where parseable (see `iso_date`), else the original text ("circa 1960")."""
    return iso_date(value) or value.strip()


def iso_datetime_date(value: str | None) -> str | None:
    """The date part of an ISO timestamp such as UN `dateGenerated` ("2026-02-27T00:00:09.554Z")."""
    text = clean(value)
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        return iso_date(text)


def name_key(name: str) -> str:
    """A loose form of a name used only to derive stable ids (case, accents, punctuation and spacing ignored)."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", bare).split())


def short_hash(*parts: str) -> str:
    """A short, deterministic hex digest of the parts (sha1, 12 hex digits)."""
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


class IdAllocator:
    """Hands out ids, suffixing "-2", "-3"… when a derived id repeats (true duplicates in the source)."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def allocate(self, base: str) -> str:
        count = self._seen.get(base, 0) + 1
        self._seen[base] = count
        return base if count == 1 else f"{base}-{count}"


class Warnings:
    """Collects what a parser skipped or repaired, each message naming the file and line."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.messages: list[str] = []

    def add(self, message: str, line: int | None = None) -> None:
        where = f"{self.path}:{line}" if line is not None else self.path
        self.messages.append(f"{where}: {message}")


# Legal-form and institution words that show a name is an organisation, used only where a list gives no type.
_ORGANISATION_WORDS = re.compile(
    r"\b(?:ltd|limited|llc|l\.l\.c|inc|incorporated|corp|corporation|co|company|companies|gmbh|ag|s\.?a|s\.?a\.?s|"
    r"s\.?r\.?l|b\.?v|n\.?v|plc|llp|lp|jsc|ojsc|pjsc|cjsc|ooo|oao|zao|ao|pao|fze|fzco|fzc|est|establishment|"
    r"group|holding|holdings|trading|industries|industrial|industry|enterprises?|international|technology|"
    r"technologies|electronics|institute|university|academy|center|centre|bureau|ministry|department|agency|"
    r"bank|services?|systems?|factory|plant|organi[sz]ation|laboratory|lab|firm|partners|associates|"
    r"shipping|airlines?|aviation|logistics|import|export|engineering|solutions|network|networks)\b\.?",
    re.IGNORECASE,
)


def looks_like_organisation(name: str) -> bool:
    """Whether a name carries a legal form or institution word ("Co., Ltd.", "Institute", "Bank")."""
    return _ORGANISATION_WORDS.search(name) is not None
