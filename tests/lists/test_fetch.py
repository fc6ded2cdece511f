"""Downloads and `lists update` against a real local HTTP server: success, retries, truncation, 404, refusals."""

from __future__ import annotations

import hashlib
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tradeguard.errors import FetchError
from tradeguard.lists.fetch import Fetcher, FetchNotFoundError
from tradeguard.lists.sources import DATASETS
from tradeguard.lists.update import ImportReport, file_sha256, update_datasets
from tradeguard.settings import Settings
from tradeguard.store import SQLiteStore

FAST = Fetcher(timeout=10, attempts=3, backoff=0.01)


@dataclass
class Plan:
    """What the mirror does per path: a queue of misbehaviours ("truncate", "503"), then normal service."""

    queues: dict[str, list[str]] = field(default_factory=dict)
    always: dict[str, str] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)


class MirrorHandler(SimpleHTTPRequestHandler):
    plan: Plan

    def do_GET(self) -> None:
        self.plan.requests.append(self.path)
        queue = self.plan.queues.get(self.path, [])
        behaviour = queue.pop(0) if queue else self.plan.always.get(self.path)
        if behaviour == "503":
            self.send_error(503, "try later")
        elif behaviour == "truncate":
            self._send_truncated()
        else:
            super().do_GET()

    def _send_truncated(self) -> None:
        body = Path(self.translate_path(self.path)).read_bytes()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2])  # then hang up: the body is shorter than announced
        self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass


@dataclass
class Mirror:
    root: Path
    url: str
    plan: Plan


@pytest.fixture
def mirror(tmp_path: Path) -> Iterator[Mirror]:
    """A real HTTP server on 127.0.0.1 (free port) serving `root`, misbehaving as `plan` says."""
    root = tmp_path / "mirror"
    root.mkdir()
    plan = Plan()
    handler = type("Handler", (MirrorHandler,), {"plan": plan})

    def make_handler(*args: Any) -> MirrorHandler:
        return handler(*args, directory=str(root))  # type: ignore[no-any-return]

    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield Mirror(root, f"http://127.0.0.1:{server.server_address[1]}", plan)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def payload(mirror: Mirror) -> bytes:
    data = b"ent_num,name\n" + b"".join(b"%d,NAME %d\n" % (n, n) for n in range(20_000))
    (mirror.root / "file.csv").write_bytes(data)
    return data


def test_download_lands_whole_with_its_sha256(mirror: Mirror, payload: bytes, tmp_path: Path) -> None:
    dest = tmp_path / "out" / "file.csv"
    dest.parent.mkdir()
    fetched = FAST.fetch(f"{mirror.url}/file.csv", dest)
    assert dest.read_bytes() == payload
    assert (fetched.size, fetched.sha256) == (len(payload), hashlib.sha256(payload).hexdigest())
    assert [p.name for p in dest.parent.iterdir()] == ["file.csv"]


def test_truncated_body_fails_after_retries_and_leaves_nothing(mirror: Mirror, payload: bytes, tmp_path: Path) -> None:
    mirror.plan.always["/file.csv"] = "truncate"
    dest = tmp_path / "file.csv"
    dest.write_bytes(b"the previous download")
    with pytest.raises(FetchError, match=r"file\.csv failed after 3 attempt"):
        FAST.fetch(f"{mirror.url}/file.csv", dest)
    assert dest.read_bytes() == b"the previous download"  # untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.csv", "mirror"]  # no .part left behind
    assert mirror.plan.requests == ["/file.csv"] * 3


def test_transient_errors_are_retried(mirror: Mirror, payload: bytes, tmp_path: Path) -> None:
    mirror.plan.queues["/file.csv"] = ["503", "truncate"]
    fetched = FAST.fetch(f"{mirror.url}/file.csv", tmp_path / "file.csv")
    assert fetched.path.read_bytes() == payload
    assert len(mirror.plan.requests) == 3


def test_404_fails_at_once(mirror: Mirror, tmp_path: Path) -> None:
    with pytest.raises(FetchNotFoundError, match=r"HTTP 404 .*/missing\.csv"):
        FAST.fetch(f"{mirror.url}/missing.csv", tmp_path / "missing.csv")
    assert mirror.plan.requests == ["/missing.csv"]
    assert list(tmp_path.glob("missing*")) == []


def test_refused_connection_is_a_fetch_error(tmp_path: Path) -> None:
    with pytest.raises(FetchError, match="ConnectError"):
        Fetcher(timeout=5, attempts=2, backoff=0.01).fetch("http://127.0.0.1:9/nothing.csv", tmp_path / "x.csv")


def test_bad_url_scheme_is_a_fetch_error(tmp_path: Path) -> None:
    with pytest.raises(FetchError, match="cannot download"):
        FAST.fetch("ftp://example.invalid/x.csv", tmp_path / "x.csv")


# -- `lists update` against the mirror, with the real parsers ----------------------------------------------------

MIRROR_LAYOUT = {
    "us-bis-dpl/dpl.txt": "us-bis-dpl/dpl-2022-09-07.txt",
    "un-sc/consolidated.xml": "un/consolidated-2026-02.xml",
    "us-ofac-sdn/sdn.csv": "us-ofac-sdn/2021-07-07/sdn.csv",
    "us-ofac-sdn/add.csv": "us-ofac-sdn/2021-07-07/add.csv",
    "us-ofac-sdn/alt.csv": "us-ofac-sdn/2021-07-07/alt.csv",  # no sdn_comments.csv: an optional file
    "us-ofac-cons/cons_prim.csv": "us-ofac-consolidated/cons_prim-2025-12-19.csv",
    "us-ofac-cons/cons_add.csv": "us-ofac-consolidated/cons_add-2025-12-19.csv",
    "us-ofac-cons/cons_alt.csv": "us-ofac-consolidated/cons_alt-2025-12-19.csv",
    "us-ofac-cons/cons_comments.csv": "us-ofac-consolidated/cons_comments-2025-12-19.csv",
}


def publish(mirror: Mirror, lists: Path, layout: dict[str, str]) -> None:
    for target, source in layout.items():
        (mirror.root / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(lists / source, mirror.root / target)


@pytest.fixture
def mirrored(mirror: Mirror, shared_data: Path, settings: Settings) -> Iterator[tuple[Mirror, Settings, SQLiteStore]]:
    publish(mirror, shared_data / "lists", MIRROR_LAYOUT)
    with SQLiteStore(settings.db) as store:
        yield mirror, settings.with_overrides(url_base=mirror.url), store


def by_dataset(reports: list[ImportReport]) -> dict[str, ImportReport]:
    return {report.dataset: report for report in reports}


def test_update_over_http_imports_what_it_can_and_reports_the_rest(
    mirrored: tuple[Mirror, Settings, SQLiteStore],
) -> None:
    mirror, settings, store = mirrored
    reports = by_dataset(update_datasets(store, settings, fetcher=FAST))
    assert list(reports) == list(DATASETS)
    assert {code: r.status for code, r in reports.items()} == {
        "us-csl": "failed",  # not on the mirror
        "us-ofac-sdn": "imported",
        "us-ofac-cons": "imported",
        "us-bis-dpl": "imported",
        "un-sc": "imported",
        "eu-fsf": "failed",
        "uk-sanctions": "failed",
    }
    assert (
        "HTTP 404" in reports["eu-fsf"].message and "/eu-fsf/xmlFullSanctionsList_1_1.xml" in reports["eu-fsf"].message
    )
    assert (reports["us-ofac-sdn"].entry_count, reports["us-ofac-cons"].entry_count) == (8_976, 442)
    assert reports["un-sc"].entry_count == 730 + 273
    assert {s.dataset for s in store.active_snapshots()} == {"us-ofac-sdn", "us-ofac-cons", "us-bis-dpl", "un-sc"}
    sdn = store.snapshot(reports["us-ofac-sdn"].snapshot_id or 0)
    assert sdn.filename == "sdn.csv" and sdn.sha256 != file_sha256(mirror.root / "us-ofac-sdn/sdn.csv")  # + companions

    again = by_dataset(update_datasets(store, settings, ["us-bis-dpl", "un-sc"], fetcher=FAST))
    assert [r.status for r in again.values()] == ["unchanged", "unchanged"]


def test_update_over_http_takes_a_new_version(
    mirrored: tuple[Mirror, Settings, SQLiteStore], shared_data: Path
) -> None:
    mirror, settings, store = mirrored
    [first] = update_datasets(store, settings, ["us-bis-dpl"], fetcher=FAST)
    publish(mirror, shared_data / "lists", {"us-bis-dpl/dpl.txt": "us-bis-dpl/dpl-2023-11-30.txt"})
    [second] = update_datasets(store, settings, ["us-bis-dpl"], fetcher=FAST)
    assert (second.status, second.previous_snapshot_id) == ("imported", first.snapshot_id)
    assert second.entry_count > first.entry_count
    assert [s.id for s in store.active_snapshots()] == [second.snapshot_id]


def test_download_cut_short_changes_nothing(mirrored: tuple[Mirror, Settings, SQLiteStore]) -> None:
    mirror, settings, store = mirrored
    [first] = update_datasets(store, settings, ["un-sc"], fetcher=FAST)
    (mirror.root / "un-sc/consolidated.xml").write_bytes(b"<CONSOLIDATED_LIST>" + b" " * 50_000)
    mirror.plan.always["/un-sc/consolidated.xml"] = "truncate"
    [report] = update_datasets(store, settings, ["un-sc"], fetcher=FAST)
    assert report.status == "failed"
    assert "failed after 3 attempt" in report.message
    assert [s.id for s in store.snapshots()] == [first.snapshot_id]
    assert store.active_snapshots()[0].id == first.snapshot_id


def test_update_that_would_drop_too_much_is_refused(
    mirrored: tuple[Mirror, Settings, SQLiteStore], shared_data: Path
) -> None:
    mirror, settings, store = mirrored
    [first] = update_datasets(store, settings, ["us-bis-dpl"], fetcher=FAST)
    lines = (shared_data / "lists/us-bis-dpl/dpl-2022-09-07.txt").read_bytes().splitlines(keepends=True)
    (mirror.root / "us-bis-dpl/dpl.txt").write_bytes(b"".join(lines[: len(lines) // 2]))
    [refused] = update_datasets(store, settings, ["us-bis-dpl"], fetcher=FAST)
    assert refused.status == "refused" and "would remove" in refused.message
    assert [s.id for s in store.snapshots()] == [first.snapshot_id]
    [forced] = update_datasets(store, settings, ["us-bis-dpl"], force=True, fetcher=FAST)
    assert (forced.status, forced.forced) == ("imported", True)


def test_configured_datasets_are_the_default(mirrored: tuple[Mirror, Settings, SQLiteStore]) -> None:
    _, settings, store = mirrored
    seen: list[str] = []
    reports = update_datasets(
        store, settings.with_overrides(update_datasets=("un-sc",)), fetcher=FAST, progress=seen.append
    )
    assert [(r.dataset, r.status) for r in reports] == [("un-sc", "imported")]
    assert seen == ["un-sc"]
