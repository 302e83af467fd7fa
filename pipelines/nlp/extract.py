"""Articles to sentence, mention and numeric-fact frames: spaCy in worker processes.

The model is loaded once, in the parent; forked workers share it and turn batches of
articles into three small polars frames, so no spaCy Doc ever crosses a process boundary.
The parent streams batches to the workers with a bounded number in flight and writes each
finished batch to Parquet (``extract_to_parts``), so memory does not grow with the corpus.
"""

import gc
import multiprocessing
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import polars as pl

from pipelines import schema
from pipelines.nlp.chunks import CHARS_PER_TOKEN, chunk_spans, pipe_batches, tokenizable, weight
from pipelines.nlp.model import load_nlp


@dataclass
class Extraction:
    sentences: pl.DataFrame
    mentions: pl.DataFrame
    facts: pl.DataFrame
    # Articles whose extraction raised (article_id, reason): held out, never the run stopped.
    failures: pl.DataFrame


FAILURES = {"article_id": pl.String, "reason": pl.String}


# What the extractor returns; fact_id and entity_id are added after corpus-wide resolution.
_FACT_COLUMNS = {k: v for k, v in schema.NUMERIC_FACTS.items() if k not in ("fact_id", "entity_id")}


class ArticleExtractor:
    """One per process: the model and both extractors, built once."""

    def __init__(
        self, model_name: str, batch_size: int, max_chunk_chars: int, blas: str | None = None
    ):
        from pipelines.nlp.mentions import MentionExtractor
        from pipelines.nlp.quantities import NumericFactExtractor

        self.nlp = load_nlp(model_name, blas)
        self.mentions = MentionExtractor(self.nlp)
        self.facts = NumericFactExtractor(self.nlp)
        self.batch_size = batch_size
        self.max_chunk_chars = max_chunk_chars

    def __call__(
        self, article_ids: list[str], bodies: list[str], published: list[date | None] | None = None
    ) -> Extraction:
        """Rows of the articles; ``published`` (their publication days) resolves relative dates."""
        return joined(self.batch_parts(article_ids, bodies, published))

    def batch_parts(
        self, article_ids: list[str], bodies: list[str], published: list[date | None] | None = None
    ) -> list[Extraction]:
        """The rows of each spaCy batch, not joined: what a forked worker returns (see
        ``joined``)."""
        published = published or [None] * len(article_ids)
        day_of = dict(zip(article_ids, published, strict=True))
        pieces = [
            (article_id, start, tokenizable(body[start:end]))
            for article_id, body in zip(article_ids, bodies, strict=True)
            for start, end in chunk_spans(body, self.max_chunk_chars, self.max_chunk_tokens)
        ]
        # Batches bounded by characters (or the prose that would hold their tokens) as well as
        # texts, and rows made frames after each, so that memory follows the batch size
        # whatever the length of one article.
        batches = pipe_batches(
            [weight(text) for _, _, text in pieces], self.batch_size, self.max_batch_chars
        )
        rows = _Rows(day_of)
        return [rows.add(self, pieces[batch.start : batch.stop]) for batch in batches]

    @property
    def max_chunk_tokens(self) -> int:
        # As many estimated tokens as prose of max_chunk_chars holds at most (see chunks.py)
        return max(1, self.max_chunk_chars // CHARS_PER_TOKEN)

    @property
    def max_batch_chars(self) -> int:
        # One chunk's worth: a long article's batches then need no more memory than a batch of
        # 32 ordinary articles (about 120,000 characters, which this cuts in two).
        return self.max_chunk_chars


def joined(parts: list[Extraction]) -> Extraction:
    """One extraction of several batches' rows. Only ever called in the parent: a forked
    worker inherits polars' thread pool without its threads, and a polars operation that
    hands work to the pool (``pl.concat`` of two frames does) waits for them forever. Building
    a frame from rows and pickling it do not use the pool."""
    return Extraction(
        sentences=pl.concat([p.sentences for p in parts] or [schema.empty(schema.SENTENCES)]),
        mentions=pl.concat([p.mentions for p in parts] or [schema.empty(schema.MENTIONS)]),
        facts=pl.concat([p.facts for p in parts] or [schema.empty(_FACT_COLUMNS)]),
        failures=pl.concat([p.failures for p in parts] or [schema.empty(FAILURES)]),
    )


class _Rows:
    """Sentence, mention and fact rows of one extraction, chunk by chunk: a chunk's row
    numbers continue those of the earlier chunks of its article."""

    def __init__(self, day_of: dict[str, date | None]):
        self.day_of = day_of  # publication day per article: relative dates resolve against it
        self.sentence_base: dict[str, int] = {}
        self.mention_base: dict[str, int] = {}
        self.failed: set[str] = set()  # articles whose extraction raised, reported once

    def add(self, extractor: "ArticleExtractor", pieces: list[tuple[str, int, str]]) -> Extraction:
        rows: dict[str, list[dict]] = {"sentences": [], "mentions": [], "facts": []}
        failures: list[tuple[str, str]] = []
        docs = extractor.nlp.pipe((text for _, _, text in pieces), batch_size=len(pieces))
        for (article_id, offset, text), doc in zip(pieces, docs, strict=True):
            first_sentence = self.sentence_base.get(article_id, 0)
            first_mention = self.mention_base.get(article_id, 0)
            sentence_count = 0
            for index, sent in enumerate(doc.sents):
                rows["sentences"].append(
                    {
                        "article_id": article_id,
                        "sentence_index": first_sentence + index,
                        "start_char": offset + sent.start_char,
                        "end_char": offset + sent.end_char,
                    }
                )
                sentence_count += 1
            try:
                mentions = extractor.mentions(doc, text)
                facts = extractor.facts(doc, self.day_of[article_id], text)
            except Exception as error:  # a rule's bug on one text must not stop the others
                if article_id not in self.failed:
                    self.failed.add(article_id)
                    failures.append((article_id, _failure(error, offset)))
                continue
            for mention in mentions:
                _shift(mention, article_id, offset, first_sentence)
                mention["mention_index"] += first_mention
            for fact in facts:
                _shift(fact, article_id, offset, first_sentence)
                for key in ("entity_start_char", "entity_end_char"):
                    if fact.get(key) is not None:
                        fact[key] += offset
            rows["mentions"].extend(mentions)
            rows["facts"].extend(facts)
            self.sentence_base[article_id] = first_sentence + sentence_count
            self.mention_base[article_id] = first_mention + len(mentions)
        return Extraction(
            sentences=pl.DataFrame(rows["sentences"], schema=schema.SENTENCES),
            mentions=pl.DataFrame(rows["mentions"], schema=schema.MENTIONS),
            facts=pl.DataFrame(rows["facts"], schema=_FACT_COLUMNS),
            failures=pl.DataFrame(failures, schema=FAILURES, orient="row"),
        )


def _failure(error: Exception, offset: int) -> str:
    return (
        f"held out of the warehouse: its extraction raised {type(error).__name__} ({error}) "
        f"in the text from character {offset}: report the article as a newsfacts bug; every "
        "run extracts it again until its rows load"
    )


def _shift(row: dict, article_id: str, offset: int, first_sentence: int) -> None:
    """Move a row found in one chunk to article coordinates."""
    row["article_id"] = article_id
    row["start_char"] += offset
    row["end_char"] += offset
    row["sentence_index"] += first_sentence


@cache
def article_extractor(
    model_name: str, batch_size: int, max_chunk_chars: int, blas: str | None = None
) -> ArticleExtractor:
    """The process's extractor. Forked workers inherit the parent's, so the model is loaded
    once for the whole run and its pages are shared between the processes."""
    return ArticleExtractor(model_name, batch_size, max_chunk_chars, blas)


def _run_in_worker(
    settings: tuple[str, int, int, str | None],
    article_ids: list[str],
    bodies: list[str],
    published: list[date | None],
) -> list[Extraction]:
    """In a forked worker: the batch's rows per spaCy batch, joined by the parent."""
    return article_extractor(*settings).batch_parts(article_ids, bodies, published)


Progress = Callable[[int, int, float], None]  # (articles done, total, articles per second)


def batch_sizes(total: int, batch_size: int, processes: int) -> list[int]:
    """How many articles each batch takes, in input order.

    A run smaller than a batch per worker is cut into one batch per worker, so every core has
    work. In a larger run the last batch per worker's worth of articles goes in quarter
    batches: the workers then finish within a small batch of each other, instead of one
    idling while the other works through a full last batch (seconds on a 2-core machine).
    """
    if total == 0:
        return []
    if processes <= 1 or total <= processes * batch_size:
        return _cut(total, max(1, min(batch_size, -(-total // processes))))
    full = (total - processes * batch_size) // batch_size
    return [batch_size] * full + _cut(total - full * batch_size, max(1, batch_size // 4))


def _cut(total: int, size: int) -> list[int]:
    """``total`` articles in batches of ``size``, the last one smaller."""
    return [size] * (total // size) + ([total % size] if total % size else [])


Batch = tuple[list[str], list[str], list[date | None]]


def _batches(articles: pl.DataFrame, sizes: list[int]) -> Iterator[Batch]:
    """(ids, bodies, publication days) per batch; the days are None without published_at."""
    if "published_at" not in articles.columns:
        articles = articles.with_columns(published_at=pl.lit(None, pl.Datetime("us")))
    offset = 0
    for size in sizes:
        frame = articles.slice(offset, size).select(
            "article_id", "body", pl.col("published_at").dt.date()
        )
        offset += size
        yield (
            frame["article_id"].to_list(),
            frame["body"].to_list(),
            frame["published_at"].to_list(),
        )


def _run_batches(
    articles: pl.DataFrame,
    on_part: Callable[[int, Extraction], None],
    *,
    model_name: str,
    processes: int,
    batch_size: int,
    max_chunk_chars: int,
    blas: str | None,
    progress: Progress | None,
) -> int:
    """Extract ``articles`` batch by batch; ``on_part(index, part)`` gets each finished batch
    (index = the batch's place in the input) as soon as it is done. Returns the batch count."""
    total = articles.height
    started = time.perf_counter()
    done = 0

    def report(index: int, part: Extraction, count: int) -> None:
        nonlocal done
        on_part(index, part)
        done += count
        if progress is not None:
            progress(done, total, done / max(time.perf_counter() - started, 1e-9))

    if total == 0:
        return 0
    settings = (model_name, batch_size, max_chunk_chars, blas)
    extractor = article_extractor(*settings)
    sizes = batch_sizes(total, batch_size, processes)
    if processes <= 1 or total == 1:
        for index, (ids, bodies, published) in enumerate(_batches(articles, sizes)):
            report(index, extractor(ids, bodies, published), len(ids))
        return len(sizes)

    # fork: workers start at once with the model already loaded (as spaCy's own n_process
    # does on Linux); only the rows they extract travel back, as small polars frames.
    in_flight: dict[Future, tuple[int, int]] = {}

    def collect(future: Future) -> None:
        index, count = in_flight.pop(future)
        report(index, joined(future.result()), count)

    with (
        _frozen_heap(),
        ProcessPoolExecutor(
            max_workers=processes, mp_context=multiprocessing.get_context("fork")
        ) as pool,
    ):
        for index, (ids, bodies, published) in enumerate(_batches(articles, sizes)):
            # Two batches per worker in flight keeps both cores busy and memory bounded.
            while len(in_flight) >= 2 * processes:
                finished, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in finished:
                    collect(future)
            in_flight[pool.submit(_run_in_worker, settings, ids, bodies, published)] = (
                index,
                len(ids),
            )
        for future in list(in_flight):
            collect(future)
    return len(sizes)


@contextmanager
def _frozen_heap() -> Iterator[None]:
    """The parent's objects (the model, the rule tables, Dagster's and GX's modules: some
    300,000) moved out of the garbage collector's reach while the workers fork and run:
    otherwise each worker's full collections walk all of them again, and touching their
    headers copies the pages the workers share with the parent. Measured on 2,000 articles:
    the workers' collections took 3 s of 141 CPU s each, 0.8 s frozen."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


# The tables a run writes as parts: what the workers return, and the finished mentions and
# facts (with entity ids) that the extract asset writes beside them.
PART_COLUMNS = {
    "sentences": schema.SENTENCES,
    "mentions": schema.MENTIONS,
    "facts": _FACT_COLUMNS,
    "failures": FAILURES,
    "entity_mentions": schema.ENTITY_MENTION_ROWS,
    "numeric_facts": schema.NUMERIC_FACTS,
}


@dataclass(frozen=True)
class Parts:
    """One run's extracted rows on disk: ``<folder>/<table>/part-NNNNNN.parquet``, one part per
    batch. All rows of an article are in one part, and part order is input order."""

    folder: Path
    count: int

    def path(self, table: str, index: int) -> Path:
        return self.folder / table / f"part-{index:06d}.parquet"

    def read(self, table: str, index: int) -> pl.DataFrame:
        return pl.read_parquet(self.path(table, index))

    def scan(self, table: str) -> pl.LazyFrame:
        """All parts of ``table`` in input order (an empty frame when there is none)."""
        if self.count == 0:
            return schema.empty(PART_COLUMNS[table]).lazy()
        return pl.scan_parquet([self.path(table, i) for i in range(self.count)])

    def write(self, table: str, index: int, frame: pl.DataFrame) -> None:
        path = self.path(table, index)
        path.parent.mkdir(parents=True, exist_ok=True)
        frame.write_parquet(path, compression="lz4")


def extract_to_parts(
    articles: pl.DataFrame,
    folder: Path,
    *,
    model_name: str,
    processes: int,
    batch_size: int,
    max_chunk_chars: int,
    blas: str | None = None,
    progress: Progress | None = None,
) -> Parts:
    """Run the model and both extractors over ``articles`` (columns article_id, body and
    optionally published_at, which relative dates resolve against); each
    finished batch goes to Parquet files under ``folder`` at once, so the parent holds no
    more than the batches in flight, however many articles there are."""
    parts = Parts(folder, 0)

    def write(index: int, part: Extraction) -> None:
        parts.write("sentences", index, part.sentences)
        parts.write("mentions", index, part.mentions)
        parts.write("facts", index, part.facts)
        parts.write("failures", index, part.failures)

    count = _run_batches(
        articles,
        write,
        model_name=model_name,
        processes=processes,
        batch_size=batch_size,
        max_chunk_chars=max_chunk_chars,
        blas=blas,
        progress=progress,
    )
    return Parts(folder, count)
