"""The BIS Denied Persons List in its official tab-separated text format (one row per name and address).

The DPL has no identifier of its own, so the source id is a short hash of the normalised name; a name listed more
than once (the same person at several addresses, or namesakes) gets "-2", "-3"… in file order. Rows carry no type:
a name with a legal form or institution word is an organisation, any other a person.
"""

from __future__ import annotations

from pathlib import Path

from tradeguard.lists.countries import iso2
from tradeguard.lists.fields import (
    IdAllocator,
    Warnings,
    clean,
    iso_date,
    looks_like_organisation,
    name_key,
    short_hash,
)
from tradeguard.lists.model import Address, Entry, EntryKind, ParsedDataset
from tradeguard.lists.packed import unpack_listed_name
from tradeguard.lists.textio import checked_table

DATASET = "us-bis-dpl"
SOURCE_URL = "https://www.bis.doc.gov/index.php/policy-guidance/lists-of-parties-of-concern/denied-persons-list"
COLUMNS = ("Name", "Street_Address", "City", "State", "Country", "Postal_Code", "Effective_Date", "FR_Citation")
_US_STATES = frozenset(
    {
        *("AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY"),
        *("LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH"),
        *("OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "PR", "GU", "VI"),
    }
)


def _address(row: dict[str, str]) -> Address | None:
    street, city, state, postal = (clean(row.get(key)) for key in ("Street_Address", "City", "State", "Postal_Code"))
    country = iso2(clean(row.get("Country")))
    if country is None and state in _US_STATES:
        country = "US"  # the DPL leaves Country blank for most US addresses
    full = ", ".join(part for part in (street, city, state, postal, clean(row.get("Country"))) if part)
    return Address(full, street, city, state, postal, country) if full else None


def _entry(row: dict[str, str], ids: IdAllocator) -> Entry:
    unpacked = unpack_listed_name(row["Name"])
    address = _address(row)
    source_id = ids.allocate(short_hash(name_key(unpacked.name)))
    extra = list(unpacked.context)
    for key in ("Standard_Order", "Last_Update", "Action"):
        value = clean(row.get(key))
        if value:
            extra.append((key.lower(), value))
    return Entry(
        id=f"{DATASET}:{source_id}",
        source="us-bis-dpl",
        source_id=source_id,
        kind=EntryKind.ORGANIZATION if looks_like_organisation(unpacked.name) else EntryKind.PERSON,
        name=unpacked.name,
        aliases=unpacked.aliases,
        addresses=(address,) if address else (),
        countries=(address.country,) if address and address.country else (),
        start_date=iso_date(row.get("Effective_Date")),
        end_date=iso_date(row.get("Expiration_Date")),
        federal_register=clean(row.get("FR_Citation")),
        source_url=SOURCE_URL,
        extra=tuple(extra),
    )


def parse(path: Path) -> ParsedDataset:
    """Parse a DPL tab-separated file."""
    warnings = Warnings(str(path))
    header, rows, total = checked_table(path, COLUMNS, warnings, what="Denied Persons List file", delimiter="\t")
    ids, entries = IdAllocator(), []
    for record in rows:
        row = dict(zip(header, record.cells, strict=True))
        if not clean(row.get("Name")):
            warnings.add("skipped row: no name", record.line)
            continue
        entries.append(_entry(row, ids))
    return ParsedDataset(DATASET, "dpl-txt", tuple(entries), source_rows=total, warnings=tuple(warnings.messages))
