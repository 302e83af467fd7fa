"""`make dashboard` in a real browser: Superset, set up by the same script over a warehouse of
the seeds, logs in and shows every chart of "News at a glance" with data and no error."""

import json
import os
import secrets
import shutil
import subprocess
import time

import pytest
import yaml
from browser import (
    ARTIFACTS,
    REPO,
    chromium_page,
    explained_failure,
    free_port,
    running_server,
)

SUPERSET_PYTHON = REPO / ".venv-superset" / "bin" / "python"
SETUP = REPO / "dashboards" / "setup_superset.py"
EXPORT = REPO / "dashboards" / "news_at_a_glance"
DASHBOARD = yaml.safe_load((EXPORT / "dashboards" / "news_at_a_glance.yaml").read_text())
CHART_NAMES = sorted(
    node["meta"]["sliceName"]
    for node in DASHBOARD["position"].values()
    if isinstance(node, dict) and node["type"] == "CHART"
)


@pytest.fixture(scope="module")
def superset(tmp_path_factory, seeds_run):
    """Superset over a fresh warehouse of the seeds (the session's run over them, as it left
    the serving copy), on a free port, as `make dashboard` runs it."""
    if not SUPERSET_PYTHON.exists():
        pytest.fail(f"{SUPERSET_PYTHON} is missing: `make test` (or `make dashboard`) installs it")
    assert seeds_run.result.success
    root = tmp_path_factory.mktemp("dashboard")
    warehouse = root / "warehouse" / "newsfacts.duckdb"
    warehouse.parent.mkdir()
    shutil.copyfile(seeds_run.first_warehouse, warehouse)
    port = free_port()
    login = {"user": "reviewer", "password": secrets.token_urlsafe(12)}
    env = {
        **os.environ,
        "NEWSFACTS_WAREHOUSE": str(warehouse),
        "SUPERSET_HOME": str(root / "superset_home"),
        "NEWSFACTS_SUPERSET_USER": login["user"],
        "NEWSFACTS_SUPERSET_PASSWORD": login["password"],
        "NEWSFACTS_SUPERSET_PORT": str(port),
    }
    setup = subprocess.run(
        [str(SUPERSET_PYTHON), str(SETUP), "setup"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert setup.returncode == 0, (setup.stdout + setup.stderr)[-4000:]
    url = f"http://127.0.0.1:{port}"
    log = root / "superset.log"
    serve = [str(SUPERSET_PYTHON), str(SETUP), "serve"]
    with running_server(serve, env, f"{url}/health", log=log):
        yield url, login, log


def sign_in(page, url: str, login: dict, before_submit=lambda: None) -> None:
    page.goto(f"{url}/login/")
    page.fill("#username", login["user"])
    page.fill("#password", login["password"])
    before_submit()
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/superset/welcome/**", timeout=180_000)


def open_dashboard(page, url: str):
    """The dashboard's charts, once its grid is drawn; a sign-in form instead fails at once."""
    page.goto(f"{url}/superset/dashboard/{DASHBOARD['slug']}/")
    charts = page.locator("[data-test='chart-grid-component']")
    charts.or_(page.locator("#username")).first.wait_for(timeout=180_000)
    assert "/login/" not in page.url, f"the dashboard asked to sign in again ({page.url})"
    return charts


def test_every_chart_renders_with_data(superset):
    url, login, log = superset
    with chromium_page(height=1100) as page, explained_failure(page, "dashboard", log):
        answers = []
        page.on("response", lambda r: answers.append(r) if "/api/v1/chart/data" in r.url else None)
        sign_in(page, url, login)
        charts = open_dashboard(page, url)
        names = {c.get_attribute("data-test-chart-id"): c.get_attribute("data-test-chart-name")
                 for c in charts.all()}  # fmt: skip
        assert sorted(names.values()) == CHART_NAMES
        for name in CHART_NAMES:
            # ECharts draw on a canvas, tables into rows: either appears once data came back
            drawn = page.locator(f"[data-test-chart-name='{name}'] :is(canvas, table tbody tr)")
            drawn.first.wait_for(timeout=120_000)
        page.wait_for_load_state("networkidle")

        rows = {}
        for answer in answers:
            assert answer.status == 200, (answer.url, answer.text()[:500])
            chart_id = str(answer.request.post_data_json["form_data"]["slice_id"])
            (result,) = answer.json()["result"]
            assert result.get("error") is None, (names[chart_id], result["error"])
            rows[names[chart_id]] = result["rowcount"]
        assert sorted(rows) == CHART_NAMES
        assert [name for name, count in rows.items() if count == 0] == [], rows

        for name in CHART_NAMES:
            chart = page.locator(f"[data-test-chart-name='{name}']")
            text = chart.inner_text()
            assert "No results" not in text and "Error" not in text, (name, text[:300])
            assert chart.locator("[role='alert']").count() == 0, name
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / "dashboard.png", full_page=True)
        (ARTIFACTS / "dashboard-rows.json").write_text(json.dumps(rows, indent=2) + "\n")


def test_the_login_pages_event_beacon_answered_late_keeps_the_user_signed_in(superset):
    """The login page posts its page events as a beacon about a second after it loads. On a
    busy machine its answer can come after the sign-in's: held here until then, it must not
    replace the signed-in session (dashboards/superset_config.py)."""
    url, login, log = superset
    with chromium_page() as page, explained_failure(page, "dashboard-session", log):
        held = []  # (route, the server's answer to the anonymous beacon), not yet delivered
        page.context.route(
            "**/superset/log/**", lambda route: held.append((route, route.fetch(max_redirects=0)))
        )

        def beacon_sent():
            deadline = time.monotonic() + 60
            while not held:
                assert time.monotonic() < deadline, "the login page sent no event beacon"
                page.wait_for_timeout(100)

        sign_in(page, url, login, before_submit=beacon_sent)
        for route, answer in held:
            route.fulfill(response=answer)
        page.context.unroute("**/superset/log/**")  # any beacon held since goes on as sent
        page.wait_for_load_state("networkidle")
        open_dashboard(page, url).first.wait_for()
