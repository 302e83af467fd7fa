"""`make bench`'s generated corpus: articles of sampled sentences, none repeated.

Each article takes a length of 300 to 800 words and draws sentences from all the text the
repository has (seed articles, GUM Wikinews articles, number test cases), never the same
sentence twice in one article, in paragraphs of two to five sentences under a headline.
The draw is seeded (``BENCH_SEED``), so the same settings give the same corpus.
"""

import random
from pathlib import Path

from pipelines.evaluation.texts import repository_sentences

DEFAULT_SEED = 16
MIN_WORDS, MAX_WORDS = 300, 800
HEADLINE_WORDS = (5, 10)


def sampled_article(sentences: list[str], rng: random.Random) -> str:
    """A headline and paragraphs of distinct sentences, 300 to 800 words in all."""
    target = rng.randint(MIN_WORDS, MAX_WORDS)
    order = rng.sample(range(len(sentences)), len(sentences))
    words = sentences[order[0]].split()[: rng.randint(*HEADLINE_WORDS)]
    headline = " ".join(words).rstrip(".,;:!?")
    chosen, count = [], 0
    for index in order[1:]:
        if count >= target:
            break
        chosen.append(sentences[index])
        count += len(sentences[index].split())
    paragraphs, start = [], 0
    while start < len(chosen):
        size = rng.randint(2, 5)
        paragraphs.append(" ".join(chosen[start : start + size]))
        start += size
    return headline + "\n\n" + "\n\n".join(paragraphs) + "\n"


def build_corpus(target: Path, size: int, seed: int = DEFAULT_SEED) -> Path:
    """Write ``size`` distinct sampled articles to ``target`` (its old .txt files go)."""
    sentences = repository_sentences()
    rng = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    for old in target.glob("*.txt"):
        old.unlink()
    written: set[str] = set()
    while len(written) < size:
        text = sampled_article(sentences, rng)
        if text in written:  # duplicates would skip the model
            continue
        (target / f"{len(written):05d}.txt").write_text(text, encoding="utf-8")
        written.add(text)
    return target
