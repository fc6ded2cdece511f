"""The web pages in-process: content, escaping of hostile list data, validation, and the batch upload round trip."""

from __future__ import annotations

import csv
import io
import re
import time
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from fastapi.testclient import TestClient

from api.support import HOSTILE_ID, HOSTILE_QUERY, HUAWEI_ID, LOOPBACK, import_web_lists, wait_ready
from tradeguard.api import create_app
from tradeguard.settings import Settings
from tradeguard.store import open_store
from tradeguard.store.keys import create_key

HTML = {"accept": "text/html"}
CROWDED_LISTS = Path(__file__).resolve().parents[1] / "fixtures/api/csl-crowded.csv"
PARTIES_CSV = "id,company,country\n1,Huawei Technologies Co Ltd,CN\n2,Acme Widgets Inc,US\n3,,US\n4,Abbas Rim,SY\n"


def test_search_page_highlights_matched_words_and_shows_the_facts(client: TestClient) -> None:
    page = client.get("/", params={"name": "Huawei Technologies Company", "kind": "organization"}, headers=HTML)
    assert page.status_code == 200
    text = page.text
    assert "1 potential match" in text
    assert '<mark title="matched (1.00)">Huawei</mark>' in text
    assert "BIS Entity List (15 CFR 744, Supp. 4)" in text and "84 FR 22963" in text
    assert "Presumption of denial" in text and '<meter min="0" max="1"' in text
    assert f'href="/entries/{HUAWEI_ID}"' in text
    assert page.headers["content-security-policy"].startswith("default-src 'self'")


def test_a_clear_search_and_an_empty_form(client: TestClient) -> None:
    assert "Clear" in client.get("/", params={"name": "Acme Widgets Incorporated"}).text
    empty = client.get("/")
    assert empty.status_code == 200 and "results-heading" not in empty.text and '<label for="name">' in empty.text


def test_a_search_cut_by_its_limit_says_so_and_links_to_more(settings: Settings) -> None:
    import_web_lists(settings, CROWDED_LISTS)  # three entries with one name, as the SDN list has
    with TestClient(create_app(settings), base_url=LOOPBACK) as client:
        wait_ready(client)
        cut = client.get("/", params={"name": "Al Naser Airlines", "limit": "2"}, headers=HTML).text
        assert "Only the 2 best entries are shown" in cut and cut.count('class="hit match"') == 2
        assert 'limit=10">Show more</a>' in cut and "name=Al+Naser+Airlines" in cut
        whole = client.get("/", params={"name": "Al Naser Airlines"}, headers=HTML).text
        assert "best entries are shown" not in whole and whole.count('class="hit match"') == 3


@pytest.mark.parametrize(
    ("params", "problem"),
    [
        ({"name": "Acme", "country": "XYZ"}, "country"),
        ({"name": "Acme", "kind": "robot"}, "kind"),
        ({"name": "Acme", "limit": "0"}, "limit"),
        ({"name": "Acme", "limit": "many"}, "limit"),
    ],
)
def test_invalid_search_is_shown_on_the_form(client: TestClient, params: dict[str, str], problem: str) -> None:
    page = client.get("/", params=params, headers=HTML)
    assert page.status_code == 422 and 'role="alert"' in page.text and problem in page.text


def test_hostile_names_are_escaped_on_search_and_entry_pages(client: TestClient) -> None:
    search = client.get("/", params={"name": HOSTILE_QUERY}, headers=HTML).text
    entry = client.get(f"/entries/{HOSTILE_ID}", headers=HTML).text
    for text in (search, entry):
        assert "<script>alert" not in text and "<img src=x" not in text
        assert "&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;" in text
    assert "&lt;img src=x onerror=alert(1)&gt; Holdings" in entry
    assert "&lt;b&gt;Room 1&lt;/b&gt; &amp; Co Street" in entry
    assert "For all items subject to the EAR &lt;i&gt;(test)&lt;/i&gt;" in entry
    assert 'href="javascript' not in entry.lower() and "<dd>javascript:alert(3)</dd>" in entry  # shown, not linked


def test_entry_page_shows_names_licensing_source_and_snapshots(client: TestClient) -> None:
    text = client.get(f"/entries/{HUAWEI_ID}", headers=HTML).text
    for expected in ("Shenzhen Huawei Technologies", "Huawei Technology", "Presumption of denial", "2019-05-21"):
        assert expected in text
    assert "Bantian Huawei Base, Longgang District, Shenzhen, 518129, CN" in text
    assert 'href="http://bit.ly/1L47xrV" rel="noopener noreferrer external"' in text
    assert "<td>1</td><td>us-csl</td>" in text


def test_missing_entry_page_is_a_404_page(client: TestClient) -> None:
    page = client.get("/entries/us-csl:nope", headers=HTML)
    assert page.status_code == 404 and "Not found" in page.text and "us-csl:nope" in page.text


def wait_done(client: TestClient, job_url: str, **kwargs: Any) -> dict[str, Any]:
    deadline = time.monotonic() + 30
    while True:
        status: dict[str, Any] = client.get(job_url + "/status", **kwargs).json()
        if status["state"] in ("done", "failed") or time.monotonic() > deadline:
            return status
        time.sleep(0.05)


def upload(client: TestClient, name: str, content: bytes, **kwargs: Any) -> Any:
    files = {"file": (name, content, "application/octet-stream")}
    return client.post("/batch", files=files, data={"threshold": ""}, follow_redirects=False, **kwargs)


def rows_more_hits_shown(page: str) -> str | None:
    """The job page's count of rows with more matches than they list."""
    found = re.search(r"<dt>Rows with more matches than they list</dt><dd>(\d+)</dd>", page)
    return found.group(1) if found else None


def test_batch_csv_upload_progress_and_download(client: TestClient) -> None:
    response = upload(client, "customers.csv", PARTIES_CSV.encode())
    assert response.status_code == 303
    job_url = response.headers["location"]
    status = wait_done(client, job_url)
    assert status["state"] == "done", status
    assert status["summary"]["rows"] == 4 and status["summary"]["potential_matches"] == 2
    assert status["summary"]["more_hits"] == 0 and rows_more_hits_shown(client.get(job_url, headers=HTML).text) == "0"
    assert status["fraction"] == 1.0 and status["download_name"] == "customers.screened.csv"
    download = client.get(status["download"])
    assert download.status_code == 200
    assert 'filename="customers.screened.csv"' in download.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(download.text)))
    assert [row["id"] for row in rows] == ["1", "2", "3", "4"]  # every input row, in order
    assert [row["status"] for row in rows] == ["potential_match", "clear", "error", "potential_match"]
    assert rows[0]["entry_id"] == HUAWEI_ID and rows[0]["license_policy"] == "Presumption of denial"
    page = client.get(job_url, headers=HTML).text
    assert "Done: 4 rows screened." in page and "customers.csv" in client.get("/batch").text


def test_batch_xlsx_upload(client: TestClient) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["Customer name", "Country"], ["HUAWEI TECHNOLOGIES CO., LTD.", "CN"], ["Acme Widgets Inc", "US"]):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    status = wait_done(client, upload(client, "book.xlsx", buffer.getvalue()).headers["location"])
    assert status["state"] == "done" and status["download_name"] == "book.screened.xlsx"
    result = openpyxl.load_workbook(io.BytesIO(client.get(status["download"]).content), read_only=True)
    values = [list(row) for row in result.worksheets[0].iter_rows(values_only=True)]
    assert values[0][:3] == ["Customer name", "Country", "status"]
    assert [row[2] for row in values[1:]] == ["potential_match", "clear"]


def test_batch_refuses_unknown_files_and_bad_thresholds(client: TestClient) -> None:
    refused = upload(client, "notes.exe", b"MZ")
    assert refused.status_code == 422 and "upload a file ending in .csv" in refused.json()["detail"]
    files = {"file": ("a.csv", b"name\nAcme\n", "text/csv")}
    bad = client.post("/batch", files=files, data={"threshold": "2"})
    assert bad.status_code == 422 and "threshold" in bad.json()["detail"]
    assert client.get("/batch/nope/status").status_code == 404


def test_batch_upload_limit(settings: Settings) -> None:
    import_web_lists(settings)
    with TestClient(create_app(settings.with_overrides(upload_max_bytes=1000)), base_url=LOOPBACK) as client:
        wait_ready(client)
        assert upload(client, "big.csv", b"name\n" + b"Acme Widgets\n" * 100).status_code == 413
        assert upload(client, "small.csv", b"name\nAcme\n").status_code == 303


def test_a_batch_job_belongs_to_the_key_that_uploaded_it(loaded: Settings) -> None:
    with open_store(loaded.db) as store:
        alice, bob = create_key(store, "alice"), create_key(store, "bob")
    with TestClient(create_app(loaded, require_api_key=True), base_url=LOOPBACK) as client:
        as_alice, as_bob = {"Authorization": f"Bearer {alice}"}, {"Authorization": f"Bearer {bob}"}
        wait_ready(client)
        job_url = upload(client, "mine.csv", PARTIES_CSV.encode(), headers=as_alice).headers["location"]
        assert wait_done(client, job_url, headers=as_alice)["state"] == "done"
        assert client.get(job_url + "/download", headers=as_bob).status_code == 404
        assert client.get(job_url + "/download").status_code == 401
        assert client.get(job_url + "/download", headers=as_alice).status_code == 200
        assert "mine.csv" not in client.get("/batch", headers=as_bob).text


def test_any_worker_process_can_report_and_serve_a_job(loaded: Settings) -> None:
    # Two apps over one database stand for two `serve --workers` processes: polls may reach either.
    with (
        TestClient(create_app(loaded), base_url=LOOPBACK) as first,
        TestClient(create_app(loaded), base_url=LOOPBACK) as second,
    ):
        wait_ready(first)
        wait_ready(second)
        job_url = upload(first, "shared.csv", PARTIES_CSV.encode()).headers["location"]
        status = wait_done(second, job_url)
        assert status["state"] == "done" and "input" not in status["summary"]  # no server paths shown
        assert second.get(status["download"]).text == first.get(status["download"]).text
        assert "shared.csv" in second.get("/batch").text


def test_old_finished_jobs_are_deleted_and_ids_stay_inside_the_jobs_folder(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tradeguard.api import jobs
    from tradeguard.engine import Engine
    from tradeguard.errors import NotFoundError

    monkeypatch.setattr(jobs, "KEPT_JOBS", 2)
    queue = jobs.JobQueue(Engine(settings))
    made = [queue.create("alice", f"f{n}.csv") for n in range(3)]
    for job in made:
        job.update(state="done")
    running = queue.create("alice", "new.csv")  # creating evicts the oldest finished job beyond the kept number
    assert [job.filename for job in queue.recent("alice")] == ["new.csv", "f2.csv", "f1.csv"]
    assert not made[0].folder.exists() and running.folder.exists()
    for bad in ("../" + running.id, running.id[:-1], "x" * 16):
        with pytest.raises(NotFoundError):
            queue.get(bad, "alice")
    queue.close()
