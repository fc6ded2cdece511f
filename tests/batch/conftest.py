"""Batch helpers: a small customer file, and functions to write inputs and read outputs."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HUAWEI_ENTRY = "us-csl:us-bis-entity-list:d05d55fa214aff19c1eb3270d54905e4e362d445"

# A small customer file: two rows that are listed parties (one Entity List, one SDN), the rest nobody on a list.
HEADER = ["customer_id", "Customer Name", "country", "type", "notes"]
ROWS = [
    ["C001", "Acme Widgets Incorporated", "US", "company", "long-time customer"],
    ["C002", "HUAWEI TECHNOLOGIES CO LTD", "CN", "company", "planted: Entity List"],
    ["C003", "Hans Müller", "DE", "person", "umlaut"],
    ["C004", "Société Générale de Café", "FR", "company", "accents; and a semicolon"],
    ["C005", "Banco Nacional de Cuba", "CU", "company", "planted: SDN"],
    ["C006", "María Peña González", "MX", "person", 'quote " inside'],
]


def write_csv(
    path: Path, header: Sequence[str], rows: Sequence[Sequence[str]], *, delimiter: str = ",", encoding: str = "utf-8"
) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def read_csv(path: Path, *, delimiter: str = ",") -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        header = next(reader)
        return header, [dict(zip(header, row, strict=True)) for row in reader]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
