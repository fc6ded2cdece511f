"""The UN Security Council consolidated list XML (individuals and entities, sc-sanctions.xsd)."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from tradeguard.errors import ParseError
from tradeguard.lists.countries import iso2
from tradeguard.lists.fields import Warnings, birth_date, iso_date, iso_datetime_date, unique
from tradeguard.lists.model import Address, Alias, AliasType, Entry, EntryKind, Identifier, ParsedDataset
from tradeguard.lists.xmlio import children, iter_elements, root_of, text

DATASET = "un-sc"
SOURCE_URL = "https://main.un.org/securitycouncil/en/content/un-sc-consolidated-list"
_NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")


def _values(element: etree._Element, name: str) -> list[str]:
    """The VALUE children of every `name` child (<NATIONALITY><VALUE>…</VALUE></NATIONALITY>)."""
    found = []
    for holder in children(element, name):
        found += [value for value in (text(item) for item in children(holder, "VALUE")) if value]
    return found


def _aliases(element: etree._Element, tag: str) -> list[Alias]:
    found = []
    for item in children(element, tag):
        name = text(item, "ALIAS_NAME")
        if name:
            # QUALITY is Good / Low for individuals, and a.k.a. / f.k.a. for entities
            quality = (text(item, "QUALITY") or "").lower()
            alias_type = AliasType.FKA if quality == "f.k.a." else AliasType.AKA
            found.append(Alias(name, alias_type, strong=quality != "low"))
    original = text(element, "NAME_ORIGINAL_SCRIPT")
    if original:
        found.append(Alias(original, AliasType.ORIGINAL_SCRIPT))
    return found


def _addresses(element: etree._Element, tag: str) -> list[Address]:
    found = []
    for item in children(element, tag):
        street, city, state = text(item, "STREET"), text(item, "CITY"), text(item, "STATE_PROVINCE")
        postal, country, note = text(item, "ZIP_CODE"), text(item, "COUNTRY"), text(item, "NOTE")
        full = ", ".join(part for part in (street, city, state, postal, country) if part)
        if full:
            full += f" ({note})" if note else ""
            found.append(Address(full, street, city, state, postal, iso2(country)))
    return found


def _birth_dates(element: etree._Element) -> list[str]:
    found = []
    for item in children(element, "INDIVIDUAL_DATE_OF_BIRTH"):
        exact, year = text(item, "DATE"), text(item, "YEAR")
        start, end = text(item, "FROM_YEAR"), text(item, "TO_YEAR")
        if exact:
            found.append(birth_date(exact))
        elif year:
            found.append(birth_date(year))
        elif start and end:
            found.append(f"{start} to {end}")
    return found


def _documents(element: etree._Element) -> list[Identifier]:
    found = []
    for item in children(element, "INDIVIDUAL_DOCUMENT"):
        number = text(item, "NUMBER")
        if number:
            doc_type = text(item, "TYPE_OF_DOCUMENT") or text(item, "TYPE_OF_DOCUMENT2") or "Document"
            issuer = text(item, "ISSUING_COUNTRY") or text(item, "COUNTRY_OF_ISSUE")
            found.append(Identifier(doc_type, number, iso2(issuer)))
    return found


def _places_of_birth(element: etree._Element) -> list[tuple[str, str]]:
    places = []
    for item in children(element, "INDIVIDUAL_PLACE_OF_BIRTH"):
        place = ", ".join(part for part in (text(item, k) for k in ("CITY", "STATE_PROVINCE", "COUNTRY")) if part)
        if place:
            places.append(("place_of_birth", place))
    return places


def _entry(element: etree._Element, individual: bool) -> Entry:
    prefix = "INDIVIDUAL" if individual else "ENTITY"
    data_id = text(element, "DATAID") or ""
    name = " ".join(part for part in (text(element, tag) for tag in _NAME_PARTS) if part)
    addresses = _addresses(element, f"{prefix}_ADDRESS")
    nationalities = unique(code for code in map(iso2, _values(element, "NATIONALITY")) if code)
    extra = [("reference_number", text(element, "REFERENCE_NUMBER") or "")]
    extra += [("designation", value) for value in _values(element, "DESIGNATION")]
    extra += _places_of_birth(element)
    gender = text(element, "GENDER")
    extra += [("gender", gender)] if gender else []
    return Entry(
        id=f"{DATASET}:{data_id}",
        source="un-sc",
        source_id=data_id,
        kind=EntryKind.PERSON if individual else EntryKind.ORGANIZATION,
        name=name,
        aliases=tuple(_aliases(element, f"{prefix}_ALIAS")),
        addresses=tuple(addresses),
        countries=unique([*(a.country for a in addresses if a.country), *nationalities]),
        identifiers=tuple(_documents(element)),
        programs=tuple(value for value in [text(element, "UN_LIST_TYPE")] if value),
        birth_dates=unique(_birth_dates(element)),
        nationalities=nationalities,
        title="; ".join(_values(element, "TITLE")) or None,
        start_date=iso_date(text(element, "LISTED_ON")),
        remarks=text(element, "COMMENTS1"),
        source_url=SOURCE_URL,
        extra=tuple((key, value) for key, value in extra if value),
    )


def parse(path: Path) -> ParsedDataset:
    """Parse the UN consolidated list XML."""
    root_name, attributes = root_of(path)
    if root_name != "CONSOLIDATED_LIST":
        raise ParseError(f"not a UN consolidated list (root element is {root_name})", path=str(path))
    warnings, entries = Warnings(str(path)), []
    for element, _root in iter_elements(path, {"INDIVIDUAL", "ENTITY"}):
        entry = _entry(element, individual=element.tag.endswith("INDIVIDUAL"))
        if entry.source_id and entry.name:
            entries.append(entry)
        else:
            line = element.sourceline if isinstance(element.sourceline, int) else None
            warnings.add("skipped record without DATAID or name", line)
    published = iso_datetime_date(attributes.get("dateGenerated"))
    return ParsedDataset(
        DATASET, "un-xml", tuple(entries), published, len(entries) + len(warnings.messages), tuple(warnings.messages)
    )
