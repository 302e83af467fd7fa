"""One writer at a time: a run holds an exclusive lock on its warehouse from the scan to the
publish, so a second run on the same warehouse waits and then finds the articles loaded.

The lock is an ``flock`` on ``<work database>.lock``: the kernel releases it when the
holder's file is closed or its process dies (a killed run never leaves a stale lock). The
file holds the holder's pid and start time, for the message of the run that waits.
"""

import contextlib
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

POLL_SECONDS = 0.5


class WarehouseBusy(RuntimeError):
    """Another run kept the warehouse locked for longer than this run would wait."""


def lock_path(work_database: Path) -> Path:
    return work_database.with_name(work_database.name + ".lock")


# A probe (the sensor asking whether a run is loading) holds the lock for a moment: a run
# that meets one retries this long before it says it waits for another run.
PROBE_GRACE_SECONDS = 0.2


def _try_lock(fd: int, mode: int = fcntl.LOCK_EX) -> bool:
    try:
        fcntl.flock(fd, mode | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _lock_soon(fd: int) -> bool:
    """The lock, now or once a probe has let go of it."""
    deadline = time.monotonic() + PROBE_GRACE_SECONDS
    while not _try_lock(fd):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.01)
    return True


def _holder(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        text = ""
    return text or "a run that has not written its pid yet"


def holder_if_locked(work_database: Path) -> str | None:
    """Who holds the lock (pid and start), or None when no run holds it. Takes no lock."""
    path = lock_path(work_database)
    if not path.exists():
        return None
    fd = os.open(path, os.O_RDONLY)
    try:
        # shared: two probes never stand in each other's way
        if _try_lock(fd, fcntl.LOCK_SH):
            return None
        return _holder(path)
    finally:
        os.close(fd)


@contextlib.contextmanager
def writer_lock(
    work_database: Path, wait_seconds: float, log: Callable[[str], None]
) -> Iterator[None]:
    """Hold the warehouse's writer lock in the block; wait up to ``wait_seconds`` for another
    run to release it (saying so through ``log``), then raise WarehouseBusy."""
    path = lock_path(work_database)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if not _lock_soon(fd):
            _wait(fd, path, work_database, wait_seconds, log)
        started = datetime.now(UTC).isoformat(timespec="seconds")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}, started {started}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


def _wait(fd: int, path: Path, work_database: Path, wait_seconds: float, log) -> None:
    holder = _holder(path)
    log(
        f"another run ({holder}) is loading {work_database}: waiting up to {wait_seconds:g} s "
        "for it to finish (one writer at a time)"
    )
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        if _try_lock(fd):
            log("the other run finished: this run goes on with what it left")
            return
    raise WarehouseBusy(
        f"another run ({holder}) is still loading {work_database} after {wait_seconds:g} s: "
        "nothing was read or written by this run; start it again once that run has finished, "
        "or wait longer with NEWSFACTS_LOCK_WAIT_SECONDS"
    )
