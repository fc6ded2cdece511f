"""The US Consolidated Screening List (trade.gov): CSV (29 columns with `_id`, or the older layout) and JSON.

Every CSL row becomes one Entry. The same party can sit on several lists (a CAPTA bank is also an SDN) and then
shares its `_id` across rows, so the source id is scoped by list: `"<list code>:<_id>"`. Rows of the older layout
without `_id` use the OFAC entity number, else a short hash of the name (plus "-2"… for true duplicates).

Entity List, MEU, Unverified and Nonproliferation rows carry no type: they become organisations (the lists are
overwhelmingly of companies and institutes; a person on them is still found by name). DPL and ITAR rows without a
type become persons unless the name carries a legal form or institution word.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
    split_values,
    unique,
)
from tradeguard.lists.model import Address, Alias, Entry, EntryKind, Identifier, ParsedDataset
from tradeguard.lists.packed import alias_from_cell, unpack_listed_name
from tradeguard.lists.textio import checked_table, read_text

DATASET = "us-csl"
REQUIRED_COLUMNS = ("source", "name", "type", "addresses", "alt_names")
VESSEL_FIELDS = ("call_sign", "vessel_type", "gross_tonnage", "gross_registered_tonnage", "vessel_flag", "vessel_owner")

# The abbreviation the CSL `source` column carries in parentheses -> our list code.
LIST_CODES: dict[str, str] = {
    "EL": "us-bis-entity-list",
    "DPL": "us-bis-dpl",
    "UVL": "us-bis-unverified",
    "MEU": "us-bis-meu",
    "SDN": "us-ofac-sdn",
    "SSI": "us-ofac-ssi",
    "FSE": "us-ofac-fse",
    "PLC": "us-ofac-plc",
    "CAP": "us-ofac-cap",
    "NS-MBS List": "us-ofac-mbs",
    "MBS": "us-ofac-mbs",
    "CMIC": "us-ofac-cmic",
    "NS-CMIC List": "us-ofac-cmic",
    "DTC": "us-state-itar-debarred",
    "ISN": "us-state-nonproliferation",
}
_ORGANISATION_LISTS = {"us-bis-entity-list", "us-bis-meu", "us-bis-unverified", "us-state-nonproliferation"}
_TYPES = {
    "individual": EntryKind.PERSON,
    "entity": EntryKind.ORGANIZATION,
    "vessel": EntryKind.VESSEL,
    "aircraft": EntryKind.AIRCRAFT,
}
_NOT_IDENTIFIERS = {"gender"}  # CSL packs a few personal facts into `ids`; they go to `extra` instead


def list_code(source: str) -> str | None:
    """The list code for a CSL `source` value such as "Entity List (EL) - Bureau of Industry and Security"."""
    for abbreviation in re.findall(r"\(([^)]+)\)", source):
        code = LIST_CODES.get(abbreviation.strip())
        if code:
            return code
    return None


@dataclass
class CslRecord:
    """One CSL row, its multi-valued fields already split (CSV) or taken as given (JSON)."""

    line: int
    scalars: dict[str, str]
    lists: dict[str, list[str]] = field(default_factory=dict)
    addresses: list[Address] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    extra: list[tuple[str, str]] = field(default_factory=list)

    def get(self, key: str) -> str | None:
        return clean(self.scalars.get(key))


def _csv_address(text: str) -> Address:
    parts = [part.strip() for part in text.split(",")]
    country = iso2(parts[-1]) if parts else None
    return Address(full=text, country=country)


def _csv_identifier(text: str) -> Identifier | tuple[str, str] | None:
    parts = [part.strip() for part in text.split(", ")]
    if len(parts) < 2 or not parts[-1]:
        return None
    id_type, country, rest = parts[-1], None, parts[:-1]
    if len(rest) >= 2 and len(rest[0]) == 2 and iso2(rest[0]):
        country, rest = rest[0], rest[1:]
    values = [part for part in rest if not iso_date(part) or len(rest) == 1]
    value = ", ".join(values or rest)
    for prefix in ("IMO ", "MMSI "):  # "IMO 8898831, Vessel Registration Identification"
        if value.startswith(prefix):
            id_type, value = prefix.strip(), value[len(prefix) :]
    if id_type.casefold() in _NOT_IDENTIFIERS:
        return (id_type.casefold(), value)
    return Identifier(type=id_type, value=value, country=country)


def _csv_record(line: int, row: Mapping[str, str]) -> CslRecord:
    record = CslRecord(line, {key: value for key, value in row.items()})
    for key in ("alt_names", "programs", "citizenships", "nationalities", "dates_of_birth", "places_of_birth"):
        record.lists[key] = split_values(row.get(key))
    record.addresses = [_csv_address(part) for part in split_values(row.get("addresses"))]
    for part in split_values(row.get("ids")):
        parsed = _csv_identifier(part)
        if isinstance(parsed, Identifier):
            record.identifiers.append(parsed)
        elif parsed is not None:
            record.extra.append(parsed)
    return record


def _kind(record: CslRecord, code: str, name: str) -> EntryKind:
    given = _TYPES.get((record.get("type") or "").casefold())
    if given is not None:
        return given
    if code in _ORGANISATION_LISTS or looks_like_organisation(name):
        return EntryKind.ORGANIZATION
    return EntryKind.PERSON


def _aliases(name: str, packed: Iterable[Alias], alt_names: Iterable[str]) -> tuple[Alias, ...]:
    found: dict[str, Alias] = {}
    for alias in [*packed, *(alias for cell in alt_names for alias in alias_from_cell(cell))]:
        if alias.name and alias.name != name and alias.name not in found:
            found[alias.name] = alias
    return tuple(found.values())


def _source_id(record: CslRecord, code: str, name: str) -> str:
    own = record.get("_id") or record.get("id") or record.get("entity_number")
    return f"{code}:{own}" if own else f"{code}:{short_hash(name_key(name))}"


def _extra(record: CslRecord, context: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    pairs = list(context) + record.extra
    for key in (*VESSEL_FIELDS, "standard_order", "source_information_url"):
        value = record.get(key)
        if value:
            pairs.append((key, value))
    pairs += [("place_of_birth", place) for place in record.lists.get("places_of_birth", [])]
    return tuple(pairs)


def build_entry(record: CslRecord, code: str, ids: IdAllocator) -> Entry:
    """Turn one CSL record of list `code` into an Entry."""
    listed = record.get("name") or ""
    unpacked = unpack_listed_name(listed)
    lists = record.lists
    nationalities = unique(c for c in map(iso2, [*lists.get("nationalities", []), *lists.get("citizenships", [])]) if c)
    address_countries = (address.country for address in record.addresses if address.country)
    source_id = ids.allocate(_source_id(record, code, unpacked.name))
    return Entry(
        id=f"{DATASET}:{source_id}",
        source=code,
        source_id=source_id,
        kind=_kind(record, code, unpacked.name),
        name=unpacked.name,
        aliases=_aliases(unpacked.name, unpacked.aliases, lists.get("alt_names", [])),
        addresses=tuple(record.addresses),
        countries=unique(
            code for code in [*address_countries, *nationalities, iso2(record.get("vessel_flag"))] if code
        ),
        identifiers=tuple(record.identifiers),
        programs=tuple(lists.get("programs", [])),
        birth_dates=unique(birth_date(value) for value in lists.get("dates_of_birth", [])),
        nationalities=nationalities,
        title=record.get("title"),
        start_date=iso_date(record.get("start_date")),
        end_date=iso_date(record.get("end_date")),
        federal_register=record.get("federal_register_notice"),
        license_requirement=record.get("license_requirement"),
        license_policy=record.get("license_policy"),
        remarks=record.get("remarks"),
        source_url=record.get("source_list_url") or record.get("source_information_url"),
        extra=_extra(record, unpacked.context),
    )


def build_entries(records: Iterable[CslRecord], warnings: Warnings) -> Iterator[Entry]:
    """Entries for every record whose list is known; the others are reported in `warnings`."""
    ids = IdAllocator()
    for record in records:
        code = list_code(record.get("source") or "")
        if code is None:
            warnings.add(f"skipped row: unknown CSL source {record.get('source')!r}", record.line)
        elif not record.get("name"):
            warnings.add("skipped row: no name", record.line)
        else:
            yield build_entry(record, code, ids)


def _csv_rows(path: Path, warnings: Warnings) -> tuple[list[CslRecord], int]:
    header, rows, total = checked_table(path, REQUIRED_COLUMNS, warnings, what="CSL CSV")
    return [_csv_record(row.line, dict(zip(header, row.cells, strict=True))) for row in rows], total


def parse_csv(path: Path) -> ParsedDataset:
    """Parse a CSL CSV file, current (with `_id`) or older (without) layout."""
    warnings = Warnings(str(path))
    records, total = _csv_rows(path, warnings)
    entries = tuple(build_entries(records, warnings))
    return ParsedDataset(
        dataset=DATASET,
        format="csl-csv",
        entries=entries,
        source_rows=total,
        warnings=tuple(warnings.messages),
    )


def _json_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_json_text(item) for item in value)
    return str(value)


def _json_address(item: Any) -> Address:
    if not isinstance(item, Mapping):
        return _csv_address(str(item))
    parts = {key: clean(_json_text(item.get(key))) for key in ("address", "city", "state", "postal_code", "country")}
    full = ", ".join(value for value in parts.values() if value)
    country = parts["country"]
    return Address(full, parts["address"], parts["city"], parts["state"], parts["postal_code"], iso2(country))


def _json_identifiers(record: CslRecord, items: Iterable[Any]) -> None:
    for item in items:
        if not isinstance(item, Mapping):
            continue
        id_type, number = clean(_json_text(item.get("type"))), clean(_json_text(item.get("number")))
        if not id_type or not number:
            continue
        if id_type.casefold() in _NOT_IDENTIFIERS:
            record.extra.append((id_type.casefold(), number))
        else:
            record.identifiers.append(Identifier(id_type, number, iso2(clean(_json_text(item.get("country"))))))


def _json_record(index: int, item: Mapping[str, Any]) -> CslRecord:
    record = CslRecord(index, {key: _json_text(value) for key, value in item.items() if not isinstance(value, dict)})
    for key in ("alt_names", "programs", "citizenships", "nationalities", "dates_of_birth", "places_of_birth"):
        value = item.get(key)
        values = value if isinstance(value, list) else split_values(_json_text(value))
        record.lists[key] = [text for text in (clean(_json_text(v)) for v in values) if text]
    addresses = item.get("addresses") or []
    record.addresses = [_json_address(address) for address in (addresses if isinstance(addresses, list) else [])]
    ids = item.get("ids") or []
    _json_identifiers(record, ids if isinstance(ids, list) else [])
    return record


def parse_json(path: Path) -> ParsedDataset:
    """Parse the CSL JSON download (`{"results": [...]}`); warnings name the record's position (1-based)."""
    try:
        data = json.loads(read_text(path))
    except json.JSONDecodeError as exc:
        raise ParseError(f"invalid JSON (truncated?): {exc.msg}", path=str(path), line=exc.lineno) from exc
    results = data.get("results") if isinstance(data, dict) else data
    if not isinstance(results, list):
        raise ParseError('not a CSL JSON file: no "results" list', path=str(path))
    warnings = Warnings(str(path))
    records = []
    for index, item in enumerate(results, start=1):
        if isinstance(item, Mapping):
            records.append(_json_record(index, item))
        else:
            warnings.add(f"skipped record {index}: not an object")
    entries = tuple(build_entries(records, warnings))
    return ParsedDataset(DATASET, "csl-json", entries, source_rows=len(results), warnings=tuple(warnings.messages))
