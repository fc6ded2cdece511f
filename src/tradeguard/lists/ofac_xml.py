"""OFAC's `sdn.xml` schema (the SDN list, and the consolidated non-SDN list published in the same schema)."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from tradeguard.errors import ParseError
from tradeguard.lists.countries import iso2
from tradeguard.lists.fields import Warnings, birth_date, iso_date, unique
from tradeguard.lists.model import Address, Alias, AliasType, Entry, EntryKind, Identifier, ParsedDataset
from tradeguard.lists.ofac_common import (
    CONS_DATASET,
    KINDS,
    NOT_IDENTIFIER,
    SDN_DATASET,
    SDN_URL,
    cons_list_code,
    read_remarks,
)
from tradeguard.lists.xmlio import child, children, iter_elements, text

_ALIAS_TYPES = {"a.k.a.": AliasType.AKA, "f.k.a.": AliasType.FKA, "n.k.a.": AliasType.NKA}
_VESSEL_FIELDS = {
    "callSign": "call_sign",
    "vesselType": "vessel_type",
    "vesselFlag": "vessel_flag",
    "vesselOwner": "vessel_owner",
    "tonnage": "tonnage",
    "grossRegisteredTonnage": "gross_registered_tonnage",
}


def dataset_for(path: Path) -> str:
    """The same schema carries two datasets; OFAC names the consolidated one "consolidated"/"cons_*"."""
    return CONS_DATASET if "cons" in path.name.lower() else SDN_DATASET


def _person_name(element: etree._Element) -> str:
    last, first = text(element, "lastName"), text(element, "firstName")
    return ", ".join(part for part in (last, first) if part)


def _aliases(entry: etree._Element) -> tuple[Alias, ...]:
    found = []
    for aka in children(child(entry, "akaList"), "aka"):
        name = _person_name(aka)
        if name:
            alias_type = _ALIAS_TYPES.get((text(aka, "type") or "a.k.a.").lower(), AliasType.AKA)
            found.append(Alias(name, alias_type, (text(aka, "category") or "strong").lower() != "weak"))
    return tuple(found)


def _addresses(entry: etree._Element) -> tuple[Address, ...]:
    found = []
    for item in children(child(entry, "addressList"), "address"):
        street = ", ".join(part for part in (text(item, f"address{n}") for n in (1, 2, 3)) if part) or None
        city, state, postal = text(item, "city"), text(item, "stateOrProvince"), text(item, "postalCode")
        country = text(item, "country")
        full = ", ".join(part for part in (street, city, state, postal, country) if part)
        if full:
            found.append(Address(full, street, city, state, postal, iso2(country)))
    return tuple(found)


def _identifiers(entry: etree._Element) -> tuple[tuple[Identifier, ...], tuple[tuple[str, str], ...]]:
    """The party's identifiers, and the listing facts OFAC also files under idList (directives, dates...)."""
    found, facts = [], []
    for item in children(child(entry, "idList"), "id"):
        id_type, number = text(item, "idType"), text(item, "idNumber")
        if not id_type or not number:
            continue
        if NOT_IDENTIFIER.search(id_type):
            facts.append((id_type.rstrip(" :-"), number))
        else:
            found.append(Identifier(id_type.rstrip(" :-"), number, iso2(text(item, "idCountry"))))
    return tuple(found), tuple(facts)


def _list_values(entry: etree._Element, list_name: str, item_name: str, value_name: str) -> list[str]:
    values = (text(item, value_name) for item in children(child(entry, list_name), item_name))
    return [value for value in values if value]


def _extra(entry: etree._Element) -> tuple[tuple[str, str], ...]:
    pairs = [
        ("place_of_birth", place)
        for place in _list_values(entry, "placeOfBirthList", "placeOfBirthItem", "placeOfBirth")
    ]
    vessel = child(entry, "vesselInfo")
    for tag, key in _VESSEL_FIELDS.items():
        value = text(vessel, tag) if vessel is not None else None
        if value:
            pairs.append((key, value))
    return tuple(pairs)


def _entry(entry: etree._Element, dataset: str) -> Entry:
    uid = text(entry, "uid") or ""
    kind = KINDS.get((text(entry, "sdnType") or "").lower(), EntryKind.ORGANIZATION)
    programs = [value for value in (text(item) for item in children(child(entry, "programList"), "program")) if value]
    identifiers, listing_facts = _identifiers(entry)
    remarks = text(entry, "remarks")
    addresses = _addresses(entry)
    nationalities = unique(
        code
        for code in map(
            iso2,
            [
                *_list_values(entry, "nationalityList", "nationality", "country"),
                *_list_values(entry, "citizenshipList", "citizenship", "country"),
            ],
        )
        if code
    )
    hints = " ".join(key for key, _value in listing_facts) + " " + (remarks or "")
    return Entry(
        id=f"{dataset}:{uid}",
        source="us-ofac-sdn" if dataset == SDN_DATASET else cons_list_code(programs, hints),
        source_id=uid,
        kind=kind,
        name=_person_name(entry),
        aliases=_aliases(entry),
        addresses=addresses,
        countries=unique([*(address.country for address in addresses if address.country), *nationalities]),
        identifiers=identifiers,
        programs=tuple(programs),
        birth_dates=unique(
            birth_date(v) for v in _list_values(entry, "dateOfBirthList", "dateOfBirthItem", "dateOfBirth")
        ),
        nationalities=nationalities,
        title=text(entry, "title"),
        remarks=remarks,
        source_url=SDN_URL,
        extra=_extra(entry) + listing_facts + tuple(read_remarks(remarks).extra),
    )


def parse(path: Path) -> ParsedDataset:
    """Parse an OFAC XML file in the `sdn.xml` schema."""
    dataset, warnings = dataset_for(path), Warnings(str(path))
    entries: list[Entry] = []
    published: str | None = None
    declared: int | None = None
    seen_root = False
    for element, root in iter_elements(path, {"sdnEntry", "publshInformation"}):
        if not seen_root and root.tag.rsplit("}", 1)[-1] != "sdnList":
            raise ParseError("not an OFAC sdn.xml file (root is not sdnList)", path=str(path))
        seen_root = True
        if element.tag.endswith("publshInformation"):
            published = iso_date(text(element, "Publish_Date"))
            count = text(element, "Record_Count")
            declared = int(count) if count and count.isdigit() else None
            continue
        entry = _entry(element, dataset)
        if not entry.source_id or not entry.name:
            line = element.sourceline if isinstance(element.sourceline, int) else None
            warnings.add("skipped sdnEntry without uid or name", line)
            continue
        entries.append(entry)
    if declared is not None and declared != len(entries) + len(warnings.messages):
        warnings.add(f"the file declares {declared} records but holds {len(entries) + len(warnings.messages)}")
    return ParsedDataset(
        dataset, "ofac-xml", tuple(entries), published, len(entries) + len(warnings.messages), tuple(warnings.messages)
    )
