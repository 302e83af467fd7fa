"""The writer lock: a second holder waits with a log line, or gives up with a clear message;
a dead holder never blocks (the kernel drops its lock)."""

import contextlib
import fcntl
import os
import subprocess
import sys
import threading
import time

import pytest

from pipelines.warehouse.lock import WarehouseBusy, holder_if_locked, lock_path, writer_lock

HOLD = """
import sys
from pathlib import Path
from pipelines.warehouse.lock import writer_lock
with writer_lock(Path(sys.argv[1]), 0, print):
    print("held", flush=True)
    sys.stdin.readline()  # until the test lets go
"""


def hold_in_another_process(path) -> subprocess.Popen:
    """Another process holding the lock until a line is written to its stdin."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout.readline().strip() == "held"
    return process


def release(process: subprocess.Popen) -> None:
    if process.stdin.closed:  # released already
        return
    with contextlib.suppress(BrokenPipeError):
        process.stdin.write("go\n")
        process.stdin.close()
    process.wait(30)
    process.stdout.close()


@pytest.fixture
def other_run(tmp_path):
    path = tmp_path / "w.work.duckdb"
    process = hold_in_another_process(path)
    yield path, process
    release(process)


def test_a_second_run_waits_for_the_first_with_a_log_line(other_run):
    path, holder = other_run
    assert "pid" in holder_if_locked(path)
    lines = []

    def log(line: str) -> None:
        lines.append(line)
        if len(lines) == 1:  # the run says it waits: now the other run finishes
            release(holder)

    with writer_lock(path, 60, log):
        assert holder_if_locked(path) is not None
    assert len(lines) == 2
    assert "another run (pid" in lines[0] and "waiting up to 60 s" in lines[0]
    assert "the other run finished" in lines[1]
    assert holder_if_locked(path) is None


def test_a_run_that_waited_too_long_says_why_and_what_to_do(other_run):
    path, _ = other_run
    busy = pytest.raises(WarehouseBusy, match="still loading .* after 0.2 s.*NEWSFACTS_LOCK_WAIT")
    with busy, writer_lock(path, 0.2, lambda line: None):
        pytest.fail("the lock was taken while another run held it")


def test_a_probe_does_not_make_a_run_say_it_waits(tmp_path):
    """The sensor's probe holds the lock for a moment: a run that meets it takes the lock
    once the probe lets go, without a line about another run."""
    path = tmp_path / "w.work.duckdb"
    with writer_lock(path, 0, print):
        pass  # the lock file exists, as after any run
    probe = os.open(lock_path(path), os.O_RDONLY)
    fcntl.flock(probe, fcntl.LOCK_SH)
    threading.Timer(0.05, os.close, [probe]).start()
    lines = []
    with writer_lock(path, 60, lines.append):
        pass
    assert lines == []


def test_two_probes_do_not_stand_in_each_others_way(tmp_path):
    path = tmp_path / "w.work.duckdb"
    with writer_lock(path, 0, print):
        pass
    probe = os.open(lock_path(path), os.O_RDONLY)
    fcntl.flock(probe, fcntl.LOCK_SH)
    try:
        assert holder_if_locked(path) is None
    finally:
        os.close(probe)


def test_a_killed_holder_leaves_no_lock(tmp_path):
    path = tmp_path / "w.work.duckdb"
    process = hold_in_another_process(path)
    assert holder_if_locked(path) is not None
    process.kill()
    process.wait(30)
    process.stdin.close()
    process.stdout.close()
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
