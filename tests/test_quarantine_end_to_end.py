"""Quarantine, not abort: an article whose rows fail a critical expectation is held out of
the warehouse (recorded in rejected_inputs with the expectation and the fix), the rest
loads and the run exits 0; with --strict the same run fails and loads nothing."""

import json
import shutil
import subprocess
import sys

import duckdb
import pytest
from pipeline_process import REPO, Layout

from pipelines.settings import PROJECT_ROOT

GOOD = "Joe Biden hosted Mustafa al-Kadhimi at the White House on Monday, officials said.\n"
HELD = "Rebels took 3 towns near Goma, officials in Kinshasa said on Monday.\n"


def strict_suites(folder):
    """The project's suites plus one critical rule the Goma article breaks: a stand-in for a
    structural failure that a correct extractor never produces."""
    shutil.copytree(PROJECT_ROOT / "expectations", folder)
    path = folder / "entity_mentions.json"
    suite = json.loads(path.read_text())
    suite["expectations"].append(
        {
            "type": "expect_column_values_to_not_match_regex",
            "kwargs": {"column": "text", "regex": "Goma"},
            "severity": "critical",
            "meta": {},
        }
    )
    path.write_text(json.dumps(suite))
    return folder


def run(layout, *args, **env):
    return subprocess.run(
        [sys.executable, "-m", "pipelines.run", *args],
        cwd=REPO,
        env=layout.env(**env),
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def suites(tmp_path_factory):
    return strict_suites(tmp_path_factory.mktemp("suites") / "expectations")


def corpus(root):
    layout = Layout(root)
    (layout.articles / "good.txt").write_text(GOOD)
    (layout.articles / "goma.txt").write_text(HELD)
    (layout.articles / "goma2.txt").write_text(HELD)  # a duplicate of the held article
    return layout


def test_an_article_failing_a_critical_expectation_is_held_out_and_the_rest_loads(suites, tmp_path):
    layout = corpus(tmp_path)
    done = run(layout, NEWSFACTS_EXPECTATIONS_DIR=str(suites))
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-4000:]
    assert "newsfacts run succeeded" in output and "held out:          2 articles" in output
    with duckdb.connect(str(layout.warehouse), read_only=True) as con:
        assert con.execute("select source from articles").fetchall() == [("good.txt",)]
        reasons = dict(con.execute("select source, reason from rejected_inputs").fetchall())
        # the held article's names and places reach neither the registry nor the places
        registry = {a for (a,) in con.execute("select alias from entity_registry").fetchall()}
        places = {n for (n,) in con.execute("select name from places").fetchall()}
        orphans = con.execute(
            "select count(*) from entity_mentions where article_id not in "
            "(select article_id from articles)"
        ).fetchone()[0]
    reason = reasons["goma.txt"]
    assert reason.startswith("goma.txt: held out of the warehouse: its entity_mentions rows ")
    assert reasons["goma2.txt"].startswith("goma2.txt: held out with the article it ")
    assert {"Goma", "Kinshasa"}.isdisjoint(registry) and "Joe Biden" in registry
    assert {"Goma", "Kinshasa"}.isdisjoint(places)
    assert "expect_column_values_to_not_match_regex on text" in reason and "report" in reason
    assert orphans == 0


def test_strict_fails_the_run_and_loads_nothing(suites, tmp_path):
    layout = corpus(tmp_path)
    done = run(layout, "--strict", NEWSFACTS_EXPECTATIONS_DIR=str(suites))
    output = done.stdout + done.stderr
    assert done.returncode == 1, output[-4000:]
    assert "newsfacts run FAILED" in output
    assert not layout.warehouse.exists()
