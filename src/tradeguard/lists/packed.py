"""Unpacking names that lists pack into one cell: "X (a.k.a. Y; Z)", "…Affiliated Entity: Y", OFAC remarks aliases."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tradeguard.lists.fields import clean, split_values
from tradeguard.lists.model import Alias, AliasType

# a.k.a. / f.k.a. / n.k.a. / A.K.A. / bare "aka" as a word (never the "aka" inside "Akademik"), in any case
_MARKER = r"\b(?P<kind>[afn])(?:\.\s?k\.\s?a\.|ka\b),?"
_PAREN_ALIAS = re.compile(rf"\s*[(\[]\s*{_MARKER}\s*(?P<names>[^)\]]*)[)\]]", re.IGNORECASE)
_FOLLOWING = re.compile(rf",?\s*{_MARKER}\s*,?\s*the following (?:\w+ )?aliases?\s*:\s*(?P<names>.*)$", re.I | re.S)
_TRAILING_ALIAS = re.compile(rf",?\s+{_MARKER}\s+(?P<names>.+)$", re.IGNORECASE | re.DOTALL)
_AFFILIATE = re.compile(r"^(?P<parent>.+?)\.?\s+Affiliated Entit(?:y|ies)\s*:\s*(?P<name>.+)$", re.I | re.S)
_DESCRIPTION = re.compile(r",?\s+(?:including|and the following)\b", re.IGNORECASE)
_REMARK_ALIAS = re.compile(rf"\b{_MARKER}\s*'(?P<name>.*?)'(?=\s*(?:[;.)]|$))", re.IGNORECASE)
_ALIAS_PREFIX = re.compile(rf"^{_MARKER}\s+", re.IGNORECASE)

_ALIAS_TYPES = {"a": AliasType.AKA, "f": AliasType.FKA, "n": AliasType.NKA}


@dataclass(frozen=True, slots=True)
class Unpacked:
    """A listed name split into its primary name, its aliases and the context the listing gave."""

    name: str
    aliases: tuple[Alias, ...] = ()
    context: tuple[tuple[str, str], ...] = ()  # e.g. ("affiliate_of", parent name), ("listed_name", original)


def _aliases(kind: str, names: str) -> list[Alias]:
    alias_type = _ALIAS_TYPES[kind.lower()]
    parts = split_values(names.replace("; -", ";"))
    return [Alias(part.lstrip("-").strip(), alias_type) for part in parts if part.lstrip("-").strip()]


def unpack_listed_name(text: str) -> Unpacked:
    """Split a packed listed name (Entity List, ITAR, DPL, Nonproliferation styles) into name and aliases."""
    original = " ".join(text.split())
    name, aliases, context = original, [], []
    affiliate = _AFFILIATE.match(name)
    if affiliate:
        name = affiliate.group("name").strip()
        context.append(("affiliate_of", affiliate.group("parent").strip()))
    following = _FOLLOWING.search(name)
    if following:
        aliases += _aliases(following.group("kind"), following.group("names"))
        name = name[: following.start()]
    for match in list(_PAREN_ALIAS.finditer(name)):
        aliases += _aliases(match.group("kind"), match.group("names"))
    name = _PAREN_ALIAS.sub("", name)
    trailing = _TRAILING_ALIAS.search(name)
    if trailing:
        aliases += _aliases(trailing.group("kind"), trailing.group("names"))
        name = name[: trailing.start()]
    described = _DESCRIPTION.search(name)
    if described and described.start() > 0:
        name = name[: described.start()]
    name = clean(" ".join(name.split()).rstrip(",;")) or original
    if name != original:
        context.append(("listed_name", original))
    return Unpacked(name, tuple(aliases), tuple(context))


def alias_from_cell(text: str, *, strong: bool = True) -> list[Alias]:
    """One alias cell ("X", "f.k.a. X", "X (f.k.a., Y)") as aliases with their types."""
    prefix = _ALIAS_PREFIX.match(text)
    if prefix:
        return [Alias(alias.name, alias.type, strong) for alias in _aliases(prefix.group("kind"), text[prefix.end() :])]
    unpacked = unpack_listed_name(text)
    first = Alias(unpacked.name, AliasType.AKA, strong)
    return [first, *(Alias(alias.name, alias.type, strong) for alias in unpacked.aliases)]


def remark_aliases(remarks: str | None, *, strong: bool = False) -> list[Alias]:
    """The quoted aliases OFAC writes into remarks ("a.k.a. 'BNC'; f.k.a. 'X'"): its weak aliases."""
    if not remarks:
        return []
    found = []
    for match in _REMARK_ALIAS.finditer(remarks):
        name = clean(match.group("name"))
        if name:
            found.append(Alias(name, _ALIAS_TYPES[match.group("kind").lower()], strong))
    return found
