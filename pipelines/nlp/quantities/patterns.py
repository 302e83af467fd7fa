"""Which tokens are numbers, and the "in a week" phrase: token tests as data, run per Doc.

The tests look at a token's text only, so they are decided once per distinct word of an
article and looked up for every token with numpy over the Doc's attribute arrays: a spaCy
Matcher with regex and set predicates called Python for every token and predicate, about
a third of the numeric-fact extractor's time.
"""

import re
from functools import cache

import numpy as np
from spacy.attrs import LIKE_NUM, LOWER, ORTH
from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipelines.nlp.quantities.numbers import VULGAR_FRACTIONS
from pipelines.nlp.quantities.shares import share_word_texts
from pipelines.nlp.quantities.tables import scale_words, unit_aliases

# A token that is, or holds, a number: "2,500", "twelve", "4.5bn", "200lbs", "-4", "½".
NUMBER_TEXT_PATTERNS = (
    r"^[-−]?\d[\d.,]*[^\d\s.,]\S*$",  # a number glued to a suffix: "4.5bn"
    r"^[-−]\d[\d.,]*$",  # a signed number: "-4"
    # a word glued to a grouped number, "of160,000", when the tokenizer rule is not installed
    r"^[a-z]{2,}\d{1,3}(?:,\d{3})+$",
)
NUMBER_TEXT = re.compile("|".join(NUMBER_TEXT_PATTERNS))
NOT_NUMBER_SIGNS = frozenset({"-", "+"})  # spaCy calls a lone sign like_num


@cache
def number_words() -> frozenset[str]:
    """Lower-cased words that are numbers by themselves: scale words and "half"."""
    return frozenset([*scale_words(), "half"])


def is_number_text(text: str, like_num: bool) -> bool:
    """Whether a token with this text is, or holds, a number (``like_num``: spaCy's flag)."""
    return (
        (like_num and text not in NOT_NUMBER_SIGNS)
        or NUMBER_TEXT.search(text) is not None
        or text in VULGAR_FRACTIONS
        or text.lower() in number_words()
    )


# prepositions that make "a week" a length of time: "in an hour", "for a decade", "within a
# year"; after a qualifier ("more than a century") the article stays vague, left out
DURATION_PREPOSITIONS = ("in", "within", "for", "over", "after", "during", "inside")
DURATION_ARTICLES = ("a", "an")
DURATION_ADJECTIVES = ("single", "full", "whole")  # optional: "in a single week"
# "a second" is more often an ordinal ("a second round") than a duration
NOT_ARTICLE_DURATIONS = frozenset({"second"})


def duration_units() -> list[str]:
    return [
        alias
        for alias, (normalized, kind) in unit_aliases().items()
        if kind == "duration" and alias == normalized and alias not in NOT_ARTICLE_DURATIONS
    ]


MAX_REMEMBERED_WORDS = 50_000


class TokenPatterns:
    """Built once per process from the model's vocabulary."""

    def __init__(self, vocab: Vocab):
        self.strings = vocab.strings

        def hashes(words) -> np.ndarray:
            return np.array([vocab.strings.add(w) for w in words], dtype=np.uint64)

        self.prepositions = hashes(DURATION_PREPOSITIONS)
        self.articles = hashes(DURATION_ARTICLES)
        self.adjectives = hashes(DURATION_ADJECTIVES)
        self.units = hashes(duration_units())
        self.share_words = hashes(share_word_texts())
        # (orth, like_num) -> whether that word is or holds a number; the vocabulary's
        # strings, hence their hashes, are the same for the whole process
        self.number_orths: dict[tuple[int, int], bool] = {}

    def number_starts(self, doc: Doc) -> list[int]:
        """Indices, in order, of the tokens that are or hold a number."""
        if not len(doc):
            return []
        words = doc.to_array([ORTH, LIKE_NUM])
        distinct, first = np.unique(words[:, 0], return_index=True)
        numbers = [
            orth
            for orth, like_num in zip(distinct.tolist(), words[first, 1].tolist(), strict=True)
            if self.is_number(orth, like_num)
        ]
        return np.flatnonzero(np.isin(words[:, 0], numbers)).tolist()

    def is_number(self, orth: int, like_num: int) -> bool:
        """``is_number_text`` of a word, remembered: articles share most of their words."""
        key = (orth, like_num)
        found = self.number_orths.get(key)
        if found is None:
            if len(self.number_orths) >= MAX_REMEMBERED_WORDS:
                self.number_orths.clear()  # a few MB per worker at most, whatever the corpus
            found = self.number_orths[key] = is_number_text(self.strings[orth], bool(like_num))
        return found

    def share_starts(self, doc: Doc) -> list[int]:
        """Indices of the words a share or vague amount is built on: "third", "dozens"."""
        if not len(doc):
            return []
        return np.flatnonzero(np.isin(doc.to_array(LOWER), self.share_words)).tolist()

    def article_durations(self, doc: Doc) -> list[tuple[int, int]]:
        """(start, end) of every "in a week", "for a full year": preposition, article,
        an optional adjective, then a duration unit."""
        lower = doc.to_array(LOWER)
        size = len(lower)
        preposition = np.isin(lower, self.prepositions)
        article = np.isin(lower, self.articles)
        adjective = np.isin(lower, self.adjectives)
        unit = np.isin(lower, self.units)
        matches = []
        if size >= 3:
            three = preposition[:-2] & article[1:-1] & unit[2:]
            matches += [(start, start + 3) for start in np.flatnonzero(three).tolist()]
        if size >= 4:
            four = preposition[:-3] & article[1:-2] & adjective[2:-1] & unit[3:]
            matches += [(start, start + 4) for start in np.flatnonzero(four).tolist()]
        return sorted(matches)
