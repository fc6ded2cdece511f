"""Build hook: compile the name pipeline, the scorer and the index's bound to C with mypyc (the modules listed in
pyproject.toml under [tool.tradeguard] compiled), and the index's numeric kernels with Cython ([tool.tradeguard]
kernels).

Why: the mypyc modules are typed, pure Python, and run once per name, query or candidate; mypyc makes them 1.4-2x
faster with no second implementation to keep in step (bench/README.md); the same .py files run unchanged where no
C compiler is available: set TRADEGUARD_PURE_PYTHON=1, or let a failed compile fall back. The kernels are Cython
(.pyx) loops over numpy arrays, which mypyc cannot type; without them their callers run numpy code instead.
"""

from __future__ import annotations

import os
import sys
import tomllib
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["tradeguard"]


def compiled_extensions() -> list[object]:
    if os.environ.get("TRADEGUARD_PURE_PYTHON"):
        return []
    # Each compiler on its own: the kernels' callers have their numpy fallback whether or not mypyc is at hand.
    return [*_mypyc_extensions(CONFIG["compiled"]), *_cython_extensions(CONFIG["kernels"])]


def _mypyc_extensions(modules: list[str]) -> list[object]:
    try:
        from mypyc.build import mypycify

        # Compiling needs types, not strictness (`mypy --strict` checks the package separately): no config file,
        # and libraries the build environment lacks (numpy, rapidfuzz) are typed Any.
        options = ["--config-file=", "--ignore-missing-imports", "--python-version=3.11"]
        return list(
            mypycify(
                [*options, *(f"src/{module.replace('.', '/')}.py" for module in modules)],
                group_name="tradeguard_core",
                opt_level="3",
            )
        )
    except (Exception, SystemExit) as exc:  # any failure leaves a working pure-Python install
        print(f"tradeguard: not compiling the core with mypyc ({exc}); pure Python", file=sys.stderr)
        return []


def _cython_extensions(modules: list[str]) -> list[object]:
    try:
        from Cython.Build import cythonize

        return list(
            cythonize(
                [f"src/{module.replace('.', '/')}.pyx" for module in modules], build_dir="build/cython", quiet=True
            )
        )
    except (Exception, SystemExit) as exc:
        print(f"tradeguard: not compiling the index kernels ({exc}); numpy instead", file=sys.stderr)
        return []


class EachGroupOrNone(build_ext):
    """Build the mypyc group whole or not at all (a module built without the group's shared library would fail to
    import), and each kernel apart: what fails to compile is left out and runs as Python (or numpy) instead, the
    rest stays compiled; without a C compiler at all nothing is."""

    def build_extensions(self) -> None:
        self.check_extensions_list(self.extensions)
        failed: set[str] = set()
        for extension in self.extensions:
            group = _group_of(extension.name)
            if group in failed:
                continue
            try:
                self.build_extension(extension)
            except Exception as exc:
                failed.add(group)
                print(f"tradeguard: {group} did not compile ({exc}); left out", file=sys.stderr)
        for extension in [extension for extension in self.extensions if _group_of(extension.name) in failed]:
            Path(self.get_ext_fullpath(extension.name)).unlink(missing_ok=True)
            self.extensions.remove(extension)  # nor copied beside the sources (--inplace)

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # no compiler at all, or a failure outside one extension
            for output in self.get_outputs():
                Path(output).unlink(missing_ok=True)
            print(f"tradeguard: the core did not compile ({exc}); pure Python", file=sys.stderr)


def _group_of(extension: str) -> str:
    """What an extension is built with: a kernel on its own, or the mypyc group."""
    return extension if extension in CONFIG["kernels"] else "the mypyc core"


setup(ext_modules=compiled_extensions(), cmdclass={"build_ext": EachGroupOrNone})
