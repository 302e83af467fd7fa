"""The validation helper: a process of its own that imports GX once and runs every suite.

GX takes seconds of one core to import. A run starts this helper first thing
(``suites.start_validator``), so the import happens on the second core while the first
starts the run and scans the folder. It is a plain subprocess (``python -m
pipelines.quality.helper``): a forked child would inherit polars' thread pool without its
threads and hang, and a multiprocessing "spawn" child would re-run the caller's main script.

Protocol: the parent writes pickled ``(suite name, polars frame)`` requests to the helper's
stdin and reads one pickled ``(ok, outcomes or error text)`` reply per request from its
stdout. The helper exits when its stdin closes, which includes the parent's death.
"""

import contextlib
import ctypes
import gc
import os
import pickle
import subprocess
import sys
import threading
import traceback
from typing import Any

from pipelines.settings import PROJECT_ROOT


class HelperGone(Exception):
    """The helper process exited or its pipes broke."""


class ValidationHelper:
    """The parent's handle on one helper process; one request at a time."""

    def __init__(self) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(PROJECT_ROOT), env.get("PYTHONPATH", "")) if p
        )
        env.setdefault("GX_ANALYTICS_ENABLED", "false")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pipelines.quality.helper"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )
        self._lock = threading.Lock()

    def alive(self) -> bool:
        return self.process.poll() is None

    def private_bytes(self) -> int:
        """Memory only the helper holds (USS): about 260 MB once GX is imported."""
        import psutil

        try:
            return psutil.Process(self.process.pid).memory_full_info().uss
        except psutil.Error:
            return 0

    def validate(self, name: str, part: Any) -> Any:
        with self._lock:
            try:
                pickle.dump((name, part), self.process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
                self.process.stdin.flush()
                ok, payload = pickle.load(self.process.stdout)
            except (BrokenPipeError, EOFError, OSError, pickle.UnpicklingError) as error:
                raise HelperGone(str(error)) from error
        if not ok:
            raise RuntimeError(f"validating {name} failed in the validation helper:\n{payload}")
        return payload

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.process.stdin.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        with contextlib.suppress(OSError):
            self.process.stdout.close()


def _release_memory() -> None:
    """Hand freed memory back to the system, so the helper does not keep the largest part it
    ever validated (glibc keeps freed memory for reuse otherwise)."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def serve() -> None:
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # prints and logs go to stderr
    from pipelines.quality.suites import _validate_part, import_gx

    import_gx()
    requests = sys.stdin.buffer
    while True:
        try:
            name, part = pickle.load(requests)
        except EOFError:
            return
        try:
            reply = (True, _validate_part(name, part))
        except Exception:  # reported to the parent, which raises it there
            reply = (False, traceback.format_exc())
        del part
        _release_memory()
        pickle.dump(reply, replies, protocol=pickle.HIGHEST_PROTOCOL)
        replies.flush()


if __name__ == "__main__":
    serve()
    # Every reply is flushed: skip the interpreter's teardown of GX and pandas (most of a
    # second), which the run would otherwise wait for when it closes the helper.
    sys.stderr.flush()
    os._exit(0)
