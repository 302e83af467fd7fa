"""`make ui` in a real browser: from the asset lineage, "Materialize all" runs every asset to
success, and an asset's checks tab shows the Great Expectations results."""

import os
import re
import shutil
import sys
from pathlib import Path

import pytest
from browser import (
    ARTIFACTS,
    REPO,
    chromium_page,
    explained_failure,
    free_port,
    running_server,
)

from pipelines.defs.instance import write_instance_yaml

ARTICLES = ("iraq-withdrawal.txt", "wikinews-gum/GUM_news_crane.txt")
TERMINAL_STATUS = re.compile(r"^(Success|Failure|Canceled)$")


@pytest.fixture(scope="module")
def dagster_ui(tmp_path_factory):
    """The real Dagster webserver over two seed articles, a temporary home and warehouse."""
    root = tmp_path_factory.mktemp("ui_browser")
    for name in ARTICLES:
        (root / "articles" / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / "seeds" / name, root / "articles" / name)
    home = root / "dagster_home"
    write_instance_yaml(home)
    port = free_port()
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "NEWSFACTS_ARTICLES_DIR": str(root / "articles"),
        "NEWSFACTS_WAREHOUSE": str(root / "warehouse" / "ui.duckdb"),
        "NEWSFACTS_PROCESSES": "1",
    }
    dagster = Path(sys.executable).with_name("dagster")
    command = [str(dagster), "dev", "-w", "workspace.yaml", "-h", "127.0.0.1", "-p", str(port)]
    url = f"http://127.0.0.1:{port}"
    log = root / "dagster.log"
    with running_server(command, env, f"{url}/server_info", log=log):
        yield url, log


def save_asset_graph(page, dagster_ui: str) -> None:
    """The lineage with every group open, zoomed out to fit: the README's picture of it."""
    page.goto(f"{dagster_ui}/asset-groups")
    page.get_by_role("button", name="settings", exact=True).click()
    page.get_by_role("menuitem", name=re.compile("Expand all groups")).click()
    page.reload()  # the graph is laid out and centred anew with the groups open
    page.get_by_text("numeric_facts", exact=True).first.wait_for()
    for _ in range(6):
        page.locator("button:has([aria-label='zoom_out'])").click()
    page.wait_for_timeout(1500)  # the zoom animates
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "dagster-asset-graph.png")


def test_materialize_all_from_the_lineage_then_see_the_checks(dagster_ui):
    url, log = dagster_ui
    with (
        chromium_page(width=1500, height=1400) as page,
        explained_failure(page, "dagster-ui", log),
    ):
        # a new Dagster home greets its first visitor with a dialog over the page
        dismissed = []
        page.add_locator_handler(
            page.get_by_role("button", name="Skip"),
            lambda skip: (skip.click(), dismissed.append(True)),
        )
        page.goto(f"{url}/asset-groups")
        page.get_by_role("button", name="Materialize all").click(timeout=120_000)
        launched = page.locator("a[href*='/runs/']").first
        launched.wait_for(timeout=120_000)
        assert dismissed, "the welcome dialog did not show up to be dismissed"

        page.goto(url + launched.get_attribute("href"))
        status = page.get_by_text(TERMINAL_STATUS).first
        status.wait_for(timeout=300_000)
        assert status.inner_text() == "Success"

        save_asset_graph(page, url)

        page.goto(f"{url}/assets/numeric_facts?view=checks")
        page.get_by_text("numeric_facts_suite").first.wait_for()
        page.get_by_text("Passed", exact=True).wait_for(timeout=60_000)
        page.get_by_text("rows_validated").first.wait_for()
        page.get_by_text("[Show Markdown]").click()
        results = page.get_by_role("dialog")
        results.get_by_text("expect_column_values_to_not_be_null").first.wait_for()
        table = results.inner_text()
        assert "pass" in table
        assert "FAIL" not in table
