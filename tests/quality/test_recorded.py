"""The suite results a load recorded: used by a run that loads nothing only while they are
exactly those the suites would give again."""

import json
import shutil

import pytest

from pipelines.quality.engine import ExpectationOutcome
from pipelines.quality.recorded import record_path, recorded_results, write_record
from pipelines.quality.suites import SuiteResult
from pipelines.settings import EXPECTATIONS_DIR

TABLES = ("entities", "load_runs")


def results() -> list[SuiteResult]:
    warning = ExpectationOutcome(
        "expect_column_values_to_not_be_null", "name", False, False, 2, ["Acme", None], ("a1",)
    )
    passed = ExpectationOutcome("expect_column_values_to_be_unique", "run_id", True, True, 0, [])
    return [SuiteResult("entities", 40, [warning]), SuiteResult("load_runs", 1, [passed])]


@pytest.fixture
def recorded(tmp_path):
    suites = tmp_path / "expectations"
    suites.mkdir()
    for table in TABLES:
        shutil.copy(EXPECTATIONS_DIR / f"{table}.json", suites)
    work = tmp_path / "newsfacts.work.duckdb"
    write_record(work, "run-1", results(), suites)
    return work, suites


def test_a_run_after_the_load_gets_the_results_back(recorded):
    work, suites = recorded
    found = recorded_results(work, "run-1", TABLES, {"entities": 40, "load_runs": 1}, suites)
    assert found is not None
    assert [(r.suite, r.rows, r.success) for r in found] == [
        ("entities", 40, False),
        ("load_runs", 1, True),
    ]
    assert found[0].outcomes[0].failed_ids == ("a1",)
    assert found[0].markdown() == results()[0].markdown()


def test_the_record_is_not_used_when_anything_differs(recorded):
    work, suites = recorded
    counts = {"entities": 40, "load_runs": 1}
    assert recorded_results(work, "run-2", TABLES, counts, suites) is None  # a later load
    assert recorded_results(work, "run-1", TABLES, {**counts, "entities": 41}, suites) is None
    assert recorded_results(work, "run-1", ("entities",), counts, suites) is None
    suite = suites / "entities.json"
    edited = json.loads(suite.read_text())
    edited["expectations"] = edited["expectations"][:-1]
    suite.write_text(json.dumps(edited))
    assert recorded_results(work, "run-1", TABLES, counts, suites) is None


@pytest.mark.parametrize("content", ["", "{not json", '{"load_id": "run-1"}', "[]"])
def test_a_missing_or_broken_record_means_validating_again(recorded, content):
    work, suites = recorded
    record_path(work).write_text(content)
    assert recorded_results(work, "run-1", TABLES, {"entities": 40, "load_runs": 1}, suites) is None
    record_path(work).unlink()
    assert recorded_results(work, "run-1", TABLES, {"entities": 40, "load_runs": 1}, suites) is None
