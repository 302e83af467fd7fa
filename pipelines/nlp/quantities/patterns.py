"""spaCy Matcher patterns, as data returned by small named functions."""

from pipelines.nlp.quantities.numbers import VULGAR_FRACTIONS
from pipelines.nlp.quantities.tables import scale_words, unit_aliases

ORDINAL_SUFFIX = r"^\d+(?:st|nd|rd|th)$"


def number_token_patterns() -> list[list[dict]]:
    """Tokens that are, or hold, a number: "2,500", "twelve", "4.5bn", "200lbs", "-4", "½"."""
    return [
        [{"LIKE_NUM": True, "TEXT": {"NOT_IN": ["-", "+"]}}],
        [{"TEXT": {"REGEX": r"^[-−]?\d[\d.,]*[^\d\s.,]\S*$"}}],
        [{"TEXT": {"REGEX": r"^[-−]\d[\d.,]*$"}}],
        [{"TEXT": {"IN": list(VULGAR_FRACTIONS)}}],
        [{"LOWER": {"IN": [*scale_words(), "half"]}}],
    ]


def glued_word_number_patterns() -> list[list[dict]]:
    """A word glued to a grouped number, "of160,000", when the tokenizer rule is not installed."""
    return [[{"TEXT": {"REGEX": r"^[a-z]{2,}\d{1,3}(?:,\d{3})+$"}}]]


# prepositions that make "a week" a length of time: "in an hour", "for a decade", "within a
# year"; after a qualifier ("more than a century") the article stays vague, left out
DURATION_PREPOSITIONS = ["in", "within", "for", "over", "after", "during", "inside"]
# "a second" is more often an ordinal ("a second round") than a duration
NOT_ARTICLE_DURATIONS = frozenset({"second"})


def article_duration_patterns() -> list[list[dict]]:
    """ "in an hour", "in a single week", "for a full year": the article is the number one."""
    units = [
        alias
        for alias, (normalized, kind) in unit_aliases().items()
        if kind == "duration" and alias == normalized and alias not in NOT_ARTICLE_DURATIONS
    ]
    return [
        [
            {"LOWER": {"IN": DURATION_PREPOSITIONS}},
            {"LOWER": {"IN": ["a", "an"]}},
            {"LOWER": {"IN": ["single", "full", "whole"]}, "OP": "?"},
            {"LOWER": {"IN": units}},
        ]
    ]
