import numpy as np
import pytest
import spacy
from spacy.attrs import DEP, LEMMA, MORPH, ORTH, POS, TAG

from pipelines.nlp import mentions, quantities
from pipelines.nlp.token_attributes import (
    TOKEN_ATTRIBUTES,
    replace_ruler_and_lemmatizer,
    unique_rows,
)
from pipelines.settings import Settings

from ..conftest import SEEDS

ATTRS = [ORTH, TAG, DEP, POS, MORPH, LEMMA]

# Sentences that reach the ruler's rules on the label and over two tokens, and lemmas of
# irregular and plural words the numeric-fact rules read.
SENTENCES = [
    "There is a problem, and there were two more.",
    "We're gonna win, and they gotta go.",
    "He ain't here; let's go, y'all.",
    "Did you do it? He has had enough, and so had she.",
    "That is what he said: this is that.",
    "Exports rose 5% while imports fell to $3.4 billion and 2,500 US troops left.",
    "The company's shares were being sold, Bob's wife said.",
    "It'd be fine if I could've gone there once, but I won't.",
    "Three geese and 40 children saw the mice in the data centres.",
]


@pytest.fixture(scope="module")
def spacy_nlp():
    """The same model and tokenizer rules with spaCy's own attribute ruler and lemmatizer."""
    nlp = spacy.load(Settings().spacy_model)
    mentions.customize_pipeline(nlp)
    quantities.customize_pipeline(nlp)
    return nlp


def seed_texts() -> list[str]:
    paths = sorted(SEEDS.rglob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in paths if "LICENSE" not in p.name]


def test_the_lookup_replaces_the_ruler_and_the_lemmatizer(nlp):
    names = nlp.pipe_names
    assert "attribute_ruler" not in names and "lemmatizer" not in names
    assert names.index("parser") < names.index(TOKEN_ATTRIBUTES) < names.index("ner")


def test_every_token_gets_what_spacy_components_give_it(nlp, spacy_nlp):
    """Tag, label, POS, morphology and lemma of every token of the seed articles and the
    sentences above are those spaCy's attribute ruler and lemmatizer give."""
    texts = seed_texts()[:8] + SENTENCES
    ours = list(nlp.pipe(texts))
    theirs = list(spacy_nlp.pipe(texts))
    tokens = 0
    for mine, reference in zip(ours, theirs, strict=True):
        assert mine.text == reference.text
        np.testing.assert_array_equal(mine.to_array(ATTRS), reference.to_array(ATTRS))
        tokens += len(mine)
    assert tokens > 5000


@pytest.mark.parametrize(
    ("sentence", "word", "pos", "lemma"),
    [
        ("There is a problem.", "is", "VERB", "be"),  # after "there": a verb, not AUX
        ("It is raining.", "is", "AUX", "be"),
        ("We're gonna win.", "gon", "VERB", "go"),  # two-token rule: "gon na" -> go to
        ("We're gonna win.", "na", "PART", "to"),
        ("Exports rose 5%.", "rose", "VERB", "rise"),
        ("2,500 US troops left.", "troops", "NOUN", "troop"),
        ("Three geese crossed.", "geese", "NOUN", "goose"),
        ("Something happened.", "Something", "PRON", "something"),
        ("He said that he would go.", "that", "SCONJ", "that"),
    ],
)
def test_pos_and_lemma_the_rules_read(nlp, sentence, word, pos, lemma):
    token = next(t for t in nlp(sentence) if t.text == word)
    assert (token.pos_, token.lemma_) == (pos, lemma)


def test_a_second_pass_over_the_same_text_gives_the_same_attributes(nlp):
    text = " ".join(SENTENCES)
    first, second = nlp(text).to_array(ATTRS), nlp(text).to_array(ATTRS)
    np.testing.assert_array_equal(first, second)


def test_rules_the_lookup_cannot_reproduce_leave_the_pipeline_as_it_is():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    # an operator: the rule spans a variable number of tokens
    ruler.add([[{"LOWER": "very", "OP": "+"}, {"LOWER": "good"}]], {"LEMMA": "good"})
    assert not replace_ruler_and_lemmatizer(nlp)
    assert nlp.pipe_names == ["attribute_ruler"]


def test_a_pipeline_without_a_ruler_is_left_as_it_is():
    nlp = spacy.blank("en")
    assert not replace_ruler_and_lemmatizer(nlp)
    assert nlp.pipe_names == []


def test_a_ruler_alone_is_replaced_and_keeps_its_rules():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "acme"}]], {"POS": "PROPN", "LEMMA": "Acme"})
    ruler.add([[{"LOWER": "shares"}, {"LOWER": "rose"}]], {"LEMMA": "rise"}, index=1)
    assert replace_ruler_and_lemmatizer(nlp)
    assert nlp.pipe_names == [TOKEN_ATTRIBUTES]
    doc = nlp("acme shares rose")
    assert [(t.pos_, t.lemma_) for t in doc] == [("PROPN", "Acme"), ("", ""), ("", "rise")]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_unique_rows_finds_the_rows_numpy_finds(seed):
    rng = np.random.default_rng(seed)
    columns = rng.integers(0, 5, size=(500, 3)).astype(np.uint64) * np.uint64(2**61 + 7)
    first, inverse = unique_rows(columns)
    np.testing.assert_array_equal(columns[first][inverse], columns)
    assert len(first) == len(np.unique(columns, axis=0))
