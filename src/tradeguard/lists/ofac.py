"""OFAC legacy CSV files: `sdn.csv` + `add.csv` + `alt.csv` [+ `sdn_comments.csv`], and the consolidated non-SDN
set `cons_prim` + `cons_add` + `cons_alt` [+ `cons_comments`], with or without date suffixes in the file names.

The user names the main file; its siblings are looked up beside it with the same suffix ("sdn-2021-08-18.csv" ->
"add-2021-08-18.csv"). A missing sibling is a warning (the main file alone still lists every party). The CSVs have
no header; `-0-` means empty; OFAC ends each file with a `\\x1a` marker line, whose absence is reported as a warning
(the 2019 files lack it) while a short or unterminated last row is an error.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from tradeguard.errors import ParseError
from tradeguard.lists.countries import iso2
from tradeguard.lists.fields import Warnings, clean, unique
from tradeguard.lists.model import Address, Alias, AliasType, Entry, EntryKind, ParsedDataset
from tradeguard.lists.ofac_common import (
    CONS_DATASET,
    KINDS,
    SDN_DATASET,
    SDN_URL,
    cons_list_code,
    read_remarks,
    split_programs,
)
from tradeguard.lists.textio import Record, csv_records, ends_with_eof_marker, read_text, well_formed

MAIN_COLUMNS = 12  # ent_num, name, type, programs, title, call sign, vessel type, tonnage, GRT, flag, owner, remarks
_VESSEL_FIELDS = ("call_sign", "vessel_type", "tonnage", "gross_registered_tonnage", "vessel_flag", "vessel_owner")
_ALIAS_TYPES = {"aka": AliasType.AKA, "fka": AliasType.FKA, "nka": AliasType.NKA}
_MAIN_NAME = re.compile(r"^(?P<prefix>sdn|cons_prim)(?P<suffix>.*)\.csv$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FileSet:
    """The files of one OFAC CSV set; siblings are None when not found beside the main file."""

    dataset: str
    main: Path
    addresses: Path | None
    aliases: Path | None
    comments: Path | None


def _sibling(main: Path, name: str) -> Path | None:
    wanted = name.casefold()
    for candidate in main.parent.iterdir():
        if candidate.name.casefold() == wanted:
            return candidate
    return None


def find_file_set(main: Path) -> FileSet:
    """The OFAC CSV set `main` belongs to, or a ParseError if the name is not sdn*.csv / cons_prim*.csv."""
    match = _MAIN_NAME.match(main.name)
    if match is None:
        raise ParseError("an OFAC CSV set is named by its main file: sdn*.csv or cons_prim*.csv", path=str(main))
    suffix = match.group("suffix")
    if match.group("prefix").lower() == "sdn":
        names = (f"add{suffix}.csv", f"alt{suffix}.csv", f"sdn_comments{suffix}.csv")
        dataset = SDN_DATASET
    else:
        names = (f"cons_add{suffix}.csv", f"cons_alt{suffix}.csv", f"cons_comments{suffix}.csv")
        dataset = CONS_DATASET
    return FileSet(dataset, main, *(_sibling(main, name) for name in names))


def _rows(path: Path, width: int, warnings: Warnings) -> tuple[list[Record], int]:
    """The well-formed rows of one file of the set and the count of all rows read; its warnings join `warnings`."""
    own = Warnings(str(path))
    text = read_text(path)
    if not ends_with_eof_marker(text):
        own.add("no OFAC end-of-file marker (\\x1a): the file may be incomplete, though its last row is whole")
    records = list(csv_records(text, path))
    rows = well_formed(records, width, path, own)
    warnings.messages.extend(own.messages)
    return rows, len(records)


def _by_entity(path: Path | None, width: int, warnings: Warnings) -> dict[str, list[list[str]]]:
    grouped: dict[str, list[list[str]]] = defaultdict(list)
    for record in _rows(path, width, warnings)[0] if path is not None else []:
        grouped[record.cells[0].strip()].append(record.cells)
    return grouped


def _address(cells: list[str]) -> Address | None:
    street, place, country_name, remarks = (clean(cell) for cell in cells[2:6])
    parts = [part for part in (street, place, country_name) if part]
    if not parts:
        return None
    full = ", ".join(parts) + (f" ({remarks})" if remarks else "")
    return Address(full=full, street=street, city=place, country=iso2(country_name))


def _alias(cells: list[str]) -> Alias | None:
    name = clean(cells[3])
    if not name:
        return None
    return Alias(name, _ALIAS_TYPES.get((clean(cells[2]) or "aka").lower().replace(".", ""), AliasType.AKA))


def _merge_aliases(strong: list[Alias], weak: list[Alias]) -> tuple[Alias, ...]:
    """The alt.csv aliases (without exact repeats), then the weak remark aliases not already among them."""
    names = {alias.name for alias in strong}
    return tuple(dict.fromkeys(strong + [alias for alias in weak if alias.name not in names]))


def _orphans(extras: dict[str, dict[str, list[list[str]]]], known: set[str], warnings: Warnings) -> None:
    for role, grouped in extras.items():
        missing = sorted(set(grouped) - known)
        if missing:
            warnings.add(f"{len(missing)} entity number(s) in the {role} file are not in the main file: {missing[:5]}")


def _entry(cells: list[str], dataset: str, extras: dict[str, dict[str, list[list[str]]]], comment: str) -> Entry:
    ent_num, name, kind_text, program_text, title = (clean(cell) for cell in cells[:5])
    remarks = (clean(cells[11]) or "") + comment or None
    facts = read_remarks(remarks)
    programs = split_programs(program_text)
    addresses = [a for a in (_address(row) for row in extras["addresses"].get(ent_num or "", [])) if a]
    aliases = [a for a in (_alias(row) for row in extras["aliases"].get(ent_num or "", [])) if a]
    vessel = [(key, value) for key, value in zip(_VESSEL_FIELDS, map(clean, cells[5:11]), strict=True) if value]
    source = "us-ofac-sdn" if dataset == SDN_DATASET else cons_list_code(programs, remarks or "")
    return Entry(
        id=f"{dataset}:{ent_num}",
        source=source,
        source_id=ent_num or "",
        kind=KINDS.get((kind_text or "").lower(), EntryKind.ORGANIZATION),
        name=name or "",
        aliases=_merge_aliases(aliases, facts.aliases),
        addresses=tuple(addresses),
        countries=unique(
            code for code in [*(a.country for a in addresses), *facts.nationalities, iso2(clean(cells[9]))] if code
        ),
        identifiers=tuple(facts.identifiers),
        programs=tuple(programs),
        birth_dates=unique(facts.birth_dates),
        nationalities=unique(facts.nationalities),
        title=title,
        remarks=remarks,
        source_url=SDN_URL,
        extra=tuple(vessel + facts.extra),
    )


def parse_file_set(main: Path) -> ParsedDataset:
    """Parse an OFAC CSV set named by its main file (sdn*.csv or cons_prim*.csv)."""
    files = find_file_set(main)
    warnings = Warnings(str(main))
    rows, total = _rows(main, MAIN_COLUMNS, warnings)
    for role, sibling in (("addresses", files.addresses), ("aliases", files.aliases)):
        if sibling is None:
            warnings.add(f"no {role} file beside it: entries carry no {role} from it")
    extras = {"addresses": _by_entity(files.addresses, 6, warnings), "aliases": _by_entity(files.aliases, 5, warnings)}
    comments = {
        key: "".join(clean(row[1]) or "" for row in value)
        for key, value in _by_entity(files.comments, 2, warnings).items()
    }
    entries, seen = [], set()
    for record in rows:
        ent_num, name = clean(record.cells[0]), clean(record.cells[1])
        if not ent_num or not name or ent_num in seen:
            warnings.add(
                "skipped row: " + ("repeated entity number" if ent_num in seen else "no entity number or name"),
                record.line,
            )
            continue
        seen.add(ent_num)
        entries.append(_entry(record.cells, files.dataset, extras, comments.get(ent_num, "")))
    _orphans({**extras, "comments": {key: [] for key in comments}}, seen, warnings)
    return ParsedDataset(
        files.dataset, "ofac-csv", tuple(entries), source_rows=total, warnings=tuple(warnings.messages)
    )
