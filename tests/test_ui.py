"""`make ui`: the real Dagster webserver serves the asset graph with its checks, and a
materialization launched through it (as the UI's button does, over GraphQL) succeeds."""

import json
import os
import shutil
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest
from browser import REPO, free_port, running_server

from pipelines.defs.instance import write_instance_yaml

ARTICLES = ("iraq-withdrawal.txt", "wikinews-gum/GUM_news_crane.txt")

ASSETS = """{ assetNodes { assetKey { path } groupName
  assetChecksOrError { ... on AssetChecks { checks { name blocking } } } } }"""
LAUNCH = """mutation($p: ExecutionParams!) { launchRun(executionParams: $p) {
  __typename ... on LaunchRunSuccess { run { runId } } ... on PythonError { message } } }"""
STATUS = """query($id: ID!) { runOrError(runId: $id) { ... on Run { status } } }"""


def graphql(port: int, query: str, variables: dict | None = None) -> dict:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql",
        data=json.dumps({"query": query, "variables": variables or {}}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        body = json.load(response)
    assert "errors" not in body, body
    return body["data"]


@pytest.fixture(scope="module")
def webserver(tmp_path_factory):
    root = tmp_path_factory.mktemp("ui")
    articles = root / "articles"
    for name in ARTICLES:
        (articles / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / "seeds" / name, articles / name)
    home = root / "dagster_home"
    write_instance_yaml(home)
    warehouse = root / "warehouse" / "ui.duckdb"
    port = free_port()
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "NEWSFACTS_ARTICLES_DIR": str(articles),
        "NEWSFACTS_WAREHOUSE": str(warehouse),
        "NEWSFACTS_PROCESSES": "1",
    }
    dagster = Path(sys.executable).with_name("dagster")
    command = [str(dagster), "dev", "-w", "workspace.yaml", "-h", "127.0.0.1", "-p", str(port)]
    with running_server(command, env, f"http://127.0.0.1:{port}/server_info"):
        # the webserver answers before it has loaded the code location
        deadline = time.monotonic() + 120
        while not graphql(port, ASSETS)["assetNodes"]:
            assert time.monotonic() < deadline, "no assets loaded in 120 s"
            time.sleep(1)
        yield port, warehouse


def test_asset_graph_shows_groups_and_checks(webserver):
    nodes = graphql(webserver[0], ASSETS)["assetNodes"]
    groups = {"/".join(n["assetKey"]["path"]): n["groupName"] for n in nodes}
    checks = {
        "/".join(n["assetKey"]["path"]): {
            c["name"]: c["blocking"] for c in n["assetChecksOrError"]["checks"]
        }
        for n in nodes
    }
    assert groups["articles"] == "ingest"
    assert groups["numeric_facts"] == "extract"
    assert groups["warehouse/entities"] == "warehouse"
    assert checks["numeric_facts"] == {"numeric_facts_suite": True}
    assert checks["warehouse/articles"] == {"every_input_accounted_for": True}


def test_materialization_launched_from_the_ui_succeeds(webserver):
    port, warehouse = webserver
    nodes = graphql(port, ASSETS)["assetNodes"]
    selector = {
        "repositoryLocationName": "newsfacts",
        "repositoryName": "__repository__",
        "jobName": "__ASSET_JOB",
        "assetSelection": [{"path": n["assetKey"]["path"]} for n in nodes],
    }
    launched = graphql(port, LAUNCH, {"p": {"selector": selector, "mode": "default"}})["launchRun"]
    assert launched["__typename"] == "LaunchRunSuccess", launched
    run_id = launched["run"]["runId"]
    deadline = time.monotonic() + 300
    status = "STARTING"
    while status not in ("SUCCESS", "FAILURE", "CANCELED") and time.monotonic() < deadline:
        time.sleep(2)
        status = graphql(port, STATUS, {"id": run_id})["runOrError"]["status"]
    assert status == "SUCCESS"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from articles").fetchone()[0] == len(ARTICLES)
        assert con.execute("select count(*) from numeric_facts").fetchone()[0] > 0
