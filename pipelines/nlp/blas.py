"""Which matrix library the model's layers multiply with (``NEWSFACTS_BLAS``).

spaCy's models run on thinc's ``NumpyOps``, which by default multiply matrices with the
``blis`` package. Its wheel picks kernels by the processor it finds; on processors its
table does not know (AMD's Zen 3 and Zen 4, as in these machines' EPYC) it falls back to
its generic kernels, about a quarter of the speed of numpy's own OpenBLAS, which picks its
kernels for every current x86 and ARM processor. ``numpy`` (the default) builds the model
with ``NumpyOps(use_blis=False)``: its layers multiply through numpy. The results are
the same to the last tag, arc and entity (``tests/nlp/test_blas.py``; README,
"Performance"). ``blis`` keeps spaCy's default.

Either way one BLAS thread per process: the run's parallelism is its worker processes, and
OpenBLAS threads next to them would only contend for the same cores.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

CHOICES = ("numpy", "blis")


def check_choice(choice: str) -> None:
    """A value of NEWSFACTS_BLAS that names no library is an error naming the variable."""
    if choice not in CHOICES:
        raise ValueError(
            f"NEWSFACTS_BLAS={choice!r}: use 'numpy' (numpy's OpenBLAS, the default) or "
            "'blis' (spaCy's default)"
        )


@contextmanager
def model_ops(choice: str) -> Iterator[None]:
    """Within the block, models built (e.g. by ``spacy.load``) multiply with ``choice``; the
    ops stay theirs after it."""
    check_choice(choice)
    one_thread_per_process()
    if choice == "blis":
        yield
        return
    from thinc.api import use_ops

    with use_ops("numpy", use_blis=False):
        yield


def one_thread_per_process() -> None:
    """Numpy's BLAS runs one thread in this process and the workers forked from it."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
