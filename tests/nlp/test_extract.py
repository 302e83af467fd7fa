"""Extraction to Parquet parts: forked workers, one part per batch, nothing held in memory."""

import contextlib

import polars as pl
import pytest

from pipelines import schema
from pipelines.nlp.extract import batch_sizes, extract_to_parts
from pipelines.settings import PROJECT_ROOT, Settings

SEEDS = PROJECT_ROOT / "seeds"


@pytest.fixture(scope="module")
def articles():
    paths = sorted(SEEDS.rglob("*.txt"))[:5]
    return pl.DataFrame(
        {"article_id": [p.stem for p in paths], "body": [p.read_text("utf-8") for p in paths]}
    )


def extract(articles, folder, processes):
    settings = Settings()
    return extract_to_parts(
        articles,
        folder,
        model_name=settings.spacy_model,
        processes=processes,
        batch_size=2,
        max_chunk_chars=settings.max_chunk_chars,
    )


def test_parts_hold_each_batch_in_input_order(articles, tmp_path):
    parts = extract(articles, tmp_path, processes=2)
    assert parts.count == len(batch_sizes(5, 2, 2)) > 1
    expected = articles["article_id"].to_list()
    for table in ("sentences", "mentions", "facts"):
        found = [
            parts.read(table, i)["article_id"].unique(maintain_order=True)
            for i in range(parts.count)
        ]
        # every article in exactly one part, parts in input order
        assert [a for ids in found for a in ids.to_list()] == expected
    sentences = parts.scan("sentences").collect()
    assert sentences.schema == pl.Schema(schema.SENTENCES)
    assert set(sentences["article_id"]) == set(expected)


def test_forked_workers_extract_what_one_process_does(articles, tmp_path):
    forked = extract(articles, tmp_path / "forked", processes=2)
    alone = extract(articles, tmp_path / "alone", processes=1)
    for table in ("sentences", "mentions", "facts"):
        assert forked.scan(table).collect().equals(alone.scan(table).collect())
    assert forked.scan("facts").collect().height > 0


def test_no_articles_no_parts(tmp_path):
    parts = extract(pl.DataFrame(schema={"article_id": pl.String, "body": pl.String}), tmp_path, 2)
    assert parts.count == 0
    assert parts.scan("mentions").collect().schema == pl.Schema(schema.MENTIONS)
    assert parts.scan("facts").collect().is_empty()


def test_a_small_run_gives_every_worker_a_batch(articles, tmp_path):
    settings = Settings()
    parts = extract_to_parts(
        articles.head(3),
        tmp_path,
        model_name=settings.spacy_model,
        processes=2,
        batch_size=32,
        max_chunk_chars=settings.max_chunk_chars,
    )
    assert parts.count == 2  # three articles over two workers, not one batch of 32
    assert parts.scan("sentences").collect()["article_id"].n_unique() == 3


def test_batches_end_small_so_the_workers_finish_together():
    sizes = batch_sizes(2000, 32, 2)
    assert sum(sizes) == 2000
    assert sizes[:60] == [32] * 60  # full batches while there is plenty of work
    assert sizes[60:] == [8] * 10  # the last two batches' worth in quarters
    assert batch_sizes(20, 32, 2) == [10, 10]  # a small run: one batch per worker
    assert batch_sizes(100, 32, 1) == [32, 32, 32, 4]  # one process: nothing to balance
    assert batch_sizes(0, 32, 2) == []


def test_a_long_article_without_paragraph_breaks_is_extracted_in_bounded_batches(monkeypatch):
    """Cut at sentence ends into chunks, fed a chunk's worth of characters at a time: the
    rows are those of the article, offsets in its coordinates, sentence numbers running on."""
    from pipelines.nlp import extract as module

    body = (SEEDS / "iraq-withdrawal.txt").read_text("utf-8").replace("\n", " ") * 3
    extractor = module.ArticleExtractor(Settings().spacy_model, 32, 800)
    fed: list[int] = []
    pipe = extractor.nlp.pipe

    def counting_pipe(texts, **kwargs):
        texts = list(texts)
        fed.append(sum(map(len, texts)))
        return pipe(texts, **kwargs)

    monkeypatch.setattr(extractor.nlp, "pipe", counting_pipe)
    result = extractor(["long", "short"], [body, "Acme hired 30 engineers in Dublin."])
    assert len(fed) > 5 and max(fed) <= 800
    sentences = result.sentences.filter(pl.col("article_id") == "long")
    assert sentences["sentence_index"].to_list() == list(range(sentences.height))
    assert sentences["start_char"].min() == 0 and sentences["end_char"].max() == len(body)
    for frame in (result.mentions, result.facts):
        rows = frame.filter(pl.col("article_id") == "long").to_dicts()
        assert rows and all(body[r["start_char"] : r["end_char"]] == r["text"] for r in rows)
    short = result.sentences.filter(pl.col("article_id") == "short")
    assert short.select("sentence_index", "start_char", "end_char").rows() == [(0, 0, 34)]


# Run in a process of its own, so that a hang fails the test (by its timeout) instead of
# stalling the suite: the parent uses polars' thread pool first, as a pipeline run does
# (the scan, the change plan), then forks workers whose batches span several spaCy batches.
FORKED_AFTER_POOL = """
import sys
from pathlib import Path
import polars as pl
from pipelines.nlp.extract import extract_to_parts
from pipelines.settings import PROJECT_ROOT, Settings

warm = pl.DataFrame({"k": [i % 97 for i in range(500_000)], "v": range(500_000)})
assert warm.group_by("k").agg(pl.col("v").sum()).height == 97
paths = sorted((PROJECT_ROOT / "seeds").rglob("*.txt"))[:4]
articles = pl.DataFrame(
    {"article_id": [p.stem for p in paths], "body": [p.read_text("utf-8") for p in paths]}
)
rows = []
for processes in (2, 1):
    parts = extract_to_parts(
        articles, Path(sys.argv[1]) / str(processes), model_name=Settings().spacy_model,
        processes=processes, batch_size=2, max_chunk_chars=1500,
    )
    rows.append([parts.scan(t).collect().height for t in ("sentences", "mentions", "facts")])
print(rows)
"""


def test_forked_workers_with_several_spacy_batches_each_finish(tmp_path):
    """A worker's batch longer than a chunk goes to spaCy in several batches; joining their
    rows in the worker (pl.concat, on the thread pool a fork leaves without threads) hung
    every run of real-length articles. The rows equal those of one process."""
    import ast
    import os
    import signal
    import subprocess
    import sys

    # a session of its own: on a timeout its hung workers are killed with it
    process = subprocess.Popen(
        [sys.executable, "-c", FORKED_AFTER_POOL, str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=PROJECT_ROOT,
        start_new_session=True,
    )
    try:
        output, _ = process.communicate(timeout=240)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 0
    forked, alone = ast.literal_eval(output.strip().splitlines()[-1])
    assert forked == alone and min(forked) > 0


def test_an_article_whose_rules_raise_is_reported_and_the_others_extracted():
    """A bug of the rules on one text (simulated: no such text is known today, and the
    extractor of the run is the real one but for this) holds that article out, not the run."""
    from pipelines.nlp.extract import ArticleExtractor

    settings = Settings()
    extractor = ArticleExtractor(settings.spacy_model, 4, settings.max_chunk_chars)
    real_facts = extractor.facts

    def facts(doc, published=None, text=None):
        if "Zanzibar" in doc.text:
            raise ValueError("year -1997979 is out of range")
        return real_facts(doc, published, text)

    extractor.facts = facts
    found = extractor(
        ["good", "bad", "also-good"],
        ["Sales rose 4% in May.", "Zanzibar grew by 7%.", "The firm hired 40 people."],
    )
    assert found.failures["article_id"].to_list() == ["bad"]
    assert "raised ValueError (year -1997979 is out of range)" in found.failures["reason"][0]
    assert set(found.facts["article_id"]) == {"good", "also-good"}


def _freeze_count(_: int) -> int:
    import gc

    return gc.get_freeze_count()


def test_workers_fork_with_the_parents_objects_out_of_the_collectors_reach():
    import gc
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from pipelines.nlp.extract import _frozen_heap

    assert gc.get_freeze_count() == 0
    with (
        _frozen_heap(),
        ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool,
    ):
        frozen = gc.get_freeze_count()
        assert frozen > 1000
        # a few die in the child as it starts; the rest stay frozen there too
        assert pool.submit(_freeze_count, 0).result() > 0.9 * frozen
    assert gc.get_freeze_count() == 0  # the parent collects them again afterwards
