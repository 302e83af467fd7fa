"""The validation helper: a process of its own that imports GX once and runs every suite.

GX takes seconds of one core to import. A run starts this helper first thing
(``pipelines.quality.validator.Validator``), so the import happens on the second core while
the first starts the run and scans the folder. This module only serves; the run's side of
the protocol is ``validator.HelperProcess``.

Protocol: the parent writes pickled ``(suite name, polars frame)`` requests to the helper's
stdin and reads one pickled ``(ok, outcomes or error text)`` reply per request from its
stdout. The helper exits when its stdin closes, which includes the parent's death.
"""

import contextlib
import ctypes
import gc
import os
import pickle
import sys
import traceback

from pipelines.quality.engine import import_gx, validate_part


def _release_memory() -> None:
    """Hand freed memory back to the system, so the helper does not keep the largest part it
    ever validated (glibc keeps freed memory for reuse otherwise)."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def serve() -> None:
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # prints and logs go to stderr
    import_gx()
    # GX's, pandas' and their modules' objects (some 300,000) out of the collector's reach:
    # the full collection after each request then walks only what the requests left, a few
    # milliseconds instead of 0.2 s, which a run waited for after every suite.
    gc.collect()
    gc.freeze()
    requests = sys.stdin.buffer
    while True:
        try:
            name, part = pickle.load(requests)
        except EOFError:
            return
        try:
            reply = (True, validate_part(name, part))
        except Exception:  # reported to the parent, which raises it there
            reply = (False, traceback.format_exc())
        del part
        pickle.dump(reply, replies, protocol=pickle.HIGHEST_PROTOCOL)
        replies.flush()
        # After the reply: the run goes on while the helper frees the part's memory.
        del reply
        _release_memory()


if __name__ == "__main__":
    serve()
    # Every reply is flushed: skip the interpreter's teardown of GX and pandas (most of a
    # second), which the run would otherwise wait for when it closes the helper.
    sys.stderr.flush()
    os._exit(0)
