"""add_infixes: one helper adds the mention and number tokenizer rules."""

import spacy

from pipelines.nlp.infixes import add_infixes


def test_added_rules_split_and_earlier_rules_stay():
    nlp = spacy.blank("en")
    add_infixes(nlp, r"(?<=[a-z])(?=\d{3}\b)")
    assert [t.text for t in nlp("of160 well-known")] == ["of", "160", "well", "-", "known"]


def test_adding_the_same_rule_twice_changes_nothing():
    nlp = spacy.blank("en")
    add_infixes(nlp, r"(?<=x)(?=y)")
    pattern = nlp.tokenizer.infix_finditer.__self__.pattern
    add_infixes(nlp, r"(?<=x)(?=y)")
    assert nlp.tokenizer.infix_finditer.__self__.pattern == pattern
    assert [t.text for t in nlp("axyb")] == ["ax", "yb"]
