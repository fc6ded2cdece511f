"""Run by the process tests: import a synthetic dataset, optionally signalling (and slowing) mid-import."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path

from tradeguard.lists.model import Entry, EntryKind, ParsedDataset
from tradeguard.store import open_store


class SignallingEntries(tuple[Entry, ...]):
    """Entries that write `marker` after `at` items, then go slowly so the parent can kill us mid-import."""

    marker: Path | None = None
    at = 5000

    def __iter__(self) -> Iterator[Entry]:
        for index, entry in enumerate(super().__iter__()):
            if self.marker is not None and index >= self.at:
                if index == self.at:
                    self.marker.write_text("mid-import")
                time.sleep(0.002)
            yield entry


def main(db: str, dataset: str, sha256: str, count: int, marker: str | None) -> None:
    entries = SignallingEntries(
        Entry(id=f"{dataset}:{n}", source="us-ofac-sdn", source_id=str(n), kind=EntryKind.PERSON, name=f"P {n}")
        for n in range(count)
    )
    SignallingEntries.marker = Path(marker) if marker else None
    with open_store(db) as store:
        snapshot = store.import_snapshot(ParsedDataset(dataset, "test", entries), sha256=sha256)
    print(snapshot.id, snapshot.entry_count)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5] if len(sys.argv) > 5 else None)
