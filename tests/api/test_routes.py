"""Every JSON route in-process: answers, status codes, the shared result shape and the `{"detail": ...}` errors."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.support import HOSTILE_ID, HUAWEI_ID, LOOPBACK, WEB_LISTS, import_web_lists, wait_ready
from tradeguard.api import create_app
from tradeguard.api.schemas import ScreenResultOut
from tradeguard.engine import Engine
from tradeguard.match.model import Party
from tradeguard.settings import Settings


def screen(client: TestClient, **body: Any) -> Any:
    response = client.post("/v1/screen", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def test_screen_finds_the_entity_list_entry_with_its_license_facts(client: TestClient) -> None:
    result = screen(client, name="HUAWEI TECHNOLOGIES COMPANY LIMITED", kind="organization", country="cn")
    top = result["hits"][0]
    assert top["entry_id"] == HUAWEI_ID and top["match"] is True
    assert top["source"] == "us-bis-entity-list"
    assert top["license_policy"] == "Presumption of denial"
    assert top["federal_register"].startswith("84 FR 22963")
    assert ["huawei", "huawei", 1.0] in top["aligned"]
    assert result["query"]["country"] == "CN"  # normalised to upper case before screening
    assert result["snapshots"] == [1]


def test_screen_json_is_exactly_the_engine_result_shared_with_the_cli(client: TestClient, loaded: Settings) -> None:
    body = screen(client, name="Abbas Rim", limit=3)
    engine = Engine.from_settings(loaded)
    expected = engine.screen(Party("Abbas Rim"), limit=3).to_dict()
    engine.close()
    assert body == json.loads(json.dumps(expected))
    ScreenResultOut.model_validate(body)  # the documented response model matches (it forbids unknown keys)


def test_unlisted_party_is_clear_and_options_are_applied(client: TestClient) -> None:
    assert not [hit for hit in screen(client, name="Acme Widgets Incorporated")["hits"] if hit["match"]]
    only_sdn = screen(client, name="Huawei Technologies Co., Ltd.", sources=["us-ofac-sdn"])
    assert not [hit for hit in only_sdn["hits"] if hit["match"]]
    strict = screen(client, name="Huawei Technologie", threshold=0.999)
    assert strict["threshold"] == 0.999
    assert all(hit["match"] == (hit["score"] >= 0.999) for hit in strict["hits"])


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 301}, "name"),
        ({"name": "Acme", "country": "CHN"}, "country"),
        ({"name": "Acme", "kind": "robot"}, "kind"),
        ({"name": "Acme", "birth_date": "12/05/1970"}, "birth_date"),
        ({"name": "Acme", "address": "a" * 501}, "address"),
        ({"name": "Acme", "identifiers": [{"type": "IMO", "value": "1"}] * 21}, "identifiers"),
        ({"name": "Acme", "threshold": 1.5}, "threshold"),
        ({"name": "Acme", "limit": 0}, "limit"),
        ({"name": "Acme", "sources": ["x" * 65]}, "sources"),
        ({"name": "Acme", "nmae": "typo"}, "nmae"),
    ],
)
def test_invalid_party_fields_are_422_naming_the_field(client: TestClient, body: dict[str, Any], field: str) -> None:
    response = client.post("/v1/screen", json=body)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert any(field in item["loc"] for item in detail), detail
    assert "input" not in detail[0]  # the caller's data is not echoed back


def test_malformed_json_is_422_json(client: TestClient) -> None:
    response = client.post("/v1/screen", content=b'{"name": ', headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "json_invalid"


def test_batch_answers_every_key_like_single_screening(client: TestClient) -> None:
    queries = {"a-1": {"name": "Huawei Technologies"}, "b/2": {"name": "Acme Widgets Inc", "country": "US"}}
    response = client.post("/v1/screen/batch", json={"queries": queries, "limit": 2})
    assert response.status_code == 200
    responses = response.json()["responses"]
    assert set(responses) == {"a-1", "b/2"}
    assert responses["a-1"] == screen(client, name="Huawei Technologies", limit=2)
    assert responses["b/2"]["query"]["country"] == "US"


def test_batch_limits(settings: Settings) -> None:
    import_web_lists(settings)
    app = create_app(settings.with_overrides(api_batch_limit=2))
    with TestClient(app, base_url=LOOPBACK) as client:
        wait_ready(client)
        three = {str(n): {"name": f"Party {n}"} for n in range(3)}
        response = client.post("/v1/screen/batch", json={"queries": three})
        assert response.status_code == 422
        assert response.json() == {"detail": "too many queries: 3 in one call, the limit is 2"}
        assert client.post("/v1/screen/batch", json={"queries": {}}).status_code == 422
        long_key = {"k" * 101: {"name": "Acme"}}
        assert client.post("/v1/screen/batch", json={"queries": long_key}).status_code == 422


def test_body_size_limit_is_413_json_declared_or_streamed(settings: Settings) -> None:
    import_web_lists(settings)
    app = create_app(settings.with_overrides(api_max_body_bytes=500))
    with TestClient(app, base_url=LOOPBACK) as client:
        wait_ready(client)
        big = json.dumps({"name": "Acme", "address": "x" * 480}).encode()
        response = client.post("/v1/screen", content=big, headers={"content-type": "application/json"})
        assert response.status_code == 413
        assert response.json() == {"detail": "request body too large: the limit is 500 bytes"}

        def chunks() -> Any:  # no Content-Length: the limit must count the bytes as they stream in
            yield big[:300]
            yield big[300:]

        streamed = client.post("/v1/screen", content=chunks(), headers={"content-type": "application/json"})
        assert streamed.status_code == 413
        assert client.post("/v1/screen", json={"name": "Acme"}).status_code == 200


def test_lists_reports_datasets_snapshots_and_ages(client: TestClient) -> None:
    body = client.get("/v1/lists").json()
    csl = next(item for item in body["datasets"] if item["dataset"] == "us-csl")
    assert csl["snapshot_id"] == 1 and csl["entry_count"] == 4 and csl["age_days"] == 0
    assert csl["counts_by_list"] == {"us-bis-entity-list": 2, "us-bis-dpl": 1, "us-ofac-sdn": 1}
    never = [item for item in body["datasets"] if item["snapshot_id"] is None]
    assert never and all(item["warning"] == "never imported" for item in never)
    assert [snap["id"] for snap in body["snapshots"]] == [1]
    assert body["lists"]["us-bis-entity-list"].startswith("BIS Entity List")


def test_entry_has_every_field_and_the_snapshots_it_appeared_in(client: TestClient, loaded: Settings) -> None:
    body = client.get(f"/v1/entries/{HUAWEI_ID}").json()
    assert body["name"] == "Huawei Technologies Co., Ltd. (Huawei)"
    assert [alias["name"] for alias in body["aliases"]] == ["Shenzhen Huawei Technologies", "Huawei Technology"]
    assert body["license_policy"] == "Presumption of denial" and body["active"] is True
    assert [snap["id"] for snap in body["snapshots"]] == [1]
    # A new snapshot without Huawei: the entry is still found, marked inactive, with its history.
    without = Path(loaded.db).parent / "csl-without-huawei.csv"
    lines = WEB_LISTS.read_text(encoding="utf-8").splitlines(keepends=True)
    without.write_text("".join(line for line in lines if "Huawei Technologies" not in line), encoding="utf-8")
    import_web_lists(loaded, without)
    gone = client.get(f"/v1/entries/{HUAWEI_ID}").json()
    assert gone["active"] is False and [snap["id"] for snap in gone["snapshots"]] == [1]
    assert [snap["id"] for snap in client.get(f"/v1/entries/{HOSTILE_ID}").json()["snapshots"]] == [2, 1]


def test_missing_entry_and_route_are_404_json(client: TestClient) -> None:
    response = client.get("/v1/entries/us-csl:nope")
    assert response.status_code == 404
    assert response.json() == {"detail": "no entry 'us-csl:nope' in the active snapshots"}
    assert client.get("/v1/nothing-here").json() == {"detail": "Not Found"}
    assert client.get("/v1/screen").status_code == 405
    assert client.get("/v1/entries/" + "x" * 301).status_code == 422


def test_health_openapi_and_docs(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ready", "snapshots": [1], "worker": os.getpid()}
    spec = client.get("/openapi.json").json()
    assert {"/v1/screen", "/v1/screen/batch", "/v1/lists", "/v1/entries/{entry_id}", "/healthz"} <= set(spec["paths"])
    assert spec["components"]["schemas"]["PartyIn"]["properties"]["name"]["maxLength"] == 300
    assert "swagger" in client.get("/docs").text.lower()


def test_metrics_count_requests_by_route_and_screenings(client: TestClient) -> None:
    screen(client, name="Huawei Technologies")
    client.get(f"/v1/entries/{HUAWEI_ID}")
    response = client.get("/metrics")
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert 'tradeguard_http_requests_total{method="POST",route="/v1/screen",status="200"} 1.0' in text
    assert 'route="/v1/entries/{entry_id:path}",status="200"} 1.0' in text  # the template, not the id
    assert "tradeguard_screened_parties_total 1.0" in text
    assert "tradeguard_potential_matches_total 1.0" in text
    assert "tradeguard_index_ready 1.0" in text
