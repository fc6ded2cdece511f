"""Which modules of this installation run compiled (see setup.py), and whether any compiled one is stale.

The lists live in pyproject.toml ([tool.tradeguard] compiled and kernels) for the build; an installed package has no
pyproject, so the modules are found by looking: a compiled module is loaded from a shared library, not a .py file.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

# The packages whose modules mypyc may compile, as one group; and the Cython kernels, each compiled alone from its
# .pyx. Kept in step with pyproject.toml by tests/test_build.py.
COMPILED_PACKAGES = ("names", "match", "index")
KERNELS = ("index._kernel",)
_PACKAGE_ROOT = Path(__file__).resolve().parent


def _compiled_origins() -> dict[str, Path]:
    """The candidate modules that import from a compiled extension, with that extension's path."""
    candidates = [
        f"{package}.{source.stem}"
        for package in COMPILED_PACKAGES
        for source in sorted((_PACKAGE_ROOT / package).glob("*.py"))
    ]
    found = {}
    for module in [*candidates, *KERNELS]:
        name = f"tradeguard.{module}"
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin is not None and not spec.origin.endswith(".py"):
            found[name] = Path(spec.origin)
    return found


def compiled_modules() -> tuple[str, ...]:
    """Dotted names of the modules that import from a compiled extension."""
    return tuple(_compiled_origins())


def stale_compiled_modules() -> tuple[str, ...]:
    """Compiled modules older than some of their source: they no longer run the code you read.

    The mypyc group calls across its modules natively, so any changed source of a compiled module makes all of it
    stale (a module left to Python beside them, `index.candidates`, does not); a kernel is stale when its .pyx
    changed."""
    origins = _compiled_origins()
    group = [_source_of(name) for name in origins if name.removeprefix("tradeguard.") not in KERNELS]
    group_newest = max((path.stat().st_mtime for path in group if path.exists()), default=0.0)
    stale = []
    for name, origin in origins.items():
        module = name.removeprefix("tradeguard.")
        if module in KERNELS:
            source = _PACKAGE_ROOT.joinpath(*module.split(".")).with_suffix(".pyx")
            newest = source.stat().st_mtime if source.exists() else 0.0  # an installed wheel may carry no source
        else:
            newest = group_newest
        if origin.stat().st_mtime < newest:
            stale.append(name)
    return tuple(stale)


def _source_of(name: str) -> Path:
    """The .py source of a module of this package, by dotted name."""
    return _PACKAGE_ROOT.joinpath(*name.removeprefix("tradeguard.").split(".")).with_suffix(".py")


def build_description() -> str:
    """One line for `tradeguard --version` and the benchmarks: version, and how the core runs."""
    from tradeguard import __version__

    compiled = compiled_modules()
    kernels = sum(name.removeprefix("tradeguard.") in KERNELS for name in compiled)
    if not compiled:
        return f"tradeguard {__version__}, pure Python core"
    return f"tradeguard {__version__}, compiled core ({len(compiled) - kernels} modules by mypyc, {kernels} by Cython)"
