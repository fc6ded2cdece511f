"""`python -m bench` (`make bench`): list the benchmarks and how to run each; results go to bench/README.md."""

from __future__ import annotations

import ast
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    print("Benchmarks (run one with `.venv/bin/python -m bench.<name> --help`; results: bench/README.md):")
    for path in sorted(HERE.glob("bench_*.py")):
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        print(f"  {path.stem:<16} {doc.splitlines()[0] if doc else ''}")


if __name__ == "__main__":
    main()
