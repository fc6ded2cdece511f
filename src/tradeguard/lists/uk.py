"""The UK sanctions list CSV: the FCDO "UK Sanctions List" layout (one row per name, grouped by Unique ID), the
older OFSI consolidated list layout (grouped by Group ID), and a simplified third-party layout (one row per party:
Name, Alias, Nationality, Designation, Sanction Type), all told apart by their header row.

Columns are looked up by name (several spellings each), so column order and extra columns do not matter. Lines
above the header (FCDO "Report Date: …", OFSI "Last Updated,…") are skipped; their date becomes `published`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tradeguard.errors import ParseError
from tradeguard.lists.countries import iso2
from tradeguard.lists.fields import (
    IdAllocator,
    Warnings,
    birth_date,
    clean,
    iso_date,
    looks_like_organisation,
    name_key,
    short_hash,
    unique,
)
from tradeguard.lists.model import Address, Alias, AliasType, Entry, EntryKind, Identifier, ParsedDataset
from tradeguard.lists.textio import Record, csv_records, read_text, well_formed

DATASET = "uk-sanctions"
SOURCE_URL = "https://www.gov.uk/government/publications/the-uk-sanctions-list"

# Our field -> the header spellings of the FCDO and OFSI layouts.
COLUMNS: dict[str, tuple[str, ...]] = {
    "group": ("Unique ID", "Group ID"),
    "name_type": ("Name type", "Alias Type"),
    "strength": ("Alias strength", "Alias Quality"),
    "non_latin": ("Name non-latin script", "Name Non-Latin Script"),
    "kind": ("Designation Type", "Group Type", "Individual, Entity, Ship"),
    "regime": ("Regime Name", "Regime"),
    "designated": ("Date Designated", "UK Sanctions List Date Designated", "Listed On"),
    "dob": ("D.O.B", "DOB"),
    "nationality": ("Nationality(/ies)", "Nationality"),
    "passport": ("Passport number", "Passport Number"),
    "national_id": ("National Identifier number", "National Identification Number"),
    "registration": ("Business registration number (s)",),
    "imo": ("IMO number",),
    "postal": ("Address Postal Code", "Post/Zip Code"),
    "country": ("Address Country", "Country"),
    "other": ("Other Information",),
    "title": ("Title",),
    "position": ("Position",),
    "un_reference": ("UN Reference Number",),
    "flag": ("Current believed flag of ship",),
    "ship_type": ("Type of ship",),
    "tonnage": ("Tonnage of ship",),
}
_NAME_COLUMNS = ("Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6")
_ADDRESS_COLUMNS = tuple(f"Address Line {n}" for n in range(1, 7)) + tuple(f"Address {n}" for n in range(1, 7))
_SIMPLE_COLUMNS = ("Name", "Alias", "Nationality", "Sanction Type")
_KINDS = {"individual": EntryKind.PERSON, "entity": EntryKind.ORGANIZATION, "ship": EntryKind.VESSEL}


@dataclass
class _Group:
    line: int
    rows: list[dict[str, str]] = field(default_factory=list)


def _find_header(records: Sequence[Record], path: Path) -> int:
    for index, record in enumerate(records[:10]):
        cells = {cell.strip() for cell in record.cells}
        if "Name 6" in cells or set(_SIMPLE_COLUMNS) <= cells:
            return index
    raise ParseError("not a UK sanctions list CSV: no header with 'Name 6' (or Name/Alias/Nationality)", path=str(path))


def _published(records: Sequence[Record]) -> str | None:
    for record in records:
        for cell in record.cells:
            match = re.search(r"(\d{1,2})[-/ ]([A-Za-z]{3}|\d{1,2})[-/ ](\d{4})", cell)
            if match:
                day, month, year = match.groups()
                return iso_date(f"{day} {month} {year}") if month.isalpha() else iso_date(cell.strip(), day_first=True)
    return None


def _get(row: dict[str, str], key: str) -> str | None:
    for column in COLUMNS[key]:
        value = clean(row.get(column))
        if value:
            return value
    return None


def _full_name(row: dict[str, str]) -> str | None:
    # Name 6 is the surname (or the whole name of an entity or ship); Names 1-5 are the given names in order.
    given = [clean(row.get(column)) for column in _NAME_COLUMNS[:5]]
    parts = [part for part in [*given, clean(row.get("Name 6"))] if part]
    return " ".join(parts) or None


def _dob(text: str) -> str:
    """UK dates of birth are dd/mm/yyyy with 00 for an unknown day or month ("00/00/1960")."""
    match = re.fullmatch(r"(\d{2})/(\d{2})/(\d{4})", text.strip())
    if not match:
        return birth_date(text)
    day, month, year = match.groups()
    if month == "00":
        return year
    if day == "00":
        return f"{year}-{month}"
    return iso_date(text, day_first=True) or text


def _alias(row: dict[str, str]) -> list[Alias]:
    name = _full_name(row)
    found = []
    if name:
        strong = "low" not in (_get(row, "strength") or "").lower()
        found.append(Alias(name, AliasType.AKA, strong))
    non_latin = _get(row, "non_latin")
    if non_latin:
        found.append(Alias(non_latin, AliasType.ORIGINAL_SCRIPT))
    return found


def _address(row: dict[str, str]) -> Address | None:
    lines = [value for value in (clean(row.get(column)) for column in _ADDRESS_COLUMNS) if value]
    postal, country = _get(row, "postal"), _get(row, "country")
    full = ", ".join([*lines, *(part for part in (postal, country) if part)])
    if not full:
        return None
    return Address(full, ", ".join(lines) or None, postal_code=postal, country=iso2(country))


def _identifiers(row: dict[str, str]) -> list[Identifier]:
    pairs = (("passport", "Passport"), ("national_id", "National ID"), ("registration", "Registration Number"))
    found = [Identifier(label, value) for key, label in pairs if (value := _get(row, key))]
    imo = _get(row, "imo")
    return found + ([Identifier("IMO", imo)] if imo else [])


def _is_primary(row: dict[str, str]) -> bool:
    return (_get(row, "name_type") or "").lower().startswith("primary name") and "variation" not in (
        _get(row, "name_type") or ""
    ).lower()


def _values(rows: Iterable[dict[str, str]], key: str) -> list[str]:
    return list(unique(value for row in rows if (value := _get(row, key))))


def _extra(rows: list[dict[str, str]]) -> tuple[tuple[str, str], ...]:
    keys = ("position", "un_reference", "flag", "ship_type", "tonnage")
    return tuple((key, value) for key in keys for value in _values(rows, key))


def _group_entry(group_id: str, group: _Group) -> Entry:
    rows = group.rows
    primary = next((row for row in rows if _is_primary(row)), rows[0])
    name = _full_name(primary) or ""
    aliases = [alias for row in rows for alias in _alias(row) if alias.name != name]
    addresses = list(dict.fromkeys(address for row in rows if (address := _address(row))))
    nationalities = unique(code for text in _values(rows, "nationality") for code in _countries(text))
    kind_text = (_get(primary, "kind") or "").lower()
    return Entry(
        id=f"{DATASET}:{group_id}",
        source="uk-sanctions",
        source_id=group_id,
        kind=_KINDS.get(kind_text, EntryKind.UNKNOWN),
        name=name,
        aliases=tuple(dict.fromkeys(aliases)),
        addresses=tuple(addresses),
        countries=unique([*(a.country for a in addresses if a.country), *nationalities]),
        identifiers=tuple(dict.fromkeys(i for row in rows for i in _identifiers(row))),
        programs=tuple(_values(rows, "regime")),
        birth_dates=unique(_dob(text) for text in _values(rows, "dob")),
        nationalities=nationalities,
        title=_get(primary, "title"),
        start_date=iso_date(_get(primary, "designated"), day_first=True),
        remarks=_get(primary, "other"),
        source_url=SOURCE_URL,
        extra=_extra(rows),
    )


def _countries(text: str) -> list[str]:
    # Nationality cells list several countries: "(1) Russia (2) Ukraine" or "Afghanistan, Pakistan".
    parts = re.split(r"\(\d+\)|[,;|]", text)
    return [code for code in (iso2(part.strip()) for part in parts) if code]


def _simple_entry(row: dict[str, str], ids: IdAllocator) -> Entry:
    name = clean(row.get("Name")) or ""
    source_id = ids.allocate(short_hash(name_key(name)))
    aliases = [Alias(part) for part in (clean(p) for p in (row.get("Alias") or "").split(", ")) if part]
    designation = clean(row.get("Designation"))
    return Entry(
        id=f"{DATASET}:{source_id}",
        source="uk-sanctions",
        source_id=source_id,
        kind=EntryKind.ORGANIZATION if looks_like_organisation(name) else EntryKind.UNKNOWN,
        name=name,
        aliases=tuple(alias for alias in dict.fromkeys(aliases) if alias.name != name),
        countries=unique(_countries(row.get("Nationality") or "")),
        nationalities=unique(_countries(row.get("Nationality") or "")),
        programs=tuple(value for value in [clean(row.get("Sanction Type"))] if value),
        source_url=SOURCE_URL,
        extra=(("designation", designation),) if designation else (),
    )


def parse(path: Path) -> ParsedDataset:
    """Parse a UK sanctions list CSV (FCDO, OFSI or the simplified layout)."""
    records = list(csv_records(read_text(path), path))
    start = _find_header(records, path)
    header = [cell.strip() for cell in records[start].cells]
    warnings = Warnings(str(path))
    rows = well_formed(records[start + 1 :], len(header), path, warnings)
    dicts = [(row.line, dict(zip(header, row.cells, strict=True))) for row in rows]
    grouped = "Name 6" in header
    entries = _grouped_entries(dicts, warnings) if grouped else _simple_entries(dicts, warnings)
    return ParsedDataset(
        DATASET,
        "uk-csv",
        tuple(entries),
        _published(records[:start]),
        len(records) - start - 1,
        tuple(warnings.messages),
    )


def _grouped_entries(rows: list[tuple[int, dict[str, str]]], warnings: Warnings) -> list[Entry]:
    groups: dict[str, _Group] = {}
    for line, row in rows:
        group_id = _get(row, "group")
        if not group_id or not _full_name(row):
            warnings.add("skipped row: no Unique ID / Group ID or no name", line)
            continue
        groups.setdefault(group_id, _Group(line)).rows.append(row)
    return [_group_entry(group_id, group) for group_id, group in groups.items()]


def _simple_entries(rows: list[tuple[int, dict[str, str]]], warnings: Warnings) -> list[Entry]:
    ids, entries = IdAllocator(), []
    for line, row in rows:
        if clean(row.get("Name")):
            entries.append(_simple_entry(row, ids))
        else:
            warnings.add("skipped row: no name", line)
    return entries
