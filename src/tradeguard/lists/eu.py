"""The EU consolidated financial sanctions list (FSF) XML, schema 1.1 (`eu_schema_1_1.xsd`)."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from tradeguard.errors import ParseError
from tradeguard.lists.countries import iso2
from tradeguard.lists.fields import Warnings, iso_date, iso_datetime_date, unique
from tradeguard.lists.model import Address, Alias, AliasType, Entry, EntryKind, Identifier, ParsedDataset
from tradeguard.lists.xmlio import children, iter_elements, root_of

DATASET = "eu-fsf"
SOURCE_URL = "https://data.europa.eu/data/datasets/consolidated-list-of-persons-groups-and-entities-subject-to-eu-financial-sanctions"
_UNKNOWN_COUNTRY = "00"  # the EU writes "00" / "UNKNOWN" where the country is not known


def _attr(element: etree._Element, name: str) -> str | None:
    value = element.get(name)
    return " ".join(value.split()) or None if value else None


def _country(element: etree._Element) -> str | None:
    code = _attr(element, "countryIso2Code")
    if code and code != _UNKNOWN_COUNTRY:
        return iso2(code)
    return iso2(_attr(element, "countryDescription"))


def _alias_name(element: etree._Element) -> str | None:
    whole = _attr(element, "wholeName")
    if whole:
        return whole
    parts = (_attr(element, key) for key in ("firstName", "middleName", "lastName"))
    return " ".join(part for part in parts if part) or None


def _is_latin(name: str) -> bool:
    return all(ord(char) < 0x250 for char in name if char.isalpha())


def _names(entity: etree._Element) -> tuple[str, list[Alias]]:
    names: list[Alias] = []
    for item in children(entity, "nameAlias"):
        name = _alias_name(item)
        if not name:
            continue
        strong = (_attr(item, "strong") or "true").lower() == "true"
        alias_type = AliasType.AKA if _is_latin(name) else AliasType.ORIGINAL_SCRIPT
        names.append(Alias(name, alias_type, strong))
    latin_strong = [alias for alias in names if alias.strong and alias.type is AliasType.AKA]
    primary = (latin_strong or names)[0].name if names else ""
    return primary, [alias for alias in dict.fromkeys(names) if alias.name != primary]


def _addresses(entity: etree._Element) -> list[Address]:
    found = []
    for item in children(entity, "address"):
        street, city = _attr(item, "street"), _attr(item, "city")
        region, postal, place = _attr(item, "region"), _attr(item, "zipCode"), _attr(item, "place")
        po_box, description = _attr(item, "poBox"), _attr(item, "countryDescription")
        parts = (street, po_box and f"P.O. Box {po_box}", place, city, region, postal, description)
        full = ", ".join(part for part in parts if part and part != "UNKNOWN")
        if full:
            found.append(Address(full, street, city, region, postal, _country(item)))
    return found


def _birth_dates(entity: etree._Element) -> list[str]:
    found = []
    for item in children(entity, "birthdate"):
        value = iso_date(_attr(item, "birthdate")) or _attr(item, "year")
        start, end = _attr(item, "yearRangeFrom"), _attr(item, "yearRangeTo")
        if value:
            found.append(value if (_attr(item, "circa") or "false") == "false" else f"circa {value}")
        elif start and end:
            found.append(f"{start} to {end}")
    return found


def _identifiers(entity: etree._Element) -> list[Identifier]:
    found = []
    for item in children(entity, "identification"):
        number = _attr(item, "number") or _attr(item, "latinNumber")
        if number:
            kind = _attr(item, "identificationTypeDescription") or _attr(item, "identificationTypeCode") or "ID"
            found.append(Identifier(kind, number, _country(item)))
    return found


def _extra(entity: etree._Element) -> list[tuple[str, str]]:
    pairs = [(key, value) for key in ("euReferenceNumber", "unitedNationId") if (value := _attr(entity, key))]
    for item in children(entity, "birthdate"):
        place = ", ".join(p for p in (_attr(item, "city"), _attr(item, "countryDescription")) if p and p != "UNKNOWN")
        if place:
            pairs.append(("place_of_birth", place))
    for item in children(entity, "nameAlias"):
        for key in ("function", "gender"):
            value = _attr(item, key)
            if value:
                pairs.append((key, value))
    for regulation in children(entity, "regulation"):
        title = _attr(regulation, "numberTitle")
        if title:
            pairs.append(("regulation", title))
    return list(dict.fromkeys(pairs))


def _entry(entity: etree._Element) -> Entry:
    logical_id = _attr(entity, "logicalId") or ""
    name, aliases = _names(entity)
    subject = next(iter(children(entity, "subjectType")), None)
    is_person = subject is not None and (_attr(subject, "classificationCode") or "") == "P"
    addresses = _addresses(entity)
    nationalities = unique(code for code in (_country(item) for item in children(entity, "citizenship")) if code)
    programmes = (_attr(item, "programme") for item in children(entity, "regulation"))
    remarks = [value for value in ((item.text or "").strip() for item in children(entity, "remark")) if value]
    titles = unique(title for item in children(entity, "nameAlias") if (title := _attr(item, "title")))
    return Entry(
        id=f"{DATASET}:{logical_id}",
        source="eu-fsf",
        source_id=logical_id,
        kind=EntryKind.PERSON if is_person else EntryKind.ORGANIZATION,
        name=name,
        aliases=tuple(aliases),
        addresses=tuple(addresses),
        countries=unique([*(a.country for a in addresses if a.country), *nationalities]),
        identifiers=tuple(_identifiers(entity)),
        programs=unique(programme for programme in programmes if programme),
        birth_dates=unique(_birth_dates(entity)),
        nationalities=nationalities,
        title="; ".join(titles) or None,
        start_date=iso_date(_attr(entity, "designationDate")),
        end_date=iso_date(_attr(entity, "delistingDate")),
        remarks="\n".join(remarks) or None,
        source_url=SOURCE_URL,
        extra=tuple(_extra(entity)),
    )


def parse(path: Path) -> ParsedDataset:
    """Parse an EU FSF XML export (schema 1.1)."""
    root_name, attributes = root_of(path)
    if root_name != "export":
        raise ParseError(f"not an EU FSF export (root element is {root_name})", path=str(path))
    warnings, entries = Warnings(str(path)), []
    for element, _root in iter_elements(path, {"sanctionEntity"}):
        entry = _entry(element)
        if entry.source_id and entry.name:
            entries.append(entry)
        else:
            line = element.sourceline if isinstance(element.sourceline, int) else None
            warnings.add("skipped sanctionEntity without logicalId or name", line)
    published = iso_datetime_date(attributes.get("generationDate"))
    return ParsedDataset(
        DATASET, "eu-xml", tuple(entries), published, len(entries) + len(warnings.messages), tuple(warnings.messages)
    )
