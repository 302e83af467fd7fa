"""The local instance's event log (pipelines/defs/instance.py) against Dagster's own: what one
writes the other reads, a watching webserver hears of each write, and it holds few files."""

import threading
import time
import uuid

import dagster as dg
import pytest
from dagster._core.storage.dagster_run import DagsterRun
from dagster._core.storage.event_log import SqliteEventLogStorage

from pipelines.defs.instance import (
    INSTANCE_YAML,
    KeptOpenSqliteEventLogStorage,
    write_instance_yaml,
)


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    write_instance_yaml(tmp_path)
    return tmp_path


def _instance(home) -> dg.DagsterInstance:
    return dg.DagsterInstance.from_config(str(home))


def _run(instance: dg.DagsterInstance) -> DagsterRun:
    return instance.add_run(DagsterRun(job_name="newsfacts_test", run_id=str(uuid.uuid4())))


def _messages(storage, run_id: str) -> list[str]:
    return [r.event_log_entry.message for r in storage.get_records_for_run(run_id).records]


def test_the_instance_yaml_selects_the_kept_open_event_log(home):
    instance = _instance(home)
    assert isinstance(instance.event_log_storage, KeptOpenSqliteEventLogStorage)
    assert instance.event_log_storage._base_dir == str(home / "history" / "runs")


def test_dagster_s_own_event_log_reads_what_it_wrote(home):
    writer = _instance(home)
    run = _run(writer)
    for n in range(3):
        writer.report_engine_event(f"event {n}", run)
    plain = SqliteEventLogStorage(str(home / "history" / "runs"))
    assert [m for m in _messages(plain, run.run_id) if m.startswith("event")] == [
        "event 0",
        "event 1",
        "event 2",
    ]


def test_a_watcher_hears_of_each_write(home):
    """The webserver follows a run by watching its database file: a kept-open connection
    writes only the write-ahead log, so the storage touches the file after each write."""
    writer = _instance(home)
    run = _run(writer)
    writer.report_engine_event("before the watch", run)
    heard: list[str] = []
    got = threading.Event()

    def callback(entry, cursor):
        heard.append(entry.message)
        if entry.message == "while watched":
            got.set()

    watcher = SqliteEventLogStorage(str(home / "history" / "runs"))
    cursor = str(writer.event_log_storage.get_records_for_run(run.run_id).cursor)
    watcher.watch(run.run_id, cursor, callback)
    try:
        time.sleep(0.5)  # the observer's first look at the folder
        writer.report_engine_event("while watched", run)
        assert got.wait(15), f"the watcher heard only {heard}"
    finally:
        watcher.end_watch(run.run_id, callback)
        watcher.dispose()


def test_it_keeps_a_few_databases_open_and_wipes_them(home):
    instance = _instance(home)
    storage = instance.event_log_storage
    runs = [_run(instance) for _ in range(12)]
    for run in runs:
        instance.report_engine_event("one", run)
    assert 1 < len(storage._engines) <= 8
    # the first runs' engines were closed, and their events are read again
    assert "one" in _messages(storage, runs[0].run_id)
    storage.wipe()
    assert set(storage._engines) <= {"index"}  # the wipe empties the index through one
    assert not list((home / "history" / "runs").glob(f"{runs[-1].run_id}.db*"))


def test_a_configuration_of_one_s_own_is_left_alone(tmp_path):
    (tmp_path / "dagster.yaml").write_text("telemetry:\n  enabled: true\n")
    assert not write_instance_yaml(tmp_path)
    assert (tmp_path / "dagster.yaml").read_text() == "telemetry:\n  enabled: true\n"
    # what setup wrote before is the project's: replaced
    (tmp_path / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    assert write_instance_yaml(tmp_path)
    assert (tmp_path / "dagster.yaml").read_text() == INSTANCE_YAML
