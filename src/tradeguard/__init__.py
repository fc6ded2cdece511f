"""tradeguard: export-control and sanctions compliance — lists, screening, EAR decisions, audit."""

from tradeguard.errors import TradeguardError
from tradeguard.lists.model import Alias, AliasType, Entry, EntryKind, Snapshot
from tradeguard.match.model import Comparison, Hit, Party, ScreenResult
from tradeguard.settings import Settings, load_settings

__version__ = "0.1.0"

__all__ = [
    "Alias",
    "AliasType",
    "Comparison",
    "Entry",
    "EntryKind",
    "Hit",
    "Party",
    "ScreenResult",
    "Settings",
    "Snapshot",
    "TradeguardError",
    "__version__",
    "load_settings",
]
