"""Lake mode end to end: `python -m pipelines.run` as real processes against a real PostgreSQL
catalog (started by the project's own script), with the faults the file mode is tested for."""

import json
import subprocess
import sys
import time

import pytest
from pipeline_process import (
    INVARIANTS,
    REPO,
    Layout,
    RunningPipeline,
    articles_of,
    baseline,
    broken_invariants,
    run_pipeline,
    state_of,
)

from pipelines.warehouse import lake

LOAD_STEP = "load_warehouse"


@pytest.fixture(scope="module")
def state(tmp_path_factory):
    """Clean file-mode runs of the old and the new corpus: what the lake must match."""
    return baseline(tmp_path_factory)


def lake_layout(state, root, cluster, target) -> tuple[Layout, dict]:
    layout = Layout(root, articles=state.layout.articles)
    return layout, cluster.env(target)


def read_lake(target: lake.Lake) -> tuple[dict, dict, dict]:
    """State, per-article states and broken invariants of the lake's last snapshot."""
    with lake.open_lake(target, read_only=True) as con:
        return state_of(con), articles_of(con), broken_invariants(con)


@pytest.fixture(scope="module")
def old_lake(state, postgres_cluster, tmp_path_factory):
    """A lake loaded by one lake-mode run of the old corpus (the baseline's first state).

    The baseline's articles folder holds the new corpus by now, so the old one is copied."""
    root = tmp_path_factory.mktemp("old-lake")
    layout = Layout(root)
    from pipeline_process import OLD_CORPUS

    for relative in OLD_CORPUS:
        layout.add_seed(relative)
    target = postgres_cluster.new_lake(root / "lake-data")
    output = run_pipeline(layout, **postgres_cluster.env(target))
    return target, output, layout


def test_a_lake_run_holds_what_a_file_mode_run_holds(state, old_lake):
    target, output, layout = old_lake
    stored, articles, broken = read_lake(target)
    assert stored == state.old_state
    assert articles == state.old_articles
    assert broken == {}
    assert "lake:" in output and "committed to the lake" in output
    # no serving copy and no work database: the Parquet files are the warehouse
    assert not layout.warehouse.parent.exists() or not list(layout.warehouse.parent.iterdir())
    assert list((layout.root / "lake-data").rglob("*.parquet"))


def test_a_no_change_run_commits_nothing(state, old_lake, postgres_cluster):
    target, _, layout = old_lake
    with lake.open_lake(target, read_only=True) as con:
        before = lake.current_snapshot(con)
    output = run_pipeline(layout, **postgres_cluster.env(target))
    assert "0 new or edited articles" in output
    with lake.open_lake(target, read_only=True) as con:
        assert lake.current_snapshot(con) == before


def test_sigkill_during_the_lake_load_leaves_old_or_new_and_the_next_run_converges(
    state, old_lake, postgres_cluster, tmp_path
):
    target = postgres_cluster.copy_lake(old_lake[0])
    layout, env = lake_layout(state, tmp_path, postgres_cluster, target)
    seen = []
    # 0.5 s into the load step (before its commit), then right after the commit's log line
    for delay in (0.5, None):
        run = RunningPipeline(layout, **env)
        if delay is None:
            run.wait_for("committed to the lake")
        else:
            run.wait_for_step(LOAD_STEP)
            time.sleep(delay)
        run.kill()
        assert "newsfacts run succeeded" not in run.drain(), f"{delay} s: the kill came too late"
        stored, articles, broken = read_lake(target)
        assert broken == {}, delay
        for source, new in state.new_articles.items():
            assert articles.get(source) in (state.old_articles.get(source), new), source
        seen.append("old" if stored == state.old_state else "new")
        assert stored in (state.old_state, state.new_state), delay
    print(f"\nlake after kills 0.5 s into the load and after its commit: {seen}")
    assert seen[-1] == "new"
    run_pipeline(layout, **env)
    assert read_lake(target)[0] == state.new_state


def test_a_catalog_that_goes_away_mid_run_fails_clearly_and_commits_nothing(
    state, old_lake, postgres_cluster, tmp_path
):
    target = postgres_cluster.copy_lake(old_lake[0])
    layout, env = lake_layout(state, tmp_path, postgres_cluster, target)
    run = RunningPipeline(layout, **env)
    run.wait_for_step(LOAD_STEP)
    time.sleep(1.0)
    postgres_cluster.stop(mode="immediate")  # a crash of the catalog's server
    try:
        code = run.process.wait(timeout=240)
        output = run.drain()
    finally:
        postgres_cluster.start()
    assert code == 1, output[-3000:]
    assert "newsfacts run FAILED" in output
    database = target.catalog.split("dbname=")[1].split()[0]
    assert f"dbname={database}" in output and "NEWSFACTS_LAKE" in output, output[-3000:]
    stored, articles, broken = read_lake(target)
    assert broken == {}
    assert stored == state.old_state  # the load's transaction never committed
    run_pipeline(layout, **env)
    assert read_lake(target)[0] == state.new_state


# The reader: one attachment, kept to the end, one transaction (one snapshot) per look.
READER = """
import json, sys, pathlib
from pipelines.warehouse import lake

target = lake.Lake(sys.argv[1], sys.argv[2])
stop, invariants = pathlib.Path(sys.argv[3]), json.loads(sys.argv[4])
con = lake.open_lake(target, read_only=True)
print(json.dumps({"connected": True}), flush=True)
while True:
    last = stop.exists()
    con.execute("begin transaction")
    counts = con.execute(
        "select (select count(*) from articles), (select count(*) from entity_mentions), "
        "(select count(*) from numeric_facts), (select count(*) from entities)"
    ).fetchone()
    broken = {n: con.execute(q).fetchone()[0] for n, q in invariants.items()}
    con.execute("commit")
    print(json.dumps({"counts": counts, "broken": broken}), flush=True)
    if last:
        break
con.close()
"""


def _counts(stored: dict) -> list[int]:
    return [len(stored[t]) for t in ("articles", "entity_mentions", "numeric_facts", "entities")]


def test_a_reader_stays_attached_while_two_writers_load_and_sees_whole_snapshots(
    state, old_lake, postgres_cluster, tmp_path
):
    target = postgres_cluster.copy_lake(old_lake[0])
    layout, env = lake_layout(state, tmp_path, postgres_cluster, target)
    stop = tmp_path / "stop-reader"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, target.catalog, target.data, str(stop)]
        + [json.dumps(INVARIANTS)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert json.loads(reader.stdout.readline()) == {"connected": True}
        writers = [RunningPipeline(layout, **env), RunningPipeline(layout, **env)]
        codes = [w.process.wait(timeout=400) for w in writers]
        outputs = [w.drain() for w in writers]
        assert codes == [0, 0], outputs[0][-2000:] + outputs[1][-2000:]
    finally:
        stop.touch()
        out, err = reader.communicate(timeout=60)
    looks = [json.loads(line) for line in out.splitlines()]
    assert reader.returncode == 0, err[-2000:]
    assert len(looks) > 10
    assert all(look["broken"] == dict.fromkeys(INVARIANTS, 0) for look in looks)
    allowed = {tuple(_counts(state.old_state)), tuple(_counts(state.new_state))}
    assert {tuple(look["counts"]) for look in looks} <= allowed
    assert tuple(looks[-1]["counts"]) == tuple(_counts(state.new_state))
    assert read_lake(target)[0] == state.new_state
    print(f"\nreader: {len(looks)} looks, all whole snapshots, during two concurrent writers")


COUNTED = ("articles", "entity_mentions", "numeric_facts", "entities", "sentences")


def test_two_shards_at_once_then_a_plain_run_give_the_file_modes_rows(
    state, postgres_cluster, tmp_path
):
    """The Done-when of lake mode with shards: NEWSFACTS_SHARD=0/2 and 1/2 at the same time
    on one lake, then a plain run, hold the row counts of a single-file run over the folder,
    and the rows are Parquet files in the data folder."""
    from pipelines.settings import Settings

    if not hasattr(Settings(), "shard"):
        pytest.skip("this version of the pipeline has no NEWSFACTS_SHARD")
    target = postgres_cluster.new_lake(tmp_path / "lake-data")
    layout, env = lake_layout(state, tmp_path, postgres_cluster, target)
    shards = [RunningPipeline(layout, **env, NEWSFACTS_SHARD=f"{i}/2") for i in range(2)]
    codes = [shard.process.wait(timeout=400) for shard in shards]
    outputs = [shard.drain() for shard in shards]
    assert codes == [0, 0], outputs[0][-3000:] + outputs[1][-3000:]
    run_pipeline(layout, **env)
    with lake.open_lake(target, read_only=True) as con:
        counts = {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in COUNTED}
        assert broken_invariants(con) == {}
        # both shards met the same names and places: each key is registered once
        assert lake.duplicate_keys(con) == {}
    assert counts == {t: len(state.new_state[t]) for t in COUNTED}
    assert list((tmp_path / "lake-data").rglob("*.parquet"))
    # the two shard runs share one DAGSTER_HOME, each with its frames in its own folder
    storage = layout.dagster_home / "storage"
    assert {p.name for p in storage.glob("*-of-2")} == {"0-of-2", "1-of-2"}
