"""SIGKILL a full run at several points: the serving copy is the old or the new state, never
a mix, and the next run converges to exactly the state of a clean run."""

import os
import subprocess
import sys
import time

import duckdb
import pytest
from pipeline_process import (
    RunningPipeline,
    article_states,
    baseline,
    broken_invariants,
    run_pipeline,
    warehouse_state,
)

from pipelines.warehouse import store

LOAD_STEP = "load_warehouse"  # a step start, read from the run's event log
EXTRACT_LINE = "to extract)"  # logged by the extract step just before spaCy starts
STAGING = ".newsfacts.duckdb.*.tmp"  # the copy publish() renames over the serving copy
PUBLISHED_LINE = "published"  # logged by load_warehouse right after the swap

# (name, what to wait for, seconds after it before the SIGKILL). On the small corpus the
# load step takes 0.3-0.6 s: inputs read, one transaction, views, BM25 index, checkpoint,
# copy and rename; the delays spread the kills over it.
KILL_POINTS = [
    ("extraction +1 s", EXTRACT_LINE, 1.0),
    ("load step start", LOAD_STEP, 0.0),
    ("load +0.15 s", LOAD_STEP, 0.15),
    ("load +0.3 s", LOAD_STEP, 0.3),
    ("copying the serving copy", STAGING, 0.0),
    ("right after publish", PUBLISHED_LINE, 0.0),
]


def stored_state(path, state) -> str:
    """Which whole state a database holds; opening the work database replays its WAL."""
    found = warehouse_state(path)
    assert found in (state.old_state, state.new_state), f"{path.name} holds a mix"
    return "new" if found == state.new_state else "old"


def kill_at(layout, marker: str, delay: float) -> str:
    """Start a run, SIGKILL its process group at the marker; returns what it printed."""
    run = RunningPipeline(layout)
    if marker == LOAD_STEP:
        run.wait_for_step(marker)
    elif marker == STAGING:
        run.wait_for_path(layout.warehouse.parent, marker)
    else:
        assert run.wait_for(marker), f"the run ended before {marker!r}:\n{run.drain()[-3000:]}"
    time.sleep(delay)
    run.kill()
    return run.drain()


@pytest.fixture(scope="module")
def state(tmp_path_factory):
    return baseline(tmp_path_factory)


def test_old_and_new_states_differ_where_the_corpus_changed(state):
    changed = {
        source
        for source in state.old_articles.keys() | state.new_articles.keys()
        if state.old_articles.get(source) != state.new_articles.get(source)
    }
    assert changed == {"iraq-withdrawal.txt", "wikinews-gum/GUM_news_flag.txt"}


def test_sigkill_leaves_old_or_new_state_and_the_next_run_converges(state, tmp_path):
    """Kill after kill from the old state with the new corpus waiting, then one clean run.

    A kill before the commit leaves the old state, so the next trial starts where a fresh one
    would; after the commit the later runs load nothing new but still publish.
    """
    layout = state.old_warehouse_with_new_corpus(tmp_path)
    landed = []
    for point, marker, delay in KILL_POINTS:
        output = kill_at(layout, marker, delay)
        assert "newsfacts run succeeded" not in output, f"{point}: the kill came too late"
        # the serving copy opens, passes every invariant and is one whole state
        with duckdb.connect(str(layout.warehouse), read_only=True) as con:
            assert broken_invariants(con) == {}, point
        serving = stored_state(layout.warehouse, state)
        # and so is every article on its own
        articles = article_states(layout.warehouse)
        for source, new in state.new_articles.items():
            assert articles.get(source) in (state.old_articles.get(source), new), (point, source)
        work = stored_state(layout.work, state)
        if PUBLISHED_LINE in output:
            assert serving == "new", point
        if marker == EXTRACT_LINE:
            assert work == serving == "old", point
        if serving == "new":
            assert work == "new", point
        landed.append((point, work, serving))
    print("\n" + "\n".join(f"kill {p}: work {w}, serving {s}" for p, w, s in landed))
    assert [s for *_, s in landed][-1] == "new"
    assert ("old", "old") in {(w, s) for _, w, s in landed}

    run_pipeline(layout)
    assert warehouse_state(layout.warehouse) == state.new_state
    assert warehouse_state(layout.work) == state.new_state
    # nothing left behind: no WAL, no staging copy of a killed publish (the writer lock's
    # file stays: the kernel released the lock itself when each killed run died; the record
    # of the last load's suite results stays)
    assert sorted(p.name for p in layout.warehouse.parent.iterdir()) == [
        "newsfacts.duckdb",
        "newsfacts.work.duckdb",
        "newsfacts.work.duckdb.lock",
        "newsfacts.work.duckdb.verified.json",  # the load's suite results (quality/recorded.py)
    ]


def test_publish_removes_staging_copies_of_killed_publishes(tmp_path):
    work, serving = tmp_path / "work.duckdb", tmp_path / "newsfacts.duckdb"
    with duckdb.connect(str(work)) as con:
        con.execute("create table t as select 1 as v")
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        text=True,
        capture_output=True,
        check=True,
    )
    abandoned = tmp_path / f".newsfacts.duckdb.{gone.stdout.strip()}.tmp"
    in_progress = tmp_path / f".newsfacts.duckdb.{os.getppid()}.tmp"  # a live process's
    abandoned.write_bytes(b"half a copy")
    in_progress.write_bytes(b"being copied")
    store.publish(work, serving)
    assert not abandoned.exists()
    assert in_progress.exists()
