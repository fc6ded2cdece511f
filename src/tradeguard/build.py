"""Which modules of this installation run compiled (mypyc, see setup.py), and whether any compiled one is stale.

The list lives in pyproject.toml ([tool.tradeguard] compiled) for the build; an installed package has no
pyproject, so the modules are found by looking: a compiled module is loaded from a shared library, not a .py file.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

# The packages whose modules may be compiled; kept in step with pyproject.toml by tests/test_build.py.
COMPILED_PACKAGES = ("names", "match")
_PACKAGE_ROOT = Path(__file__).resolve().parent


def _compiled_origins() -> dict[str, Path]:
    """The modules of `COMPILED_PACKAGES` that import from a compiled extension, with that extension's path."""
    found = {}
    for package in COMPILED_PACKAGES:
        for source in sorted((_PACKAGE_ROOT / package).glob("*.py")):
            name = f"tradeguard.{package}.{source.stem}"
            spec = importlib.util.find_spec(name)
            if spec is not None and spec.origin is not None and not spec.origin.endswith(".py"):
                found[name] = Path(spec.origin)
    return found


def compiled_modules() -> tuple[str, ...]:
    """Dotted names of the modules that import from a compiled extension."""
    return tuple(_compiled_origins())


def stale_compiled_modules() -> tuple[str, ...]:
    """Compiled modules older than some source of their packages: they no longer run the code you read.

    A compiled group calls across its modules natively, so any changed source in those packages makes all stale."""
    sources = [path for package in COMPILED_PACKAGES for path in (_PACKAGE_ROOT / package).glob("*.py")]
    newest = max((path.stat().st_mtime for path in sources), default=0.0)
    return tuple(name for name, origin in _compiled_origins().items() if origin.stat().st_mtime < newest)


def build_description() -> str:
    """One line for `tradeguard --version` and the benchmarks: version, and how the core runs."""
    from tradeguard import __version__

    compiled = compiled_modules()
    core = f"compiled core ({len(compiled)} modules, mypyc)" if compiled else "pure Python core"
    return f"tradeguard {__version__}, {core}"
