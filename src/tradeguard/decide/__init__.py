"""License determination: apply the EAR to a transaction and answer with CFR citations (see `decide()`)."""

from tradeguard.decide.evaluate import decide
from tradeguard.decide.licenses import HeldLicense, InMemoryLicenseBook, LicenseBook
from tradeguard.decide.model import Decision, ItemDecision, Outcome, Requirement, Transaction, load_transaction
from tradeguard.decide.ruledata import RULES_DATA_VERSION, load_rules_data

__all__ = [
    "RULES_DATA_VERSION",
    "Decision",
    "HeldLicense",
    "InMemoryLicenseBook",
    "ItemDecision",
    "LicenseBook",
    "Outcome",
    "Requirement",
    "Transaction",
    "decide",
    "load_rules_data",
    "load_transaction",
]
