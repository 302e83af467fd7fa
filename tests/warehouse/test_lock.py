"""The writer lock: a second holder waits with a log line, or gives up with a clear message;
a dead holder never blocks (the kernel drops its lock)."""

import subprocess
import sys
import threading
import time

import pytest

from pipelines.warehouse.lock import WarehouseBusy, holder_if_locked, writer_lock

HOLD = """
import sys, time
from pathlib import Path
from pipelines.warehouse.lock import writer_lock
with writer_lock(Path(sys.argv[1]), 0, print):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def hold_in_another_process(path, seconds) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout.readline().strip() == "held"
    return process


@pytest.fixture
def other_run(tmp_path):
    """Another process holding the lock for 1.5 s."""
    path = tmp_path / "w.work.duckdb"
    process = hold_in_another_process(path, 1.5)
    yield path
    process.wait(30)


def test_a_second_run_waits_for_the_first_with_a_log_line(other_run):
    assert "pid" in holder_if_locked(other_run)
    lines = []
    started = time.monotonic()
    with writer_lock(other_run, 60, lines.append):
        waited = time.monotonic() - started
        assert holder_if_locked(other_run) is not None
    assert 0.3 < waited < 30
    assert "another run (pid" in lines[0] and "waiting up to 60 s" in lines[0]
    assert "the other run finished" in lines[1]
    assert holder_if_locked(other_run) is None


def test_a_run_that_waited_too_long_says_why_and_what_to_do(other_run):
    busy = pytest.raises(WarehouseBusy, match="still loading .* after 0.2 s.*NEWSFACTS_LOCK_WAIT")
    with busy, writer_lock(other_run, 0.2, lambda line: None):
        pytest.fail("the lock was taken while another run held it")


def test_a_killed_holder_leaves_no_lock(tmp_path):
    path = tmp_path / "w.work.duckdb"
    process = hold_in_another_process(path, 60)
    assert holder_if_locked(path) is not None
    process.kill()
    process.wait(30)
    assert holder_if_locked(path) is None
    with writer_lock(path, 0, print):
        pass


def test_threads_of_one_process_exclude_each_other_too(tmp_path):
    path = tmp_path / "w.work.duckdb"
    inside, overlaps = [], []

    def run():
        with writer_lock(path, 30, lambda line: None):
            overlaps.append(len(inside))
            inside.append(1)
            time.sleep(0.2)
            inside.pop()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert overlaps == [0, 0, 0]
