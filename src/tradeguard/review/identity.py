"""The stable key of a screened party: it ties screenings, registered parties, cases and suppressions together."""

from __future__ import annotations

from tradeguard.match.model import Party
from tradeguard.names.normalize import normalize_name


def party_key(party: Party) -> str:
    """Normalised name (every Latin letter and digit, legal form kept) and country: "acmetradingltd|DE".

    Case, punctuation, spacing and script do not change the key, so "ACME Trading Ltd." and "Acme trading ltd"
    share suppressions; a different legal form or country is a different party. The kind is left out because
    shells often do not know it. `normalize_name` is cached, so the screening that just normalised the name pays
    nothing here.
    """
    normalized = normalize_name(party.name, party.kind)
    core = normalized.joined or normalized.compact or party.name.strip().casefold()
    return f"{core}|{(party.country or '').strip().upper()}"
