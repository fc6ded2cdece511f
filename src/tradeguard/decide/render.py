"""The human answer: a compliance memo, the decision first, then each reason with its citation."""

from __future__ import annotations

from tradeguard.decide.model import Decision, ItemDecision, PartyScreening, Requirement, Transaction

_MEANING = {
    "PROHIBITED": "do not ship: a prohibition applies that no license tradeguard knows of overcomes",
    "REVIEW": "do not ship yet: an analyst must resolve the points below",
    "LICENSE_REQUIRED": "a license is required before shipping",
    "AUTHORIZED": "may ship under the authorisations named below",
    "NLR": "no license required (subject to the EAR; keep records)",
    "NOT_SUBJECT": "not subject to the EAR",
}


def render_memo(decision: Decision, tx: Transaction, *, title: str | None = None) -> str:
    """The decision as plain text, ready for a terminal or a file."""
    lines = [
        f"DECISION: {decision.decision.value} - {_MEANING[decision.decision.value]}",
        f"Transaction: {title or 'transaction'}; {tx.transfer} from {tx.export_from} to {tx.destination}, "
        f"ship date {tx.ship_date}",
        "",
    ]
    for number, item in enumerate(decision.items, 1):
        lines += _item(number, item)
    lines.append("Parties screened:")
    for party in decision.parties:
        lines += _party(party, "  ")
    if decision.conditions:
        lines += ["", "Conditions:"] + [f"  - {c}" for c in decision.conditions]
    as_of = decision.as_of
    lines += ["", f"Rules data {as_of.get('rules_data_version')}; list snapshots {as_of.get('snapshots') or 'n/a'}."]
    return "\n".join(lines) + "\n"


def _item(number: int, item: ItemDecision) -> list[str]:
    lines = [
        f"Item {number}: {item.description} ({item.eccn}) - {item.decision.value}",
        f"  Jurisdiction: {item.basis}",
    ]
    if not item.requirements:
        lines.append("  No requirement applies.")
    for r in item.requirements:
        lines += _requirement(r)
    return [*lines, ""]


def _requirement(r: Requirement) -> list[str]:
    who = f" - {r.party}" + (f" [{r.entry_id}]" if r.entry_id else "") if r.party else ""
    lines = [f"  * {r.code}{who}: {r.citation}"]
    if r.detail:
        lines.append(f"      {r.detail}")
    if r.review_policy:
        lines.append(f"      Review policy: {r.review_policy}")
    if r.effect.value == "license":
        exceptions = ", ".join(r.license_exceptions) or "none"
        lines.append(f"      License exceptions: {exceptions}")
        lines.append(f"      Authorised by: {r.covered_by}" if r.covered_by else "      Not covered: license needed")
    return lines


def _party(party: PartyScreening, indent: str) -> list[str]:
    share = f", {party.percent:g}%" if party.percent is not None else ""
    lines = [f"{indent}{party.role}: {party.name} ({party.country or '?'}{share})"]
    if not party.matches:
        lines.append(f"{indent}  no list matches")
    for m in party.matches:
        state = "CONFIRMED" if m.confirmed else "candidate"
        lines.append(f"{indent}  {state} {m.source} {m.entry_id} {m.name!r} score {m.score:g} - {m.basis}")
    if party.blocked_by_ownership:
        lines.append(f"{indent}  blocked: {party.blocked_owner_percent:g}% owned by blocked persons")
    for owner in party.owners:
        lines += _party(owner, indent + "    ")
    return lines
