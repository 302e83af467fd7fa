"""The run's validation helper, owned by one object that starts, recycles and closes it.

``Validator`` is the owner: the Dagster resource ``validator`` opens one per run (and
``python -m pipelines.run`` opens it before it imports Dagster, so GX imports on the other
core meanwhile). Every suite of the run goes through ``Validator.validate``: to the helper
process (pipelines/quality/helper.py) while it runs, else to GX in this process.

The helper is a plain subprocess (``python -m pipelines.quality.helper``): a forked child
would inherit polars' thread pool without its threads and hang, and a multiprocessing
"spawn" child would re-run the caller's main script.
"""

import contextlib
import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Callable
from typing import Any

import polars as pl

from pipelines.quality import engine
from pipelines.quality.suites import SuiteResult, validate_frame
from pipelines.settings import PROJECT_ROOT


class HelperGone(Exception):
    """The helper process exited or its pipes broke."""


class HelperProcess:
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


# A helper that grew past this (pandas and GX keep memory of the largest parts it validated)
# is replaced by a fresh one before the extraction and before the load, the two steps where
# the run's memory peaks. A fresh helper holds about 260 MB; after 20,000 articles' parts it
# held about 480 MB through the load, the run's peak.
HELPER_MAX_BYTES = 384 * 2**20


class Validator:
    """Starts the helper, replaces it when it grew too large, closes it; validates in it."""

    def __init__(self, max_bytes: int = HELPER_MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self.helper: HelperProcess | None = None

    def __enter__(self) -> "Validator":
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def start(self) -> None:
        """Start the helper if it is not running: it imports GX on another core while the
        run does other work."""
        if self.helper is None or not self.helper.alive():
            self.helper = HelperProcess()

    def close(self) -> None:
        """Close the helper, if one runs; until ``start`` starts another, suites are
        validated in this process."""
        if self.helper is not None:
            self.helper.close()
            self.helper = None

    def recycle(self) -> None:
        """Replace a running helper that holds more than ``max_bytes`` by a fresh one."""
        helper = self.helper
        if helper is not None and helper.alive() and helper.private_bytes() > self.max_bytes:
            self.close()
            self.start()

    def validate(self, name: str, part: pl.DataFrame) -> list[engine.ExpectationOutcome]:
        """One part against one suite, in the helper while it runs."""
        if self.helper is None:
            return engine.validate_part(name, part)
        try:
            return self.helper.validate(name, part)
        except HelperGone:
            # The helper died (killed from outside): validate here instead of failing the run.
            self.close()
            return engine.validate_part(name, part)

    def validate_frame(
        self,
        name: str,
        frame: pl.DataFrame | pl.LazyFrame,
        prepare: Callable[[pl.DataFrame], pl.DataFrame] | None = None,
    ) -> SuiteResult:
        """``suites.validate_frame`` with every part validated by ``validate``."""
        return validate_frame(name, frame, prepare, self.validate)
