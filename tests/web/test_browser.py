"""A real headless Chromium against a real uvicorn server: search → entry → batch upload → download."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Dialog, Page

from api.support import HOSTILE_QUERY, HUAWEI_ID

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser page that fails the test if any script ever opens a dialog (an injected alert())."""
    context = browser.new_context(viewport=LAPTOP, accept_downloads=True)
    opened = context.new_page()
    dialogs: list[str] = []

    def record(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    opened.on("dialog", record)
    yield opened
    context.close()
    assert dialogs == [], f"a script ran: {dialogs}"


def unlabelled_fields(page: Page) -> list[str]:
    script = """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
        .filter(field => field.labels.length === 0).map(field => field.name)"""
    result: list[str] = page.evaluate(script)
    return result


def test_search_then_entry(page: Page, base_url: str) -> None:
    page.goto(base_url + "/")
    assert unlabelled_fields(page) == []
    page.get_by_label("Name").fill("Huawei Technologies Company")
    page.get_by_label("Kind").select_option("organization")
    page.get_by_label("Country").fill("cn")
    page.get_by_role("button", name="Screen").click()
    page.wait_for_selector("#results-heading")
    assert "1 potential match" in page.inner_text("#results-heading")
    first = page.locator("ol.hits > li").first
    assert first.locator("mark").all_inner_texts() == ["Huawei", "Technology"]
    assert first.locator("meter").get_attribute("value") == "1.0"
    assert "84 FR 22963" in first.inner_text() and "Presumption of denial" in first.inner_text()
    first.locator("a.hit-name").click()
    page.wait_for_url(f"**/entries/{HUAWEI_ID}")
    assert page.inner_text("h1") == "Huawei Technologies Co., Ltd. (Huawei)"
    names = page.locator("ul.names li").all_inner_texts()
    assert any("Shenzhen Huawei Technologies" in name for name in names) and len(names) == 3
    assert page.get_by_role("link", name="http://bit.ly/1L47xrV").count() == 1
    assert page.locator("table.snapshots tbody tr").count() == 1


def test_hostile_names_render_as_text_and_never_run(page: Page, base_url: str) -> None:
    page.goto(base_url + "/")
    page.get_by_label("Name").fill(HOSTILE_QUERY)
    page.get_by_role("button", name="Screen").click()
    page.wait_for_selector("#results-heading")
    assert HOSTILE_QUERY in page.inner_text("#results-heading")
    page.locator("ol.hits a.hit-name").first.click()
    page.wait_for_selector("h1.entry-name")
    assert page.inner_text("h1") == "<script>alert('name')</script> Hostile Trading Co., Ltd."
    names = page.locator("ul.names li").all_inner_texts()
    assert any(name.startswith("<img src=x onerror=alert(1)> Holdings") for name in names)
    assert page.locator("main script, main img").count() == 0  # nothing became an element


def test_pages_fit_a_phone_screen(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    for path in ("/?name=Huawei+Technologies", f"/entries/{HUAWEI_ID}", "/batch"):
        page.goto(base_url + path)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} is {overflow}px wider than a phone"
    context.close()


def test_batch_upload_progress_and_download(page: Page, base_url: str, tmp_path: Path) -> None:
    parties = tmp_path / "customers.csv"
    parties.write_text("id,company,country\n1,Huawei Technologies Co Ltd,CN\n2,Acme Widgets Inc,US\n3,Abbas Rim,SY\n")
    page.goto(base_url + "/batch")
    assert unlabelled_fields(page) == []
    page.get_by_label("File").set_input_files(str(parties))
    page.get_by_role("button", name="Upload and screen").click()
    page.wait_for_url("**/batch/*")
    download_link = page.get_by_role("link", name="Download the results (customers.screened.csv)")
    download_link.wait_for(state="visible", timeout=30_000)  # shown by the polling script when the job is done
    assert page.locator("#download").evaluate("link => { link.hidden = true; return link.checkVisibility(); }") is False
    page.locator("#download").evaluate("link => { link.hidden = false; }")
    assert "Done: 3 rows screened." in page.inner_text("#job-state")
    summary = page.inner_text("#job-summary").splitlines()  # rendered by the polling script
    assert summary[summary.index("Rows with more matches than they list") + 1] == "0"
    assert page.locator("progress").evaluate("bar => bar.value") == 1
    with page.expect_download() as info:
        download_link.click()
    saved = tmp_path / "result.csv"
    info.value.save_as(saved)
    assert info.value.suggested_filename == "customers.screened.csv"
    with saved.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(row["id"], row["status"]) for row in rows] == [
        ("1", "potential_match"),
        ("2", "clear"),
        ("3", "potential_match"),
    ]
    assert rows[0]["entry_id"] == HUAWEI_ID
