"""The extraction rules' CPU per article, and a check that a change keeps their outputs.

``python -m pipelines.bench_rules time [N] [REPS]``: loads the model once, parses N
generated articles (default 300, ``pipelines.bench_corpus``) with ``nlp.pipe``, then times
only the rules over the parsed Docs (the mention extractor, the numeric-fact extractor and
the sentence rows ``extract.py`` builds after the model), REPS times (default 3), with
``time.process_time()``; the figure is the minimum over the repetitions, in CPU ms per
article. ``--profile`` prints a cProfile of one repetition, sorted by own time.

``python -m pipelines.bench_rules dump FOLDER [N]``: every frame the extractor returns on
the seeds and on N generated articles, as Parquet in FOLDER.
``python -m pipelines.bench_rules compare FOLDER_A FOLDER_B``: exits 1 unless the two dumps
are frame-equal.
"""

import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

from pipelines.bench import corpus_texts
from pipelines.bench_corpus import build_corpus
from pipelines.settings import Settings

DEFAULT_ARTICLES = 300
DEFAULT_REPS = 3
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
FRAMES = ("sentences", "mentions", "facts", "failures")


def generated_texts(size: int) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="newsfacts-rules-") as folder:
        return corpus_texts(build_corpus(Path(folder), size))


def rule_families(extractor) -> dict:
    """What runs on each parsed Doc after the model, by family."""
    return {
        "sentence rows": lambda doc, text: [(s.start_char, s.end_char) for s in doc.sents],
        "mention rules": extractor.mentions,
        "numeric-fact rules": lambda doc, text: extractor.facts(doc, None, text),
    }


def family_seconds(families: dict, docs: list, texts: list[str]) -> dict[str, float]:
    seconds = {}
    for name, rule in families.items():
        started = time.process_time()
        for doc, text in zip(docs, texts, strict=True):
            rule(doc, text)
        seconds[name] = time.process_time() - started
    return seconds


def time_rules(size: int, reps: int, profile: bool) -> int:
    from pipelines.nlp.extract import ArticleExtractor

    settings = Settings()
    texts = generated_texts(size)
    extractor = ArticleExtractor(
        settings.spacy_model, settings.batch_size, settings.max_chunk_chars
    )
    docs = list(extractor.nlp.pipe(texts, batch_size=settings.batch_size))
    families = rule_families(extractor)
    family_seconds(families, docs, texts)  # warm the caches: the runs see a warm process
    runs = [family_seconds(families, docs, texts) for _ in range(reps)]
    print(f"{len(texts)} generated articles, rules only, CPU ms/article (min of {reps} reps)")
    for name in families:
        print(f"  {name:<20} {1000 * min(run[name] for run in runs) / len(texts):8.2f}")
    total = min(sum(run.values()) for run in runs)
    print(f"  {'total':<20} {1000 * total / len(texts):8.2f}")
    if profile:
        profiler = cProfile.Profile()
        profiler.enable()
        family_seconds(families, docs, texts)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
    return 0


def seed_articles() -> tuple[list[str], list[str]]:
    from pipelines.ingest.load import load_articles

    articles, _ = load_articles(SEEDS)
    return articles["article_id"].to_list(), articles["body"].to_list()


def dump(folder: Path, size: int) -> int:
    from pipelines.nlp.extract import ArticleExtractor

    settings = Settings()
    extractor = ArticleExtractor(
        settings.spacy_model, settings.batch_size, settings.max_chunk_chars
    )
    texts = generated_texts(size)
    sets = {
        "seeds": seed_articles(),
        "generated": ([f"g{index:05d}" for index in range(len(texts))], texts),
    }
    folder.mkdir(parents=True, exist_ok=True)
    for name, (ids, bodies) in sets.items():
        extraction = extractor(ids, bodies)
        for frame in FRAMES:
            getattr(extraction, frame).write_parquet(folder / f"{name}-{frame}.parquet")
    print(f"dumped {', '.join(sets)} to {folder}")
    return 0


def compare(before: Path, after: Path) -> int:
    differ = 0
    for path in sorted(before.glob("*.parquet")):
        old, new = pl.read_parquet(path), pl.read_parquet(after / path.name)
        same = old.equals(new)
        differ += not same
        print(f"{path.name:<28} {old.height:>7} rows  {'same' if same else 'DIFFERENT'}")
    return 1 if differ else 0


def main(arguments: list[str]) -> int:
    command, *rest = arguments or ["time"]
    if command == "time":
        profile = "--profile" in rest
        numbers = [int(value) for value in rest if value != "--profile"]
        size = numbers[0] if numbers else DEFAULT_ARTICLES
        reps = numbers[1] if len(numbers) > 1 else DEFAULT_REPS
        return time_rules(size, reps, profile)
    if command == "dump":
        return dump(Path(rest[0]), int(rest[1]) if len(rest) > 1 else DEFAULT_ARTICLES)
    if command == "compare":
        return compare(Path(rest[0]), Path(rest[1]))
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
