"""`tradeguard news scan` end to end: lists imported into a real store, articles read from files."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tradeguard.cli import main

from .conftest import ARTICLES, NEWS_FIXTURES


def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["tradeguard", *args])
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    monkeypatch.setenv("TRADEGUARD_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("TRADEGUARD_DB", raising=False)
    path = str(tmp_path / "news.sqlite")
    code, _, err = run(monkeypatch, capsys, "--db", path, "lists", "import", str(NEWS_FIXTURES / "news-lists.csv"))
    assert code == 0, err
    return path


def test_scan_json_has_articles_and_stories(
    db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    parties = str(NEWS_FIXTURES / "counterparties.csv")
    code, out, err = run(monkeypatch, capsys, "--db", db, "news", "scan", str(ARTICLES), "--json", "--parties", parties)
    assert code == 0, err
    data = json.loads(out)
    assert len(data["articles"]) == 9 and len(data["stories"]) == 6
    zte = next(a for a in data["articles"] if a["id"].endswith("05-zte-denial-order.html"))
    assert zte["title"] == "ZTE seeks reprieve as US ban bites" and zte["language"] == "en"
    assert zte["entities"][0]["list"] == "us-bis-entity-list" and zte["entities"][0]["mentions"] == ["ZTE"]
    assert {e["type"] for e in zte["events"]} == {"license-request", "supplier-ban"}
    honor = next(a for a in data["articles"] if a["id"].endswith("06-honor-sale.txt"))
    assert [p["id"] for p in honor["counterparties"]] == ["C-100"]


def test_digest_prints_one_line_per_story(
    db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(monkeypatch, capsys, "--db", db, "news", "scan", str(ARTICLES), "--digest")
    assert code == 0, err
    lines = out.strip().splitlines()
    assert len(lines) == 6
    huawei = next(line for line in lines if "4 articles" in line)
    assert "added to a list" in huawei and "huawei" in huawei and "GadgetBeat" in huawei


def test_text_report_shows_license_requirement_and_quoted_sentence(
    db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        monkeypatch, capsys, "--db", db, "news", "scan", str(ARTICLES / "08-arsenal-bureau-listed.txt")
    )
    assert code == 0, err
    assert "Arsenal — BIS Entity List" in out and "license required: For all items subject to the EAR" in out
    assert "“The Commerce Department on Tuesday added seven Russian entities" in out


def test_missing_article_is_a_clear_error(
    db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(monkeypatch, capsys, "--db", db, "news", "scan", "/nonexistent/article.txt")
    assert code == 2 and "no such file or directory: /nonexistent/article.txt" in err


def test_registered_parties_are_watched_with_registered(
    db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tradeguard.lists.model import EntryKind
    from tradeguard.match.model import Party
    from tradeguard.review.register import add_party
    from tradeguard.store import open_store

    with open_store(db) as store:
        registered, _ = add_party(store, Party("Honor Device Co. Ltd.", kind=EntryKind.ORGANIZATION))
    without = run(monkeypatch, capsys, "--db", db, "news", "scan", str(ARTICLES), "--json")
    code, out, err = run(monkeypatch, capsys, "--db", db, "news", "scan", str(ARTICLES), "--json", "--registered")
    assert without[0] == 0 and code == 0, err
    honor = next(a for a in json.loads(out)["articles"] if a["id"].endswith("06-honor-sale.txt"))
    assert [p["id"] for p in honor["counterparties"]] == [str(registered.id)]
    honor_without = next(a for a in json.loads(without[1])["articles"] if a["id"].endswith("06-honor-sale.txt"))
    assert honor_without["counterparties"] == []
