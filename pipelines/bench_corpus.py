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


def draw_sentences(sentences: list[str], rng: random.Random) -> list[int]:
    """Indices of distinct sentences, drawn until the article has 300 to 800 words (its
    length drawn first); the first one gives the headline."""
    target = rng.randint(MIN_WORDS, MAX_WORDS)
    order = rng.sample(range(len(sentences)), len(sentences))
    chosen, count = order[:1], 0
    for index in order[1:]:
        if count >= target:
            break
        chosen.append(index)
        count += len(sentences[index].split())
    return chosen


def sampled_article(sentences: list[str], rng: random.Random) -> str:
    """A headline and paragraphs of two to five distinct sentences, 300 to 800 words."""
    first, *body = (sentences[index] for index in draw_sentences(sentences, rng))
    headline = " ".join(first.split()[: rng.randint(*HEADLINE_WORDS)]).rstrip(".,;:!?")
    paragraphs, start = [], 0
    while start < len(body):
        size = rng.randint(2, 5)
        paragraphs.append(" ".join(body[start : start + size]))
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
