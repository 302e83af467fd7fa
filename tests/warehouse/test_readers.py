"""A SQL client holds the serving copy open in another process while a full run loads."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from pipeline_process import (
    INVARIANTS,
    RunningPipeline,
    baseline,
    broken_invariants,
    warehouse_state,
)

from pipelines.warehouse import store

# The reader: one read-only connection, opened before the run and kept to the end, querying
# in a loop; each observation is one JSON line. It stops when the stop file appears.
READER = """
import json, sys, time, pathlib
import duckdb

serving, stop = sys.argv[1], pathlib.Path(sys.argv[2])
invariants = json.loads(sys.argv[3])
con = duckdb.connect(serving, read_only=True)
print(json.dumps({"connected": True}), flush=True)
while True:
    last = stop.exists()
    counts = con.execute(
        "select (select count(*) from articles), (select count(*) from entity_mentions), "
        "(select count(*) from numeric_facts), (select count(*) from entities), "
        "(select max(loaded_at)::varchar from load_runs)"
    ).fetchone()
    broken = {n: con.execute(q).fetchone()[0] for n, q in invariants.items()}
    print(json.dumps({"at": time.time(), "counts": counts, "broken": broken}), flush=True)
    if last:
        break
    time.sleep(0.05)
con.close()
"""

COUNTS = (
    "select (select count(*) from articles), (select count(*) from entity_mentions), "
    "(select count(*) from numeric_facts), (select count(*) from entities), "
    "(select max(loaded_at)::varchar from load_runs)"
)


@pytest.fixture(scope="module")
def state(tmp_path_factory):
    return baseline(tmp_path_factory)


def test_reader_keeps_its_snapshot_while_a_full_run_loads_and_publishes(state, tmp_path):
    layout = state.old_warehouse_with_new_corpus(tmp_path)
    with duckdb.connect(str(layout.warehouse), read_only=True) as con:
        old_counts = con.execute(COUNTS).fetchone()
    stop = tmp_path / "stop"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(layout.warehouse), str(stop), json.dumps(INVARIANTS)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert json.loads(reader.stdout.readline()) == {"connected": True}
        run = RunningPipeline(layout)
        run.wait_for_step("load_warehouse")
        assert run.wait_for("published")
        published_at = time.time()
        assert run.process.wait(timeout=120) == 0, run.drain()[-3000:]
        assert "newsfacts run succeeded" in run.drain()
    finally:
        stop.touch()
        observations = [json.loads(line) for line in reader.stdout]
        reader.wait(timeout=30)
    assert reader.returncode == 0
    # the reader queried across the whole load, before and after the swap, and never saw
    # anything but the old snapshot, complete
    assert len(observations) > 5
    assert observations[-1]["at"] > published_at
    assert {tuple(o["counts"]) for o in observations} == {tuple(old_counts)}
    assert [o["broken"] for o in observations if any(o["broken"].values())] == []

    # a reader that connects now sees the new load, consistent
    with duckdb.connect(str(layout.warehouse), read_only=True) as con:
        new_counts = con.execute(COUNTS).fetchone()
        assert broken_invariants(con) == {}
    assert new_counts[0] == old_counts[0] + 1
    assert new_counts[4] > old_counts[4]
    assert warehouse_state(layout.warehouse) == state.new_state


def test_a_reader_of_the_work_database_would_block_the_load(state, tmp_path):
    """Why the serving copy exists: DuckDB lets one process write or many read, not both."""
    layout = state.old_warehouse_with_new_corpus(tmp_path)
    writer = [sys.executable, "-c", f"import duckdb; duckdb.connect({str(layout.work)!r})"]
    with duckdb.connect(str(layout.work), read_only=True):
        blocked = subprocess.run(writer, capture_output=True, text=True)
    assert blocked.returncode != 0
    assert "Could not set lock on file" in blocked.stderr
    assert subprocess.run(writer, capture_output=True).returncode == 0


def test_a_client_that_wrote_to_the_serving_copy_cannot_mix_rows_into_the_next_one(tmp_path):
    """Writes to the serving copy are lost at the next publish, and never replayed into it."""
    work, serving = tmp_path / "work.duckdb", tmp_path / "serving.duckdb"
    with duckdb.connect(str(work)) as con:
        con.execute("create table t as select 1 as v")
    store.publish(work, serving)
    # a careless client opens the serving copy read-write and dies with its WAL unmerged
    careless = (
        "import duckdb, os; con = duckdb.connect(os.environ['SERVING']); "
        "con.execute('pragma disable_checkpoint_on_shutdown'); "
        "con.execute('insert into t values (100)'); os._exit(0)"
    )
    env = {**os.environ, "SERVING": str(serving)}
    subprocess.run([sys.executable, "-c", careless], env=env, check=True)
    assert Path(f"{serving}.wal").exists()
    with duckdb.connect(str(work)) as con:
        con.execute("insert into t values (2)")
    store.publish(work, serving)
    with duckdb.connect(str(serving), read_only=True) as reader:
        assert reader.execute("select v from t order by v").fetchall() == [(1,), (2,)]
