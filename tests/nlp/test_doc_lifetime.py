"""A Doc is freed as soon as the extractors are done with it.

The extraction workers run for the whole corpus. A reference cycle through a Doc (a Span
kept in ``doc.user_data`` refers back to its Doc) leaves every Doc, with its token arrays,
to the cycle collector, which runs its full passes rarely: the workers grew by some 400 KB
per article, past 1 GB each at 2,000 articles. These tests free Docs by reference counting
alone, with the collector off.
"""

import gc
import weakref

import pytest

from pipelines.nlp.extract import article_extractor
from pipelines.settings import PROJECT_ROOT, Settings

SEEDS = sorted(p for p in (PROJECT_ROOT / "seeds").rglob("*.txt") if "LICENSE" not in p.name)[:6]


@pytest.fixture(scope="module")
def extractor():
    settings = Settings()
    return article_extractor(settings.spacy_model, settings.batch_size, settings.max_chunk_chars)


@pytest.fixture
def collector_off():
    gc.collect()
    gc.disable()
    yield
    gc.enable()


@pytest.mark.parametrize("path", SEEDS, ids=lambda path: path.stem)
def test_a_doc_is_freed_after_both_extractors_read_it(extractor, collector_off, path):
    doc = extractor.nlp(path.read_text(encoding="utf-8"))
    assert extractor.mentions(doc, doc.text) is not None
    assert extractor.facts(doc, None) is not None
    freed = weakref.ref(doc)
    del doc
    assert freed() is None, "a reference cycle keeps the Doc until the cycle collector runs"


def test_a_batchs_docs_leave_no_garbage_for_the_collector(extractor, collector_off):
    bodies = [path.read_text(encoding="utf-8") for path in SEEDS]
    extractor([path.stem for path in SEEDS], bodies, [None] * len(SEEDS))
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        gc.collect()
        kept = [type(o).__name__ for o in gc.garbage if type(o).__name__ in ("Doc", "Span")]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert kept == []
