"""`python -m pipelines.bench_components [N] [ROUNDS]`: seconds per spaCy component and per
extractor on the same N generated articles (default 200), in one process.

spaCy's default pipeline (with the project's tokenizer rules and line-sentence component,
so both see the same tokens) and the project's pipeline (attribute ruler and lemmatizer
replaced by ``newsfacts_token_attributes``) take turns over the same texts, ROUNDS times
(default 2; the first round of the project's pipeline starts with empty caches). Comparing
components within one process and one round is far less sensitive to a busy machine than
comparing two whole runs.
"""

import sys
import tempfile
import time
from pathlib import Path

from pipelines.bench import corpus_texts
from pipelines.bench_corpus import build_corpus
from pipelines.settings import Settings


def spacy_pipeline(model: str):
    """spaCy's default pipeline for ``model`` with the project's tokenizer and sentence rules."""
    import spacy

    from pipelines.nlp import mentions, quantities

    nlp = spacy.load(model)
    mentions.customize_pipeline(nlp)
    quantities.customize_pipeline(nlp)
    return nlp


def component_seconds(nlp, texts: list[str], batch_size: int) -> tuple[dict[str, float], list]:
    """Seconds of the tokenizer and of each component over all texts, batch by batch."""
    started = time.perf_counter()
    docs = [nlp.make_doc(text) for text in texts]
    seconds = {"tokenizer": time.perf_counter() - started}
    for name, component in nlp.pipeline:
        started = time.perf_counter()
        if hasattr(component, "pipe"):
            docs = list(component.pipe(docs, batch_size=batch_size))
        else:
            docs = [component(doc) for doc in docs]
        seconds[name] = time.perf_counter() - started
    return seconds, docs


def extractor_seconds(nlp, docs: list) -> dict[str, float]:
    from pipelines.nlp.mentions import MentionExtractor
    from pipelines.nlp.quantities import NumericFactExtractor

    seconds = {}
    for name, extractor in (
        ("mention rules", MentionExtractor(nlp)),
        ("numeric-fact rules", NumericFactExtractor(nlp)),
    ):
        started = time.perf_counter()
        for doc in docs:
            extractor(doc)
        seconds[name] = time.perf_counter() - started
    return seconds


def print_round(number: int, spacy_times: dict, project_times: dict) -> None:
    print(f"round {number}: {'component':<28} {'spaCy default':>13} {'project':>9}")
    for name in dict.fromkeys([*spacy_times, *project_times]):
        theirs, ours = spacy_times.get(name), project_times.get(name)
        left = f"{theirs:11.2f} s" if theirs is not None else f"{'-':>13}"
        right = f"{ours:7.2f} s" if ours is not None else f"{'-':>9}"
        print(f"{'':9}{name:<28} {left} {right}")
    print(
        f"{'':9}{'total':<28} {sum(spacy_times.values()):11.2f} s "
        f"{sum(project_times.values()):7.2f} s"
    )


def main(size: int, rounds: int) -> int:
    from pipelines.nlp.model import load_nlp

    settings = Settings()
    with tempfile.TemporaryDirectory(prefix="newsfacts-components-") as folder:
        texts = corpus_texts(build_corpus(Path(folder), size))
    words = sum(len(text.split()) for text in texts)
    print(f"{len(texts)} generated articles, {words:,} words; one process")
    theirs, ours = spacy_pipeline(settings.spacy_model), load_nlp(settings.spacy_model)
    for number in range(1, rounds + 1):
        spacy_times, spacy_docs = component_seconds(theirs, texts, settings.batch_size)
        project_times, project_docs = component_seconds(ours, texts, settings.batch_size)
        spacy_times |= extractor_seconds(theirs, spacy_docs)
        project_times |= extractor_seconds(ours, project_docs)
        print_round(number, spacy_times, project_times)
    return 0


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    sys.exit(main(size, rounds))
