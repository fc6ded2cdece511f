"""The audit trail: every screening, decision and batch run recorded append-only in a hash chain; verify; replay."""

from tradeguard.audit.log import AuditLog, ChainHead
from tradeguard.audit.model import GENESIS, AuditDraft, AuditKind, AuditRecord, canonical_json, chain_hash
from tradeguard.audit.recorder import AuditedEngine, os_user
from tradeguard.audit.replay import ReplayReport, replay
from tradeguard.audit.verify import Problem, Tampering, VerifyReport, verify_chain

__all__ = [
    "GENESIS",
    "AuditDraft",
    "AuditKind",
    "AuditLog",
    "AuditRecord",
    "AuditedEngine",
    "ChainHead",
    "Problem",
    "ReplayReport",
    "Tampering",
    "VerifyReport",
    "canonical_json",
    "chain_hash",
    "os_user",
    "replay",
    "verify_chain",
]
