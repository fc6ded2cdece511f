"""The compiled core: what pyproject compiles is what `tradeguard.build` looks for, the suite runs it, and a stale
build is noticed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tradeguard import build

ROOT = Path(__file__).resolve().parents[1]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["tradeguard"]
COMPILED, KERNELS = CONFIG["compiled"], CONFIG["kernels"]


def test_the_compiled_modules_are_those_the_build_checks() -> None:
    assert COMPILED
    assert {module.split(".")[1] for module in COMPILED} <= set(build.COMPILED_PACKAGES)
    assert [module.removeprefix("tradeguard.") for module in KERNELS] == list(build.KERNELS)
    for module in COMPILED:
        assert (ROOT / "src" / Path(*module.split("."))).with_suffix(".py").is_file(), module
    for module in KERNELS:
        assert (ROOT / "src" / Path(*module.split("."))).with_suffix(".pyx").is_file(), module


@pytest.mark.skipif(bool(os.environ.get("TRADEGUARD_PURE_PYTHON")), reason="pure Python asked for")
def test_the_suite_runs_the_compiled_core() -> None:
    # Benchmarks and these tests measure the compiled modules; a silent fallback to Python would go unnoticed.
    assert set(build.compiled_modules()) == {*COMPILED, *KERNELS}
    assert f"compiled core ({len(COMPILED)} modules by mypyc, {len(KERNELS)} by Cython)" in build.build_description()


def test_a_source_newer_than_its_build_is_stale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "tradeguard"
    (package / "names").mkdir(parents=True)
    (package / "match").mkdir()
    source = package / "names" / "tokens.py"
    source.write_text("X = 1\n")
    library = package / "names" / "tokens.cpython-311-x86_64-linux-gnu.so"
    library.write_bytes(b"")
    os.utime(library, (1_000, 1_000))
    monkeypatch.setattr(build, "_PACKAGE_ROOT", package)
    monkeypatch.setattr(build, "KERNELS", ())
    monkeypatch.setattr(build.importlib.util, "find_spec", lambda name: _Spec(str(library)))
    assert build.stale_compiled_modules() == ("tradeguard.names.tokens",)
    os.utime(library, None)
    os.utime(source, (1_000, 1_000))
    assert build.stale_compiled_modules() == ()


def test_a_module_left_to_python_beside_the_compiled_ones_does_not_make_them_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # index/bounds.py is compiled, index/candidates.py beside it is not: editing the latter needs no rebuild.
    package = tmp_path / "tradeguard"
    (package / "index").mkdir(parents=True)
    compiled, plain = package / "index" / "bounds.py", package / "index" / "candidates.py"
    compiled.write_text("X = 1\n")
    plain.write_text("Y = 1\n")
    library = package / "index" / "bounds.cpython-311-x86_64-linux-gnu.so"
    library.write_bytes(b"")
    os.utime(compiled, (1_000, 1_000))
    os.utime(library, (2_000, 2_000))  # built after bounds.py was last changed, before candidates.py was
    origins = {"tradeguard.index.bounds": str(library), "tradeguard.index.candidates": str(plain)}
    monkeypatch.setattr(build, "_PACKAGE_ROOT", package)
    monkeypatch.setattr(build, "COMPILED_PACKAGES", ("index",))
    monkeypatch.setattr(build, "KERNELS", ())
    monkeypatch.setattr(build.importlib.util, "find_spec", lambda name: _Spec(origins[name]))
    assert build.compiled_modules() == ("tradeguard.index.bounds",)
    assert build.stale_compiled_modules() == ()  # candidates.py is newer than the library, and does not count
    os.utime(compiled, None)
    assert build.stale_compiled_modules() == ("tradeguard.index.bounds",)


def test_a_kernel_older_than_its_source_is_stale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "tradeguard"
    (package / "index").mkdir(parents=True)
    library = package / "index" / "_kernel.cpython-311-x86_64-linux-gnu.so"
    library.write_bytes(b"")
    source = package / "index" / "_kernel.pyx"
    source.write_text("")
    os.utime(source, (1_000, 1_000))
    monkeypatch.setattr(build, "_PACKAGE_ROOT", package)
    monkeypatch.setattr(build, "COMPILED_PACKAGES", ())
    monkeypatch.setattr(build.importlib.util, "find_spec", lambda name: _Spec(str(library)))
    assert build.stale_compiled_modules() == ()
    os.utime(source, None)
    os.utime(library, (2_000, 2_000))
    assert build.stale_compiled_modules() == ("tradeguard.index._kernel",)


class _Spec:
    def __init__(self, origin: str) -> None:
        self.origin = origin


def test_version_names_how_the_core_runs() -> None:
    done = subprocess.run([sys.executable, "-m", "tradeguard", "--version"], capture_output=True, text=True)
    assert done.returncode == 0
    assert done.stdout.strip() == build.build_description()
    assert ("compiled core" in done.stdout) == bool(build.compiled_modules())


def test_a_usage_error_is_a_message_not_a_traceback() -> None:
    done = subprocess.run([sys.executable, "-m", "tradeguard", "screen"], capture_output=True, text=True)
    assert done.returncode == 2
    assert "Missing argument" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.skipif(not build.compiled_modules(), reason="the suite already runs the pure-Python core")
def test_the_pure_python_core_gives_the_pinned_scores_too(tmp_path: Path) -> None:
    # Where no C compiler is at hand the same .py files run uncompiled; they must answer exactly as the build does.
    shutil.copytree(
        ROOT / "src" / "tradeguard", tmp_path / "tradeguard", ignore=shutil.ignore_patterns("*.so", "__pycache__")
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    probe = "import tradeguard.build as b; print(b.__file__, len(b.compiled_modules()))"
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert done.stdout.split() == [str(tmp_path / "tradeguard" / "build.py"), "0"]
    pinned = ROOT / "tests" / "match" / "test_pinned_scores.py"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(pinned)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-3000:]
