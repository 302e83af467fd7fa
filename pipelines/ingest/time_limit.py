"""A CPU-time limit for one reader call, so that no single file can stall a scan.

CPU time rather than wall-clock time: a page that parses in 20 s on an idle machine must
not be rejected because other work shares the cores."""

import contextlib
import signal
import threading
from collections.abc import Iterator


class TimeLimitExceeded(BaseException):
    """Raised inside the limited call. A BaseException, as KeyboardInterrupt is, so that the
    parsers' own ``except Exception`` fallbacks cannot swallow it."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise TimeLimitExceeded in the block once the process has spent ``seconds`` of CPU
    time in it.

    A timer signal interrupts Python code only in the main thread; elsewhere (a thread
    pool) the block runs without a limit rather than fail."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise TimeLimitExceeded

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
