"""`make bench`'s generated corpus: distinct articles of distinct sentences, seeded."""

import random

from pipelines.bench_corpus import (
    MAX_WORDS,
    MIN_WORDS,
    build_corpus,
    draw_sentences,
    sampled_article,
)
from pipelines.evaluation.texts import repository_sentences
from pipelines.ingest import load_articles


def test_articles_have_realistic_lengths_and_no_repeated_sentence():
    sentences = repository_sentences()
    rng = random.Random(3)
    longest = max(len(s.split()) for s in sentences)
    for _ in range(50):
        headline, *body = draw_sentences(sentences, rng)
        words = sum(len(sentences[i].split()) for i in body)
        assert MIN_WORDS <= words < MAX_WORDS + longest
        assert len({headline, *body}) == len(body) + 1


def test_an_article_is_a_headline_and_paragraphs():
    headline, *paragraphs = sampled_article(repository_sentences(), random.Random(5)).split("\n\n")
    assert 0 < len(headline.split()) <= 10 and not headline.endswith((".", ",", ";", ":"))
    assert len(paragraphs) >= 5 and all(p.strip() for p in paragraphs)


def test_the_sentences_come_from_every_kind_of_text():
    sentences = repository_sentences()
    assert len(sentences) == len(set(sentences)) > 1000
    assert any("al-Kadhimi" in s for s in sentences)  # seeds
    assert any("Afghan team" in s for s in sentences)  # GUM Wikinews
    assert any(s == s.lower() and "$" in s for s in sentences)  # Recognizers-Text cases


def test_the_same_seed_gives_the_same_distinct_articles(tmp_path):
    first = build_corpus(tmp_path / "a", 30, seed=7)
    second = build_corpus(tmp_path / "b", 30, seed=7)
    texts = [p.read_text() for p in sorted(first.glob("*.txt"))]
    assert texts == [p.read_text() for p in sorted(second.glob("*.txt"))]
    assert len(set(texts)) == 30
    other = build_corpus(tmp_path / "c", 30, seed=8)
    assert texts != [p.read_text() for p in sorted(other.glob("*.txt"))]
    articles, rejected = load_articles(first)
    assert articles.height == 30 and rejected.height == 0
    assert articles["duplicate_of"].null_count() == 30
    assert articles["title"].null_count() == 0
