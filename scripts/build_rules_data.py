"""Derive tradeguard's packaged EAR reference tables from the shared eCFR extracts (run once per eCFR refresh).

Usage: python scripts/build_rules_data.py [SOURCE_DIR]   (default ../shared/ear/tables beside the checkout)

Writes `src/tradeguard/decide/data/{country_chart,country_groups,part746}.json`. Each file carries its CFR source,
as-of date and the upstream file it came from, so a decision can name exactly which facts it applied. The
hand-written CCL facts (`ccl.json`) are not generated here. Bump `RULES_DATA_VERSION` in `decide/ruledata.py`
whenever the output changes.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "tradeguard" / "decide" / "data"
DEFAULT_SOURCE = ROOT.parent / "shared" / "ear" / "tables"
CHART_COLUMNS = (
    "CB1",
    "CB2",
    "CB3",
    "NP1",
    "NP2",
    "NS1",
    "NS2",
    "MT1",
    "RS1",
    "RS2",
    "FC1",
    "CC1",
    "CC2",
    "CC3",
    "AT1",
    "AT2",
)
# The official Chart rows for these say only "See part 746"; the upstream parse nevertheless shows a CB1 cell for
# them, so we drop it rather than invent a Chart requirement that the regulation routes through Part 746.
SEE_PART_746 = ("CU", "IR", "KP", "SY")


def _read(source: Path, name: str) -> tuple[Any, str]:
    raw = (source / name).read_bytes()
    return json.loads(raw), hashlib.sha256(raw).hexdigest()


def _provenance(cfr: str, as_of: str, upstream: str, sha: str, note: str = "") -> dict[str, str]:
    meta = {"cfr": cfr, "as_of": as_of, "upstream": upstream, "upstream_sha256": sha}
    if note:
        meta["note"] = note
    return meta


def build_chart(source: Path) -> dict[str, Any]:
    data, sha = _read(source, "ear-country-chart.json")
    rows: dict[str, dict[str, Any]] = {}
    for row in data["rows"]:
        iso2 = row["iso2"]
        cells = [] if iso2 in SEE_PART_746 else [c for c in row["x"] if c in CHART_COLUMNS]
        rows[iso2] = {
            "name": row["earName"],
            "x": cells,
            "footnotes": row["footnotes"],
            "see_part_746": iso2 in SEE_PART_746,
        }
    return {
        "meta": _provenance(
            "15 CFR part 738, Supplement No. 1 (Commerce Country Chart)",
            data["stamp"]["asOf"],
            "OSUGIYAMA/EyeWarnYou ear-country-chart.json (eCFR parse)",
            sha,
            "CU, IR, KP, SY rows read 'See part 746' officially; their parsed CB1 cell is dropped.",
        ),
        "columns": list(CHART_COLUMNS),
        "footnotes": data["footnotes"],
        "rows": dict(sorted(rows.items())),
    }


def build_groups(source: Path) -> dict[str, Any]:
    data, sha = _read(source, "ear-country-groups.json")
    return {
        "meta": _provenance(
            "15 CFR part 740, Supplement No. 1 (Country Groups)",
            data["stamp"]["asOf"],
            "OSUGIYAMA/EyeWarnYou ear-country-groups.json (eCFR parse)",
            sha,
        ),
        "labels": data["labels"],
        "membership": dict(sorted(data["membership"].items())),
    }


def build_part746(source: Path) -> dict[str, Any]:
    data, sha = _read(source, "ear-derived.json")
    return {
        "meta": _provenance(
            "15 CFR 746.1(b) (UN arms embargoes); Supp. 3 to part 746 (partner countries); Supps. 2, 4, 5, 7 to part "
            "746 (Russia/Belarus HTS-6); Supp. 2 to part 744 (MEU items) and 744.21 destinations",
            "2026-09-24",
            "OSUGIYAMA/EyeWarnYou ear-derived.json (eCFR parse)",
            sha,
        ),
        "un_arms_embargo": data["unArmsEmbargo"],
        "partner_countries": sorted(p["iso2"] for p in data["partnerCountries"]),
        "russia_belarus_hts": {key: sorted(values) for key, values in data["russiaHts"].items()},
        "meu_eccns": data["meuEccns"],
        "meu_destinations": data["meuSupp2Destinations"],
    }


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    outputs = {
        "country_chart.json": build_chart(source),
        "country_groups.json": build_groups(source),
        "part746.json": build_part746(source),
    }
    for name, payload in outputs.items():
        (OUT / name).write_text(json.dumps(payload, indent=1, ensure_ascii=False, sort_keys=False) + "\n", "utf-8")
        print(f"wrote {OUT / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
