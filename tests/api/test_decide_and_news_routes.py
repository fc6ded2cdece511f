"""POST /v1/decide and POST /v1/news/scan through the app: same answers as the CLI, errors as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tradeguard.cli import app as cli_app
from tradeguard.settings import Settings

EXAMPLE = Path(__file__).resolve().parents[2] / "examples/huawei-soc-2026.yaml"


def test_decide_route_answers_like_the_cli(client: TestClient, loaded: Settings) -> None:
    transaction = json.loads(json.dumps(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8")), default=str))
    response = client.post("/v1/decide", json=transaction)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["decision"] == "LICENSE_REQUIRED"
    codes = {req["code"] for item in body["items"] for req in item["requirements"]}
    assert "ENTITY_LIST" in codes
    from tradeguard.cli import commands  # noqa: F401  registers the commands on the app

    cli = CliRunner().invoke(cli_app, ["--db", loaded.db, "decide", str(EXAMPLE), "--json"])
    assert cli.exit_code == 0, cli.output
    assert json.loads(cli.output.splitlines()[-1])["decision"] == body["decision"]


def test_decide_route_names_the_bad_field(client: TestClient) -> None:
    transaction = json.loads(json.dumps(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8")), default=str))
    transaction["items"][0]["value"] = "a lot"
    response = client.post("/v1/decide", json=transaction)
    assert response.status_code == 422
    assert "items[0].value" in response.json()["detail"]


def test_news_route_is_served_by_the_app(client: TestClient) -> None:
    text = (
        "Huawei added to Entity List\n\nThe Commerce Department added Huawei Technologies Co., Ltd. to the Entity List."
    )
    response = client.post("/v1/news/scan", json={"articles": [{"text": text}]})
    assert response.status_code == 200, response.text
    assert "Huawei" in json.dumps(response.json())
