"""The numpy token patterns find exactly what spaCy's Matcher finds with the same tests."""

import pytest
from spacy.matcher import Matcher

from pipelines.nlp.quantities.numbers import VULGAR_FRACTIONS
from pipelines.nlp.quantities.patterns import (
    DURATION_ADJECTIVES,
    DURATION_ARTICLES,
    DURATION_PREPOSITIONS,
    NOT_NUMBER_SIGNS,
    NUMBER_TEXT_PATTERNS,
    TokenPatterns,
    duration_units,
    number_words,
)
from pipelines.settings import PROJECT_ROOT

TRICKY = [
    "Prices rose 4.5bn, -4 and +3 points; 200lbs of ½ a cake weighed ¾ kg.",
    "The tally of160,000 votes, 2,500 troops, twelve ships and a half dozen tanks.",
    "In a week, for an hour, within a single year, over a full decade, after a second.",
    "for a year-long inquiry in an - hour during a whole month inside a day",
    "- + −5 5− 1st 2nd 10th 1990s 9am 3.14 1,000,000 III million Billion half Half",
    "",
    "42",
    "in a",
]


@pytest.fixture(scope="module")
def reference(nlp):
    """spaCy's Matcher with the same token tests, as the extractor used to run them."""
    matcher = Matcher(nlp.vocab)
    matcher.add(
        "NUMBER",
        [
            [{"LIKE_NUM": True, "TEXT": {"NOT_IN": sorted(NOT_NUMBER_SIGNS)}}],
            *[[{"TEXT": {"REGEX": pattern}}] for pattern in NUMBER_TEXT_PATTERNS],
            [{"TEXT": {"IN": list(VULGAR_FRACTIONS)}}],
            [{"LOWER": {"IN": sorted(number_words())}}],
        ],
    )
    matcher.add(
        "DURATION",
        [
            [
                {"LOWER": {"IN": list(DURATION_PREPOSITIONS)}},
                {"LOWER": {"IN": list(DURATION_ARTICLES)}},
                {"LOWER": {"IN": list(DURATION_ADJECTIVES)}, "OP": "?"},
                {"LOWER": {"IN": duration_units()}},
            ]
        ],
    )
    duration = nlp.vocab.strings["DURATION"]

    def run(doc):
        matches = matcher(doc)
        starts = sorted({s for label, s, _ in matches if label != duration})
        durations = sorted((s, e) for label, s, e in matches if label == duration)
        return starts, durations

    return run


def texts() -> list[str]:
    seeds = sorted(p for p in (PROJECT_ROOT / "seeds").rglob("*.txt") if "LICENSE" not in p.name)
    return TRICKY + [p.read_text(encoding="utf-8") for p in seeds]


def test_token_patterns_match_spacy_matcher(nlp, reference):
    patterns = TokenPatterns(nlp.vocab)
    numbers = durations = 0
    for doc in nlp.pipe(texts()):
        expected_starts, expected_durations = reference(doc)
        assert patterns.number_starts(doc) == expected_starts, doc.text[:60]
        assert patterns.article_durations(doc) == expected_durations, doc.text[:60]
        numbers += len(expected_starts)
        durations += len(expected_durations)
    # the comparison covered real matches of both kinds, not only empty lists
    assert numbers > 500
    assert durations >= 5
