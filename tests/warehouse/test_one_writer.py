"""Two runs started together on one warehouse: one scans, extracts and loads, the other
waits for it (saying so) and then finds nothing to do; the tables equal a single run's."""

import duckdb
import pytest
from pipeline_process import OLD_CORPUS, Layout, RunningPipeline, baseline, warehouse_state


@pytest.fixture(scope="module")
def state(tmp_path_factory):
    return baseline(tmp_path_factory)


def test_two_runs_started_together_load_once(state, tmp_path):
    layout = Layout(tmp_path)
    for relative in OLD_CORPUS:
        layout.add_seed(relative)
    runs = [RunningPipeline(layout), RunningPipeline(layout)]
    for run in runs:
        assert run.process.wait(timeout=400) == 0, run.drain()[-4000:]
    outputs = [run.drain() for run in runs]
    waited = [out for out in outputs if "is loading" in out and "waiting up to" in out]
    assert len(waited) == 1, "exactly one run waits for the other"
    assert "0 new or edited articles (0 to extract)" in waited[0]
    assert warehouse_state(layout.warehouse) == state.old_state
    with duckdb.connect(str(layout.warehouse), read_only=True) as con:
        assert con.execute("select count(*) from load_runs").fetchone()[0] == 1
    # Dagster's history holds the index and the two runs' event logs, nothing made on the side
    shards = sorted(p.name for p in (layout.dagster_home / "history" / "runs").glob("*.db"))
    assert len(shards) == 3 and "index.db" in shards, shards
