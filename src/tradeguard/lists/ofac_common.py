"""What OFAC's CSV and XML formats share: reading the facts packed into remarks, and program -> list code."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from tradeguard.lists.countries import iso2
from tradeguard.lists.fields import birth_date, clean
from tradeguard.lists.model import Alias, EntryKind, Identifier
from tradeguard.lists.packed import remark_aliases

SDN_DATASET = "us-ofac-sdn"
CONS_DATASET = "us-ofac-cons"
SDN_URL = "https://sanctionssearch.ofac.treas.gov/"

KINDS = {"individual": EntryKind.PERSON, "vessel": EntryKind.VESSEL, "aircraft": EntryKind.AIRCRAFT}

# Identifier types as OFAC writes them in remarks / idType; the value follows the type.
_ID_TYPES = (
    "Passport",
    "IMO",
    "MMSI",
    "SWIFT/BIC",
    "Website",
    "Email Address",
    "Phone Number",
    "C.U.R.P.",
    "R.F.C.",
    "D.N.I.",
    "NIT #",
    "RUC #",
    "RIF #",
    "ISIN",
    "Aircraft Tail Number",
    "Aircraft Manufacturer's Serial Number (MSN)",
    "Unified Social Credit Code (USCC)",
)
_GENERIC_ID = re.compile(r"^(?P<type>[A-Z][\w .#'/&-]*(?:No\.?|Number|ID|Code|#|Address - \w+))\s+(?P<value>\S.*)$")
_IMO_PREFIX = re.compile(r"^(?:Vessel Registration Identification|Identification Number|Company Number)\s+IMO\s+")
_COUNTRY_SUFFIX = re.compile(r"\s+\((?P<country>[^)]+)\)(?P<tail>(?:\s+(?:issued|expires|valid)\b.*)?)$", re.I)


# idList / remark items that describe the listing rather than identify the party: kept in `extra`, not identifiers.
NOT_IDENTIFIER = re.compile(
    r"sanctions risk|Directive|Date|Target Type|Organization Type|CAATSA|Additional Sanctions|Gender|"
    r"Transactions Prohibited|Nationality of Registration|Issuer Name",
    re.IGNORECASE,
)


@dataclass
class RemarkFacts:
    """Facts read from an OFAC remarks text."""

    aliases: list[Alias] = field(default_factory=list)
    birth_dates: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    extra: list[tuple[str, str]] = field(default_factory=list)


def _identifier(id_type: str, text: str) -> Identifier:
    value, country = text.strip().rstrip("."), None
    suffix = _COUNTRY_SUFFIX.search(value)
    if suffix:
        country = iso2(suffix.group("country"))
        value = value[: suffix.start()].strip()
    return Identifier(type=id_type, value=value, country=country)


def identifier_from_remark(part: str) -> Identifier | None:
    """An identifier from one remark part ("Passport A123 (Iran)", "Vessel Registration Identification IMO 9187629")."""
    text = part.removeprefix("alt. ").strip()
    imo = _IMO_PREFIX.match(text)
    if imo:
        return _identifier("IMO", text[imo.end() :])
    for id_type in _ID_TYPES:
        if text.startswith(id_type + " "):
            return _identifier(id_type, text[len(id_type) + 1 :])
    generic = _GENERIC_ID.match(text)
    if generic and any(char.isdigit() for char in generic.group("value")):
        return _identifier(generic.group("type"), generic.group("value"))
    return None


def _fact(facts: RemarkFacts, part: str) -> None:
    text = part.removeprefix("alt. ").strip().rstrip(".")
    lowered = text.lower()
    if lowered.startswith("dob "):
        facts.birth_dates.append(birth_date(text[4:]))
    elif lowered.startswith("pob "):
        facts.extra.append(("place_of_birth", text[4:].strip()))
    elif lowered.startswith(("nationality ", "citizen ")):
        code = iso2(text.split(" ", 1)[1])
        if code:
            facts.nationalities.append(code)
    elif lowered.startswith("gender "):
        facts.extra.append(("gender", text[7:].strip()))
    elif lowered.startswith("linked to:"):
        facts.extra.append(("linked_to", text[10:].strip()))
    else:
        identifier = identifier_from_remark(text)
        if identifier is not None and NOT_IDENTIFIER.search(identifier.type):
            facts.extra.append((identifier.type, identifier.value))
        elif identifier is not None:
            facts.identifiers.append(identifier)


def read_remarks(remarks: str | None) -> RemarkFacts:
    """Read the facts OFAC packs into remarks: weak aliases, DOBs, nationalities, identifiers, POB, links."""
    facts = RemarkFacts()
    if not remarks:
        return facts
    facts.aliases = remark_aliases(remarks, strong=False)
    for part in re.split(r";\s+", remarks):
        cleaned = clean(part)
        if cleaned and not re.match(r"[afn]\.k\.a\.", cleaned, re.I):
            _fact(facts, cleaned)
    return facts


def split_programs(text: str | None) -> list[str]:
    """Programs as the CSV packs them ("SDGT] [IRGC") or as a plain list."""
    cleaned = clean(text)
    if not cleaned:
        return []
    return [part.strip(" []") for part in re.split(r"\]\s*\[|;", cleaned) if part.strip(" []")]


def cons_list_code(programs: Iterable[str], hints: str = "") -> str:
    """The non-SDN list an OFAC consolidated entry belongs to, from its programs (the files name no list).

    EO 14024 entries with a Directive 2 listing are CAPTA (correspondent accounts); others under EO 14024 or MBS are
    Menu-Based; EO 13662 alone means SSI. Entries the programs do not place are `us-ofac-non-sdn`.
    """
    names = set(programs)
    if "NS-PLC" in names:
        return "us-ofac-plc"
    if any(name.startswith("CMIC") for name in names):
        return "us-ofac-cmic"
    if any(name.startswith("FSE") for name in names):
        return "us-ofac-fse"
    if "561-Related" in names or ("RUSSIA-EO14024" in names and "EO 14024 Directive 2" in hints):
        return "us-ofac-cap"
    if "UKRAINE-EO13662" in names:
        return "us-ofac-ssi"
    if "MBS" in names or "RUSSIA-EO14024" in names:
        return "us-ofac-mbs"
    return "us-ofac-non-sdn"
