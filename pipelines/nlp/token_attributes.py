"""POS tags, morphology and lemmas by lookup, in place of spaCy's attribute ruler and lemmatizer.

spaCy's ``attribute_ruler`` (the tag map: fine tag -> POS and morphology, plus exceptions on
the word and the dependency label) and its rule ``lemmatizer`` cost a fifth of the small
English model's time, nearly all of it Python for every token: the ruler's matcher calls
Python predicates and sets every token's attributes one match at a time, the lemmatizer
assigns every lemma from a loop over the tokens. What they compute depends on little: a
single-token rule looks at the word, its fine tag and its dependency label; a lemma at the
word, its POS and its morphology. ``newsfacts_token_attributes`` computes both once per
distinct (word, tag, label) and per distinct (word, POS, morphology), with the ruler's own
rules and the lemmatizer's own code and tables, keeps them in a per-process cache, and
writes them to each Doc with numpy over its attribute arrays. Rules spanning several tokens
("gon na", "there is") are matched with numpy over the per-token results of their token
tests. Every token gets the attributes the two components would give it (tested on real
news), so ``token.pos_``, ``token.morph`` and ``token.lemma_`` read as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from spacy.attrs import DEP, LEMMA, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc

if TYPE_CHECKING:
    from spacy.pipeline import AttributeRuler, Lemmatizer

TOKEN_ATTRIBUTES = "newsfacts_token_attributes"
RULER, LEMMATIZER = "attribute_ruler", "lemmatizer"

# What a rule may test and set for the lookup to give the ruler's result: tests on the word,
# its tag and its label (all in the cache key); sets of the attributes written back below.
_TESTED = {"ORTH", "TEXT", "LOWER", "TAG", "DEP", "IS_SPACE"}
_OPERATORS = {"IN", "NOT_IN", "REGEX"}
SET_ATTRS = (TAG, DEP, POS, MORPH, LEMMA)
_LEMMA_COLUMN = SET_ATTRS.index(LEMMA)
# Distinct keys kept per process; past this the caches start again (a bound on memory: about
# 65 MB per cache when full; the 25 seed articles have 6,500 keys).
CACHE_LIMIT = 200_000


class UnsupportedRules(ValueError):
    """The ruler uses a pattern feature the lookup does not reproduce."""


@dataclass(frozen=True)
class Rule:
    """One attribute-ruler pattern: token tests, the token it sets and what it sets."""

    order: int  # the ruler applies its rules in this order; a later one wins
    tests: tuple[dict, ...]
    target: int
    attrs: dict[int, int]  # attribute id -> value id, as the ruler normalized them


def ruler_rules(ruler: AttributeRuler) -> list[Rule]:
    """The ruler's patterns as rules, in its order; raises UnsupportedRules for patterns with
    operators, extension attributes or tests on attributes outside the cache key."""
    rules = []
    for order, (entry, attrs, index) in enumerate(
        zip(ruler.patterns, ruler.attrs, ruler.indices, strict=True)
    ):
        if any(attr not in SET_ATTRS for attr in attrs):
            raise UnsupportedRules(f"rule {order} sets {entry['attrs']}")
        for pattern in entry["patterns"]:
            tests = tuple(_normalized_test(test, order) for test in pattern)
            target = index if index >= 0 else len(tests) + index
            if not 0 <= target < len(tests):
                raise UnsupportedRules(f"rule {order}: index {index} outside its pattern")
            rules.append(Rule(order, tests, target, dict(attrs)))
    return rules


def _normalized_test(test: dict, order: int) -> dict:
    normalized = {}
    for attr, wanted in test.items():
        name = "ORTH" if attr.upper() == "TEXT" else attr.upper()
        operators = set(wanted) if isinstance(wanted, dict) else set()
        if name not in _TESTED or not operators <= _OPERATORS:
            raise UnsupportedRules(f"rule {order} tests {attr}: {wanted}")
        normalized[name] = wanted
    return normalized


def passes(test: dict, token: dict) -> bool:
    """Whether a token (its ORTH, LOWER, TAG, DEP strings and IS_SPACE) passes one token
    test, with the Matcher's meaning of a value, IN, NOT_IN and REGEX."""
    for attr, wanted in test.items():
        value = token[attr]
        if not isinstance(wanted, dict):
            if value != wanted:
                return False
            continue
        for operator, argument in wanted.items():
            if operator == "IN" and value not in argument:
                return False
            if operator == "NOT_IN" and value in argument:
                return False
            if operator == "REGEX" and not re.search(argument, value):
                return False
    return True


def _words(test: dict, attr: str) -> frozenset | None:
    """The values a test accepts for ``attr`` (None: any, or not a plain list)."""
    wanted = test.get(attr)
    if wanted is None:
        return None
    if isinstance(wanted, dict):
        return frozenset(wanted["IN"]) if set(wanted) == {"IN"} else None
    return frozenset([wanted])


class SingleTokenRules:
    """The single-token rules indexed by the tag they test, each with the words it accepts,
    so a new (word, tag, label) is tested against a few rules rather than all of them."""

    def __init__(self, rules: list[Rule]):
        self.rules = [(rule, _words(rule.tests[0], "LOWER")) for rule in rules]
        tagged = [_words(rule.tests[0], "TAG") for rule in rules]
        tags = set().union(*(t for t in tagged if t is not None))
        self.any_tag = [r for r, t in zip(self.rules, tagged, strict=True) if t is None]
        self.by_tag = {
            tag: [r for r, t in zip(self.rules, tagged, strict=True) if t is None or tag in t]
            for tag in tags
        }

    def results(self, token: dict) -> tuple[list[int], list[int]]:
        """The value and the rule order of each attribute the rules set (order -1: unset)."""
        values, orders = [0] * len(SET_ATTRS), [-1] * len(SET_ATTRS)
        for rule, words in self.by_tag.get(token["TAG"], self.any_tag):
            if (words is None or token["LOWER"] in words) and passes(rule.tests[0], token):
                for attr, value in rule.attrs.items():
                    column = SET_ATTRS.index(attr)
                    values[column], orders[column] = value, rule.order
        return values, orders


def unique_rows(columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(index of each distinct row's first token, row number of every token) for a
    (tokens x 3) array of hashes. Rows are mixed into one 64-bit number and sorted in one
    dimension, much faster than np.unique(axis=0); a mix that two different rows share
    (checked) falls back to it."""
    mixed = columns[:, 0] ^ (columns[:, 1] * np.uint64(0x9E3779B97F4A7C15))
    mixed ^= columns[:, 2] * np.uint64(0xC2B2AE3D27D4EB4F)
    _, first, inverse = np.unique(mixed, return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    if not (columns[first[inverse]] == columns).all():
        _, first, inverse = np.unique(columns, axis=0, return_index=True, return_inverse=True)
        inverse = inverse.reshape(-1)
    return first, inverse


class KeyTable:
    """Per-process cache: for each (word, tag, label) seen, the single-token rules' values
    and orders and the multi-token rules' test results, as rows of numpy arrays."""

    def __init__(self, tests: int):
        self.rows: dict[tuple[int, int, int], int] = {}
        self.values = np.zeros((1024, len(SET_ATTRS)), dtype=np.uint64)
        self.orders = np.full((1024, len(SET_ATTRS)), -1, dtype=np.int32)
        self.passed = np.zeros((1024, tests), dtype=bool)

    def add(self, key: tuple[int, int, int], values, orders, passed) -> int:
        row = len(self.rows)
        if row == len(self.values):
            self.values = np.concatenate([self.values, np.zeros_like(self.values)])
            self.orders = np.concatenate([self.orders, np.full_like(self.orders, -1)])
            self.passed = np.concatenate([self.passed, np.zeros_like(self.passed)])
        self.values[row], self.orders[row], self.passed[row] = values, orders, passed
        self.rows[key] = row
        return row


class TokenAttributes:
    """The component: the ruler's rules and the lemmatizer, applied by lookup."""

    def __init__(self, ruler: AttributeRuler, lemmatizer: Lemmatizer | None):
        self.vocab = ruler.vocab
        rules = ruler_rules(ruler)
        self.single = SingleTokenRules([rule for rule in rules if len(rule.tests) == 1])
        self.multi = [rule for rule in rules if len(rule.tests) > 1]
        # one column per (multi-token rule, position): does a token pass that test
        self.multi_tests = [(t, _words(t, "LOWER")) for rule in self.multi for t in rule.tests]
        self.table = KeyTable(len(self.multi_tests))
        self.lemmatizer = lemmatizer
        self.lemmas: dict[tuple[int, int, int], int] = {}
        if lemmatizer is not None:
            _index_as_sets(lemmatizer)

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        if len(self.table.rows) >= CACHE_LIMIT:  # between docs: no row of this doc is lost
            self.table.rows.clear()
        current = doc.to_array([ORTH, *SET_ATTRS])
        first, inverse = unique_rows(current[:, :3])
        rows = self._rows(doc, current[first, :3].tolist(), first)[inverse]
        values, orders = self.table.values[rows], self.table.orders[rows]
        if self.multi:
            self._apply_multi(self.table.passed[rows], values, orders)
        final = np.where(orders >= 0, values, current[:, 1:])
        doc.from_array(SET_ATTRS[:-1], final[:, :-1])
        if self.lemmatizer is not None:
            self._lemmatize(doc, current[:, 0], final, orders[:, _LEMMA_COLUMN] >= 0)
        doc.from_array([LEMMA], final[:, _LEMMA_COLUMN : _LEMMA_COLUMN + 1])
        return doc

    def _rows(self, doc: Doc, keys: list[list[int]], first: np.ndarray) -> np.ndarray:
        """The table row of each distinct (word, tag, label); a new one is computed with the
        first token that has it."""
        found = self.table.rows
        rows = []
        for key, index in zip(keys, first.tolist(), strict=True):
            row = found.get((key[0], key[1], key[2]))
            rows.append(self._new_row(key, doc[index]) if row is None else row)
        return np.array(rows, dtype=np.intp)

    def _new_row(self, key: list[int], token) -> int:
        strings = self.vocab.strings
        tested = {
            "ORTH": strings[key[0]],
            "LOWER": token.lower_,
            "TAG": strings[key[1]],
            "DEP": strings[key[2]],
            "IS_SPACE": token.is_space,
        }
        values, orders = self.single.results(tested)
        passed = [
            (words is None or tested["LOWER"] in words) and passes(test, tested)
            for test, words in self.multi_tests
        ]
        return self.table.add((key[0], key[1], key[2]), values, orders, passed)

    def _apply_multi(self, passed: np.ndarray, values: np.ndarray, orders: np.ndarray) -> None:
        """Rules over several tokens: a match starts where each token passes its test; the
        rule sets its target token's attributes unless a later rule set them already."""
        column, length = 0, len(passed)
        for rule in self.multi:
            width = len(rule.tests)
            if length >= width:
                starts = np.ones(length - width + 1, dtype=bool)
                for offset in range(width):
                    starts &= passed[offset : length - width + 1 + offset, column + offset]
                targets = np.flatnonzero(starts) + rule.target
                for attr, value in rule.attrs.items():
                    at = SET_ATTRS.index(attr)
                    later = targets[orders[targets, at] < rule.order]
                    values[later, at], orders[later, at] = value, rule.order
            column += width

    def _lemmatize(self, doc: Doc, orth: np.ndarray, final: np.ndarray, set_by_rule: np.ndarray):
        """Lemmas the lemmatizer gives, once per (word, POS, morphology), for the tokens it
        would lemmatize: those the ruler gave no lemma (or all, if it overwrites)."""
        lemma = final[:, _LEMMA_COLUMN]
        todo = np.ones(len(doc), dtype=bool) if self.lemmatizer.overwrite else ~set_by_rule
        if not self.lemmatizer.overwrite:
            todo &= lemma == 0
        indices = np.flatnonzero(todo)
        if indices.size == 0:
            return
        pos, morph = SET_ATTRS.index(POS), SET_ATTRS.index(MORPH)
        keys = np.stack([orth[indices], final[indices, pos], final[indices, morph]], axis=1)
        first, inverse = unique_rows(keys)
        found = [
            self._lemma(key, doc[int(indices[i])])
            for key, i in zip(keys[first].tolist(), first, strict=True)
        ]
        lemma[indices] = np.array(found, dtype=np.uint64)[inverse]

    def _lemma(self, key: list[int], token) -> int:
        cache_key = (key[0], key[1], key[2])
        found = self.lemmas.get(cache_key)
        if found is None:
            found = self.vocab.strings.add(self.lemmatizer.lemmatize(token)[0])
            self.lemmatizer.cache.clear()  # the lemma is kept here; one cache is enough
            if len(self.lemmas) >= CACHE_LIMIT:
                self.lemmas.clear()
            self.lemmas[cache_key] = found
        return found


def _index_as_sets(lemmatizer: Lemmatizer) -> None:
    """The rule lemmatizer asks ``form in index`` of word lists of up to 57,000 entries, a
    scan each time; as frozensets the same question is a hash lookup with the same answer.
    Only this lemmatizer, removed from the pipeline, reads these tables."""
    if "lemma_index" not in lemmatizer.lookups.tables:
        return
    index = lemmatizer.lookups.get_table("lemma_index")
    for pos, words in list(index.items()):
        index[pos] = frozenset(words)


@Language.factory(TOKEN_ATTRIBUTES, assigns=["token.pos", "token.morph", "token.lemma"])
def make_token_attributes(nlp: Language, name: str) -> TokenAttributes:
    """Built from the pipeline's own ruler and lemmatizer, before they are removed."""
    lemmatizer = nlp.get_pipe(LEMMATIZER) if LEMMATIZER in nlp.pipe_names else None
    return TokenAttributes(nlp.get_pipe(RULER), lemmatizer)


def replace_ruler_and_lemmatizer(nlp: Language) -> bool:
    """Put ``newsfacts_token_attributes`` where the attribute ruler was and remove the ruler
    and the lemmatizer; a pipeline without a ruler, or whose rules the lookup cannot
    reproduce, is left as it is. Returns whether the pipeline uses the lookup."""
    names = nlp.pipe_names
    if TOKEN_ATTRIBUTES in names:
        return True
    if RULER not in names:
        return False
    last = RULER
    if LEMMATIZER in names:
        if names.index(LEMMATIZER) != names.index(RULER) + 1:
            return False  # a component reads the ruler's output before the lemmatizer runs
        last = LEMMATIZER
    try:
        nlp.add_pipe(TOKEN_ATTRIBUTES, after=last)
    except UnsupportedRules:
        return False
    for name in (RULER, LEMMATIZER):
        if name in nlp.pipe_names:
            nlp.remove_pipe(name)
    return True
